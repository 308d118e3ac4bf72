"""The command line, run as a user runs it: a subprocess on real files."""
from __future__ import annotations

import io
import json
from pathlib import Path
from xml.etree import ElementTree

import pytest

from checker.cli import main
from checker.serialize import report_from_data
from tests.support.cli import imrcheck
from tests.support.paths import EXAMPLES
from tests.support.pdf_writer import make_pdf

HEAD = ("HOW THE IMR FINAL DETERMINATION WAS MADE\n"
        "The expert reviewer is Board Certified in Internal Medicine and is licensed to practice in California.\n\n"
        "CLINICAL CASE SUMMARY\nThe patient is a 47 year old female injured on 6/2/2013.\n\n"
        "IMR ISSUES, DECISIONS AND RATIONALES\n\n")
CLEAN = HEAD + ("Naproxen 550mg #60:  Overturned\n\n"
                "MAXIMUS guideline: Decision based on MTUS Chronic Pain Treatment Guidelines NSAIDs Page(s): 67-73.\n\n"
                "Decision rationale: NSAIDs are first-line. The request is medically necessary.\n")
# An outcome contradicting its conclusion (error) and a second, info-level age mismatch.
FLAWED = HEAD + ("Lumbar MRI without contrast:  Upheld\n\n"
                 "MAXIMUS guideline: Decision based on ACOEM Low Back Complaints.\n\n"
                 "Decision rationale: The 48 year old patient has progressive weakness. The MRI is medically "
                 "necessary and appropriate.\n")
INFO_ONLY = HEAD + ("Naproxen 550mg #60:  Overturned\n\n"
                    "Decision rationale: The 48 year old patient benefits. The request is medically necessary.\n")


@pytest.fixture
def letters(tmp_path: Path) -> Path:
    folder = tmp_path / "letters"
    (folder / "sub").mkdir(parents=True)
    (folder / "clean.txt").write_text(CLEAN)
    (folder / "sub" / "flawed.txt").write_text(FLAWED)
    (folder / "notes.md").write_text("not a letter, not looked at")
    return folder


def test_version_and_help():
    assert imrcheck("--version").stdout.startswith("imrcheck ")
    assert "check" in imrcheck("--help").stdout


def test_clean_letter_exits_0_and_flawed_exits_1(letters):
    clean = imrcheck("check", str(letters / "clean.txt"))
    assert clean.returncode == 0 and "no findings" in clean.stdout
    flawed = imrcheck("check", str(letters / "sub" / "flawed.txt"))
    assert flawed.returncode == 1
    assert "OUT001 [error]" in flawed.stdout and "flawed.txt:" in flawed.stdout


def test_text_output_has_location_evidence_and_summary(letters):
    out = imrcheck("check", "--color", "never", str(letters)).stdout
    first = next(line for line in out.splitlines() if "OUT001" in line)
    path, line, column = first.split(": ")[0].rsplit(":", 2)
    assert path.endswith("flawed.txt") and int(line) >= 1 and int(column) >= 1
    assert "| The MRI is medically necessary and appropriate." in out
    assert "Checked 2 files, 2 items" in out


def test_folders_recurse_into_txt_and_pdf_only(letters):
    (letters / "sub" / "scan.pdf").write_bytes(make_pdf([FLAWED.splitlines()[:40]]))
    result = imrcheck("check", "--output-format", "json", str(letters))
    paths = [r["path"] for r in json.loads(result.stdout)["results"]]
    assert sorted(Path(p).name for p in paths) == ["clean.txt", "flawed.txt", "scan.pdf"]


def test_pdf_letter_is_checked(tmp_path):
    pdf = tmp_path / "flawed.pdf"
    pdf.write_bytes(make_pdf([FLAWED.splitlines()]))
    result = imrcheck("check", "--output-format", "json", str(pdf))
    codes = [f["code"] for f in json.loads(result.stdout)["results"][0]["findings"]]
    assert "OUT001" in codes and result.returncode == 1


def test_stdin_is_read_with_a_dash():
    result = imrcheck("check", "-", stdin=FLAWED.encode())
    assert result.returncode == 1 and "<stdin>:" in result.stdout


def test_globs_are_expanded(letters):
    result = imrcheck("check", "--output-format", "json", str(letters / "**" / "*.txt"))
    assert len(json.loads(result.stdout)["results"]) == 2


def test_json_is_the_report_model(letters):

    document = json.loads(imrcheck("check", "--output-format", "json", str(letters)).stdout)
    for result in document["results"]:
        assert set(result) >= {"path", "layout", "items", "findings"}
        report_from_data(result)
    assert document["summary"]["findings"] == 2


def test_sarif_has_the_210_structure(letters):
    sarif = json.loads(imrcheck("check", "--output-format", "sarif", str(letters)).stdout)
    assert sarif["version"] == "2.1.0" and "sarif" in sarif["$schema"]
    run = sarif["runs"][0]
    rule_ids = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
    assert {"OUT001", "RUL001"} <= rule_ids
    assert all(rule["help"]["text"] for rule in run["tool"]["driver"]["rules"])
    for result in run["results"]:
        assert result["ruleId"] in rule_ids and result["level"] in ("error", "warning", "note")
        region = result["locations"][0]["physicalLocation"]["region"]
        assert region["startLine"] >= 1


