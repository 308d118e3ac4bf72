"""The text report (checker/output/text.py)."""
from __future__ import annotations

import dataclasses

from checker.output import make_formatter
from tests.output.reports import CHECKS, CLEAN, ESC, FACT_FINDING, FACTS, FLAWED, RULE_FINDING, UNREADABLE, run, span


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
