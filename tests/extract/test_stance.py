"""Stance of rationale sentences read by their parts: predicate, subject, operators,
modality, attribution and concessions; and the labelled sentence corpus (tests/data/stance)."""
from __future__ import annotations

import csv

import pytest

from checker.extract.stance import classify
from checker.models import Stance
from tests.support.paths import ROOT

S, O, N = Stance.SUPPORTS, Stance.OPPOSES, Stance.NEUTRAL  # noqa: E741  (short, so each case stays one line)


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


def test_a_decision_is_conclusive_and_an_argument_is_not():
    assert classify("The request is not medically necessary.").conclusive
    assert classify("Non-certify.").conclusive
    assert not classify("The request exceeds guideline recommendations.").conclusive
    assert classify("The request exceeds guideline recommendations.").stance is O


@pytest.mark.parametrize("sentence, stance", [
    # The UR decision as the subject: its polarity is the request's opposite.
    ("I concur with the utilization reviewer.", O),
    ("I disagree with the prior reviewer's decision to deny the request.", S),
    ("The non-certification stands.", O),
    ("The previous adverse determination is reversed.", S),
    ("The denial was not justified by the records.", S),
    ("The denial was justified by the records.", O),
    # Necessity as a noun, and operators that compose.
    ("Medical necessity is not substantiated.", O),
    ("There is no medical necessity for the brace.", O),
    ("The request is neither indicated nor necessary.", O),
    ("The request is not unreasonable.", S),
    ("The request is unwarranted.", O),
    ("The records fail to establish the medical necessity of the unit.", O),
    # Typos as letters have them.
    ("The requested tramadol is medicaly neccessary.", S),
    # Shapes blind sentence sets showed (tests/data/stance/dev.tsv holds the sets themselves).
    # "the requested MRI" is the request, not the physician's report of it.
    ("I concur with the primary treating physician that the requested MRI is medically necessary.", S),
    # Approving it, as the subject of a recommendation, is the decision.
    ("Approval is recommended for the 12 acupuncture sessions.", S),
    ("Authorization is not recommended for the lumbar brace.", O),
    # A concession inside an opening "given" clause: the point is after its comma.
    ("Given the lack of improvement, and given that she still reports pain despite three injections, the repeat "
     "injection is not medically necessary.", O),
    ("The request is not medically necessary, although the patient reports some relief.", O),
    ("The lumbar fusion cannot be certified as medically necessary.", O),
    ("The request for the knee brace is not reasonible.", O),
    ("The request for Celebrex is supported by the guidelines for this patient and is certified.", S),
    ("Per MTUS, 6 more chiropractic visits are not medically necessary.", O),
    ("The request dated 5/12/2014 is denied.", O),
    ("Two sessions with the psychiatrist should be approved.", S),
    ("In closing, I reverse the UR decision and authorize the brace.", S),
    ("This reviewer upholds the UR decision on the Flector patches.", O),
    ("Aquatic therapy past the 12 sessions already attended is not medically necessary.", O),
    ("I am unable to recommend the request as medically necessary.", O),
    ("This reviewer agrees with the prior non-certification.", O),
    ("The undersigned disagrees with the UR denial.", S),
], ids=lambda value: value if isinstance(value, str) and len(value) < 40 else None)
def test_parts_compose(sentence, stance):
    result = classify(sentence)
    assert (result.stance, result.conclusive) == (stance, True)


@pytest.mark.parametrize("sentence, reason", [
    ("The provider indicates that the MRI is necessary.", "attributed"),
    ("Per the UR report, the request was not medically necessary.", "attributed"),
    ("ODG states that muscle relaxants are not recommended for long-term use.", "attributed"),
    ("The treating physician recommended 12 sessions of therapy.", "attributed"),
    ("A repeat injection could be indicated if the first gave lasting relief.", "conditional"),
    ("Additional therapy would be reasonable provided that a home program is documented.", "conditional"),
    ("Manual therapy is not recommended for the wrist or hand.", "general"),
    ("Physical therapy was previously authorized in 2014.", "history"),
    ("The question before this reviewer is whether the TENS unit is medically necessary.", "conditional"),
    ("Physical therapy was recommended after the surgery.", "history"),
    ("The surgeon notes that the requested surgery is medically necessary.", "attributed"),
    # Shapes blind sentence sets showed.
    ("The orthopedist wrote that the arthroscopy is medically necessary.", "attributed"),
    ("Per the progress report, further therapy is warranted.", "attributed"),
    ("According to ODG, a trial of 10 sessions is recommended.", "attributed"),
    ("The AME did not find a need for surgery.", "attributed"),
    ("Unless instability is shown, bracing is generally not indicated.", "general"),
    ("At issue is the medical necessity of the cervical pillow.", "conditional"),
    ("Is the requested cervical MRI medically necessary?", "conditional"),
    ("Had the patient completed a home program, more visits would be reasonable.", "conditional"),
    ("A prior IMR in May 2015 upheld the non-certification.", "history"),
    ("The request was previously found not medically necessary in March.", "history"),
    ("Massage is considered reasonable when it is an adjunct to exercise.", "conditional"),
    ("The claimant declined the injection offered in May.", "attributed"),
], ids=lambda value: value if isinstance(value, str) and len(value) < 40 else None)
def test_what_is_not_the_reviewers_conclusion_is_neutral(sentence, reason):
    result = classify(sentence)
    assert (result.stance, result.conclusive) == (N, False)
    assert getattr(result, reason)


