"""The HTML format: one self-contained report for people (inline CSS, SVG and script).

The report opens offline from disk and loads nothing: a Content-Security-Policy allows only
its own stylesheet and script (by hash), so even a mistake in escaping could not run a
letter's script or fetch anything. Its summary and charts come first but are known only at
the end of a run, so each letter's <article> is spooled (to disk past a few megabytes) as it
is checked and the document is assembled in `end()`; memory stays flat however many letters
the run has, and the file grows linearly with them.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import tempfile
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from checker.models import Family, Outcome, Report, Severity
from checker.output import ErrorLedger, FileError, RunSummary
from checker.output.html_charts import Bar, bar_chart
from checker.output.html_letter import letter_article
from checker.output.letter_source import letter_source
from checker.output.markup import text

if TYPE_CHECKING:
    from checker.checks.registry import Check

ASSETS = Path(__file__).resolve().parent / "assets"
# Letters kept in memory before the spool moves to a temporary file.
SPOOL_BYTES = 8_000_000
SEVERITY_ORDER = [s.value for s in Severity]


@functools.cache
def _asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _csp_hash(source: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(source.encode("utf-8")).digest()).decode() + "'"


class HtmlFormatter:
    def __init__(self, *, checks: list[Check], version: str):
        self.checks = checks
        self.version = version
        # Open from the first letter to end(), which closes it.
        self._spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES, mode="w+", encoding="ascii")  # noqa: SIM115
        self._letters = 0
        self._errors = ErrorLedger()
        self._families: Counter[str] = Counter()
        self._outcomes: Counter[str] = Counter()
        self._treatments: Counter[str] = Counter()

    def begin(self) -> str:
        return ""

    def report(self, report: Report) -> str:
        self._letters += 1
        for finding in report.findings:
            self._families[finding.family.value] += 1
        for item in report.items:
            self._outcomes[item.outcome.value] += 1
            self._treatments[item.request.treatment if item.request and item.request.treatment else "unknown"] += 1
        self._spool.write(letter_article(self._letters, report, letter_source(report)))
        return ""

    def error(self, error: FileError) -> str:
        self._errors.add(error)
        return ""

    def end(self, summary: RunSummary) -> str:
        errors = self._errors.merged(summary)
        self._spool.seek(0)
        letters = self._spool.read()
        self._spool.close()
        style, script = _asset("report.css"), _asset("report.js")
        policy = (f"default-src 'none'; style-src {_csp_hash(style)}; script-src {_csp_hash(script)}; "
                  "img-src 'none'; form-action 'none'; base-uri 'none'")
        title = f"imrcheck report: {summary.files} letters, {summary.findings} findings"
        return "".join([
            '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta name="generator" content="imrcheck {text(self.version)}">',
            f"<title>{text(title)}</title><style>{style}</style></head>\n<body>",
            '<a class="skip-link" href="#letters">Skip to the letters</a>',
            f'<header><h1>imrcheck report</h1><p>imrcheck {text(self.version)}: '
            f'{summary.files} letters checked.</p></header>\n',
            self._filters(summary),
            '<main id="main">',
            self._summary(summary, errors),
            _errors_section(errors),
            '<section id="letters" aria-labelledby="letters-h"><h2 id="letters-h">Letters</h2>',
            ('<p id="facet" class="facet" hidden><span id="facet-text"></span> '
             '<button type="button" id="facet-clear">Show all letters</button></p>'),
            ('<p class="hint">Each letter opens to show its items, its findings and its text with the '
             "evidence highlighted.</p>\n"),
            letters or '<p class="empty">No letters were checked.</p>',
            "</section>\n",
            self._checks_section(),
            "</main>",
            ('<dialog id="explain-dialog" aria-labelledby="explain-title"><h2 id="explain-title">Check</h2>'
             '<pre id="explain-text"></pre><form method="dialog"><button>Close</button></form></dialog>'),
            f"<script>{script}</script></body></html>\n",
        ])

    def _filters(self, summary: RunSummary) -> str:
        def boxes(name: str, legend: str, values: list[str]) -> str:
            inputs = "".join(f'<label><input type="checkbox" name="{name}" value="{text(v)}" checked> {text(v)}</label>'
                             for v in values)
            return f"<fieldset><legend>{legend}</legend>{inputs}</fieldset>"

        return (
            '<nav id="filters" aria-label="Filters"><form id="filter-form">'
            + boxes("severity", "Severity", SEVERITY_ORDER)
            + boxes("family", "Family", [f.value for f in Family])
            + boxes("code", "Code", sorted(summary.by_code) or [])
            + '<p class="search"><label for="search">Search findings</label> '
            '<input type="search" id="search" placeholder="words, code or file" aria-keyshortcuts="/"></p>'
            '<p class="filter-actions"><button type="button" id="reset-filters">Reset filters</button> '
            '<button type="button" id="open-all">Open shown letters</button> '
            '<button type="button" id="close-all">Close all letters</button></p>'
            '<p id="filter-status" role="status" aria-live="polite"></p>'
            '<p class="keys">Keys: <kbd>j</kbd>/<kbd>k</kbd> next/previous finding, <kbd>Enter</kbd> its evidence, '
            "<kbd>/</kbd> search, <kbd>Esc</kbd> leave the search or close a window.</p>"
            "</form></nav>\n"
        )

    def _summary(self, summary: RunSummary, errors: list[FileError]) -> str:
        def row(label: str, value: int) -> str:
            return f"<tr><th scope=\"row\">{text(label)}</th><td>{value}</td></tr>"

        totals = [row("Letters", summary.files), row("Items", summary.items), row("Findings", summary.findings)]
        totals += [row(f"{s} findings", summary.by_severity.get(s, 0)) for s in SEVERITY_ORDER]
        totals.append(row("Unreadable files", len(errors)))
        families = [row(f.value, self._families.get(f.value, 0)) for f in Family]
        severity_of = {check.code: check.severity.value for check in self.checks}
        codes = [Bar(code, count, f"#code={code}", f"sev-{severity_of.get(code, 'neutral')}")
                 for code, count in sorted(summary.by_code.items(), key=lambda kv: (-kv[1], kv[0]))]
        outcomes = [Bar(o.value, self._outcomes[o.value], f"#outcome={o.value}", f"outcome-{o.value}")
                    for o in Outcome if self._outcomes.get(o.value)]
        treatments = [Bar(t.replace("_", " "), n, f"#treatment={t.replace(' ', '_')}")
                      for t, n in sorted(self._treatments.items(), key=lambda kv: (-kv[1], kv[0]))]
        return (
            '<section id="summary" aria-labelledby="summary-h"><h2 id="summary-h">Summary</h2><div class="tables">'
            f'<table class="totals"><caption>Totals</caption><tbody>{"".join(totals)}</tbody></table>'
            f'<table class="totals"><caption>Findings by family</caption><tbody>{"".join(families)}</tbody></table>'
            '</div><div class="charts">'
            + bar_chart("chart-codes", "Findings by code", codes, "finding")
            + bar_chart("chart-outcomes", "Items by stated outcome", outcomes, "item")
            + bar_chart("chart-treatments", "Items by treatment", treatments, "item")
            + "</div></section>\n"
        )

    def _checks_section(self) -> str:
        entries = "".join(
            f'<section id="explain-{text(c.code)}" class="check-doc" aria-labelledby="explain-{text(c.code)}-h">'
            f'<h3 id="explain-{text(c.code)}-h">{text(c.code)} {text(c.name)} ({c.family.value}, '
            f"default severity {c.severity.value})</h3><pre>{text(c.doc)}</pre></section>"
            for c in self.checks)
        return ('<section id="checks" aria-labelledby="checks-h"><h2 id="checks-h">The checks</h2>'
                f"<p>What each code means (<code>imrcheck explain CODE</code>).</p>{entries}</section>\n")


def _errors_section(errors: list[FileError]) -> str:
    if not errors:
        return ""
    rows = "".join(f"<li><code>{text(e.path)}</code>: {text(e.message)}</li>" for e in errors)
    return (f'<section id="unreadable" aria-labelledby="unreadable-h"><h2 id="unreadable-h">Files that could '
            f"not be read</h2><ul>{rows}</ul></section>\n")
