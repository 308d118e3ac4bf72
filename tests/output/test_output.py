"""Tests for the output formatters (checker/output/): text, json, sarif, github, junit.

Reports are built by hand, and checks are fakes passed in as a list, so these tests depend on
neither the engine nor the registered checks.
"""
from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET

import pytest

from checker.checks.registry import Check
from checker.models import (
    Family,
    Finding,
    ItemSummary,
    Layout,
    Outcome,
    Report,
    RuleCitation,
    Severity,
    Span,
)
from checker.output import FORMATS, FileError, RunSummary, make_formatter
from checker.output.github import escape_data, escape_property
from checker.serialize import report_from_data

ESC = "\x1b"
LONG_TEXT = "The requested twelve sessions of physical therapy " * 8  # ~400 chars, no newline


def outcome_contradicts_conclusion(letter, context):
    """The stated outcome contradicts the rationale's own conclusion.

    Why: an Upheld letter whose rationale says the treatment is necessary is wrong either way.

    Fires: "Upheld" + "is medically necessary and appropriate".

    Does not fire: "Upheld" + "is not medically necessary".
    """
    return []


def trial_within_limit_denied(letter, context):
    """A manual therapy trial within the MTUS limit was denied.

    Why: MTUS recommends a 6-visit trial.

    Fires: 5 chiropractic visits denied with no prior chiropractic.

    Does not fire: 12 chiropractic visits denied.
    """
    return []


def age_differs(letter, context):
    """The claimant's age differs within one letter.

    Why: a letter about the wrong person is a serious error.

    Fires: "44-year-old" and "45-year-old" in one letter.

    Does not fire: the same age stated twice.
    """
    return []


CHECKS = [
    Check("FCT001", "age-differs", Family.FACTS, Severity.INFO, age_differs),
    Check("OUT001", "outcome-contradicts-conclusion", Family.OUTCOME, Severity.ERROR, outcome_contradicts_conclusion),
    Check("RUL001", "trial-within-limit-denied", Family.RULES, Severity.WARNING, trial_within_limit_denied),
]


def span(line: int, column: int, text: str, end_column: int | None = None) -> Span:
    end = end_column if end_column is not None else column + len(text)
    return Span(start=0, end=len(text), line=line, column=column, end_line=line, end_column=end, text=text)


CITATION = RuleCitation(guideline="MTUS Chronic Pain", topic="Manual therapy & manipulation", pages=[58, 59])

OUTCOME_FINDING = Finding(
    code="OUT001",
    family=Family.OUTCOME,
    severity=Severity.ERROR,
    message="Item 1: outcome Upheld but the rationale concludes the request is necessary",
    item=1,
    line=41,
    column=5,
    evidence=[
        span(41, 5, "Upheld"),
        span(44, 1, 'is "medically necessary" & <appropriate>'),
        span(45, 1, LONG_TEXT),
        span(46, 1, "a fourth span that is never shown"),
    ],
)
RULE_FINDING = Finding(
    code="RUL001",
    family=Family.RULES,
    severity=Severity.WARNING,
    message="Item 2: 5 visits is within the 6-visit trial, but denied",
    item=2,
    line=60,
    column=3,
    evidence=[span(60, 3, "5 chiropractic visits")],
    rule="mtus.manual-therapy.trial",
    citation=CITATION,
)
FACT_FINDING = Finding(
    code="FCT001",
    family=Family.FACTS,
    severity=Severity.INFO,
    message="age stated as 44 and 45",
    item=None,
    line=3,
    column=10,
    evidence=[span(3, 10, "44-year-old"), span(12, 1, "45-year-old")],
)

FLAWED = Report(
    path="letters/flawed 001.txt",
    layout=Layout.MAXIMUS_IR,
    content_hash="9f2c",
    items=[
        ItemSummary(index=1, heading="Physical therapy", outcome=Outcome.UPHELD, outcome_text="Upheld", line=40),
        ItemSummary(index=2, heading="Chiropractic", outcome=Outcome.UPHELD, outcome_text="Upheld", line=58),
    ],
    findings=[OUTCOME_FINDING, RULE_FINDING],
)
FACTS = Report(
    path="letters/facts.txt",
    layout=Layout.MAXIMUS_IR,
    content_hash="77aa",
    items=[ItemSummary(index=1, heading="MRI", outcome=Outcome.OVERTURNED, line=20)],
    findings=[FACT_FINDING],
)
CLEAN = Report(
    path="letters/clean.txt",
    layout=Layout.MAXIMUS_IR,
    content_hash="0b0b",
    items=[ItemSummary(index=1, heading="Ibuprofen", outcome=Outcome.OVERTURNED, line=30)],
)
UNREADABLE = FileError(path="letters/broken.pdf", message="PDF has no text layer")
REPORTS = [FLAWED, CLEAN, FACTS]


