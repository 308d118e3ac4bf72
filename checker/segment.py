"""Segmentation: which of the known letter layouts this is, its sections, and its item blocks.

Works on the clean text from `reading.normalize`; every position here is an offset into it.
Layout detection and section headings are regexes (they are layout, not notation); an
unrecognised layout is reported as such and nothing is guessed from it.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate

from checker.extract.outcome import is_outcome_word, split_trailing_outcome
from checker.prefilter import Prefiltered, lowercase, matches_at
from checker.text.normalize import blanks_before

IMR_FINAL = "imr-final"
MAXIMUS_IR = "maximus-ir"
MEDICAL_PROFESSIONAL_REVIEW = "medical-professional-review"
NOTICE_2013 = "notice-2013"
UNKNOWN = "unknown"
LAYOUTS = (IMR_FINAL, MAXIMUS_IR, MEDICAL_PROFESSIONAL_REVIEW, NOTICE_2013)

_FLAGS = re.IGNORECASE | re.MULTILINE
_NOTICE_MARKERS = Prefiltered(r"Notice\s+of\s+Independent\s+Medical\s+Review\s+Determination|"
                              r"has\s+determined\s+the\s+request\s+for", re.IGNORECASE)
_MPR_MARKERS = Prefiltered(r"^\s*MEDICAL PROFESSIONAL REVIEW|^\s*ISSUES? AT DISPUTE\s*:", _FLAGS)
_MAXIMUS_IR_MARKERS = Prefiltered(r"^\s*IMR DECISION\(?S?\)? AND RATIONALE\(?S?\)?", _FLAGS)
_IMR_FINAL_MARKERS = Prefiltered(r"^\s*IMR ISSUES?,? DECISIONS? AND RATIONALES?|"
                                 r"^\s*HOW THE IMR FINAL DETERMINATION WAS MADE", _FLAGS)
_MAXIMUS_FEDERAL = Prefiltered(r"MAXIMUS FEDERAL SERVICES", re.I)

_SUMMARY_HEADING = re.compile(r"^\s*(?:CLINICAL )?CASE SUMMARY\s*:?\s*$", _FLAGS)
_REVIEWER_HEADING = re.compile(
    r"^\s*(?:HOW THE IMR FINAL DETERMINATION WAS MADE|MEDICAL REVIEWER QUALIFICATIONS\s*:|"
    r"Medical Qualifications of the Expert Reviewer\s*:|REVIEWER QUALIFICATIONS\s*:)", _FLAGS)
_ANY_SECTION_HEADING = re.compile(
    r"^\s*(?:HOW THE IMR FINAL DETERMINATION WAS MADE|(?:CLINICAL )?CASE SUMMARY\s*:?\s*$|"
    r"DOCUMENTS REVIEWED|IMR ISSUES?,? DECISIONS?|IMR DECISION\(?S?\)?|ISSUES? AT DISPUTE|"
    r"MEDICAL TREATMENT GUIDELINE\(?S?\)? RELIED UPON BY|RATIONALE FOR WHY|"
    r"MEDICAL REVIEWER QUALIFICATIONS|Medical Qualifications of the Expert Reviewer|"
    r"INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE)", _FLAGS)
# What closes the item region of a letter: signature, appeal notice, reviewer paragraph.
_CLOSING = Prefiltered(r"^\s*(?:Sincerely|cc\s*:|Effect of the Decision|Appeal Information|"
                       r"REVIEWER QUALIFICATIONS|MEDICAL REVIEWER QUALIFICATIONS|"
                       r"The (?:physician|expert) reviewer (?:is|who)|"
                       r"The Expert Reviewer has the following credentials)", _FLAGS)

# Field labels inside an item block, in the order they usually appear.
_FIELDS = (
    ("decision", re.compile(r"^\s*(?:Decision|Determination|Outcome|IMR Decision)\s*:\s*(?=\S)(?!rationale)", re.I)),
    ("ca_guideline", re.compile(r"^\s*Claims Administrator(?:'s)? (?:guideline|basis)s?\s*:", re.I)),
    ("imr_guideline", re.compile(r"^\s*(?:MAXIMUS guideline|Expert Reviewer(?:'s)? guideline|IMR guideline|"
                                 r"Guideline\(?s?\)? relied upon|Medical Treatment Guideline\(?s?\)? Relied Upon)s?\s*:",
                                 re.I)),
    ("rationale", re.compile(r"^\s*(?:Decision rationale|Rationale(?: Used by Expert Reviewer)?|"
                             r"Rationale for (?:the )?decision)\s*:", re.I)),
)
# Any of them: most lines are none, and one attempt says so instead of one per field.
_ANY_FIELD = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _FIELDS), re.I)
# A label that only introduces the citation fields below it ("Guideline(s) relied upon:").
_FIELD_WRAPPER = re.compile(r"^\s*(?:Guideline\(?s?\)? relied upon|Medical Treatment Guideline\(?s?\)? Relied Upon)\s*:\s*$",
                            re.I)
_NUMBERING = re.compile(r"^\s*(?:Item\s*#?\s*(\d+)\s*[:.)-]?|\(?(\d{1,2})\s*[.)])\s*", re.I)
_BOILERPLATE = Prefiltered(r"set forth below|decisions? for the disputed|following (?:items|services)", re.I)


@dataclass
class Block:
    """A piece of clean text: [start, end)."""

    start: int
    end: int


@dataclass
class RawItem:
    number: int | None
    heading: Block
    outcome: Block | None = None
    fields: dict[str, Block] = field(default_factory=dict)
    # Several citation fields can exist (Claims Administrator's and the reviewer's).
    citation_fields: list[tuple[str, Block]] = field(default_factory=list)


@dataclass
class Segments:
    layout: str
    summary: Block | None = None
    reviewer: Block | None = None
    items: list[RawItem] = field(default_factory=list)
    problems: list[tuple[str, Block | None]] = field(default_factory=list)


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def detect_layout(text: str) -> str:
    return _layout(text, lowercase(text))


def _layout(text: str, lowered: str | None) -> str:
    head = text[:6000]
    lowered_head = lowered[:6000] if lowered is not None else None
    if _NOTICE_MARKERS.search(head, lowered=lowered_head):
        return NOTICE_2013
    if _MPR_MARKERS.search(head, lowered=lowered_head):
        return MEDICAL_PROFESSIONAL_REVIEW
    if _MAXIMUS_FEDERAL.search(head, lowered=lowered_head) and _MAXIMUS_IR_MARKERS.search(text, lowered=lowered):
        return MAXIMUS_IR
    if _IMR_FINAL_MARKERS.search(text, lowered=lowered):
        return IMR_FINAL
    if _MAXIMUS_IR_MARKERS.search(text, lowered=lowered):
        return MAXIMUS_IR
    return UNKNOWN


def segment(text: str) -> Segments:
    lowered = lowercase(text)
    layout = _layout(text, lowered)
    if layout == NOTICE_2013:
        # A notice is read by its numbered statements, not by its lines.
        return _segment_notice(text, lowered)
    if layout == UNKNOWN:
        return Segments(layout=UNKNOWN)
    lines = _Lines(text)
    if layout == MEDICAL_PROFESSIONAL_REVIEW:
        return _segment_professional_review(text, lines)
    return _segment_headed_items(text, lines, layout)


class _Lines(list[_Line]):
    """A letter's lines."""

    def __init__(self, text: str) -> None:
        raws = text.split("\n")
        starts = accumulate((len(raw) + 1 for raw in raws[:-1]), initial=0)
        super().__init__([_Line(start, start + len(raw), raw) for start, raw in zip(starts, raws)])

    def matching(self, heading: re.Pattern[str], first: int = 0) -> Iterator[int]:
        """The indexes, from first on, of the lines heading matches (each line on its own)."""
        for index in range(first, len(self)):
            if heading.match(self[index].text):
                yield index


