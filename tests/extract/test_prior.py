"""Prior treatment: counts, an explicit none, a mention without a count, and what is not history."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from checker import parse_letter
from checker.extract.prior import _NEGATION, _PRIOR, _Cues, _clauses, _first_within
from checker.extract.sentences import split_sentences

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
    letter = parse_letter(LETTER.format(summary=summary, rationale=rationale, heading=heading))
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


_WORDS = ["prior", "previously", "had", "received", "authorized", "non-authorized", "board certified", "no", "not",
          "never", "history of", "since 2012", "therapy", "6 visits", "the", "x", "in the past", "n't", "Dr.", "e.g."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from([" ", " ", ", ", ". ", ".", "; ", "\n"])),
                max_size=40))
def test_cues_found_once_for_a_run_are_those_each_sentence_has(pieces):
    text = "".join(word + gap for word, gap in pieces)
    sentences = split_sentences(text)
    if not sentences:
        return
    cues = _Cues(text, sentences[0][0], sentences[-1][1])
    for start, end in sentences:
        sentence = text[start:end]
        assert cues.within(_PRIOR, start, end) == [match.span() for match in _PRIOR.finditer(sentence)]
        assert cues.within(_NEGATION, start, end) == [match.span() for match in _NEGATION.finditer(sentence)]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([*_WORDS, "and", "but", "or", "however", "none", "nothing", "Not"]),
                          st.sampled_from([" ", ", ", ",", ": ", ";", "-", "'"])), max_size=40))
def test_a_negation_found_in_the_sentence_is_the_one_each_clause_has(pieces):
    sentence = "".join(word + gap for word, gap in pieces)
    negations = [match.span() for match in _NEGATION.finditer(sentence)]
    for start, end in _clauses(sentence):
        match = _NEGATION.search(sentence[start:end])
        expected = (start + match.start(), start + match.end()) if match else None
        assert _first_within(negations, start, end) == expected
