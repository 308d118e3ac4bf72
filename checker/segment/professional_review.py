"""Item blocks of the Medical Professional Review layout: the items listed under ISSUE AT
DISPUTE ("1. Physical therapy 2 x 4 - Upheld"), their guidelines and rationales either in
numbered paragraphs of two later sections or, item by item, in those two sections repeated
after each item's heading ("2. Ultram 50mg #60")."""
from __future__ import annotations

import re

from checker.segment.blocks import Block, RawItem, Segments
from checker.segment.lines import Line, Lines

# Linear in a line's length: a separator starts only where a run of spaces does (one leftmost
# try per run, not one per space), and "Item" has one \s* before an optional "#" (two would try
# every split of a long run of spaces).
_ITEM_SEPARATOR = re.compile(r"(?<!\s)(?:\s+[-\u2013]\s+|\s*:\s*)(?=[A-Za-z][A-Za-z \-]{1,40}$)")
_NUMBERED_PARAGRAPH = re.compile(r"^\s*(?:\(?(\d{1,2})[.)]|Item\s*(?:#\s*)?(\d+)\s*[:.])\s+", re.I)
_PARTS = (("imr_guideline", "guidelines_relied_upon"), ("rationale", "rationale_for_why"))


def segment_professional_review(lines: Lines, segments: Segments) -> None:
    issues = lines.first_heading("issue_at_dispute")
    if issues is None:
        segments.problems.append(("the ISSUE AT DISPUTE section was not found", None))
        return
    first_line = lines[issues]
    label = _label_length(first_line.text)
    inline = first_line.text[label:]
    candidates = [Line(first_line.start + label, first_line.end, inline)] if inline.strip() else []
    section = lines.section_after(issues)
    candidates += [line for line in lines[issues + 1:] if section and line.end <= section.end]
    groups: list[list[Line]] = []
    for line in candidates:
        if line.blank:
            continue
        if _NUMBERED_PARAGRAPH.match(line.text) or not groups:
            groups.append([line])
        else:
            groups[-1].append(line)
    segments.items = [_item(group) for group in groups]

    for kind, heading in _PARTS:
        repeated = sorted(index for index, name in lines.headings.items() if name == heading)
        if len(repeated) > 1 and len(segments.items) > 1:
            _parts_item_by_item(lines, segments, kind, repeated)
            continue
        block = lines.section_after(lines.first_heading(heading))
        if block is None:
            continue
        paragraphs = _numbered_paragraphs(lines, block)
        for item in segments.items:
            part = paragraphs.get(item.number) if paragraphs and item.number is not None else None
            if part is None and (len(segments.items) == 1 or not paragraphs):
                part = block if len(segments.items) == 1 else None
            if part is not None:
                item.fields[kind] = part
                if kind == "imr_guideline":
                    item.citation_fields.append((kind, part))


def _parts_item_by_item(lines: Lines, segments: Segments, kind: str, headings: list[int]) -> None:
    """Each repeated section belongs to the item whose heading line is the last before it, or,
    where no item's heading is repeated, to the item of the same rank; it ends before the next
    item's heading."""
    markers = _item_markers(lines, segments.items, after=segments.items[-1].heading.end)
    by_number = {item.number: item for item in segments.items}
    for rank, heading in enumerate(headings):
        before = [(at, number) for at, number in markers if at < heading]
        item = by_number.get(before[-1][1]) if before else (
            segments.items[rank] if not markers and len(headings) == len(segments.items) else None)
        block = lines.section_after(heading)
        if item is None or block is None:
            continue
        cut = min((lines[at].start for at, _ in markers if block.start <= lines[at].start < block.end), default=None)
        part = Block(block.start, cut) if cut is not None else block
        item.fields[kind] = part
        if kind == "imr_guideline":
            item.citation_fields.append((kind, part))


def _item_markers(lines: Lines, items: list[RawItem], after: int) -> list[tuple[int, int]]:
    """(line index, item number) of the lines after the issue list that repeat an item's
    number and the start of its heading ("2. Ultram 50mg #60")."""
    text = lines.letter.text
    starts = {item.number: _comparable(text[item.heading.start:item.heading.end])[:24] for item in items}
    found = []
    for index in range(lines.index_of(after) + 1, len(lines)):
        numbering = _NUMBERED_PARAGRAPH.match(lines[index].text)
        if numbering is None:
            continue
        number = int(numbering.group(1) or numbering.group(2))
        start = starts.get(number)
        if start and _comparable(lines[index].text[numbering.end():]).startswith(start):
            found.append((index, number))
    return found


def _comparable(text: str) -> str:
    return " ".join(text.lower().split())


def _label_length(text: str) -> int:
    colon = text.find(":")
    return colon + 1 if colon >= 0 else 0


def _item(group: list[Line]) -> RawItem:
    start, end = group[0].start, group[-1].end
    joined = "\n".join(line.text for line in group)
    number = None
    numbering = _NUMBERED_PARAGRAPH.match(joined)
    offset = 0
    if numbering:
        number = int(numbering.group(1) or numbering.group(2))
        offset = numbering.end()
    body = joined[offset:].rstrip()
    outcome = None
    # The last separator: the outcome is the heading's last word.
    separator = None
    for found in _ITEM_SEPARATOR.finditer(body):
        separator = found
    if separator is not None:
        word_start = start + offset + separator.end()
        outcome = Block(word_start, start + offset + len(body))
        end = start + offset + separator.start()
    return RawItem(number=number if number is not None else 1, heading=Block(start + offset, end), outcome=outcome)


def _numbered_paragraphs(lines: Lines, block: Block) -> dict[int, Block]:
    """Each item's paragraph: numbered in the style of the first ("1." or "1)") and in
    sequence, so that a list inside a paragraph ("all of the following: 1) ... 2) ...")
    stays part of it."""
    found: dict[int, Block] = {}
    current: int | None = None
    style: str | None = None
    for line in lines[lines.index_of(block.start):lines.index_of(block.end) + 1]:
        if line.start < block.start or line.end > block.end:
            continue
        numbering = _NUMBERED_PARAGRAPH.match(line.text)
        if numbering is not None:
            number, shape = int(numbering.group(1) or numbering.group(2)), _numbering_style(numbering.group(0))
            if style is None or (shape == style and number == (current or 0) + 1):
                current, style = number, style or shape
                found.setdefault(current, Block(line.start + numbering.end(), line.end))
                continue
        if current is not None:
            found[current] = Block(found[current].start, line.end)
    return found


def _numbering_style(numbering: str) -> str:
    """The numbering's marks: "2." and "10." share a style; "2)" and "(2)" have their own."""
    return "".join(character for character in numbering if not character.isdigit() and not character.isspace())