def _find_heading(lines: _Lines, pattern: re.Pattern[str]) -> int | None:
    return next(lines.matching(pattern), None)


def _section_after(lines: _Lines, heading: int | None) -> Block | None:
    """From the line after a heading to the next section heading."""
    if heading is None:
        return None
    end_index = next(lines.matching(_ANY_SECTION_HEADING, heading + 1), len(lines))
    start = lines[heading].end
    end = lines[end_index - 1].end if end_index > heading + 1 else start
    return Block(start, end)


def _field_kind(text: str) -> str | None:
    if not _ANY_FIELD.match(text):
        return None
    for name, pattern in _FIELDS:
        if pattern.match(text):
            return name
    return None


# ---------------------------------------------------------------- imr-final and maximus-ir

def _segment_headed_items(text: str, lines: _Lines, layout: str) -> Segments:
    segments = Segments(layout=layout)
    segments.summary = _section_after(lines, _find_heading(lines, _SUMMARY_HEADING))
    segments.reviewer = _section_after(lines, _find_heading(lines, _REVIEWER_HEADING))
    region_pattern = _IMR_FINAL_MARKERS if layout == IMR_FINAL else _MAXIMUS_IR_MARKERS
    region_heading = next((index for index in lines.matching(region_pattern.regex)
                           if not re.match(r"^\s*HOW THE", lines[index].text, re.I)), None)
    if region_heading is None:
        segments.problems.append(("the section of decisions and rationales was not found", None))
        return segments
    closing = next(lines.matching(_CLOSING.regex, region_heading + 2), len(lines))
    region = lines[region_heading + 1:closing]
    segments.items = _items_from_lines(region)
    if not segments.items:
        body = Block(region[0].start, region[-1].end) if region else None
        segments.problems.append(("no disputed item could be found in the decisions section", body))
    return segments


