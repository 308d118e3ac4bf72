"""`imrcheck eval`: scoring checks on labelled letters, the CLI around it, and the mutations.

The labelled set is tests/fixtures/eval/: four small imr-final letters.
- clean-naproxen-pt: nothing to report (two items, ages stated twice alike, a PT heading "2x/week x 4 weeks").
- mri-upheld-but-necessary: Upheld but concludes "is medically necessary"; labelled {family: outcome, item: 1}.
- tizanidine-wrongly-labelled: the OUT001 is on item 1, the label DELIBERATELY puts it on item 2
  (one false positive and one false negative), with a not_findings entry for item 1.
- celecoxib-age-differs: 61 vs 62 years old; labelled {family: facts} (letter-wide).
"""
from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from checker.cli import main
from checker.engine import check_letter, check_text, parse_text
from checker.evaluation.command import evaluate_paths
from checker.evaluation.corpus import score_mutation
from checker.evaluation.labels import FindingPattern, Label, LabelError, label_path_for, load_label
from checker.evaluation.mutations import (
    age_change,
    apply_edits,
    conclusion_flip,
    count_disagree,
    generate_mutations,
    outcome_flip,
)
from checker.evaluation.scoring import Counts, score_extraction, score_findings
from checker.models import Family, Finding, Severity
from checker.rulebase import load_rules
from tests.support.paths import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "eval"
CLEAN = FIXTURES / "clean-naproxen-pt.txt"
MRI = FIXTURES / "mri-upheld-but-necessary.txt"
WRONG = FIXTURES / "tizanidine-wrongly-labelled.txt"
AGE = FIXTURES / "celecoxib-age-differs.txt"


def counts(evaluation, code=None, family=None) -> tuple[int, int, int]:
    tally = evaluation.codes.get(code, Counts()) if code else evaluation.families.get(family, Counts())
    return tally.true_positives, tally.false_positives, tally.false_negatives


def finding(code: str, family: Family, item: int | None = None) -> Finding:
    return Finding(code=code, family=family, severity=Severity.ERROR, message="m", item=item)


def letter_and_label(path: Path):
    text = path.read_text(encoding="utf-8")
    return text, parse_text(text, str(path)), load_label(label_path_for(path))


# ------------------------------------------------------------------------------ confusion matrix


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


# ------------------------------------------------------------------------------ matching


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


# ------------------------------------------------------------------------------ command line


def test_eval_prints_the_tables_and_exits_0_without_thresholds(capsys):
    assert main(["eval", str(FIXTURES)]) == 0
    out = capsys.readouterr().out
    assert "Scored 4 labelled letters." in out
    assert any(line.split()[:5] == ["OUT001", "outcome", "1", "1", "1"] for line in out.splitlines())
    # No data at all is shown as "-", not as a perfect score.
    assert any(line.split() == ["RSN001", "reasoning", "0", "0", "0", "-", "-", "-"] for line in out.splitlines())
    assert f"FN {WRONG}:34: OUT001 item 2: expected, not reported" in out
    assert f"FP {WRONG}:21:22: OUT001 item 1:" in out


def test_thresholds_met_exit_0(capsys):
    assert main(["eval", str(FIXTURES), "--min-precision", "0.5", "--min-recall", "0.5"]) == 0
    assert "Thresholds met (outcome, facts)." in capsys.readouterr().out


def test_threshold_missed_exits_1_and_names_the_family(capsys):
    assert main(["eval", str(FIXTURES), "--min-precision", "0.6"]) == 1
    assert "Threshold missed: outcome precision 0.50 is below 0.60" in capsys.readouterr().out


def test_thresholds_apply_only_to_the_named_families(capsys):
    assert main(["eval", str(FIXTURES), "--min-recall", "0.9", "--family", "facts"]) == 0
    assert main(["eval", str(FIXTURES), "--min-recall", "0.9", "--family", "facts,outcome"]) == 1


