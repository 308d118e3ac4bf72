"""One reading of a letter that every later stage shares.

`LetterText` is made once per letter, right after normalizing: the clean text, its plain form
(lower case, punctuation as spaces), its lines, and every lexicon phrase it holds, found in
one scan (`text.phrases`). Segmentation, extraction and the checks look phrases up here by
kind and place instead of searching the text again, and work in clean offsets; a `Span` in
the original file's coordinates is made only when a finding or the JSON needs one.
"""
from __future__ import annotations

import bisect
import re
from itertools import accumulate

from checker.models import Span
from checker.text.lexicon import matcher
from checker.text.normalize import CleanText, normalize
from checker.text.phrases import Hit, PhraseMatcher, plain
from checker.text.sentences import split_sentences

_NO_HITS: list[Hit] = []
_WORD = re.compile("[^ ]+")


def read_text(original: str, path: str = "<text>") -> LetterText:
    """A letter's text normalized and read once, with every lexicon's phrases."""
    return LetterText(normalize(original, path), matcher())


class LetterText:
    """A letter's clean text with its lines and lexicon hits, in clean offsets."""

    __slots__ = ("clean", "text", "plain", "_hits", "_starts", "_line_starts", "_sentences")

    def __init__(self, clean: CleanText, matcher: PhraseMatcher) -> None:
        self.clean = clean
        self.text = clean.text
        self.plain = plain(self.text)
        by_kind: dict[str, list[Hit]] = {}
        for hit in matcher.scan(self.plain):
            by_kind.setdefault(hit.kind, []).append(hit)
        self._hits = by_kind
        self._starts = {kind: [hit.start for hit in hits] for kind, hits in by_kind.items()}
        self._line_starts: list[int] | None = None
        self._sentences: dict[tuple[int, int], list[tuple[int, int]]] = {}

    # ------------------------------------------------------------ phrases

    def hits(self, kind: str, start: int = 0, end: int | None = None) -> list[Hit]:
        """The hits of a kind that lie inside [start, end), in order."""
        found = self._hits.get(kind)
        if not found:
            return _NO_HITS
        if start <= 0 and end is None:
            return found
        end = len(self.text) if end is None else end
        starts = self._starts[kind]
        first, last = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        return [hit for hit in found[first:last] if hit.end <= end]

    def first(self, kind: str, start: int = 0, end: int | None = None) -> Hit | None:
        """The first hit of a kind inside [start, end), or None."""
        found = self._hits.get(kind)
        if not found:
            return None
        end = len(self.text) if end is None else end
        starts = self._starts[kind]
        for index in range(bisect.bisect_left(starts, start), len(found)):
            hit = found[index]
            if hit.start >= end:
                return None
            if hit.end <= end:
                return hit
        return None

    def last(self, kind: str, start: int = 0, end: int | None = None) -> Hit | None:
        """The hit of a kind inside [start, end) that starts last, or None."""
        inside = self.hits(kind, start, end)
        return inside[-1] if inside else None

    def has(self, kind: str, start: int = 0, end: int | None = None) -> bool:
        return self.first(kind, start, end) is not None

    # ------------------------------------------------------------ words

    def words(self, start: int, end: int) -> list[str]:
        """The plain words (lower case, no punctuation) of the clean text [start, end)."""
        return self.plain[start:end].split()

    def word_spans(self, start: int, end: int) -> list[tuple[int, int]]:
        """Where each word of [start, end) starts and ends."""
        return [match.span() for match in _WORD.finditer(self.plain, start, end)]

    # ------------------------------------------------------------ lines and sentences

    @property
    def line_starts(self) -> list[int]:
        """Where each line of the clean text starts."""
        if self._line_starts is None:
            self._line_starts = list(accumulate((len(line) + 1 for line in self.text.split("\n")[:-1]), initial=0))
        return self._line_starts

    def line_start(self, offset: int) -> int:
        """Where the line holding offset starts."""
        return self.text.rfind("\n", 0, offset) + 1

    def opens_line(self, start: int) -> bool:
        """Whether only blanks stand between the start of its line and offset start."""
        line_start = self.line_start(start)
        return line_start == start or self.text[line_start:start].isspace()

    def sentences(self, start: int, end: int) -> list[tuple[int, int]]:
        """The sentences of text[start:end], as clean spans (worked out once per stretch)."""
        found = self._sentences.get((start, end))
        if found is None:
            found = self._sentences[(start, end)] = split_sentences(self.text[start:end], start)
        return found

    # ------------------------------------------------------------ the original file

    def span(self, start: int, end: int) -> Span:
        """The Span of clean text [start, end), located in the original file."""
        return self.clean.span(start, end)

    @property
    def path(self) -> str:
        return self.clean.path
