"""Output formatters: turn a stream of per-file `Report`s into text, JSON, SARIF, GitHub
workflow commands, JUnit XML, CSV or an HTML report.

Every formatter speaks the same streaming protocol, because a run over a year of letters must
print as it goes and keep memory flat: `begin()` once, `report()` per file in order,
`error()` per unreadable file, `end(summary)` once. Each call returns the text to write (often
""), so the CLI owns the stream. JSON, SARIF and GitHub output stream results as they come;
JUnit must know its counts before the first test case, so it keeps each test case serialised
(a few hundred bytes per file) until `end()`; HTML puts its summary first, so it spools each
letter's section (to disk past a few megabytes) until `end()`.

Only the text and HTML formats talk to people: machine formats never carry colour or banners.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from checker.checks.registry import Check
    from checker.models import Finding, Report

FORMATS = ("text", "json", "sarif", "github", "junit", "csv", "html")
# The formats a person reads; the CLI may show progress and banners only with these.
HUMAN_READABLE_FORMATS = ("text",)


@dataclass(frozen=True)
class FileError:
    """A file that could not be read at all (missing, unreadable, a PDF with no text)."""

    path: str
    message: str


@dataclass
class RunSummary:
    """Totals over the run, filled by the CLI as files are processed.

    `files` counts the files that produced a report; unreadable files are in `errors` only.
    """

    files: int = 0
    items: int = 0
    by_severity: dict[str, int] = field(default_factory=dict)
    by_code: dict[str, int] = field(default_factory=dict)
    errors: list[FileError] = field(default_factory=list)
    # With a baseline: findings it hid, and its entries no finding of the run matched.
    baseline_hidden: int = 0
    baseline_stale: int | None = None

    def add(self, report: Report) -> None:
        """Count one file's report."""
        self.files += 1
        self.items += len(report.items)
        for finding in report.findings:
            severity = finding.severity.value
            self.by_severity[severity] = self.by_severity.get(severity, 0) + 1
            self.by_code[finding.code] = self.by_code.get(finding.code, 0) + 1

    def add_error(self, error: FileError) -> None:
        self.errors.append(error)

    @property
    def findings(self) -> int:
        return sum(self.by_severity.values())


class Formatter(Protocol):
    def begin(self) -> str: ...

    def report(self, report: Report) -> str: ...

    def error(self, error: FileError) -> str: ...

    def end(self, summary: RunSummary) -> str: ...


@runtime_checkable
class ShowsBaselined(Protocol):
    """A format that lists the findings a baseline knew, marked as such (SARIF's
    baselineState "unchanged"); the others leave them out, as the report does."""

    def unchanged(self, report: Report, findings: list[Finding]) -> str: ...


class ErrorLedger:
    """Remembers the file errors a formatter has already written.

    The CLI may hand an unreadable file to `error()`, or only record it in
    `RunSummary.errors`, or both; formats that list errors at the end write each one once.
    """

    def __init__(self) -> None:
        self._seen: set[FileError] = set()
        self._errors: list[FileError] = []

    def __len__(self) -> int:
        return len(self._errors)

    def add(self, error: FileError) -> bool:
        """Record an error; False when it was already recorded."""
        if error in self._seen:
            return False
        self._seen.add(error)
        self._errors.append(error)
        return True

    def merged(self, summary: RunSummary) -> list[FileError]:
        """Every error seen through `error()` and in the summary, each once, in order."""
        for error in summary.errors:
            self.add(error)
        return list(self._errors)


def make_formatter(
    name: str,
    *,
    checks: list[Check],
    color: bool = False,
    statistics: bool = False,
    version: str = "0.1.0",
    baseline: bool = False,
) -> Formatter:
    """The formatter for an output format named in FORMATS; ValueError for any other name.

    `checks` is the list of registered checks (the CLI passes `all_checks()`): formats that
    name or describe a check (text statistics, SARIF rules, GitHub titles) read it from here.
    `baseline` says the run is compared with a baseline (SARIF then marks each result's
    baselineState).
    """
    # Imported lazily so `imrcheck check one.txt` pays only for the format it prints.
    if name == "text":
        from checker.output.text import TextFormatter

        return TextFormatter(checks=checks, color=color, statistics=statistics)
    if name == "json":
        from checker.output.json_report import JsonFormatter

        return JsonFormatter(version=version)
    if name == "sarif":
        from checker.output.sarif import SarifFormatter

        return SarifFormatter(checks=checks, version=version, baseline=baseline)
    if name == "github":
        from checker.output.github import GithubFormatter

        return GithubFormatter(checks=checks)
    if name == "junit":
        from checker.output.junit import JunitFormatter

        return JunitFormatter()
    if name == "html":
        from checker.output.html import HtmlFormatter

        return HtmlFormatter(checks=checks, version=version)
    if name == "csv":
        from checker.output.csv_report import CsvFormatter

        return CsvFormatter()
    raise ValueError(f"unknown output format {name!r}; expected one of {', '.join(FORMATS)}")


__all__ = [
    "FORMATS",
    "HUMAN_READABLE_FORMATS",
    "FileError",
    "Formatter",
    "RunSummary",
    "ShowsBaselined",
    "make_formatter",
]
