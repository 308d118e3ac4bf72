"""`imrcheck eval` on the command line, and label files (checker/evaluation/command.py, labels.py)."""
from __future__ import annotations

import json
import shutil

import pytest

from checker.cli import main
from checker.evaluation.labels import LabelError, label_path_for, load_label
from tests.evaluation.labelled import AGE, CLEAN, FIXTURES, MRI, WRONG


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
