"""Splitting a rationale into sentences, each with its span in the clean text."""
from __future__ import annotations

import re

# A sentence ends at . ! ? followed by space and a capital, digit or quote, except after
# abbreviations letters use ("Dr.", "pg.", "e.g.") and inside numbers ("7.5"). The boundary is
# the group: the stop is matched rather than looked behind at, so that re skips from stop to
# stop instead of trying every position.
_BOUNDARY = re.compile(r"[.!?]([\"')\]]?\s+)(?=[\"'(]?[A-Z0-9])")
_ABBREVIATION = re.compile(r"(?:\b(?:Dr|Mr|Mrs|Ms|pg|pgs|Pg|p|pp|No|no|vs|approx|Inc|Jr|Sr|St|e\.g|i\.e|etc|"
                           r"Fig|Vol|Ch|ch|Sec|sec|U\.S|q|b\.i\.d|t\.i\.d)\.|\b[A-Z]\.)$")
# Longer than any abbreviation above, so a cut through a word cannot fake the leading \b.
_ABBREVIATION_TAIL = 16


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans [start, end) within text, shifted by offset; blank text gives none."""
    spans: list[tuple[int, int]] = []
    start = 0
    for stop in _BOUNDARY.finditer(text):
        boundary, after = stop.span(1)
        # Only the sentence's last few characters can hold an abbreviation; looking at the
        # whole candidate, which grows after each abbreviation, made "No. 5 No. 5 ..." quadratic.
        tail = text[max(start, boundary - _ABBREVIATION_TAIL):boundary]
        if _ABBREVIATION.search(tail.rstrip("\"')]")):
            continue
        if text[start:boundary].strip():
            spans.append((start, boundary))
        start = after
    if text[start:].strip():
        spans.append((start, len(text)))
    result = []
    for begin, end in spans:
        chunk = text[begin:end]
        lead = len(chunk) - len(chunk.lstrip())
        result.append((offset + begin + lead, offset + begin + len(chunk.rstrip())))
    return result
