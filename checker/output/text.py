"""The text format, for people: one line per finding with its quoted evidence, then totals.

```
letters/0001.txt:41:5: OUT001 [error] Item 1: outcome Upheld but the rationale concludes ...
    44 | is medically necessary and appropriate for this patient.
    rule: mtus.manual-therapy.trial (MTUS Chronic Pain, Manual therapy, Page(s): 58, 59)
```
A file with no findings prints nothing (as ruff does). Letter text reaches a terminal here,
so control characters in it are shown escaped, never sent raw (an ESC in a letter must not
repaint the analyst's screen).
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from checker.models import Finding, Report, Severity
from checker.output import FileError, RunSummary

if TYPE_CHECKING:
    from checker.checks.registry import Check

MAX_EVIDENCE_SPANS = 3
MAX_EVIDENCE_CHARS = 160
ELLIPSIS = "..."

BOLD = "\x1b[1m"
DIM = "\x1b[2m"
RESET = "\x1b[0m"
SEVERITY_COLORS = {
    Severity.ERROR: "\x1b[31m",  # red
    Severity.WARNING: "\x1b[33m",  # yellow
    Severity.INFO: "\x1b[34m",  # blue
}

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """Text with control characters shown as \\xNN escapes instead of acting on a terminal."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def one_line(text: str, limit: int = MAX_EVIDENCE_CHARS) -> str:
    """Text on one line: whitespace runs (newlines included) collapsed, cut to `limit` chars."""
    flat = printable(" ".join(text.split()))
    if len(flat) > limit:
        flat = flat[: limit - len(ELLIPSIS)].rstrip() + ELLIPSIS
    return flat


def _paint(text: str, style: str, color: bool) -> str:
    return f"{style}{text}{RESET}" if color else text


def finding_lines(path: str, finding: Finding, *, color: bool = False) -> list[str]:
    """The lines that show one finding: the location line, evidence quotes, the rule."""
    severity = _paint(f"[{finding.severity.value}]", SEVERITY_COLORS[finding.severity], color)
    location = _paint(f"{printable(path)}:{_page(finding.page)}{finding.line}:{finding.column}:", BOLD, color)
    lines = [f"{location} {finding.code} {severity} {one_line(finding.message, limit=10_000)}"]
    for span in finding.evidence[:MAX_EVIDENCE_SPANS]:
        lines.append(_paint(f"    {_page(span.page)}{span.line} | {one_line(span.text)}", DIM, color))
    if finding.rule or finding.citation:
        rule = f"    rule: {finding.rule or '-'}"
        if finding.citation is not None:
            rule += f" ({one_line(str(finding.citation), limit=10_000)})"
        if finding.confidence is not None:
            rule += f" [confidence: {finding.confidence}]"
        lines.append(rule)
    return lines


def _page(page: int | None) -> str:
    """`p3:` before a line number in a paged letter (a PDF), as `letter.pdf:p3:12:5`."""
    return f"p{page}:" if page is not None else ""


def _count(n: int, noun: str) -> str:
    if n == 1:
        return f"{n} {noun}"
    return f"{n} {noun[:-1]}ies" if noun.endswith("y") else f"{n} {noun}s"


def summary_line(summary: RunSummary) -> str:
    """`Checked 3 files, 7 items: 2 errors, 1 warning, 0 infos.` or `...: no findings.`"""
    checked = f"Checked {_count(summary.files, 'file')}, {_count(summary.items, 'item')}"
    if summary.findings == 0:
        line = f"{checked}: no findings."
    else:
        counts = ", ".join(
            _count(summary.by_severity.get(s.value, 0), s.value)
            for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)
        )
        line = f"{checked}: {counts}."
    if summary.baseline_hidden:
        line += f" {_count(summary.baseline_hidden, 'finding')} hidden by the baseline."
    if summary.baseline_stale:
        line += f" {_count(summary.baseline_stale, 'baseline entry')} matched nothing (stale)."
    if summary.errors:
        unread = len(summary.errors)
        line += f" {_count(unread, 'file')} could not be read."
    return line


def statistics_lines(summary: RunSummary, checks: list[Check]) -> list[str]:
    """`  12  OUT001  outcome-contradicts-conclusion`, most frequent code first."""
    names = {check.code: check.name for check in checks}
    rows = sorted(summary.by_code.items(), key=lambda row: (-row[1], row[0]))
    if not rows:
        return []
    count_width = max(len(str(count)) for _, count in rows)
    code_width = max(len(code) for code, _ in rows)
    return [
        f"  {count:>{count_width}}  {code:<{code_width}}  {names.get(code, '')}".rstrip()
        for code, count in rows
    ]


class TextFormatter:
    def __init__(self, *, checks: list[Check], color: bool = False, statistics: bool = False):
        self.checks = checks
        self.color = color
        self.statistics = statistics

    def begin(self) -> str:
        return ""

    def report(self, report: Report) -> str:
        lines: list[str] = []
        for finding in report.findings:
            lines.extend(finding_lines(report.path, finding, color=self.color))
        return "".join(line + "\n" for line in lines)

    def error(self, error: FileError) -> str:
        # The CLI prints unreadable files on stderr; the totals at the end count them.
        return ""

    def end(self, summary: RunSummary) -> str:
        lines: list[str] = []
        if self.statistics:
            lines.extend(statistics_lines(summary, self.checks))
        lines.append(summary_line(summary))
        return "".join(line + "\n" for line in lines)