def test_github_annotations(letters):
    out = imrcheck("check", "--output-format", "github", str(letters)).stdout
    assert any(line.startswith("::error file=") and "OUT001" in line for line in out.splitlines())


def test_junit_parses_back(letters):
    root = ElementTree.fromstring(imrcheck("check", "--output-format", "junit", str(letters)).stdout)
    suite = root if root.tag == "testsuite" else root.find("testsuite")
    assert int(suite.get("tests")) == 2 and int(suite.get("failures")) == 1
    assert [f.get("type") for f in root.iter("failure")] == ["FCT001", "OUT001"] or \
        sorted(f.get("type") for f in root.iter("failure")) == ["FCT001", "OUT001"]


def test_select_ignore_and_extend_select(letters):
    flawed = str(letters / "sub" / "flawed.txt")

    def codes(result):
        return {f["code"] for r in json.loads(result.stdout)["results"] for f in r["findings"]}

    assert codes(imrcheck("check", "--output-format", "json", flawed)) == {"OUT001", "FCT001"}
    assert codes(imrcheck("check", "--output-format", "json", "--select", "facts", flawed)) == {"FCT001"}
    assert codes(imrcheck("check", "--output-format", "json", "--ignore", "OUT", flawed)) == {"FCT001"}
    assert codes(imrcheck("check", "--output-format", "json", "--select", "FCT001", "--extend-select", "outcome",
                          flawed)) == {"OUT001", "FCT001"}
    unknown = imrcheck("check", "--select", "XYZ999", flawed)
    assert unknown.returncode == 2 and unknown.stderr.count("\n") == 1


def test_fail_on_and_exit_zero(tmp_path):
    letter = tmp_path / "info.txt"
    letter.write_text(INFO_ONLY)
    assert imrcheck("check", str(letter)).returncode == 1
    assert imrcheck("check", "--fail-on", "warning", str(letter)).returncode == 0
    assert imrcheck("check", "--exit-zero", str(letter)).returncode == 0


def test_statistics_counts_per_code(letters):
    out = imrcheck("check", "--statistics", str(letters)).stdout
    assert any(line.split()[:2] == ["1", "OUT001"] for line in out.splitlines())


def test_color_only_when_asked_or_on_a_terminal(letters):
    flawed = str(letters / "sub" / "flawed.txt")
    assert "\x1b[" not in imrcheck("check", flawed).stdout
    assert "\x1b[" in imrcheck("check", "--color", "always", flawed).stdout
    assert "\x1b[" not in imrcheck("check", "--color", "auto", flawed, env={"NO_COLOR": "1"}).stdout


def test_config_from_pyproject_and_flags_override_it(letters, tmp_path):
    project = tmp_path / "project"
    (project / "deep").mkdir(parents=True)
    (project / "pyproject.toml").write_text('[tool.imrcheck]\nselect = ["facts"]\noutput-format = "json"\n')
    flawed = str(letters / "sub" / "flawed.txt")
    from_file = json.loads(imrcheck("check", flawed, cwd=project / "deep").stdout)
    assert {f["code"] for f in from_file["results"][0]["findings"]} == {"FCT001"}
    overridden = imrcheck("check", "--output-format", "text", "--select", "outcome", flawed, cwd=project / "deep")
    assert "OUT001" in overridden.stdout and "FCT001" not in overridden.stdout
    explicit = tmp_path / "other.toml"
    explicit.write_text('[tool.imrcheck]\nignore = ["OUT001", "FCT001"]\n')
    assert imrcheck("check", "--config", str(explicit), flawed).returncode == 0