def _items_from_lines(region: list[_Line]) -> list[RawItem]:
    boilerplate = _boilerplate_lines(region)
    items: list[RawItem] = []
    open_field: tuple[str, int] | None = None  # (kind, line index where it starts)

    def close_field(end_index: int) -> None:
        nonlocal open_field
        if open_field is None or not items:
            return
        kind, start_index = open_field
        label_end = region[start_index].start + _label_length(region[start_index].text)
        # "Decision: Upheld" is one line; the other fields run to the next field or heading.
        last = start_index if kind == "decision" else max(start_index, end_index - 1)
        body = Block(label_end, max(label_end, region[last].end))
        if kind in ("ca_guideline", "imr_guideline"):
            items[-1].citation_fields.append((kind, body))
        items[-1].fields.setdefault(kind, body)
        if kind == "decision":
            items[-1].outcome = body
        open_field = None

    index = 0
    while index < len(region):
        line = region[index]
        kind = _field_kind(line.text)
        # Only a line that reads as a reviewer's guideline field can be a wrapper.
        if kind == "imr_guideline" and _FIELD_WRAPPER.match(line.text):
            close_field(index)
            index += 1
            continue
        strong = kind is None and _strong_heading_end(region, index, boilerplate)
        if strong:
            heading_start = _heading_start(region, index, boilerplate)
            close_field(heading_start)
            items.append(_raw_item(region, heading_start, strong))
            index = strong
            continue
        if kind is not None:
            # A field starts a new item when none is open, when the open item already has a
            # rationale, or when it repeats a field the open item has.
            seen = set(items[-1].fields) | ({open_field[0]} if open_field else set()) if items else set()
            if not items or "rationale" in seen or kind in seen:
                heading_start = _heading_start(region, index - 1, boilerplate)
                close_field(min(heading_start, index))
                if heading_start < index:
                    items.append(_raw_item(region, heading_start, index))
                else:
                    items.append(RawItem(number=None, heading=Block(line.start, line.start)))
            else:
                close_field(index)
            open_field = (kind, index)
        index += 1
    close_field(len(region))
    return items


def _label_length(text: str) -> int:
    colon = text.find(":")
    return colon + 1 if colon >= 0 else 0


def _boilerplate_lines(region: list[_Line]) -> set[int]:
    """The indexes of the region's lines that hold boilerplate, found in one search of them all
    (a boilerplate phrase never spans two lines)."""
    text = "\n".join(line.text for line in region)
    starts = list(accumulate((len(line.text) + 1 for line in region[:-1]), initial=0))
    return {bisect.bisect_right(starts, match.start()) - 1 for match in _BOILERPLATE.finditer(text)}


