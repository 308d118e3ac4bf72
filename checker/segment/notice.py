"""Item blocks of the 2013 Notice of Independent Medical Review Determination.

A notice states each outcome as a numbered sentence ("1) MAXIMUS Federal Services, Inc. has
determined the request for X is not medically necessary and appropriate."), printed twice
(once at the top, once after "A decision has been made for each ..."), and then, after
"INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE", gives per item "1) Regarding the request
for X:" with the guidelines relied upon and the expert reviewer's rationale. A notice is read
by these statements, wherever its line breaks fall.
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from checker.segment.blocks import Block, RawItem, Segments
from checker.text.letter_text import LetterText
from checker.text.lexicon import Kind
from checker.text.phrases import Hit

# How far back from "has determined the request for" its "1) MAXIMUS Federal Services, Inc."
# can start, and how long a request may run before its "is ... necessary".
_LOOK_BACK = 80
_LONGEST_REQUEST = 1000
_DETERMINATION_OPENING = re.compile(r"(?P<number>\d\d?)\s*\)\s*MAXIMUS\s+Federal\s+Services,?\s+Inc\.?,?\s+$", re.I)
_DETERMINATION_REST = re.compile(
    r"\s+(?P<request>.+?)\s+is\s+(?P<statement>[^.]{0,90}?appropriate|[^.]{0,60}?necessary)\s*\.", re.I | re.S)
_NUMBER_OPENING = re.compile(r"(?P<number>\d\d?)\s*\)\s*$")
_REGARDING_REST = re.compile(r"\s+(?P<request>.+?):\s", re.S)


def segment_notice(letter: LetterText, segments: Segments) -> None:
    decisions = next((hit for hit in letter.hits(Kind.HEADING) if hit.value == "decisions_notice"), None)
    by_number = _determinations(letter, segments, decisions.start if decisions else len(letter.text))
    segments.items = [by_number[n] for n in sorted(by_number)]
    if not segments.items:
        segments.problems.append(("no numbered determination could be read", None))
    if decisions is None:
        segments.problems.append(("the DECISION AND RATIONALE section was not found", None))
        return
    regarding = _regarding(letter, decisions.end)
    _reviewer_and_summary(letter, segments, decisions.end, regarding)
    for position, (number, start, request_end) in enumerate(regarding):
        block_end = regarding[position + 1][1] if position + 1 < len(regarding) else len(letter.text)
        item = by_number.get(number)
        if item is None:
            segments.problems.append((f"rationale {number} has no matching numbered determination",
                                      Block(start, request_end)))
            continue
        _rationale_parts(letter, item, request_end, block_end)


def _determinations(letter: LetterText, segments: Segments, top_end: int) -> dict[int, RawItem]:
    """The numbered determinations at the top ("2) MAXIMUS Federal Services, Inc. has
    determined the request for X is not medically necessary."), by number."""
    text = letter.text
    by_number: dict[int, RawItem] = {}
    for hit in _statements(letter, "determination", 0, top_end):
        opening = _opening(text, hit, _DETERMINATION_OPENING)
        rest = _DETERMINATION_REST.match(text, hit.end, min(len(text), hit.end + _LONGEST_REQUEST))
        if opening is None or rest is None:
            continue
        number = int(opening.group("number"))
        outcome = Block(rest.start("statement"), rest.end("statement"))
        if number in by_number:
            # The same numbered list is printed twice; a second copy that disagrees is reported.
            first = by_number[number]
            assert first.outcome is not None
            if _words(text, first.outcome) != _words(text, outcome):
                segments.problems.append((f"determination {number} is stated twice with different outcomes", outcome))
            continue
        by_number[number] = RawItem(number=number, heading=Block(rest.start("request"), rest.end("request")),
                                    outcome=outcome)
    return by_number


def _regarding(letter: LetterText, body_start: int) -> list[tuple[int, int, int]]:
    """Each "N) Regarding X:" of the body: (number, where it starts, where its colon ends)."""
    text = letter.text
    found = []
    for hit in _statements(letter, "regarding", body_start, len(text)):
        opening = _opening(text, hit, _NUMBER_OPENING)
        rest = _REGARDING_REST.match(text, hit.end, min(len(text), hit.end + _LONGEST_REQUEST))
        if opening is not None and rest is not None:
            found.append((int(opening.group("number")), opening.start(), rest.end()))
    return found


def _reviewer_and_summary(letter: LetterText, segments: Segments, body_start: int,
                          regarding: list[tuple[int, int, int]]) -> None:
    """A section runs to the next heading after it, whichever comes first; the reviewer's
    qualifications may come before the summary, after it, or among the rationales."""
    text = letter.text
    reviewer = _label(letter, "notice_reviewer", body_start, len(text))
    summary = _label(letter, "notice_summary", body_start, len(text))
    headings = sorted([label.start for label in (reviewer, summary) if label]
                      + [start for _, start, _ in regarding] + [len(text)])
    for label, attribute in ((reviewer, "reviewer"), (summary, "summary")):
        if label:
            label_end = _colon_end(text, label.end)
            end = headings[bisect.bisect_left(headings, label_end)]
            setattr(segments, attribute, Block(label_end, end))


def _rationale_parts(letter: LetterText, item: RawItem, request_end: int, block_end: int) -> None:
    """An item's guideline citations and rationale, up to the letter's closing."""
    text = letter.text
    closing = next((hit for hit in letter.hits(Kind.CLOSING, request_end, block_end)
                    if letter.opens_line(hit.start) and (hit.value != "cc" or _colon_end(text, hit.end))), None)
    if closing:
        block_end = closing.start
    guidelines = _label(letter, "imr_guideline", request_end, block_end)
    rationale = _label(letter, "rationale", request_end, block_end)
    if guidelines:
        guidelines_end = _colon_end(text, guidelines.end)
        citations_end = rationale.start if rationale and rationale.start > guidelines_end else block_end
        for sentence_start, sentence_end in _citation_sentences(text, guidelines_end, citations_end):
            if not text[sentence_start:sentence_end].strip():
                continue
            by_administrator = any(hit.value == "claims_administrator" for hit in
                                   letter.hits(Kind.NOTICE_STATEMENT, sentence_start, sentence_end))
            kind = "ca_guideline" if by_administrator else "imr_guideline"
            block = Block(sentence_start, sentence_end)
            item.citation_fields.append((kind, block))
            item.fields.setdefault(kind, block)
    if rationale:
        item.fields["rationale"] = Block(_colon_end(text, rationale.end), block_end)


def _statements(letter: LetterText, name: str, start: int, end: int) -> list[Hit]:
    return [hit for hit in letter.hits(Kind.NOTICE_STATEMENT, start, end) if hit.value == name]


def _opening(text: str, hit: Hit, pattern: re.Pattern[str]) -> re.Match[str] | None:
    """The numbered opening ("2) MAXIMUS Federal Services, Inc.") right before a statement."""
    return pattern.search(text, max(0, hit.start - _LOOK_BACK), hit.start)


def _label(letter: LetterText, name: str, start: int, end: int) -> Hit | None:
    """The first label of this name in [start, end) that a colon follows."""
    return next((hit for hit in letter.hits(Kind.FIELD, start, end)
                 if hit.value == name and _colon_end(letter.text, hit.end)), None)


def _colon_end(text: str, at: int) -> int:
    """Just after the colon that follows a label (blanks or ")" between), or 0 if none does."""
    while at < len(text) and text[at] in " )\n":
        at += 1
    return at + 1 if at < len(text) and text[at] == ":" else 0


def _words(text: str, block: Block) -> str:
    return re.sub(r"\s+", "", text[block.start:block.end]).lower()


def _citation_sentences(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The stretches between full stops that end in a full stop not followed by a digit (or
    at `end`), with that stop; a stretch ending in ".5" is passed over. Found with one scan:
    the regular expression that said this, "[^.]+(?:\\.(?!\\d)|$)", retried a long stretch
    from every position in it (quadratic)."""
    position = start
    while position < end:
        stop = text.find(".", position, end)
        if stop == -1:
            yield position, end
            return
        if stop > position and not (stop + 1 < end and text[stop + 1].isdecimal()):
            yield position, stop + 1
        position = stop + 1