def summary_of(reports: list[Report], errors: list[FileError] = ()) -> RunSummary:
    summary = RunSummary()
    for report in reports:
        summary.add(report)
    for error in errors:
        summary.add_error(error)
    return summary


def run(name: str, reports: list[Report] = REPORTS, errors: list[FileError] = (UNREADABLE,), **options) -> str:
    """The whole output of a run, calling the formatter the way the CLI does."""
    formatter = make_formatter(name, checks=CHECKS, **options)
    chunks = [formatter.begin()]
    for report in reports:
        chunks.append(formatter.report(report))
    for error in errors:
        chunks.append(formatter.error(error))
    chunks.append(formatter.end(summary_of(reports, errors)))
    return "".join(chunks)


# -- shared pieces -------------------------------------------------------------------------


def test_unknown_format_is_a_value_error():
    with pytest.raises(ValueError, match="yaml"):
        make_formatter("yaml", checks=CHECKS)


def test_every_listed_format_has_a_formatter():
    for name in FORMATS:
        formatter = make_formatter(name, checks=CHECKS)
        assert callable(formatter.begin) and callable(formatter.end)


def test_run_summary_counts_files_items_and_findings():
    summary = summary_of(REPORTS, [UNREADABLE])
    assert (summary.files, summary.items) == (3, 4)
    assert summary.by_severity == {"error": 1, "warning": 1, "info": 1}
    assert summary.by_code == {"OUT001": 1, "RUL001": 1, "FCT001": 1}
    assert summary.findings == 3
    assert summary.errors == [UNREADABLE]


@pytest.mark.parametrize("name", [f for f in FORMATS if f != "text"])
def test_machine_formats_never_carry_colour(name):
    assert ESC not in run(name, color=True, statistics=True)


# -- text ----------------------------------------------------------------------------------


def test_text_finding_line_names_path_line_column_code_severity_and_message():
    lines = run("text").splitlines()
    assert lines[0] == (
        "letters/flawed 001.txt:41:5: OUT001 [error] "
        "Item 1: outcome Upheld but the rationale concludes the request is necessary"
    )
    assert "letters/facts.txt:3:10: FCT001 [info] age stated as 44 and 45" in lines


def test_text_quotes_at_most_three_evidence_spans_with_their_lines():
    out = make_formatter("text", checks=CHECKS).report(FLAWED)
    lines = out.splitlines()
    assert lines[1] == "    41 | Upheld"
    assert lines[2] == '    44 | is "medically necessary" & <appropriate>'
    assert lines[3].startswith("    45 | The requested twelve sessions")
    assert "fourth span" not in out


def test_text_truncates_long_evidence_with_an_ellipsis():
    out = make_formatter("text", checks=CHECKS).report(FLAWED)
    quoted = next(line for line in out.splitlines() if line.startswith("    45 | "))
    text = quoted[len("    45 | "):]
    assert len(text) <= 160
    assert text.endswith("...")


def test_text_puts_multiline_evidence_on_one_line():
    finding = dataclasses.replace(FACT_FINDING, **{"evidence": [span(3, 10, "44-year-old\nfemale  with")]})
    out = make_formatter("text", checks=CHECKS).report(dataclasses.replace(FACTS, **{"findings": [finding]}))
    assert out.splitlines()[1] == "    3 | 44-year-old female with"


def test_text_shows_rule_and_citation_for_rule_findings():
    lines = run("text").splitlines()
    index = lines.index("letters/flawed 001.txt:60:3: RUL001 [warning] " + RULE_FINDING.message)
    assert lines[index + 1] == "    60 | 5 chiropractic visits"
    assert lines[index + 2] == (
        "    rule: mtus.manual-therapy.trial "
        "(MTUS Chronic Pain, Manual therapy & manipulation, Page(s): 58-59)"
    )
    assert sum(line.startswith("    rule:") for line in lines) == 1


def test_text_prints_nothing_for_a_clean_file():
    formatter = make_formatter("text", checks=CHECKS)
    assert formatter.begin() == ""
    assert formatter.report(CLEAN) == ""
    assert "clean.txt" not in run("text")


def test_text_leaves_unreadable_files_to_stderr_but_counts_them():
    assert make_formatter("text", checks=CHECKS).error(UNREADABLE) == ""
    out = run("text")
    assert "broken.pdf" not in out
    assert out.splitlines()[-1].endswith("1 file could not be read.")


