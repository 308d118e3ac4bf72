"""A letter's lines and what opens each of them: a section heading, an item label, a closing.

Every answer comes from the phrases the letter's reading already found (`LetterText`): a
heading is a heading phrase that opens its line, a label is a label phrase that opens its
line and is followed by a colon. No line is searched again.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass
from itertools import accumulate

from checker.segment.blocks import Block
from checker.text.letter_text import LetterText
from checker.text.lexicon import Kind
from checker.text.phrases import Hit

# Headings that name the document rather than open a section of it.
TITLES = frozenset({"title_professional_review", "title_notice", "title_maximus"})
# Characters that may stand between a label's words and its colon: "Guideline(s):".
_BEFORE_COLON = " )]"


@dataclass(slots=True)
class Line:
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


class Lines(list[Line]):
    """The lines of a letter's clean text, with the heading, label and closing each one opens."""

    def __init__(self, letter: LetterText) -> None:
        text = letter.text
        raws = text.split("\n")
        starts = list(accumulate((len(raw) + 1 for raw in raws[:-1]), initial=0))
        super().__init__([Line(start, start + len(raw), raw) for start, raw in zip(starts, raws, strict=True)])
        self.letter = letter
        self._starts = starts
        self.headings: dict[int, str] = {}
        for hit in letter.hits(Kind.HEADING):
            index = self.opened_by(hit)
            if index is not None and self.headings.get(index) is None and _heading_stands_out(text, hit, self[index]):
                self.headings[index] = hit.value
        self.fields: dict[int, tuple[str, int]] = {}
        for hit in letter.hits(Kind.FIELD):
            index = self.opened_by(hit)
            colon = _colon_after(text, hit.end, self[index].end) if index is not None else -1
            # At one start the longest label wins ("Decision rationale:" over "Decision").
            if index is not None and colon >= 0 and index not in self.fields:
                if hit.value == "decision" and not _decides(text, colon + 1, self[index].end):
                    continue
                self.fields[index] = (hit.value, colon + 1)
        self.wrappers = {index for index in (self.opened_by(hit) for hit in letter.hits(Kind.FIELD_WRAPPER))
                         if index is not None}
        self.closings = {index for index in (self.opened_by(hit) for hit in letter.hits(Kind.CLOSING)
                                             if hit.value != "cc" or _colon_after(text, hit.end, len(text)) >= 0)
                         if index is not None}
        self.boilerplate = {self.index_of(hit.start) for hit in letter.hits(Kind.BOILERPLATE)}

    def index_of(self, offset: int) -> int:
        """The index of the line holding a clean offset."""
        return bisect.bisect_right(self._starts, offset) - 1

    def opened_by(self, hit: Hit) -> int | None:
        """The index of the line the hit opens (only blanks before it), or None."""
        index = self.index_of(hit.start)
        line = self[index]
        if hit.start == line.start or line.text[:hit.start - line.start].isspace():
            return index
        return None

    def field_kind(self, index: int) -> str | None:
        """The item label that opens a line ("rationale" for "Decision rationale: ..."), or None."""
        found = self.fields.get(index)
        return found[0] if found else None

    def label_end(self, index: int) -> int:
        """Where a labelled line's text starts, after the colon (the line's start if unlabelled)."""
        found = self.fields.get(index)
        return found[1] if found else self[index].start

    def is_wrapper(self, index: int) -> bool:
        """A label that only introduces the citation labels below it ("Guideline(s) relied upon:")."""
        return index in self.wrappers and not self.letter.text[self.label_end(index):self[index].end].strip()

    def section_heading(self, index: int) -> str | None:
        """The name of the section heading (not a title) that opens a line, or None."""
        name = self.headings.get(index)
        return None if name in TITLES else name

    def first_heading(self, *names: str, first: int = 0) -> int | None:
        """The index of the first line from `first` on that opens with one of these headings."""
        found = [index for index, name in self.headings.items() if name in names and index >= first]
        return min(found) if found else None

    def section_after(self, heading: int | None) -> Block | None:
        """From the end of a heading's line to the next section heading."""
        if heading is None:
            return None
        end_index = self.next_section(heading)
        start = self[heading].end
        end = self[end_index - 1].end if end_index > heading + 1 else start
        return Block(start, end)

    def next_section(self, after: int) -> int:
        """The index of the first section heading after line `after` (the line count if none)."""
        later = [index for index, name in self.headings.items() if index > after and name not in TITLES]
        return min(later) if later else len(self)


def _colon_after(text: str, at: int, end: int) -> int:
    """Where the colon right after a label stands (only blanks or ")" between), or -1."""
    while at < end and text[at] in _BEFORE_COLON:
        at += 1
    return at if at < end and text[at] == ":" else -1


def _decides(text: str, after_colon: int, end: int) -> bool:
    """'Decision: Upheld' decides; 'Decision:' alone or 'Decision: rationale ...' does not."""
    rest = text[after_colon:end].strip()
    return bool(rest) and not rest.lower().startswith("rationale")


def _heading_stands_out(text: str, hit: Hit, line: Line) -> bool:
    """A heading phrase is a heading when written in capitals, followed by a colon, or alone on
    its line: a sentence that happens to open with "Case summary" is none."""
    words = text[hit.start:hit.end]
    if words.isupper():
        return True
    rest = text[hit.end:line.end]
    return not rest.strip(" :)") or rest.lstrip(" )").startswith(":")
