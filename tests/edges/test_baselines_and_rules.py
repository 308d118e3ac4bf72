"""Issue 16: baselines and config work as documented and say what they hid; rule files
refuse names no lexicon knows; explain takes what --select takes; every format shows the
confidence of the rule a finding rests on."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import assert_one_clean_error_line, imrcheck
from tests.support.paths import EXAMPLES, FLAWED_LETTER, ROOT

RULE_FINDING = EXAMPLES / "imr-final" / "acupuncture-trial-denied-no-prior.txt"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    letters = tmp_path / "letters"
    letters.mkdir()
    (letters / "flawed.txt").write_bytes(FLAWED_LETTER.read_bytes())
    (letters / "rule.txt").write_bytes(RULE_FINDING.read_bytes())
    return tmp_path


def test_a_configured_baseline_that_does_not_exist_yet_is_a_warning_and_can_be_written(project):
    (project / "pyproject.toml").write_text('[tool.imrcheck]\nbaseline = "imrcheck-baseline.json"\n')
    first = imrcheck("check", "letters", cwd=project)
    assert first.returncode == 1, first.stderr
    warnings = first.stderr.splitlines()
    assert len(warnings) == 1 and warnings[0].startswith("imrcheck: warning: ") and "does not exist yet" in warnings[0]
    written = imrcheck("check", "--write-baseline", "imrcheck-baseline.json", "letters", cwd=project)
    assert written.returncode == 0, written.stderr
    assert written.stderr.splitlines() == ["imrcheck: wrote 2 finding(s) to the baseline imrcheck-baseline.json"]
    again = imrcheck("check", "letters", cwd=project)
    assert again.returncode == 0 and again.stderr == ""
    assert "2 findings hidden by the baseline." in again.stdout


def test_a_baseline_named_on_the_command_line_must_exist(project):
    run = imrcheck("check", "--baseline", "missing.json", "letters", cwd=project)
    assert run.returncode == 2
    assert_one_clean_error_line(run, "missing.json", "not found")


def test_the_summary_counts_hidden_findings_and_stale_entries(project):
    imrcheck("check", "--write-baseline", "baseline.json", "letters", cwd=project)
    (project / "letters" / "rule.txt").unlink()
    run = imrcheck("check", "--baseline", "baseline.json", "letters", cwd=project)
    assert run.returncode == 0
    assert "1 finding hidden by the baseline. 1 baseline entry matched nothing (stale)." in run.stdout
    summary = imrcheck("check", "--output-format", "json", "--baseline", "baseline.json", "letters",
                       cwd=project).json()["summary"]
    assert summary["baseline"] == {"hidden": 1, "stale": 1}
    # Without a baseline the summary says nothing of one.
    assert "baseline" not in imrcheck("check", "--output-format", "json", "letters", cwd=project).json()["summary"]
    assert "hidden" not in imrcheck("check", "letters", cwd=project).stdout


@pytest.mark.parametrize(("entry", "words"), [
    ('{"key": 5}', ["findings[0].key"]),
    ('{"key": "abc:1:OUT001", "count": "two"}', ["findings[0].count"]),
    ('{"key": "abc:1:OUT001", "count": 0}', ["findings[0].count"]),
    ('{"key": "abc:1:OUT001", "extra": 1}', ["findings[0]"]),
    ('"abc:1:OUT001"', ["findings[0]"]),
])
def test_a_baseline_entry_of_the_wrong_shape_is_exit_2(project, entry, words):
    (project / "baseline.json").write_text('{"version": 1, "findings": [' + entry + "]}")
    run = imrcheck("check", "--baseline", "baseline.json", "letters", cwd=project)
    assert run.returncode == 2 and run.stdout == ""
    assert_one_clean_error_line(run, "baseline.json", "not a valid imrcheck baseline", *words)


def test_sarif_results_carry_their_baseline_state(project):
    imrcheck("check", "--write-baseline", "baseline.json", "letters/rule.txt", cwd=project)
    sarif = json.loads(imrcheck("check", "--output-format", "sarif", "--baseline", "baseline.json", "letters",
                                cwd=project).stdout)
    states = {(Path(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]).name, r["baselineState"])
              for r in sarif["runs"][0]["results"]}
    assert states == {("flawed.txt", "new"), ("rule.txt", "unchanged")}
    fingerprints = [r["partialFingerprints"]["imrcheck/v1"] for r in sarif["runs"][0]["results"]]
    assert len(fingerprints) == len(set(fingerprints))
    plain = json.loads(imrcheck("check", "--output-format", "sarif", "letters", cwd=project).stdout)
    assert all("baselineState" not in r for r in plain["runs"][0]["results"])


# ---------------------------------------------------------------------------------- rules

GYM_RULE = """\
id: local.gym.not-recommended
title: Gym memberships are not a medical prescription
applies_to: {{treatments: [{treatment}]}}
not_recommended: true
confidence: single_source
severity: warning
message: "Approved a {{treatment}} request, which ODG does not recommend"
citation: {{guideline: Official Disability Guidelines (ODG), topic: "Low Back, Gym memberships"}}
"""


def test_a_user_rule_needs_no_fact_row(tmp_path):
    (tmp_path / "local").mkdir()
    (tmp_path / "local" / "gym.yaml").write_text(GYM_RULE.format(treatment="gym_membership"))
    run = imrcheck("rules", "validate", "--rules", "local", cwd=tmp_path)
    assert run.returncode == 0, run.stderr


@pytest.mark.parametrize(("field", "written", "suggested"), [
    ("treatments", "phisical_therapy", "physical_therapy"),
    ("drug_classes", "opiod", "opioid"),
    ("drugs", "cyclobenzaprin", "cyclobenzaprine"),
])
def test_rules_validate_refuses_an_unknown_name_and_suggests_the_closest(tmp_path, field, written, suggested):
    (tmp_path / "local").mkdir()
    rule = GYM_RULE.format(treatment="gym_membership").replace(
        "applies_to: {treatments: [gym_membership]}", f"applies_to: {{{field}: [{written}]}}")
    (tmp_path / "local" / "rule.yaml").write_text(rule)
    run = imrcheck("rules", "validate", "--rules", "local", cwd=tmp_path)
    assert run.returncode == 2 and "rules valid" not in run.stdout
    assert f"local/rule.yaml:3: rule 'local.gym.not-recommended': applies_to.{field}: unknown" in run.stderr
    assert f"'{written}'; did you mean '{suggested}'?" in run.stderr
    checked = imrcheck("check", "--rules", "local", str(FLAWED_LETTER), cwd=tmp_path)
    assert checked.returncode == 2 and checked.stdout == ""


def test_a_rules_folder_without_yaml_is_exit_2(tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.txt").write_text("not a rule")
    run = imrcheck("rules", "validate", "--rules", "empty", cwd=tmp_path)
    assert run.returncode == 2 and "empty" in run.stderr and "no rule files" in run.stderr


# ---------------------------------------------------------------------------------- explain


def test_explain_accepts_a_family_or_a_code_prefix_as_select_does(tmp_path):
    family = imrcheck("explain", "facts", cwd=tmp_path)
    assert family.returncode == 0
    assert [line.split()[0] for line in family.stdout.splitlines()] == ["FCT001", "FCT002", "FCT003"]
    prefix = imrcheck("explain", "RUL", cwd=tmp_path)
    assert [line.split()[0] for line in prefix.stdout.splitlines()] == ["RUL001", "RUL002", "RUL003", "RUL004"]
    one = imrcheck("explain", "out001", cwd=tmp_path)
    assert one.stdout.startswith("OUT001 ") and "Why:" in one.stdout
    unknown = imrcheck("explain", "XYZ", cwd=tmp_path)
    assert unknown.returncode == 2
    assert_one_clean_error_line(unknown, "XYZ")


# ---------------------------------------------------------------------------------- confidence


@pytest.mark.parametrize(("output_format", "shown"), [
    ("text", "[confidence: single_source]"),
    ("json", '"confidence": "single_source"'),
    ("sarif", '"confidence":"single_source"'),
    ("github", "rule confidence: single_source"),
    ("junit", "[confidence: single_source]"),
])
def test_every_format_shows_the_confidence_of_a_rule_finding(output_format, shown):
    run = imrcheck("check", "--output-format", output_format, str(RULE_FINDING), cwd=ROOT)
    assert run.returncode == 1
    assert shown in run.stdout


def test_no_recalled_is_gone_and_min_confidence_replaces_it(tmp_path):
    old = imrcheck("check", "--no-recalled", str(FLAWED_LETTER), cwd=tmp_path)
    assert old.returncode == 2
    confirmed = imrcheck("check", "--min-confidence", "confirmed", "--output-format", "json", str(RULE_FINDING),
                         cwd=tmp_path)
    assert confirmed.returncode == 0 and not confirmed.json()["results"][0]["findings"]


# ---------------------------------------------------------------------------------- pre-commit


def test_a_text_file_that_is_not_a_letter_is_skipped_with_a_notice_when_asked(tmp_path):
    (tmp_path / "requirements.txt").write_text("pyyaml>=6.0\nlark>=1.1.9\n")
    (tmp_path / "letter.txt").write_bytes(FLAWED_LETTER.read_bytes())
    plain = imrcheck("check", "requirements.txt", cwd=tmp_path)
    assert plain.returncode == 1 and "STR005" in plain.stdout
    skipped = imrcheck("check", "--skip-non-letters", "requirements.txt", cwd=tmp_path)
    assert skipped.returncode == 0 and "STR005" not in skipped.stdout
    assert skipped.stderr.splitlines() == ["imrcheck: skipped requirements.txt: not laid out as an IMR letter"]
    # A real letter is still checked, and fails.
    both = imrcheck("check", "--skip-non-letters", "requirements.txt", "letter.txt", cwd=tmp_path)
    assert both.returncode == 1 and "OUT001" in both.stdout
