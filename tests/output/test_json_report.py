"""The JSON report (checker/output/json_report.py)."""
from __future__ import annotations

import json

from checker.output import FileError, make_formatter
from checker.serialize import report_from_data
from tests.output.reports import CHECKS, CLEAN, FLAWED, REPORTS, UNREADABLE, run, summary_of


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