def _strong_heading_end(region: list[_Line], index: int, boilerplate: set[int]) -> int:
    """If a heading with a known outcome word ends at this line, the index after it (else 0)."""
    text = region[index].text.strip()
    if not text or index in boilerplate:
        return 0
    _, word = split_trailing_outcome(text)
    if word is not None and is_outcome_word(word) and len(text) > len(word) + 3:
        return index + 1
    if text.endswith(":") and index + 1 < len(region) and is_outcome_word(region[index + 1].text.strip()):
        return index + 2
    return 0


def _heading_start(region: list[_Line], last: int, boilerplate: set[int]) -> int:
    """Walk back from the heading's last line over at most three wrapped lines.

    Returns last + 1 (no heading) when the line before is a field or the region's start.
    """
    after = last + 1
    while last >= 0 and region[last].blank:
        last -= 1
    # (A wrapper reads as a field too.)
    if last < 0 or _field_kind(region[last].text) or last in boilerplate:
        return after
    first = last
    while (first - 1 >= 0 and last - first < 2 and not region[first - 1].blank
           and _field_kind(region[first - 1].text) is None
           and not region[first - 1].text.rstrip().endswith((".", "?", "!"))
           and first - 1 not in boilerplate):
        first -= 1
    return first


def _raw_item(region: list[_Line], first: int, end_index: int) -> RawItem:
    start, end = region[first].start, region[end_index - 1].end
    lines_text = [line.text for line in region[first:end_index]]
    number = None
    numbering = _NUMBERING.match(lines_text[0])
    if numbering:
        number = int(numbering.group(1) or numbering.group(2))
        start += numbering.end()
    outcome = None
    last_line = region[end_index - 1]
    if end_index - first >= 2 and is_outcome_word(last_line.text.strip()):
        outcome = Block(last_line.start, last_line.end)
        end = region[end_index - 2].end
    else:
        heading_text = "\n".join(lines_text)
        heading_part, word = split_trailing_outcome(heading_text)
        if word is not None:
            word_start = region[first].start + heading_text.rfind(word)
            outcome = Block(word_start, word_start + len(word))
            end = region[first].start + len(heading_part)
    return RawItem(number=number, heading=Block(start, max(start, end)), outcome=outcome)


# ---------------------------------------------------------------- medical professional review

_ISSUE_HEADING = re.compile(r"^\s*ISSUES? AT DISPUTE\s*:?", _FLAGS)
_MPR_GUIDELINES = re.compile(r"^\s*MEDICAL TREATMENT GUIDELINE\(?S?\)? RELIED UPON", _FLAGS)
_MPR_RATIONALE = re.compile(r"^\s*RATIONALE FOR WHY", _FLAGS)
_MPR_ITEM_SEPARATOR = re.compile(r"(?:\s+[-\u2013]\s+|\s*:\s*)(?=[A-Za-z][A-Za-z \-]{1,40}$)")
_NUMBERED_PARAGRAPH = re.compile(r"^\s*(?:\(?(\d{1,2})[.)]|Item\s*#?\s*(\d+)\s*[:.])\s+", re.I)


