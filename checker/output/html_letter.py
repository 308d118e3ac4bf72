"""One letter of the HTML report: an <article> with its items, findings and text.

Findings are in the page from the start (each an element `.finding` with `data-code`,
`data-severity`, `data-family` and `data-item`, numbered within the letter), so the report
can be filtered, printed and scraped. The letter's text is not: it travels as JSON beside the
findings and the page's script renders it, with every evidence span highlighted and labelled
by its finding's number, only when the letter is opened. That keeps a report of thousands of
letters light to open. Every string from a letter is escaped (`markup.text`).
"""
from __future__ import annotations

import bisect

from checker.models import Finding, ItemSummary, Report, Request, Span
from checker.output.letter_source import LetterSource, Unavailable
from checker.output.markup import script_json, text

FINDING_NOUNS = {"error": ("error", "errors"), "warning": ("warning", "warnings"), "info": ("info", "infos")}


def letter_article(number: int, report: Report, source: LetterSource | Unavailable) -> str:
    letter_id = f"L{number}"
    pages = source.page_starts if isinstance(source, LetterSource) else ()
    by_item: dict[int, list[int]] = {}
    for index, finding in enumerate(report.findings, start=1):
        by_item.setdefault(finding.item or 0, []).append(index)
    outcomes = sorted({item.outcome.value for item in report.items})
    treatments = sorted({_treatment(item) for item in report.items})
    codes = sorted({finding.code for finding in report.findings})
    parts = [
        (f'<article class="letter" id="{letter_id}" aria-labelledby="{letter_id}-h" data-path="{text(report.path)}" '
         f'data-outcomes="{text(" ".join(outcomes))}" data-treatments="{text(" ".join(treatments))}" '
         f'data-codes="{" ".join(codes)}">'),
        '<details class="letter-details"><summary>',
        f'<h3 id="{letter_id}-h">{text(report.path)}</h3>',
        f'<span class="letter-meta">{_letter_counts(report)} &middot; layout {text(report.layout.value)}</span>',
        '</summary><div class="letter-body">',
        _items_table(letter_id, report.items, report.findings, by_item),
    ]
    if report.findings:
        parts.append(f'<h4 id="{letter_id}-findings">Findings</h4>'
                     f'<ol class="findings" aria-labelledby="{letter_id}-findings">')
        parts.extend(_finding(letter_id, index, finding, pages)
                     for index, finding in enumerate(report.findings, start=1))
        parts.append("</ol>")
    else:
        parts.append('<p class="clean">No findings.</p>')
    parts.append(f'<h4>Letter text</h4><div class="letter-text" id="{letter_id}-text">')
    if isinstance(source, LetterSource):
        marks = [[span.start, span.end, index, spot]
                 for index, finding in enumerate(report.findings, start=1)
                 for spot, span in enumerate(finding.evidence, start=1)]
        parts.append('<p class="pending">Open the letter to show its text.</p></div>')
        parts.append(f'<script type="application/json" class="letter-data">'
                     f'{script_json({"text": source.text, "pages": list(pages), "marks": marks})}</script>')
    else:
        parts.append(f'<p class="unavailable">Text not shown: {text(source.reason)}.</p></div>')
    parts.append("</div></details></article>\n")
    return "".join(parts)


def _treatment(item: ItemSummary) -> str:
    return (item.request.treatment if item.request and item.request.treatment else "unknown").replace(" ", "_")


def _letter_counts(report: Report) -> str:
    counts = [f"{len(report.items)} item{'s' if len(report.items) != 1 else ''}"]
    for severity, (one, many) in FINDING_NOUNS.items():
        n = sum(1 for finding in report.findings if finding.severity.value == severity)
        if n:
            counts.append(f'<span class="badge sev-{severity}">{n} {one if n == 1 else many}</span>')
    if not report.findings:
        counts.append("no findings")
    return " &middot; ".join(counts)