def test_bad_config_is_one_line_and_exit_2(letters, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[tool.imrcheck]\nselekt = 3\n")
    result = imrcheck("check", "--config", str(bad), str(letters))
    assert result.returncode == 2 and "selekt" in result.stderr and result.stderr.count("\n") == 1


def test_baseline_fails_only_on_new_findings(letters, tmp_path):
    baseline = tmp_path / "baseline.json"
    flawed = letters / "sub" / "flawed.txt"
    assert imrcheck("check", "--write-baseline", str(baseline), str(letters)).returncode == 0
    assert imrcheck("check", "--baseline", str(baseline), str(letters)).returncode == 0
    # Moving the letter's lines (blank lines added at the top) keeps its findings known.
    flawed.write_text("\n\n\n" + FLAWED)
    assert imrcheck("check", "--baseline", str(baseline), str(letters)).returncode == 0
    # A new flawed letter is new.
    (letters / "new.txt").write_text(FLAWED.replace("47 year old female", "51 year old female"))
    result = imrcheck("check", "--baseline", str(baseline), str(letters))
    assert result.returncode == 1 and "new.txt" in result.stdout and "flawed.txt" not in result.stdout


def test_parallel_output_is_identical_to_serial():
    serial = imrcheck("check", "-j", "1", "--output-format", "json", str(EXAMPLES))
    parallel = imrcheck("check", "-j", "2", "--output-format", "json", str(EXAMPLES))
    assert serial.stdout == parallel.stdout and serial.returncode == parallel.returncode
    assert len(json.loads(serial.stdout)["results"]) >= 20


def test_unreadable_file_is_reported_and_the_others_still_checked(letters):
    (letters / "empty.txt").write_text("")
    result = imrcheck("check", str(letters), str(letters / "absent.txt"))
    assert result.returncode == 2
    assert "empty.txt: empty file" in result.stderr and "absent.txt: no such file" in result.stderr
    assert "Traceback" not in result.stderr and "OUT001" in result.stdout


def test_usage_errors_are_one_line_and_exit_2():
    for args in (["check", "--no-such-option", "x"], ["check"], ["explain", "ZZZ001"], ["frobnicate"]):
        result = imrcheck(*args)
        assert result.returncode == 2, args
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr, args


def test_explain_prints_the_check_documentation():
    out = imrcheck("explain", "OUT001").stdout
    assert "OUT001" in out and "Why:" in out and "Fires:" in out
    listing = imrcheck("explain").stdout
    assert "RUL001" in listing and "STR005" in listing


def test_parse_prints_the_letter_as_json(letters):
    letter = json.loads(imrcheck("parse", str(letters / "sub" / "flawed.txt")).stdout)
    assert letter["layout"] == "imr-final"
    assert letter["items"][0]["outcome"] == "upheld"
    assert letter["facts"]["age"] == 47


def test_rules_list_validate_and_test():
    listing = imrcheck("rules", "list")
    assert listing.returncode == 0 and "mtus.manual-therapy.trial" in listing.stdout
    assert imrcheck("rules", "validate").returncode == 0
    tested = imrcheck("rules", "test")
    assert tested.returncode == 0 and " passed, 0 failed" in tested.stdout


def test_user_rules_are_applied_with_rules_dir(tmp_path):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "mri.yaml").write_text(
        "id: local.imaging.mri-not-recommended\ntitle: No MRI without red flags (local policy)\n"
        "applies_to: {treatments: [imaging]}\nnot_recommended: true\nconfidence: confirmed\nseverity: warning\n"
        "fact: local\n"
        "message: 'Approved {treatment} although local policy does not recommend it'\n"
        "citation: {guideline: Local policy, topic: Imaging}\n"
        "tests:\n  flags: [{request: MRI of the knee, outcome: overturned}]\n"
        "  passes: [{request: MRI of the knee, outcome: upheld}]\n")
    letter = tmp_path / "mri.txt"
    letter.write_text(HEAD + "MRI of the knee:  Overturned\n\nDecision rationale: The MRI is medically necessary.\n")
    without = imrcheck("check", "--output-format", "json", str(letter))
    assert "RUL003" not in without.stdout
    result = imrcheck("check", "--output-format", "json", "--rules", str(rules), str(letter))
    findings = json.loads(result.stdout)["results"][0]["findings"]
    assert [f["rule"] for f in findings if f["code"] == "RUL003"] == ["local.imaging.mri-not-recommended"]


def test_workers_keep_input_order_across_batches(monkeypatch, tmp_path):
    from checker import runner
    from checker.discover import Missing

    monkeypatch.setattr(runner, "BATCH_SIZE", 3)  # three batches and a bit
    letters = sorted(path for path in EXAMPLES.rglob("*.txt"))[:7]
    paths = [str(path) for path in letters] + [Missing(str(tmp_path / "gone.txt"), "gone.txt: no such file")]
    results = list(runner.run(iter(paths), runner.RunOptions(), jobs=2))
    assert [getattr(result, "path", None) for result in results] == [str(path) for path in letters] + [
        str(tmp_path / "gone.txt")]
    assert all(isinstance(result, runner.Report) for result in results[:-1])
    assert isinstance(results[-1], runner.FileError)


# ------------------------------------------------------------------------------ stance


def test_stance_prints_how_a_sentence_was_read(capsys):
    assert main(["stance", "The", "denial", "was", "not", "justified."]) == 0
    out = capsys.readouterr().out
    assert "stance: supports (states the decision)" in out
    assert "operators: not" in out and "the UR decision" in out


def test_stance_as_json_names_every_part(capsys):
    assert main(["stance", "--output-format", "json", "Per the UR report, the request was not necessary."]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["stance"] == "neutral" and data["attributed"] is True and data["conclusive"] is False
    assert data["operators"] == ["not"] and data["predicate"] == "necessary"
    assert set(data) >= {"stance", "conclusive", "predicate", "subject", "operators", "attributed", "conditional"}


def test_stance_reads_one_sentence_per_line_from_stdin(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("Certify.\n\nNon-certify.\n"))
    assert main(["stance", "--output-format", "json", "-"]) == 0
    assert [reading["stance"] for reading in json.loads(capsys.readouterr().out)] == ["supports", "opposes"]
