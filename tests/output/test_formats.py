"""What every format shares: the registry of formats, the run summary, no colour in machine
formats."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from checker.output import FORMATS, make_formatter
from tests.output.reports import CHECKS, ESC, FLAWED, REPORTS, UNREADABLE, run, summary_of


def test_unknown_format_is_a_value_error():
    with pytest.raises(ValueError, match="yaml"):
        make_formatter("yaml", checks=CHECKS)


@pytest.mark.parametrize("name", FORMATS)
def test_every_listed_format_reports_each_finding_and_its_letter(name):
    output = run(name)
    assert FLAWED.path in output or quote(FLAWED.path) in output  # SARIF names files by URI
    assert all(finding.code in output for report in REPORTS for finding in report.findings)


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