def test_text_summary_counts_each_severity():
    last = run("text", errors=[]).splitlines()[-1]
    assert last == "Checked 3 files, 4 items: 1 error, 1 warning, 1 info."


def test_text_summary_pluralises_counts():
    reports = [FLAWED, dataclasses.replace(FLAWED, **{"path": "b.txt"})]
    last = run("text", reports=reports, errors=[]).splitlines()[-1]
    assert last == "Checked 2 files, 4 items: 2 errors, 2 warnings, 0 infos."


def test_text_summary_says_no_findings_when_clean():
    assert run("text", reports=[CLEAN], errors=[]) == "Checked 1 file, 1 item: no findings.\n"


def test_text_without_colour_has_no_escape_codes():
    assert ESC not in run("text", color=False)


def test_text_colour_marks_path_severity_and_evidence():
    out = run("text", color=True)
    assert f"{ESC}[1mletters/flawed 001.txt:41:5:{ESC}[0m" in out
    assert f"{ESC}[31m[error]{ESC}[0m" in out
    assert f"{ESC}[33m[warning]{ESC}[0m" in out
    assert f"{ESC}[34m[info]{ESC}[0m" in out
    assert f"{ESC}[2m    41 | Upheld{ESC}[0m" in out


def test_text_escapes_control_characters_from_the_letter():
    finding = dataclasses.replace(FACT_FINDING, **{"evidence": [span(3, 10, "44\x1b[2J-year-old\x00")]})
    out = make_formatter("text", checks=CHECKS).report(dataclasses.replace(FACTS, **{"findings": [finding]}))
    assert ESC not in out and "\x00" not in out
    assert "44\\x1b[2J-year-old\\x00" in out


def test_text_statistics_table_sorted_by_count_then_code():
    reports = [FLAWED, FACTS, dataclasses.replace(FLAWED, **{"path": "letters/flawed2.txt"})]
    lines = run("text", reports=reports, errors=[], statistics=True).splitlines()
    table = lines[-4:-1]
    assert table == [
        "  2  OUT001  outcome-contradicts-conclusion",
        "  2  RUL001  trial-within-limit-denied",
        "  1  FCT001  age-differs",
    ]
    assert lines[-1].startswith("Checked 3 files")


def test_text_without_statistics_has_no_table():
    out = run("text", errors=[], statistics=False)
    assert "outcome-contradicts-conclusion" not in out


# -- json ----------------------------------------------------------------------------------


def test_json_parses_and_round_trips_every_report():
    document = json.loads(run("json"))
    assert document["version"] == "0.1.0"
    assert [r["path"] for r in document["results"]] == [r.path for r in REPORTS]
    for result, report in zip(document["results"], REPORTS, strict=True):
        assert report_from_data(result) == report


def test_json_lists_unreadable_files_and_the_summary():
    document = json.loads(run("json", version="9.9.9"))
    assert document["version"] == "9.9.9"
    assert document["errors"] == [{"path": "letters/broken.pdf", "message": "PDF has no text layer"}]
    summary = document["summary"]
    assert (summary["files"], summary["items"], summary["findings"]) == (3, 4, 3)
    assert summary["by_severity"] == {"error": 1, "warning": 1, "info": 1}
    assert summary["by_code"] == {"FCT001": 1, "OUT001": 1, "RUL001": 1}
    assert summary["unreadable"] == 1


def test_json_empty_run_is_still_a_document():
    document = json.loads(run("json", reports=[], errors=[]))
    assert document["results"] == [] and document["errors"] == []


def test_json_streams_each_report_as_it_arrives():
    formatter = make_formatter("json", checks=CHECKS)
    head = formatter.begin()
    first = formatter.report(FLAWED)
    second = formatter.report(CLEAN)
    assert head.startswith('{"version": "0.1.0", "results": [')
    assert report_from_data(json.loads(first)) == FLAWED
    assert second.startswith(",")
    assert report_from_data(json.loads(second[1:])) == CLEAN


def test_json_writes_an_error_known_only_to_the_summary_once():
    formatter = make_formatter("json", checks=CHECKS)
    other = FileError("letters/empty.txt", "empty file")
    text = formatter.begin() + formatter.error(UNREADABLE) + formatter.end(summary_of([], [UNREADABLE, other]))
    assert [e["path"] for e in json.loads(text)["errors"]] == ["letters/broken.pdf", "letters/empty.txt"]


# -- sarif ---------------------------------------------------------------------------------


@pytest.fixture
def sarif() -> dict:
    return json.loads(run("sarif"))


