"""Case facts and reviewer credentials."""
from __future__ import annotations

from checker.extract.facts import extract_facts, extract_reviewer, normalize_date
from checker.text.normalize import normalize


def _facts(text: str):
    source = normalize(text)
    return extract_facts(source.text, source.span, None)


def test_age_sex_and_injury_date_in_their_common_forms():
    facts = _facts("The patient is a 52-year-old female who sustained an industrial injury on 3/14/12.")
    assert (facts.age, facts.sex, facts.injury_date) == (52, "female", "2012-03-14")
    assert _facts("This individual is a 45 y/o male with DOI 03/06/2014.").age == 45
    assert _facts("The patient is a 43 Y, F with a date of injury on 3/5/12.").sex == "female"


def test_every_mention_is_kept_with_its_line():
    facts = _facts("A 44 year old male.\n\nLater: the 45 year old patient.\n")
    assert [(m.value, m.span.line) for m in facts.mentions if m.fact == "age"] == [("44", 1), ("45", 3)]


def test_dates_compare_as_dates():
    assert normalize_date("3/4/12") == normalize_date("03/04/2012") == "2012-03-04"
    assert normalize_date("11/10/03") == "2003-11-10"
    assert normalize_date("1/2/98") == "1998-01-02"


def test_reviewer_specialty_and_licensure():
    source = normalize("The expert reviewer is Board Certified in Anesthesiology, has a subspecialty in Pain Medicine "
                       "and is licensed to practice in California.")
    reviewer = extract_reviewer(source.text, source.span, None)
    assert (reviewer.specialty, reviewer.subspecialty, reviewer.licensure) == ("Anesthesiology", "Pain Medicine",
                                                                              "California")
