"""Case facts and reviewer credentials."""
from __future__ import annotations

import pytest

from checker.engine import check_file
from checker.extract.facts import extract_facts, extract_reviewer, normalize_date
from checker.text.letter_text import read_text
from tests.support.paths import EXAMPLES


def _facts(text: str):
    return extract_facts(read_text(text), None)


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
    source = read_text("The expert reviewer is Board Certified in Anesthesiology, has a subspecialty in Pain Medicine "
                       "and is licensed to practice in California.")
    reviewer = extract_reviewer(source, None)
    assert (reviewer.specialty, reviewer.subspecialty, reviewer.licensure) == ("Anesthesiology", "Pain Medicine",
                                                                              "California")


@pytest.mark.parametrize("sentence, specialty, subspecialty", [
    ("Board Certified in Physical Medicine and Rehabilitation, has a subspecialty in Interventional Spine and is "
     "licensed to practice in California.", "Physical Medicine and Rehabilitation", "Interventional Spine"),
    ("Board Certified in Obstetrics and Gynecology and is licensed to practice in Texas.",
     "Obstetrics and Gynecology", None),
    ("Board Certified in Internal Medicine and is licensed to practice in Ohio.", "Internal Medicine", None),
])
def test_a_specialty_keeps_an_and_between_capitalised_words_only(sentence, specialty, subspecialty):
    reviewer = extract_reviewer(read_text("The expert reviewer is " + sentence), None)
    assert (reviewer.specialty, reviewer.subspecialty) == (specialty, subspecialty)


def test_an_age_of_someone_else_is_not_the_patients():
    facts = _facts("The patient is a 44 year old male. He cares for his 70 year old mother and "
                   "her 16-year-old daughter lives with them. A 44 y/o man with neck pain.")
    assert [m.value for m in facts.mentions if m.fact == "age"] == ["44", "44"]


def test_an_age_followed_by_the_patient_role_is_kept():
    facts = _facts("This 45 year old patient and the claimant, a 45-year-old female bus driver, are one person.")
    assert [m.value for m in facts.mentions if m.fact == "age"] == ["45", "45"]


@pytest.mark.parametrize("history", [
    "She lives with her husband, who is 71 years old.",
    "Her mother, a 71-year-old with dementia, lives with her.",
    "She cares for her mother (71 years old).",
    "Her son is 71 years old.",
    "Her sister is a 71 year old nurse.",
])
def test_an_age_given_to_a_relative_named_just_before_it_is_not_the_patients(history):
    facts = _facts(f"The patient is a 58 year old female. {history}")
    assert [m.value for m in facts.mentions if m.fact == "age"] == ["58"]


def test_a_relative_named_earlier_in_the_sentence_does_not_take_the_patients_age():
    facts = _facts("The patient, whose mother died, is a 58 year old female. The patient is 59 years old.")
    assert [m.value for m in facts.mentions if m.fact == "age"] == ["58", "59"]


def test_the_example_with_relatives_ages_raises_no_age_mismatch():
    report = check_file(EXAMPLES / "imr-final" / "clean-relatives-ages-in-history.txt")
    assert report.findings == []
