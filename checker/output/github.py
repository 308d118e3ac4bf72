"""The GitHub format: one workflow command per finding, shown as an annotation on the letter.

`::error file=letters/a.txt,line=41,col=5,title=OUT001 outcome-contradicts-conclusion::message`
(`::warning` and `::notice` for the other severities). GitHub reads `,` and `:` inside a
property, and a newline anywhere, as syntax, so values are percent-escaped as the runner
expects: data escapes `%`, CR, LF; properties also escape `:` and `,`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from checker.models import Finding, Report, Severity
from checker.output import ErrorLedger, FileError, RunSummary

if TYPE_CHECKING:
    from checker.checks.registry import Check

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: object) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    head = f"{name} {props}" if props else name
    return f"::{head}::{escape_data(message)}\n"


def _where_and_how_sure(finding: Finding) -> str:
    """The page of a PDF finding and the confidence of its rule, which annotations cannot carry."""
    notes = []
    if finding.page is not None:
        notes.append(f"page {finding.page}")
    if finding.confidence is not None:
        notes.append(f"rule confidence: {finding.confidence}")
    return f" ({'; '.join(notes)})" if notes else ""


class GithubFormatter:
    def __init__(self, *, checks: list[Check]):
        self._names = {check.code: check.name for check in checks}
        self._errors = ErrorLedger()

    def begin(self) -> str:
        return ""

    def report(self, report: Report) -> str:
        lines = []
        for finding in report.findings:
            name = self._names.get(finding.code)
            title = f"{finding.code} {name}" if name else finding.code
            lines.append(
                command(
                    COMMANDS[finding.severity],
                    finding.message + _where_and_how_sure(finding),
                    file=report.path,
                    line=finding.line,
                    col=finding.column,
                    title=title,
                )
            )
        return "".join(lines)

    def error(self, error: FileError) -> str:
        if not self._errors.add(error):
            return ""
        return command("error", error.message, file=error.path)

    def end(self, summary: RunSummary) -> str:
        # Errors only recorded in the summary (never passed to error()) still get annotated.
        before = len(self._errors)
        errors = self._errors.merged(summary)
        return "".join(command("error", e.message, file=e.path) for e in errors[before:])