def _segment_professional_review(text: str, lines: _Lines) -> Segments:
    segments = Segments(layout=MEDICAL_PROFESSIONAL_REVIEW)
    segments.summary = _section_after(lines, _find_heading(lines, _SUMMARY_HEADING))
    segments.reviewer = _section_after(lines, _find_heading(lines, _REVIEWER_HEADING))
    issues = _find_heading(lines, _ISSUE_HEADING)
    if issues is None:
        segments.problems.append(("the ISSUE AT DISPUTE section was not found", None))
        return segments
    issue_lines: list[list[_Line]] = []
    first_line = lines[issues]
    inline = first_line.text[_label_length(first_line.text):]
    candidates = ([_Line(first_line.start + _label_length(first_line.text), first_line.end, inline)]
                  if inline.strip() else [])
    section = _section_after(lines, issues)
    candidates += [line for line in lines[issues + 1:] if section and line.end <= section.end]
    for line in candidates:
        if line.blank:
            continue
        if _NUMBERED_PARAGRAPH.match(line.text) or not issue_lines:
            issue_lines.append([line])
        else:
            issue_lines[-1].append(line)
    for group in issue_lines:
        segments.items.append(_professional_review_item(group))

    for kind, pattern in (("imr_guideline", _MPR_GUIDELINES), ("rationale", _MPR_RATIONALE)):
        block = _section_after(lines, _find_heading(lines, pattern))
        if block is None:
            continue
        paragraphs = _numbered_paragraphs(lines, block)
        for item in segments.items:
            part = paragraphs.get(item.number) if paragraphs else None
            if part is None and (len(segments.items) == 1 or not paragraphs):
                part = block if len(segments.items) == 1 else None
            if part is not None:
                item.fields[kind] = part
                if kind == "imr_guideline":
                    item.citation_fields.append((kind, part))
    return segments


def _professional_review_item(group: list[_Line]) -> RawItem:
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
    separator = None
    for separator in _MPR_ITEM_SEPARATOR.finditer(body):
        pass
    if separator is not None:
        word_start = start + offset + separator.end()
        outcome = Block(word_start, start + offset + len(body))
        end = start + offset + separator.start()
    return RawItem(number=number if number is not None else 1,
                   heading=Block(start + offset, end), outcome=outcome)


def _numbered_paragraphs(lines: list[_Line], block: Block) -> dict[int, Block]:
    found: dict[int, Block] = {}
    current: int | None = None
    for line in lines:
        if line.start < block.start or line.end > block.end:
            continue
        numbering = _NUMBERED_PARAGRAPH.match(line.text)
        if numbering:
            current = int(numbering.group(1) or numbering.group(2))
            found.setdefault(current, Block(line.start + numbering.end(), line.end))
        elif current is not None:
            found[current] = Block(found[current].start, line.end)
    return found


# ---------------------------------------------------------------- 2013 notice

# The lookahead after the first digit rejects at once the many digits no ")" follows.
_DETERMINATION = re.compile(
    r"(?P<number>\d(?=\d?\s*\))\d?)\s*\)\s*MAXIMUS\s+Federal\s+Services,?\s+Inc\.?,?\s+has\s+determined\s+"
    r"the\s+request\s+for\s+(?P<request>.+?)\s+is\s+(?P<statement>[^.]{0,90}?appropriate|[^.]{0,60}?necessary)\s*\.",
    re.IGNORECASE | re.DOTALL)
_NOTICE_DECISIONS = Prefiltered(r"INDEPENDENT\s+MEDICAL\s+REVIEW\s+DECISION\s+AND\s+RATIONALE", re.I)
_NOTICE_REVIEWER = Prefiltered(r"Medical\s+Qualifications\s+of\s+the\s+Expert\s+Reviewer\s*:", re.I)
_NOTICE_SUMMARY = Prefiltered(r"Case\s+Summary\s*:", re.I)
_REGARDING = re.compile(r"(?P<number>\d(?=\d?\s*\))\d?)\s*\)\s*Regarding\s+the\s+request\s+for\s+(?P<request>.+?):\s",
                        re.IGNORECASE | re.DOTALL)
_NOTICE_GUIDELINES = Prefiltered(r"Medical\s+Treatment\s+Guideline\(?s?\)?\s+Relied\s+Upon\s*(?:by\s+the\s+Expert\s+Reviewer\s*)?:",
                                  re.I)
_NOTICE_RATIONALE = Prefiltered(r"Rationale\s+Used\s+by\s+(?:the\s+)?Expert\s+Reviewer\s*:", re.I)


