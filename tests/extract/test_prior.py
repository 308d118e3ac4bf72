"""Prior treatment: counts, an explicit none, a mention without a count, and what is not history."""
from __future__ import annotations

from checker import parse_letter

LETTER = """\
HOW THE IMR FINAL DETERMINATION WAS MADE
The expert reviewer is Board Certified in Family Medicine and is licensed to practice in California.

CLINICAL CASE SUMMARY
The patient is a 40 year old male injured on 3/3/2013. {summary}

IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination was based on decisions for the disputed items/services set forth below:

{heading}:  Upheld

Claims Administrator guideline: Decision based on MTUS Chronic Pain Treatment Guidelines.

MAXIMUS guideline: Decision based on MTUS Chronic Pain Treatment Guidelines Page(s): 58.

Decision rationale: {rationale} The request is not medically necessary.
"""


def prior_of(summary: str, rationale: str = "The guidelines apply.", heading: str = "Chiropractic treatment 2 x 3"):
    letter = parse_letter(text=LETTER.format(summary=summary, rationale=rationale, heading=heading))
    return [(found.treatment, found.stated, found.visits) for found in letter.prior_treatments]


def test_a_stated_count_of_prior_visits_is_read():
    assert prior_of("He completed 12 sessions of physical therapy in 2014.") == [("physical_therapy", "count", 12)]


def test_a_count_in_the_rationale_belongs_to_the_item_treatment():
    found = prior_of("He works full time.", rationale="He has already attended 6 visits with good benefit.")
    assert found == [("chiropractic", "count", 6)]


def test_an_explicit_none_is_read():
    assert prior_of("He has not had any chiropractic treatment.") == [("chiropractic", "none", None)]


def test_a_mention_without_a_count_is_neither_count_nor_none():
    assert prior_of("He has received chiropractic care in the past.") == [("chiropractic", "mentioned", None)]


def test_the_current_request_is_not_history():
    assert prior_of("The provider requested 6 additional sessions of physical therapy.") == []


def test_a_negated_outcome_of_prior_care_is_not_a_statement_of_none():
    # "no documentation of benefit from" prior care says the care happened.
    assert ("physical_therapy", "none", None) not in prior_of(
        "There is no documentation of functional benefit from prior physical therapy.")


def test_sentences_without_a_cue_or_negation_give_nothing():
    assert prior_of("Physical therapy is recommended for the lumbar spine. Chiropractic care helps some.") == []


def test_a_credential_or_a_refusal_is_no_prior_cue():
    # "board certified" is the reviewer's credential; a "non-certified" request never happened.
    assert prior_of("The treating chiropractor is board certified and 6 visits were non-certified.") == []


def test_since_cues_history_only_before_a_date():
    assert prior_of("He has attended physical therapy since 2012.") == [("physical_therapy", "mentioned", None)]
    assert prior_of("Since physical therapy is requested, the guideline applies.") == []


def test_a_prior_request_is_history_even_with_a_request_cue():
    found = prior_of("A previous request for 6 sessions of physical therapy was authorized.")
    assert found == [("physical_therapy", "count", 6)]


def test_a_count_across_a_line_break_is_read_once():
    found = prior_of("He has completed 12 sessions of\nphysical therapy to date.")
    assert found == [("physical_therapy", "count", 12)]
