"""Stance of rationale sentences, including negation and concessions."""
from __future__ import annotations

import re

import pytest

from checker.extract.stance import classify
from checker.models import Stance

S, O, N = Stance.SUPPORTS, Stance.OPPOSES, Stance.NEUTRAL


@pytest.mark.parametrize("sentence, stance", [
    ("The request for the lumbar MRI is medically necessary and appropriate.", S),
    ("Therefore, authorization is reasonable.", S),
    ("The requested consultation is appropriate and medically indicated.", S),
    ("The four sessions are reasonable and consistent with MTUS guidelines.", S),
    ("Certification is recommended.", S),
    ("The request IS NOT medically necessary.", O),
    ("Tramadol ER is not medically necessary or appropriate.", O),
    ("The request is neither medically necessary nor appropriate.", O),
    ("Recommendation is for non-certification.", O),
    ("Recommendation is for denial.", O),
    ("The twelve visits requested are considered excessive.", O),
    ("The request exceeds guideline recommendations.", O),
    ("This is not consistent with guidelines.", O),
    ("Continued use cannot be supported.", O),
    ("There is no evidence that the requested brace is medically necessary.", O),
    ("The request does not exceed guideline recommendations.", S),
    ("The patient reports pain of 7/10 in the low back.", N),
    ("MTUS recommends an initial trial of six visits.", N),
], ids=lambda value: value if isinstance(value, str) and len(value) < 40 else None)
def test_sentence_stance(sentence, stance):
    assert classify(sentence).stance is stance


@pytest.mark.parametrize("sentence, stance", [
    ("A short course would be indicated; however, 24 visits are considered excessive.", O),
    ("While some benefit is evident, objective functional improvement is not documented.", N),
    ("Although the request is reasonable, it is not medically necessary at this time.", O),
    ("The injection would be appropriate, but the records show no radiculopathy.", N),
    ("Nevertheless, the request is medically necessary.", S),
])
def test_concession_makes_the_clause_after_the_turn_the_point(sentence, stance):
    result = classify(sentence)
    assert result.stance is stance
    assert result.concession


def test_conclusive_cues_are_marked():
    assert classify("The request is not medically necessary.").conclusive
    assert not classify("The request exceeds guideline recommendations.").conclusive


@pytest.mark.parametrize("sentence, stance, concession", [
    ("A trial was reasonable;\tHOWEVER, the request is not medically necessary.", O, True),
    ("The trial helped. On the\nother hand, the request is not medically necessary.", O, True),
    ("Based on the other records, the request is not medically necessary.", O, False),
    ("But the request is medically necessary.", S, True),
    ("The Butler report is medically reasonable.", S, False),
])
def test_a_turn_is_found_whatever_its_case_and_blanks_and_only_as_words(sentence, stance, concession):
    result = classify(sentence)
    assert (result.stance, result.concession) == (stance, concession)


def test_every_stance_cue_of_the_lexicon_compiles():
    # Cue patterns compile when a sentence first may hold them; a broken one must fail here.
    from checker.extract import stance

    cues = stance._lexicon().patterns
    assert len(cues) > 20
    for _, _, cue in cues:
        assert isinstance(stance._compiled(cue), re.Pattern)