def _items_table(letter_id: str, items: list[ItemSummary], findings: list[Finding],
                 by_item: dict[int, list[int]]) -> str:
    if not items:
        return '<p class="no-items">No items were found in this letter.</p>'
    rows = []
    for item in items:
        finding_links = ", ".join(
            f'<a href="#{letter_id}-F{index}">[{index}] {findings[index - 1].code}</a>'
            for index in by_item.get(item.index, []))
        conclusion = (f"<q>{text(item.conclusion.text)}</q> <span class=\"where\">line {item.conclusion.line}</span>"
                      if item.conclusion else '<span class="none">none read</span>')
        stated = text(item.outcome_text or "none stated")
        rows.append(
            f'<tr id="{letter_id}-I{item.index}"><th scope="row">{item.index}</th>'
            f"<td>{text(item.heading)} <span class=\"where\">line {item.line}</span></td>"
            f"<td>{_request_text(item.request)}</td>"
            f'<td><span class="outcome outcome-{item.outcome.value}">{stated}</span> '
            f'<span class="where">({item.outcome.value})</span></td>'
            f"<td>{conclusion}</td><td>{finding_links or 'none'}</td></tr>")
    return ('<table class="items"><caption>Items</caption><thead><tr><th scope="col">#</th>'
            '<th scope="col">Heading</th><th scope="col">Request</th><th scope="col">Stated outcome</th>'
            '<th scope="col">Conclusion read</th><th scope="col">Findings</th></tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def _request_text(request: Request | None) -> str:
    """The request's quantities as the grammar read them: '6 visits (2/week x 3 weeks)'."""
    if request is None:
        return '<span class="none">not read</span>'
    if not request.parsed:
        return f'<span class="none">unreadable:</span> {text(request.unparsed or request.text)}'
    parts = [text(request.treatment.replace("_", " "))] if request.treatment else []
    if request.drug:
        strengths = "/".join(f"{s:g}" for s in request.strengths_mg)
        parts.append(text(f"{request.drug} {strengths}{request.strength_unit or ''}".strip()))
    if request.visits is not None:
        parts.append(f"{request.visits:g} visits")
    if request.per_week is not None and request.weeks is not None:
        parts.append(f"({request.per_week:g}/week &times; {request.weeks:g} weeks)")
    for value, label in ((request.count, "#{}"), (request.refills, "{} refills"),
                         (request.supply_days, "{} days' supply"), (request.rental_days, "{}-day rental")):
        if value is not None:
            parts.append(text(label.format(value)))
    if not request.forms_agree:
        parts.append('<strong class="disagree">its numbers disagree</strong>')
    return " ".join(parts) or '<span class="none">no quantity</span>'


def _where(span_or_finding: Span | Finding, pages: tuple[int, ...], offset: int | None) -> str:
    line = f"line {span_or_finding.line}"
    if pages and offset is not None:
        return f"page {bisect.bisect_right(pages, offset)}, {line}"
    return line


def _finding(letter_id: str, index: int, finding: Finding, pages: tuple[int, ...]) -> str:
    finding_id = f"{letter_id}-F{index}"
    severity = finding.severity.value
    first_offset = finding.evidence[0].start if finding.evidence else None
    parts = [
        (f'<li class="finding sev-{severity}" id="{finding_id}" tabindex="-1" data-code="{text(finding.code)}" '
         f'data-severity="{severity}" data-family="{finding.family.value}" '
         f'data-item="{finding.item if finding.item is not None else ""}">'),
        (f'<p class="finding-head"><span class="number">[{index}]</span> '
         f'<span class="badge sev-{severity}">{severity}</span> <code>{text(finding.code)}</code> '
         f'<span class="family">{finding.family.value}</span> '
         f'<span class="where">{"item " + str(finding.item) + ", " if finding.item is not None else ""}'
         f"{_where(finding, pages, first_offset)}:{finding.column}</span></p>"),
        f'<p class="message">{text(finding.message)}</p>',
    ]
    if finding.evidence:
        parts.append('<ul class="evidence">')
        parts.extend(_evidence(finding_id, spot, span, pages) for spot, span in enumerate(finding.evidence, start=1))
        parts.append("</ul>")
    if finding.rule or finding.citation:
        rule = f"<code>{text(finding.rule)}</code>" if finding.rule else ""
        citation = f' <cite>{text(str(finding.citation))}</cite>' if finding.citation else ""
        confidence = (f' <span class="confidence">confidence: {text(finding.confidence)}</span>'
                      if finding.confidence else "")
        parts.append(f'<p class="rule">Rule: {rule}{citation}{confidence}</p>')
    parts.append(f'<p class="actions"><a class="explain" href="#explain-{text(finding.code)}" '
                 f'data-code="{text(finding.code)}">Explain {text(finding.code)}</a></p></li>')
    return "".join(parts)


def _evidence(finding_id: str, spot: int, span: Span, pages: tuple[int, ...]) -> str:
    return (f'<li><a class="span-link" href="#{finding_id}-S{spot}">{_where(span, pages, span.start)}</a> '
            f"<q>{text(span.text)}</q></li>")