def _segment_notice(text: str, lowered: str | None) -> Segments:
    segments = Segments(layout=NOTICE_2013)
    decisions = _NOTICE_DECISIONS.search(text, lowered=lowered)
    by_number: dict[int, RawItem] = {}
    top_end = decisions.start() if decisions else len(text)
    for match in _numbered_statements(_DETERMINATION, "maximus", text, lowered, 0, top_end):
        number = int(match.group("number"))
        outcome = Block(match.start("statement"), match.end("statement"))
        if number in by_number:
            # The same numbered list is printed twice; a second copy that disagrees is reported.
            first = by_number[number]
            assert first.outcome is not None
            if _words(text, first.outcome) != _words(text, outcome):
                segments.problems.append(
                    (f"determination {number} is stated twice with different outcomes", outcome))
            continue
        by_number[number] = RawItem(number=number, heading=Block(match.start("request"), match.end("request")),
                                    outcome=outcome)
    segments.items = [by_number[n] for n in sorted(by_number)]
    if not segments.items:
        segments.problems.append(("no numbered determination could be read", None))
    if decisions is None:
        segments.problems.append(("the DECISION AND RATIONALE section was not found", None))
        return segments
    body_start = decisions.end()
    reviewer = _NOTICE_REVIEWER.search(text, body_start, lowered=lowered)
    summary = _NOTICE_SUMMARY.search(text, body_start, lowered=lowered)
    regarding = list(_numbered_statements(_REGARDING, "regarding", text, lowered, body_start, len(text)))
    # A section runs to the next heading after it, whichever comes first; the reviewer's
    # qualifications may come before the summary, after it, or among the rationales.
    headings = sorted([match.start() for match in (reviewer, summary) if match]
                      + [match.start() for match in regarding] + [len(text)])
    for heading, attribute in ((reviewer, "reviewer"), (summary, "summary")):
        if heading:
            end = headings[bisect.bisect_left(headings, heading.end())]
            setattr(segments, attribute, Block(heading.end(), end))
    for position, match in enumerate(regarding):
        block_end = regarding[position + 1].start() if position + 1 < len(regarding) else len(text)
        closing = _CLOSING.search(text, match.end(), block_end, lowered=lowered)
        if closing:
            block_end = closing.start()
        item = by_number.get(int(match.group("number")))
        if item is None:
            segments.problems.append(
                (f"rationale {match.group('number')} has no matching numbered determination",
                 Block(match.start(), match.end())))
            continue
        guidelines = _NOTICE_GUIDELINES.search(text, match.end(), block_end, lowered=lowered)
        rationale = _NOTICE_RATIONALE.search(text, match.end(), block_end, lowered=lowered)
        if guidelines:
            guideline_end = rationale.start() if rationale and rationale.start() > guidelines.end() else block_end
            for sentence in re.finditer(r"[^.]+(?:\.(?!\d)|$)", text[guidelines.end():guideline_end]):
                kind = ("ca_guideline" if re.search(r"Claims\s+Administrator", sentence.group(), re.I)
                        else "imr_guideline")
                segments_block = Block(guidelines.end() + sentence.start(), guidelines.end() + sentence.end())
                if sentence.group().strip():
                    item.citation_fields.append((kind, segments_block))
                    item.fields.setdefault(kind, segments_block)
        if rationale:
            item.fields["rationale"] = Block(rationale.end(), block_end)
    return segments


def _numbered_statements(pattern: re.Pattern[str], word: str, text: str, lowered: str | None,
                         pos: int, endpos: int) -> Iterator[re.Match[str]]:
    """What `pattern.finditer(text, pos, endpos)` finds, for a pattern of numbered statements
    that start "2) word" (one or two digits, blanks allowed around the ")"): it is tried only
    before each place of word in lowered, `lowercase(text)`, instead of at every digit."""
    if lowered is None:
        yield from pattern.finditer(text, pos, endpos)
        return
    places = []
    at = lowered.find(word, pos, endpos)
    while at >= 0:
        parenthesis = blanks_before(text, at) - 1
        if parenthesis >= pos and text[parenthesis] == ")":
            number_end = blanks_before(text, parenthesis)
            places += [digit for digit in (number_end - 2, number_end - 1)
                       if digit >= pos and text[digit:number_end].isdecimal()]
        at = lowered.find(word, at + 1, endpos)
    yield from matches_at(pattern, text, places, endpos)



def _words(text: str, block: Block) -> str:
    return re.sub(r"\s+", "", text[block.start:block.end]).lower()
