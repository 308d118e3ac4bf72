"""Item blocks of the layouts that head each item with its outcome: the IMR final determination
("8 physical therapy visits 2 x 4:  Upheld") and the MAXIMUS letter ("Item 1: ...",
"Decision: Upheld"), each item followed by labelled fields (guidelines, rationale).
"""
from __future__ import annotations

import re

from checker.models import Layout
from checker.segment.blocks import Block, RawItem, Segments
from checker.segment.lines import Lines
from checker.text.outcomes import is_outcome_word, split_trailing_outcome

# "Item\s*#?\s*" would try every split of a long run of spaces between its two \s*: quadratic.
_NUMBERING = re.compile(r"^\s*(?:Item\s*(?:#\s*)?(\d+)\s*[:.)-]?|\(?(\d{1,2})\s*[.)])\s*", re.I)
_DECISIONS_HEADING = {Layout.IMR_FINAL: "decisions_final", Layout.MAXIMUS_IR: "decisions_maximus"}
CITATION_FIELDS = ("ca_guideline", "imr_guideline")


def segment_headed_items(lines: Lines, segments: Segments) -> None:
    region_heading = lines.first_heading(_DECISIONS_HEADING[segments.layout])
    if region_heading is None:
        segments.problems.append(("the section of decisions and rationales was not found", None))
        return
    closing = min((index for index in lines.closings if index >= region_heading + 2), default=len(lines))
    first, end = region_heading + 1, closing
    segments.items = _items_from_lines(lines, first, end)
    if not segments.items:
        body = Block(lines[first].start, lines[end - 1].end) if end > first else None
        segments.problems.append(("no disputed item could be found in the decisions section", body))


def _items_from_lines(lines: Lines, first: int, end: int) -> list[RawItem]:
    items: list[RawItem] = []
    open_field: tuple[str, int] | None = None  # (kind, line index where it starts)

    def close_field(end_index: int) -> None:
        nonlocal open_field
        if open_field is None or not items:
            return
        kind, start_index = open_field
        label_end = lines.label_end(start_index)
        # "Decision: Upheld" is one line; the other fields run to the next field or heading.
        last = start_index if kind == "decision" else max(start_index, end_index - 1)
        body = Block(label_end, max(label_end, lines[last].end))
        if kind in CITATION_FIELDS:
            items[-1].citation_fields.append((kind, body))
        items[-1].fields.setdefault(kind, body)
        if kind == "decision":
            items[-1].outcome = body
        open_field = None

    index = first
    while index < end:
        kind = lines.field_kind(index)
        # Only a line that reads as a reviewer's guideline field can be a wrapper.
        if kind == "imr_guideline" and lines.is_wrapper(index):
            close_field(index)
            index += 1
            continue
        strong = _strong_heading_end(lines, index, first, end) if kind is None else 0
        if strong:
            heading_start = _heading_start(lines, index, first)
            close_field(heading_start)
            items.append(_raw_item(lines, heading_start, strong))
            index = strong
            continue
        if kind is not None:
            # A field starts a new item when none is open, when the open item already has a
            # rationale, or when it repeats a field the open item has.
            seen = set(items[-1].fields) | ({open_field[0]} if open_field else set()) if items else set()
            if not items or "rationale" in seen or kind in seen:
                heading_start = _heading_start(lines, index - 1, first)
                close_field(min(heading_start, index))
                if heading_start < index:
                    items.append(_raw_item(lines, heading_start, index))
                else:
                    items.append(RawItem(number=None, heading=Block(lines[index].start, lines[index].start)))
            else:
                close_field(index)
            open_field = (kind, index)
        index += 1
    close_field(end)
    return items


def _strong_heading_end(lines: Lines, index: int, first: int, end: int) -> int:
    """If a heading with a known outcome word ends at this line, the index after it (else 0)."""
    text = lines[index].text.strip()
    if not text or index in lines.boilerplate:
        return 0
    _, word = split_trailing_outcome(text)
    if word is not None and is_outcome_word(word) and len(text) > len(word) + 3:
        return index + 1
    if text.endswith(":") and index + 1 < end and is_outcome_word(lines[index + 1].text.strip()):
        return index + 2
    return 0


def _heading_start(lines: Lines, last: int, first: int) -> int:
    """Walk back from the heading's last line over at most three wrapped lines.

    Returns last + 1 (no heading) when the line before is a field or the region's start.
    """
    after = last + 1
    while last >= first and lines[last].blank:
        last -= 1
    # (A wrapper reads as a field too.)
    if last < first or lines.field_kind(last) or last in lines.boilerplate:
        return after
    start = last
    while (start - 1 >= first and last - start < 2 and not lines[start - 1].blank
           and lines.field_kind(start - 1) is None
           # A sentence's end, or the colon of an introduction ("... set forth below:").
           and not lines[start - 1].text.rstrip().endswith((".", "?", "!", ":"))
           and start - 1 not in lines.boilerplate):
        start -= 1
    return start


def _raw_item(lines: Lines, first: int, end_index: int) -> RawItem:
    start, end = lines[first].start, lines[end_index - 1].end
    lines_text = [line.text for line in lines[first:end_index]]
    number = None
    numbering = _NUMBERING.match(lines_text[0])
    if numbering:
        number = int(numbering.group(1) or numbering.group(2))
        start += numbering.end()
    outcome = None
    last_line = lines[end_index - 1]
    if end_index - first >= 2 and is_outcome_word(last_line.text.strip()):
        outcome = Block(last_line.start, last_line.end)
        end = lines[end_index - 2].end
    else:
        heading_text = "\n".join(lines_text)
        heading_part, word = split_trailing_outcome(heading_text)
        if word is not None:
            word_start = lines[first].start + heading_text.rfind(word)
            outcome = Block(word_start, word_start + len(word))
            end = lines[first].start + len(heading_part)
    return RawItem(number=number, heading=Block(start, max(start, end)), outcome=outcome)
