"""`imrcheck check --output-format csv`: one row per item, RFC 4180, errors as rows."""
from __future__ import annotations

import csv
import io

from checker import cli
from checker.engine import check_file
from checker.models import Family, Finding, ItemSummary, Layout, Outcome, Report, Request, Severity
from checker.output import FileError, RunSummary
from checker.output.csv_report import COLUMNS, CsvFormatter
from tests.support.paths import example_files


def read_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_one_row_per_item_of_every_example(capsys):
    letters = example_files()
    assert cli.main(["check", "--exit-zero", "--output-format", "csv", *map(str, letters)]) == 0
    output = capsys.readouterr().out
    assert output.startswith(",".join(COLUMNS) + "\r\n")
    rows = read_rows(output)
    reports = [check_file(letter) for letter in letters]
    expected = sum(max(1, len(report.items)) for report in reports)
    assert len(rows) == expected
    for report in reports:
        mine = [row for row in rows if row["path"] == report.path]
        assert [row["item"] for row in mine] == ([str(i.index) for i in report.items] or [""])
        for row, summary in zip(mine, report.items, strict=False):
            on_item = {f.code for f in report.findings if f.item == summary.index}
            assert row["codes"] == " ".join(sorted(on_item)), (report.path, summary.index)
            assert row["outcome"] == summary.outcome.value


def test_fields_with_commas_quotes_and_line_breaks_are_quoted():
    heading = 'Norco 10/325mg #90, "as needed"\nsecond line'
    report = Report(path="a,b.txt", layout=Layout.IMR_FINAL, items=[
        ItemSummary(index=1, heading=heading, outcome=Outcome.OVERTURNED, line=3,
                    request=Request(text=heading, treatment="medication", drug="hydrocodone/acetaminophen",
                                    drug_class="opioid", count=90, strengths_mg=[10.0, 325.0], refills=2))],
        findings=[Finding(code="RUL003", family=Family.RULES, severity=Severity.WARNING, message="m", item=1),
                  Finding(code="OUT001", family=Family.OUTCOME, severity=Severity.ERROR, message="m", item=1),
                  Finding(code="FCT001", family=Family.FACTS, severity=Severity.INFO, message="m")])
    formatter = CsvFormatter()
    text = formatter.begin() + formatter.report(report) + formatter.end(RunSummary())
    assert '"a,b.txt"' in text and '""as needed""' in text
    [row] = read_rows(text)
    assert row["heading"] == heading
    assert (row["count"], row["strengths_mg"], row["refills"]) == ("90", "10 325", "2")
    assert (row["codes"], row["severity"], row["letter_codes"]) == ("OUT001 RUL003", "error", "FCT001")
    assert row["visits"] == "" and row["error"] == ""


def test_a_letter_without_items_is_one_row_and_an_unreadable_one_a_row_with_its_error():
    formatter = CsvFormatter()
    unknown = Report(path="memo.txt", layout=Layout.UNKNOWN, findings=[
        Finding(code="STR005", family=Family.STRUCTURE, severity=Severity.ERROR, message="unknown layout")])
    gone = FileError("gone.txt", "gone.txt: no such file")
    text = formatter.begin() + formatter.report(unknown) + formatter.error(gone)
    rows = read_rows(text)
    assert [(r["path"], r["item"], r["letter_codes"], r["error"]) for r in rows] == [
        ("memo.txt", "", "STR005", ""), ("gone.txt", "", "", "gone.txt: no such file")]


def test_an_unreadable_letter_is_a_row_in_the_cli_output(capsys, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    assert cli.main(["check", "--output-format", "csv", str(tmp_path / "empty.txt"), str(example_files()[0])]) == 2
    captured = capsys.readouterr()
    rows = read_rows(captured.out)
    assert rows[0]["path"].endswith("empty.txt") and "empty file" in rows[0]["error"]
    assert all(row["error"] == "" for row in rows[1:]) and len(rows) >= 2
