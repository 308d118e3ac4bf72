"""Pages of a letter: a PDF's text layer ends each page with a form feed, as printed text does.

A finding in a paged letter is located as a reader finds it on paper: the page, and the line
counted from that page's top. Pages are told by form feeds (U+000C) alone, so a plain text
letter without them has no pages and keeps its file's line numbers.
"""
from __future__ import annotations

import bisect
import dataclasses
from collections.abc import Callable

from checker.models import Finding, Span
from checker.reading import PAGE_END


def page_lines(original: str, line_of: Callable[[int], int]) -> list[int]:
    """The first line of each page (1-based), or [] when the text has no page ends.

    A page begins after a form feed and the line break directly after it, if any; a form
    feed with nothing after it but blanks ends the last page.
    """
    if PAGE_END not in original:
        return []
    starts = [1]
    last_words = len(original.rstrip())
    at = original.find(PAGE_END)
    while at != -1:
        after = at + 1
        if original.startswith("\r\n", after):
            after += 2
        elif original.startswith(("\n", "\r"), after):
            after += 1
        if after < last_words:
            line = line_of(after)
            if line > starts[-1]:
                starts.append(line)
        at = original.find(PAGE_END, after)
    return starts


def on_page(line: int, starts: list[int]) -> tuple[int, int]:
    """(page, line on that page) of a letter line."""
    page = bisect.bisect_right(starts, line)
    return page, line - starts[page - 1] + 1


def paged_finding(finding: Finding, starts: list[int]) -> Finding:
    """The finding located by page: its line and its evidence counted within their pages."""
    page, line = on_page(finding.line, starts)
    return dataclasses.replace(finding, page=page, line=line,
                               evidence=[_paged_span(span, starts) for span in finding.evidence])


def _paged_span(span: Span, starts: list[int]) -> Span:
    page, line = on_page(span.line, starts)
    end_page, end_line = on_page(span.end_line, starts)
    # A span running onto the next page ends at the end of its first page's line count.
    return dataclasses.replace(span, page=page, line=line, end_line=end_line if end_page == page else line)