def test_sarif_has_the_2_1_0_envelope(sarif):
    assert sarif["version"] == "2.1.0"
    assert sarif["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    driver = sarif["runs"][0]["tool"]["driver"]
    assert driver["name"] == "imrcheck"
    assert driver["version"] == "0.1.0"
    assert driver["informationUri"] == "https://github.com/imrcheck/imrcheck"


def test_sarif_describes_every_check_as_a_rule(sarif):
    rules = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["FCT001", "OUT001", "RUL001"]
    outcome = rules[1]
    assert outcome["name"] == "outcome-contradicts-conclusion"
    assert outcome["shortDescription"]["text"] == "The stated outcome contradicts the rationale's own conclusion."
    assert "Why:" in outcome["fullDescription"]["text"]
    assert "Fires:" not in outcome["fullDescription"]["text"]
    assert outcome["help"]["text"] == CHECKS[1].doc
    assert outcome["properties"]["family"] == "outcome"
    assert [r["defaultConfiguration"]["level"] for r in rules] == ["note", "error", "warning"]


def test_sarif_results_point_at_declared_rules_with_valid_levels(sarif):
    run0 = sarif["runs"][0]
    rules = run0["tool"]["driver"]["rules"]
    results = run0["results"]
    assert len(results) == 3
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["level"] in {"error", "warning", "note", "none"}
        assert result["message"]["text"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"]
        assert location["region"]["startLine"] >= 1
        assert location["region"]["startColumn"] >= 1
    assert [r["level"] for r in results] == ["error", "warning", "note"]


def test_sarif_region_quotes_the_primary_evidence_and_relates_the_rest(sarif):
    result = sarif["runs"][0]["results"][0]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "letters/flawed%20001.txt"
    assert location["region"] == {
        "startLine": 41,
        "startColumn": 5,
        "endLine": 41,
        "endColumn": 11,
        "snippet": {"text": "Upheld"},
    }
    related = result["relatedLocations"]
    assert [r["physicalLocation"]["region"]["startLine"] for r in related] == [44, 45, 46]
    assert related[0]["physicalLocation"]["region"]["snippet"]["text"] == 'is "medically necessary" & <appropriate>'


def test_sarif_rule_findings_carry_rule_and_citation(sarif):
    results = sarif["runs"][0]["results"]
    assert results[1]["properties"] == {
        "item": 2,
        "family": "rules",
        "rule": "mtus.manual-therapy.trial",
        "citation": "MTUS Chronic Pain, Manual therapy & manipulation, Page(s): 58-59",
    }
    assert "rule" not in results[0]["properties"]
    assert results[0]["properties"]["item"] == 1


def test_sarif_fingerprint_ignores_the_path_but_not_the_letter():
    def fingerprint(report: Report) -> str:
        document = json.loads(run("sarif", reports=[report], errors=[]))
        return document["runs"][0]["results"][0]["partialFingerprints"]["imrcheck/v1"]

    base = fingerprint(FACTS)
    assert len(base) == 32
    assert fingerprint(dataclasses.replace(FACTS, **{"path": "elsewhere/facts.txt"})) == base
    assert fingerprint(dataclasses.replace(FACTS, **{"content_hash": "other"})) != base


def test_sarif_fingerprints_differ_for_repeated_findings_on_one_item():
    twice = dataclasses.replace(FACTS, findings=[FACT_FINDING, dataclasses.replace(FACT_FINDING, line=12)])
    results = json.loads(run("sarif", reports=[twice], errors=[]))["runs"][0]["results"]
    prints = {r["partialFingerprints"]["imrcheck/v1"] for r in results}
    assert len(prints) == 2


def test_sarif_reports_unreadable_files_as_notifications(sarif):
    invocation = sarif["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    (notification,) = invocation["toolExecutionNotifications"]
    assert notification["level"] == "error"
    assert notification["message"]["text"] == "PDF has no text layer"
    uri = notification["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "letters/broken.pdf"


def test_sarif_run_without_errors_succeeded():
    document = json.loads(run("sarif", errors=[]))
    invocation = document["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is True
    assert invocation["toolExecutionNotifications"] == []


def test_sarif_empty_run_is_still_a_document():
    document = json.loads(run("sarif", reports=[CLEAN], errors=[]))
    assert document["runs"][0]["results"] == []


def test_sarif_finding_of_an_unregistered_code_has_no_rule_index():
    stray = dataclasses.replace(FACTS, **{"findings": [dataclasses.replace(FACT_FINDING, **{"code": "ZZZ999"})]})
    (result,) = json.loads(run("sarif", reports=[stray], errors=[]))["runs"][0]["results"]
    assert result["ruleId"] == "ZZZ999"
    assert "ruleIndex" not in result


def test_sarif_absolute_paths_become_file_uris():
    moved = dataclasses.replace(FACTS, **{"path": "/srv/imr/letter 1.txt"})
    (result,) = json.loads(run("sarif", reports=[moved], errors=[]))["runs"][0]["results"]
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "file:///srv/imr/letter%201.txt"


# -- github --------------------------------------------------------------------------------


def test_github_escapes_data():
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"


def test_github_escapes_properties():
    assert escape_property("a,b:c%d\ne") == "a%2Cb%3Ac%25d%0Ae"


def test_github_one_command_per_finding_by_severity():
    lines = run("github", errors=[]).splitlines()
    assert lines == [
        "::error file=letters/flawed 001.txt,line=41,col=5,title=OUT001 outcome-contradicts-conclusion::"
        + OUTCOME_FINDING.message,
        "::warning file=letters/flawed 001.txt,line=60,col=3,title=RUL001 trial-within-limit-denied::"
        + RULE_FINDING.message,
        "::notice file=letters/facts.txt,line=3,col=10,title=FCT001 age-differs::age stated as 44 and 45",
    ]


def test_github_escapes_the_path_and_message_of_a_finding():
    odd = dataclasses.replace(FACTS, path="letters/a,b:c.txt",
                              findings=[dataclasses.replace(FACT_FINDING, message="age 44%\nthen 45")])
    (line,) = run("github", reports=[odd], errors=[]).splitlines()
    assert line.startswith("::notice file=letters/a%2Cb%3Ac.txt,line=3,")
    assert line.endswith("::age 44%25%0Athen 45")


def test_github_annotates_unreadable_files():
    formatter = make_formatter("github", checks=CHECKS)
    assert formatter.error(UNREADABLE) == "::error file=letters/broken.pdf::PDF has no text layer\n"


def test_github_annotates_summary_only_errors_once_at_the_end():
    formatter = make_formatter("github", checks=CHECKS)
    other = FileError("letters/empty.txt", "empty file")
    first = formatter.error(UNREADABLE)
    last = formatter.end(summary_of([], [UNREADABLE, other]))
    assert "broken.pdf" in first
    assert last == "::error file=letters/empty.txt::empty file\n"


# -- junit ---------------------------------------------------------------------------------


@pytest.fixture
def junit() -> ET.Element:
    return ET.fromstring(run("junit").encode("utf-8"))


def test_junit_counts_match_the_testcases(junit):
    assert junit.tag == "testsuites"
    (suite,) = junit.findall("testsuite")
    cases = suite.findall("testcase")
    assert suite.get("name") == "imrcheck"
    assert int(suite.get("tests")) == len(cases) == 4
    assert int(suite.get("failures")) == sum(1 for c in cases if c.find("failure") is not None) == 2
    assert int(suite.get("errors")) == sum(1 for c in cases if c.find("error") is not None) == 1
    assert (junit.get("tests"), junit.get("failures"), junit.get("errors")) == ("4", "2", "1")


def test_junit_one_failure_per_finding_with_code_and_evidence(junit):
    case = next(c for c in junit.iter("testcase") if c.get("name") == "letters/flawed 001.txt")
    assert case.get("classname") == "imrcheck"
    failures = case.findall("failure")
    assert [f.get("type") for f in failures] == ["OUT001", "RUL001"]
    assert failures[0].get("message") == OUTCOME_FINDING.message
    assert failures[0].text.splitlines()[0] == (
        "letters/flawed 001.txt:41:5: OUT001 [error] " + OUTCOME_FINDING.message
    )
    assert '    44 | is "medically necessary" & <appropriate>' in failures[0].text
    assert "rule: mtus.manual-therapy.trial" in failures[1].text


def test_junit_clean_file_is_a_passing_testcase(junit):
    case = next(c for c in junit.iter("testcase") if c.get("name") == "letters/clean.txt")
    assert list(case) == []


def test_junit_unreadable_file_is_an_error_testcase(junit):
    case = next(c for c in junit.iter("testcase") if c.get("name") == "letters/broken.pdf")
    (error,) = case.findall("error")
    assert error.get("message") == "PDF has no text layer"


def test_junit_strips_characters_xml_cannot_hold():
    dirty = dataclasses.replace(FACTS, findings=[
        dataclasses.replace(FACT_FINDING, message="age\x00 44 \x0b& <45>",
                            evidence=[span(3, 10, "44\x01-year-old \ud800")])])
    root = ET.fromstring(run("junit", reports=[dirty], errors=[]).encode("utf-8"))
    (failure,) = root.iter("failure")
    assert failure.get("message") == "age 44 & <45>"
    assert "\ud800" not in failure.text