def test_a_class_judgement_made_of_this_patient_is_not_general():
    result = classify("Topical NSAIDs are not indicated for this patient.")
    assert (result.stance, result.general) == (O, False)
    assert classify("Topical NSAIDs are not indicated for neuropathic pain.").general


def test_a_restriction_of_a_kind_of_treatment_argues_neither_way():
    result = classify("Ketoprofen is FDA approved only for oral use, and lidocaine is supported solely as a patch.")
    assert (result.stance, result.general) == (N, True)
    assert classify("The request is supported only by the surgeon's note.").general is False


@pytest.mark.parametrize("sentence", [
    "Ketoprofen is not currently FDA approved for a topical application.",
    "Lidoderm is the only FDA-approved topical form of lidocaine.",
])
def test_a_drugs_regulatory_approval_is_no_decision(sentence):
    assert classify(sentence).predicate is None


def test_a_judgement_after_other_determiners_is_an_attribute():
    assert classify("Massage is used alongside other recommended care such as exercise.").predicate is None


def test_a_judgement_in_a_time_clause_is_not_the_point():
    result = classify("Written this way, the order could reach ten sessions, more than the guideline supports "
                      "before any gain is shown.")
    assert (result.stance, result.predicate, result.attributed) == (N, "supports", True)
    assert classify("The request is not medically necessary until a home program is documented.").stance is O


def test_a_guideline_applied_to_the_request_is_the_reviewers_conclusion():
    result = classify("Per MTUS guidelines, the request is not medically necessary.")
    assert (result.stance, result.conclusive, result.attributed) == (O, True, False)


def test_the_reviewers_own_words_are_not_attributed():
    assert classify("I agree with the UR physician.").stance is O
    assert classify("In my opinion, the request is medically necessary.").stance is S


@pytest.mark.parametrize("sentence", [
    "The request is not medically necessary until a trial of conservative care is documented.",
    "The request could not be supported.",
])
def test_a_denial_with_a_condition_for_later_is_still_a_denial(sentence):
    result = classify(sentence)
    assert (result.stance, result.conclusive) == (O, True)


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


CORPUS = ROOT / "tests" / "data" / "stance"
EXPECTED = {"necessary": (S, True), "not_necessary": (O, True), "non_conclusive": (N, False)}


def corpus_accuracy(split: str) -> dict[str, float]:
    """Share of each label's sentences read right: a conclusion with its polarity (whether the
    reader calls it conclusive or not), a non-conclusive sentence as neutral and not conclusive."""
    right: dict[str, int] = {}
    total: dict[str, int] = {}
    with (CORPUS / f"{split}.tsv").open(encoding="utf-8", newline="") as rows:
        for row in csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE):
            label, result = row["label"], classify(row["sentence"])
            stance, conclusive = EXPECTED[label]
            ok = result.stance is stance and (conclusive or not result.conclusive)
            right[label] = right.get(label, 0) + ok
            total[label] = total.get(label, 0) + 1
    return {label: right[label] / total[label] for label in total}


def test_the_corpus_is_large_enough_and_split():
    sizes = {}
    for split in ("dev", "test"):
        with (CORPUS / f"{split}.tsv").open(encoding="utf-8", newline="") as rows:
            labels = [row["label"] for row in csv.DictReader(rows, delimiter="\t", quoting=csv.QUOTE_NONE)]
        sizes[split] = {label: labels.count(label) for label in EXPECTED}
        assert set(labels) <= set(EXPECTED)
    assert sum(sizes["dev"][label] + sizes["test"][label] for label in EXPECTED) >= 500
    assert sizes["test"]["necessary"] >= 90 and sizes["test"]["not_necessary"] >= 90
    assert sizes["test"]["non_conclusive"] >= 70


def test_held_out_sentences_are_read_right_at_least_97_percent_in_each_polarity():
    # tests/data/stance/test.tsv was written before the reader was tuned, by someone who never
    # saw its lexicon, and is never tuned on: it stands for letters nobody here has seen.
    accuracy = corpus_accuracy("test")
    assert accuracy["necessary"] >= 0.97, accuracy
    assert accuracy["not_necessary"] >= 0.97, accuracy
    assert accuracy["non_conclusive"] >= 0.93, accuracy


def test_development_sentences_stay_read_right():
    accuracy = corpus_accuracy("dev")
    assert min(accuracy.values()) >= 0.97, accuracy
