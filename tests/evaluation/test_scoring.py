"""Scoring reported findings against labels: the confusion matrices and how findings are
matched (checker/evaluation/scoring.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from checker.evaluation.command import evaluate_paths
from checker.evaluation.labels import FindingPattern
from checker.evaluation.scoring import Counts, score_extraction, score_findings
from checker.models import Family
from tests.evaluation.labelled import CLEAN, FIXTURES, WRONG, counts, finding, letter_and_label


@pytest.fixture(scope="module")
def evaluation():
    return evaluate_paths([str(FIXTURES)])


def test_every_labelled_fixture_is_scored(evaluation):
    assert evaluation.letters == 4
    assert evaluation.variants == 0
    assert evaluation.skipped == []


def test_confusion_matrix_per_code(evaluation):
    # MRI item 1 (via its family entry) is found; the wrong label costs one FP and one FN.
    assert counts(evaluation, code="OUT001") == (1, 1, 1)
    # The facts family entry is satisfied by FCT001 and is counted under that code.
    assert counts(evaluation, code="FCT001") == (1, 0, 0)
    assert {code for code, tally in evaluation.codes.items() if tally.has_data} == {"OUT001", "FCT001"}


def test_confusion_matrix_per_family(evaluation):
    assert counts(evaluation, family=Family.OUTCOME) == (1, 1, 1)
    assert counts(evaluation, family=Family.FACTS) == (1, 0, 0)
    assert {family for family, tally in evaluation.families.items() if tally.has_data} == {Family.OUTCOME,
                                                                                          Family.FACTS}


def test_precision_recall_and_f1(evaluation):
    outcome = evaluation.families[Family.OUTCOME]
    assert (outcome.precision, outcome.recall, outcome.f1) == (0.5, 0.5, 0.5)
    facts = evaluation.families[Family.FACTS]
    assert (facts.precision, facts.recall, facts.f1) == (1.0, 1.0, 1.0)


def test_precision_and_recall_are_one_where_nothing_was_reported_or_expected():
    assert (Counts().precision, Counts().recall, Counts().has_data) == (1.0, 1.0, False)
    assert Counts(false_negatives=2).precision == 1.0 and Counts(false_negatives=2).recall == 0.0
    assert Counts(false_positives=2).recall == 1.0 and Counts(false_positives=2).precision == 0.0


def test_extraction_accuracy_on_the_fixtures_is_complete(evaluation):
    extraction = evaluation.extraction
    assert (extraction.items_found, extraction.items_labelled) == (6, 6)
    for name in ("layout", "item_count", "headings", "outcomes", "facts", "request_fields"):
        ratio = extraction.measures[name]
        assert ratio.right == ratio.total > 0, name


def test_misses_name_the_file_line_and_code(evaluation):
    lines = {(m.kind, Path(m.path).name, m.line, m.code, m.item) for m in evaluation.misses}
    assert lines == {("FP", WRONG.name, 21, "OUT001", 1), ("FN", WRONG.name, 34, "OUT001", 2)}
    false_positive = next(m for m in evaluation.misses if m.kind == "FP")
    assert false_positive.near_miss == "deliberately mislabelled for the evaluation tests"


def test_each_reported_finding_satisfies_only_one_expected_entry():
    expected = [FindingPattern(code="OUT001", item=1), FindingPattern(code="OUT001", item=1)]
    score = score_findings("x", [finding("OUT001", Family.OUTCOME, 1)], expected)
    assert (len(score.matched), len(score.missed), len(score.unexpected)) == (1, 1, 0)


def test_an_entry_without_item_matches_a_finding_on_any_item():
    score = score_findings("x", [finding("OUT001", Family.OUTCOME, 3)], [FindingPattern(code="OUT001")])
    assert len(score.matched) == 1 and not score.missed and not score.unexpected


def test_an_entry_on_one_item_does_not_match_another_item():
    score = score_findings("x", [finding("OUT001", Family.OUTCOME, 2)], [FindingPattern(code="OUT001", item=1)])
    assert (len(score.matched), len(score.missed), len(score.unexpected)) == (0, 1, 1)


def test_matching_is_maximal_whatever_the_label_order():
    # A family entry listed first must not take the only finding the code entry can use.
    findings = [finding("FCT001", Family.FACTS), finding("FCT002", Family.FACTS)]
    expected = [FindingPattern(family=Family.FACTS), FindingPattern(code="FCT001")]
    score = score_findings("x", findings, expected)
    assert len(score.matched) == 2 and not score.missed and not score.unexpected
    assert score.tally_codes()["FCT002"].true_positives == 1


def test_an_unmatched_family_entry_is_a_false_negative_of_the_family_only():
    score = score_findings("x", [], [FindingPattern(family=Family.RULES, item=1)])
    assert score.tally_codes() == {}
    assert score.tally_families()[Family.RULES].false_negatives == 1


def test_dont_care_findings_are_neither_hits_nor_false_positives():
    score = score_findings("x", [finding("RUL002", Family.RULES, 1)], [],
                           dont_care=[FindingPattern(family=Family.RULES, item=1)])
    assert not score.unexpected and len(score.ignored) == 1


def test_extraction_reports_a_heading_the_parser_read_differently():
    text, letter, label = letter_and_label(CLEAN)
    label.items[0].heading = "Naproxen sodium 500mg #60"
    label.items[1].outcome = label.items[0].outcome
    score = score_extraction("clean.txt", letter, label)
    assert score.measures["headings"].right == 1 and score.measures["outcomes"].right == 1
    assert any("item 1 heading" in miss for miss in score.misses)
    assert any("item 2 outcome: labelled overturned, parsed upheld" in miss for miss in score.misses)


def test_a_labelled_heading_contained_in_the_parsed_one_matches_ignoring_case_and_spaces():
    text, letter, label = letter_and_label(CLEAN)
    label.items[1].heading = "PHYSICAL   therapy 2x/week"
    assert score_extraction("clean.txt", letter, label).measures["headings"].right == 2