def test_an_unknown_family_or_a_threshold_out_of_range_is_a_usage_error(capsys):
    assert main(["eval", str(FIXTURES), "--min-recall", "0.9", "--family", "outcomes"]) == 2
    assert main(["eval", str(FIXTURES), "--min-precision", "90"]) == 2
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 2 and all(line.startswith("imrcheck: error: ") for line in errors)


def test_json_output_is_one_document_with_the_same_numbers(capsys):
    assert main(["eval", str(FIXTURES), "--output-format", "json", "--min-precision", "0.6"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["letters"] == 4
    assert {k: document["codes"]["OUT001"][k] for k in ("tp", "fp", "fn", "precision", "recall")} == \
        {"tp": 1, "fp": 1, "fn": 1, "precision": 0.5, "recall": 0.5}
    assert document["families"]["facts"]["tp"] == 1
    assert document["families"]["rules"]["has_data"] is False
    assert document["thresholds"]["failures"] == ["outcome precision 0.50 is below 0.60"]
    assert document["mutations"] is None
    assert {(m["kind"], m["code"], m["item"]) for m in document["misses"]} == {("FP", "OUT001", 1),
                                                                               ("FN", "OUT001", 2)}


def test_unlabelled_letters_are_skipped_with_a_note(tmp_path, capsys):
    shutil.copy(AGE, tmp_path / AGE.name)
    shutil.copy(label_path_for(AGE), label_path_for(tmp_path / AGE.name))
    shutil.copy(CLEAN, tmp_path / "unlabelled.txt")
    assert main(["eval", str(tmp_path)]) == 0
    captured = capsys.readouterr()
    assert f"skipped (no label): {tmp_path / 'unlabelled.txt'}" in captured.err
    assert "Scored 1 labelled letter (1 unlabelled skipped)." in captured.out


def test_no_labelled_letter_at_all_is_an_input_error(tmp_path, capsys):
    shutil.copy(CLEAN, tmp_path / "unlabelled.txt")
    assert main(["eval", str(tmp_path)]) == 2
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("imrcheck:")]
    assert errors == ["imrcheck: error: no labelled letters found (a label is LETTER.expected.yaml beside "
                      "LETTER.txt or .pdf)"]


def test_a_missing_path_is_an_input_error(tmp_path, capsys):
    assert main(["eval", str(tmp_path / "nowhere")]) == 2
    assert "no such file or directory" in capsys.readouterr().err


def test_a_label_file_given_as_path_scores_its_letter(capsys):
    assert main(["eval", str(label_path_for(AGE))]) == 0
    assert "Scored 1 labelled letter." in capsys.readouterr().out


MALFORMED_LABELS = {
    "both code and family": ("layout: imr-final\nitems: []\nfindings:\n  - {code: FCT001, family: facts}\n",
                             ":4: findings.0: give exactly one of code or family"),
    "unknown key": ("layout: imr-final\nitems: []\nfindings: []\nnot_finding: []\n",
                    ":4: not_finding: unknown key (a typo?)"),
    "missing findings": ("layout: imr-final\nitems: []\n", "findings: required key is missing"),
    "bad outcome": ("layout: imr-final\nitems:\n  - {heading: MRI, outcome: upheldd}\nfindings: []\n",
                    ":3: items.0.outcome:"),
    "bad code": ("layout: imr-final\nitems: []\nfindings:\n  - {code: OUT1}\n", "is not a check code"),
    "unknown code": ("layout: imr-final\nitems: []\nfindings:\n  - {code: XYZ001}\n", "unknown check code XYZ001"),
    "item out of range": ("layout: imr-final\nitems:\n  - {heading: MRI, outcome: upheld}\nfindings:\n"
                          "  - {code: OUT001, item: 2}\n", ":5: findings.0.item: item 2 does not exist"),
    "not yaml": ("layout: imr-final\nitems: [\n", "label: YAML:"),
    "duplicate key": ("layout: imr-final\nitems: []\nlayout: imr-final\nfindings: []\n",
                      ":3: label: key 'layout' appears twice"),
    "nested 20,000 deep": ("items: " + "[" * 20000 + "]" * 20000 + "\n", "nested more than"),
    "object tag": ("layout: !!python/object:os.system {}\nitems: []\nfindings: []\n", "tags that build objects"),
    "not a mapping": ("- just a list\n", "a label must be a mapping"),
    "unknown request field": ("layout: imr-final\nitems:\n  - {heading: MRI, outcome: upheld, request: {vists: 8}}\n"
                              "findings: []\n", "unknown request field(s) vists"),
}


@pytest.mark.parametrize("case", sorted(MALFORMED_LABELS))
def test_a_malformed_label_is_one_line_naming_the_file_and_exit_2(case, tmp_path, capsys):
    content, message = MALFORMED_LABELS[case]
    shutil.copy(MRI, tmp_path / "letter.txt")
    label = tmp_path / "letter.expected.yaml"
    label.write_text(content, encoding="utf-8")
    assert main(["eval", str(tmp_path)]) == 2
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 1
    assert errors[0].startswith(f"imrcheck: error: {label}")
    assert message in errors[0]


def test_load_label_raises_a_label_error_that_is_an_input_error(tmp_path):
    from checker.reading import InputError

    path = tmp_path / "x.expected.yaml"
    path.write_text("layout: sideways\nitems: []\nfindings: []\n", encoding="utf-8")
    with pytest.raises(LabelError) as raised:
        load_label(path)
    assert isinstance(raised.value, InputError)
    assert str(raised.value).startswith(f"{path}:1: layout:")


# ------------------------------------------------------------------------------ mutations


def finding_keys_of(text: str) -> set[tuple[str, int | None]]:
    return {(f.code, f.item) for f in check_text(text).findings}


def only_change(original: str, mutated: str) -> tuple[str, str]:
    """The differing middle of two texts: (what the original had, what the variant has)."""
    start = 0
    while start < min(len(original), len(mutated)) and original[start] == mutated[start]:
        start += 1
    end = 0
    while end < min(len(original), len(mutated)) - start and original[-1 - end] == mutated[-1 - end]:
        end += 1
    return original[start:len(original) - end], mutated[start:len(mutated) - end]


def test_outcome_flip_replaces_the_outcome_word_and_out001_appears():
    text, letter, label = letter_and_label(CLEAN)
    mutation = outcome_flip(text, letter, letter.items[0], label)
    assert mutation is not None and mutation.kind == "outcome-flip" and mutation.item == 1
    span = letter.items[0].outcome_span
    assert text[span.start:span.end] == "Overturned"
    assert mutation.text == text[:span.start] + "Upheld" + text[span.end:]
    assert mutation.target == FindingPattern(code="OUT001", item=1) and mutation.target_present
    assert ("OUT001", 1) in finding_keys_of(mutation.text)
    assert mutation.name("a.txt") == "a.txt#outcome-flip:item1"


def test_outcome_flip_keeps_the_case_of_the_word():
    text, letter, label = letter_and_label(CLEAN)
    span = letter.items[1].outcome_span
    shouted = text[:span.start] + "UPHELD" + text[span.end:]
    shouted_letter = parse_text(shouted)
    mutation = outcome_flip(shouted, shouted_letter, shouted_letter.items[1], label)
    assert mutation is not None
    assert mutation.text == shouted[:span.start] + "OVERTURNED" + shouted[span.start + len("UPHELD"):]


def test_outcome_flip_of_a_labelled_contradiction_expects_it_gone():
    text, letter, label = letter_and_label(MRI)
    mutation = outcome_flip(text, letter, letter.items[0], label)
    assert mutation is not None and not mutation.target_present
    # The family entry stood for the target; the rules on that item become "don't care".
    assert mutation.expected_findings(label) == []
    assert mutation.dont_care == (FindingPattern(family=Family.RULES, item=1),)
    assert ("OUT001", 1) not in finding_keys_of(mutation.text)


NOTICE_2013 = """MAXIMUS FEDERAL SERVICES, INC.
Independent Medical Review

Notice of Independent Medical Review Determination

MAXIMUS Federal Services, Inc. has completed the Independent Medical Review of the disputed
medical treatment. The determinations are:

1) MAXIMUS Federal Services, Inc. has determined the request for Norco 10/325mg #60 is not
medically necessary and appropriate.

INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE
A decision has been made for each of the treatment and/or services that were in dispute:
1) MAXIMUS Federal Services, Inc. has determined the request for Norco 10/325mg #60 is not
medically necessary and appropriate.

Case Summary:
The patient is a 50 year old male who injured his back on 1/2/2010.

1) Regarding the request for Norco 10/325mg #60:
Medical Treatment Guideline(s) Relied Upon:
The Expert Reviewer based his/her decision on the MTUS Chronic Pain Medical Treatment
Guidelines, Opioids, criteria for use, pages 76-80.
Rationale Used by Expert Reviewer:
No functional improvement from Norco is documented and no urine drug screen is in the records.
The request for Norco 10/325mg #60 is not medically necessary and appropriate.
"""
NOTICE_LABEL = Label.model_validate(
    {"layout": "notice-2013", "items": [{"heading": "Norco 10/325mg #60", "outcome": "upheld"}], "findings": []})


def test_outcome_flip_of_a_2013_determination_toggles_not_in_every_copy():
    letter = parse_text(NOTICE_2013)
    mutation = outcome_flip(NOTICE_2013, letter, letter.items[0], NOTICE_LABEL)
    assert mutation is not None and len(mutation.edits) == 2
    assert mutation.text.count("#60 is medically necessary and appropriate.") == 2
    # The rationale's own conclusion is not the determination and stays as it was.
    assert mutation.text.endswith("#60 is not medically necessary and appropriate.\n")
    assert finding_keys_of(mutation.text) == {("OUT001", 1)}


def test_conclusion_flip_negates_the_necessity_statement_and_out001_appears():
    text, letter, label = letter_and_label(CLEAN)
    mutation = conclusion_flip(text, letter.items[1], label)
    assert mutation is not None and mutation.kind == "conclusion-flip"
    assert only_change(text, mutation.text) == ("not ", "")
    assert "lumbar spine is medically necessary." in mutation.text
    assert mutation.dont_care == (FindingPattern(code="RSN001", item=2),)
    assert ("OUT001", 2) in finding_keys_of(mutation.text)


def test_conclusion_flip_adds_not_to_an_approval():
    text, letter, label = letter_and_label(CLEAN)
    mutation = conclusion_flip(text, letter.items[0], label)
    assert mutation is not None
    assert "550mg #60\nis not medically necessary." in mutation.text
    assert ("OUT001", 1) in finding_keys_of(mutation.text)


def test_count_disagree_inserts_a_count_before_the_frequency_and_qty001_appears():
    text, letter, label = letter_and_label(CLEAN)
    assert count_disagree(text, letter.items[0], label) is None  # naproxen has no frequency
    mutation = count_disagree(text, letter.items[1], label)
    assert mutation is not None
    assert only_change(text, mutation.text) == ("", "12 visits ")
    assert "Physical therapy 12 visits 2x/week x 4 weeks for the lumbar spine:  Upheld" in mutation.text
    assert mutation.target == FindingPattern(code="QTY001", item=2) and mutation.target_present
    assert ("QTY001", 2) in finding_keys_of(mutation.text)


def test_count_disagree_changes_an_existing_count():
    text, _, label = letter_and_label(CLEAN)
    text = text.replace("Physical therapy 2x/week x 4 weeks for the lumbar spine:",
                        "Physical therapy 8 visits 2x/week x 4 weeks for the lumbar spine:")
    letter = parse_text(text)
    assert ("QTY001", 2) not in finding_keys_of(text)
    mutation = count_disagree(text, letter.items[1], label)
    assert mutation is not None
    assert only_change(text, mutation.text) == ("8", "12")
    assert ("QTY001", 2) in finding_keys_of(mutation.text)


def test_age_change_raises_the_last_age_and_fct001_appears():
    text, letter, label = letter_and_label(CLEAN)
    mutation = age_change(text, letter, label)
    assert mutation is not None and mutation.item is None
    last = [m for m in letter.facts.mentions if m.fact == "age"][-1]
    assert only_change(text, mutation.text) == ("2", "3")
    assert mutation.edits[0].start >= last.span.start and mutation.edits[0].end <= last.span.end
    assert "This 53 year old patient" in mutation.text and "is a 52 year old female" in mutation.text
    assert ("FCT001", None) in finding_keys_of(mutation.text)


def test_age_change_is_not_generated_where_an_age_finding_is_already_expected():
    text, letter, label = letter_and_label(AGE)
    assert age_change(text, letter, label) is None


def test_mutations_are_generated_for_every_kind_the_letter_allows():
    text, letter, label = letter_and_label(CLEAN)
    names = [mutation.name("clean") for mutation in generate_mutations(text, letter, label)]
    assert names == ["clean#outcome-flip:item1", "clean#outcome-flip:item2", "clean#conclusion-flip:item1",
                     "clean#conclusion-flip:item2", "clean#count-disagree:item2", "clean#age-change"]


def test_eval_mutate_prints_the_mutation_table_and_writes_nothing(tmp_path, capsys):
    for path in (CLEAN, AGE):
        shutil.copy(path, tmp_path / path.name)
        shutil.copy(label_path_for(path), label_path_for(tmp_path / path.name))
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["eval", "--mutate", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()
            if line.split()[:1] and line.split()[0] in ("outcome-flip", "conclusion-flip", "count-disagree",
                                                         "age-change", "total")}
    # clean: 2 outcome flips, 2 conclusion flips, 1 count, 1 age; celecoxib: 1 outcome, 1 conclusion flip.
    assert rows == {"outcome-flip": ["3", "3", "3"], "conclusion-flip": ["3", "3", "3"],
                    "count-disagree": ["1", "1", "1"], "age-change": ["1", "1", "1"], "total": ["8", "8", "8"]}
    assert "Scored 2 labelled letters and 8 generated variants." in out


def test_eval_mutate_json_lists_every_variant(capsys):
    assert main(["eval", "--mutate", "--output-format", "json", str(CLEAN)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["variants"] == 6
    assert document["mutations"]["kinds"]["count-disagree"] == {"generated": 1, "caught": 1, "exact": 1}
    variant = next(v for v in document["mutations"]["variants"] if v["kind"] == "age-change")
    assert variant["name"] == f"{CLEAN}#age-change" and variant["caught"] and variant["exact"]


def test_a_variant_that_changes_more_than_its_target_is_caught_but_not_exact():
    text, letter, label = letter_and_label(CLEAN)
    rules = load_rules()
    original = check_letter(letter, rules)
    flip = outcome_flip(text, letter, letter.items[0], label)
    age = age_change(text, letter, label)
    assert flip is not None and age is not None
    _, clean_result = score_mutation(str(CLEAN), label, original, flip, rules)
    assert (clean_result.caught, clean_result.exact, clean_result.changed) == (True, True, ())
    # The same flip, with the age edit slipped in: FCT001 appears outside the don't-care set.
    sloppy = dataclasses.replace(flip, text=apply_edits(text, flip.edits + age.edits))
    score, result = score_mutation(str(CLEAN), label, original, sloppy, rules)
    assert (result.caught, result.exact, result.changed) == (True, False, ("+FCT001",))
    assert [(m.kind, m.code) for m in score.misses] == [("FP", "FCT001")]


def test_a_variant_whose_target_is_not_reported_is_not_caught():
    text, letter, label = letter_and_label(CLEAN)
    rules = load_rules()
    flip = outcome_flip(text, letter, letter.items[0], label)
    assert flip is not None
    unchanged = dataclasses.replace(flip, text=text)
    score, result = score_mutation(str(CLEAN), label, check_letter(letter, rules), unchanged, rules)
    assert (result.caught, result.exact) == (False, False)
    assert [(m.kind, m.code, m.item) for m in score.misses] == [("FN", "OUT001", 1)]
