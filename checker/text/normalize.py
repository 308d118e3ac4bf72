"""Normalizing a letter's text: extraction noise out, with a map back to the original.

Real letters arrive as PDFs whose extracted text is noisy: a blank line after every line,
trailing spaces, page footers, words hyphenated across lines, a missing space after a period.
`normalize` removes that noise while recording, for every piece of the clean text, where it
came from, so any span found later is reported at its line and column in the ORIGINAL text.
"""
from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate, pairwise

from checker.models import Span

# Single characters that PDF extraction and word processors vary; mapped 1:1 so offsets hold.
# Public: it is what normalizing promises to change in a character, and no more.
CHARACTER_FOLDS = str.maketrans({
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " ", "\f": " ", "\v": " ",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00ad": "-", "\ufeff": " ",
})
_FOLDS = [(chr(code), folded) for code, folded in CHARACTER_FOLDS.items()]
_BLANK = re.compile(r"\s")
_STRETCH = 1 << 16
_LONE_CR = re.compile(r"\r(?!\n)")
# Page footers and running headers: "Page 3 of 4", "- 2 -", "- Page 2 of 3 -", "CM15-0051877 Page 3 of 4".
_PAGE_FOOTER = re.compile(r"(?i)^\s*(?:(?:\S+\s+){0,3}page\s+\d+\s+of\s+\d+(?:\s*-)?|page\s+\d+|-\s*\d+\s*-"
                          r"|\d+\s*/\s*\d+)\s*$")


def _glued_sentence_pattern(stops: str) -> re.Pattern[str]:
    # The lookbehind comes after the stop it looks behind, so that re skips from stop to stop
    # instead of trying the pattern at every position of the letter.
    return re.compile(rf"[{stops}](?<=[a-z0-9)\]%][{stops}])\"?(?=[A-Z][A-Za-z])")


# "guidelines.In this case" / '24)."In this case': a sentence end glued to the next sentence.
_GLUED_SENTENCE = _glued_sentence_pattern(".?!")
# The same for a letter with no "?" or "!", most of them: re finds a single character, unlike a
# class of them, at C's own speed.
_GLUED_PERIOD = _glued_sentence_pattern(".")


@dataclass
class CleanText:
    """Clean text plus the map from each clean offset back to the original text."""

    path: str
    original: str
    text: str = ""
    # Piecewise map: clean text from _clean_starts[i] on was copied from _orig_starts[i] on.
    _clean_starts: list[int] = field(default_factory=list)
    _orig_starts: list[int] = field(default_factory=list)
    _copied: list[bool] = field(default_factory=list)
    _line_starts: list[int] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        """A hash of the letter's words: re-wrapping or moving lines does not change it."""
        return words_hash(self.text)

    def to_original(self, clean_offset: int) -> int:
        i = bisect.bisect_right(self._clean_starts, clean_offset) - 1
        if i < 0:
            return 0
        if not self._copied[i]:
            return self._orig_starts[i]
        return self._orig_starts[i] + clean_offset - self._clean_starts[i]

    def from_original(self, original_offset: int) -> int:
        """The clean offset of an original offset (the nearest copied character)."""
        i = bisect.bisect_right(self._orig_starts, original_offset) - 1
        while i > 0 and not self._copied[i]:
            i -= 1
        if i < 0:
            return 0
        piece_end = self._clean_starts[i + 1] if i + 1 < len(self._clean_starts) else len(self.text)
        return min(self._clean_starts[i] + original_offset - self._orig_starts[i], piece_end)

    def line_column(self, original_offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._line_starts, original_offset)
        return line, original_offset - self._line_starts[line - 1] + 1

    def span(self, start: int, end: int) -> Span:
        """The Span of clean text [start, end), located in the original."""
        start, end = max(0, start), max(start, end)
        text = self.text[start:end]
        stripped = text.strip()
        if stripped:
            start += len(text) - len(text.lstrip())
            end = start + len(stripped)
        orig_start = self.to_original(start)
        orig_end = max(orig_start, self.to_original(end - 1) + 1) if end > start else orig_start
        line, column = self.line_column(orig_start)
        end_line, end_column = self.line_column(orig_end)
        return Span(start=orig_start, end=orig_end, line=line, column=column,
                    end_line=end_line, end_column=end_column, text=single_spaced(text))


def words_hash(text: str) -> str:
    """The hash of text's words joined by single spaces (single_spaced), fed a stretch at a time."""
    digest = hashlib.sha256()
    separator = b""
    for words in _stretches_single_spaced(text):
        digest.update(separator + words.encode("utf-8", "surrogatepass"))
        separator = b" "
    return digest.hexdigest()[:16]


def single_spaced(text: str) -> str:
    """text's words joined by single spaces: `" ".join(text.split())` without the list of a
    large text's words, which costs ten times the text."""
    if len(text) <= _STRETCH:
        return " ".join(text.split())
    return " ".join(_stretches_single_spaced(text))


def _stretches_single_spaced(text: str) -> Iterator[str]:
    """Stretches of text that end at a blank (no word is cut in two), each single_spaced;
    stretches without a word are left out."""
    start = 0
    while start < len(text):
        blank = _BLANK.search(text, start + _STRETCH)
        end = blank.start() if blank else len(text)
        words = " ".join(text[start:end].split())
        if words:
            yield words
        start = end


def blanks_before(text: str, at: int) -> int:
    """Where the blanks that end at `at` begin."""
    while at and text[at - 1].isspace():
        at -= 1
    return at


def normalize(original: str, path: str = "<text>") -> CleanText:
    """Clean the text of extraction noise, keeping a map back to the original."""
    folded = _fold_characters(original)
    source = CleanText(path=path, original=original)
    raw_lines = folded.split("\n")
    source._line_starts = line_starts = list(accumulate((len(raw) + 1 for raw in raw_lines[:-1]), initial=0))
    # Only the lines with words are visited one by one; a blank line counts only in the gap
    # it leaves between two of them.
    worded = [index for index, raw in enumerate(raw_lines) if raw and not raw.isspace() and not _is_page_footer(raw)]
    gaps = [later - earlier - 1 for earlier, later in pairwise(worded)]
    blank_runs = [gap for gap in worded[:1] + gaps if gap]
    # A PDF extraction that puts a blank line after every line: single blanks are noise and
    # only runs of two or more separate paragraphs.
    double_spaced = len(blank_runs) > 4 and blank_runs.count(1) >= 0.6 * len(blank_runs)

    # Glued sentence ends, found in one pass over the text rather than line by line: the
    # pattern's look-arounds cannot see past a line's ends, which are blanks, line breaks or
    # the text's ends, so it finds the same ones. An end past the text's stops the scans below.
    glued_pattern = _GLUED_SENTENCE if "?" in folded or "!" in folded else _GLUED_PERIOD
    glued = [match.end() for match in glued_pattern.finditer(folded)] + [len(folded) + 1]
    next_glued = 0

    # The clean text is made of pieces, each copied from the folded text or inserted (a line
    # break, a space) and recorded with where it came from.
    parts: list[str] = []
    origins: list[int] = []
    copied: list[bool] = []
    paragraph_gap = 2 if double_spaced else 1
    # The first worded line has no gap before it (and a text without words has no line at all).
    for index, gap in zip(worded, [None, *gaps], strict=False):
        line = raw_lines[index].rstrip(" \r")
        words = line.lstrip(" ")
        line_start = line_starts[index]
        end = line_start + len(line)
        position = end - len(words)
        if gap is not None:
            separator = "\n\n" if gap >= paragraph_gap else "\n"
            if words.lstrip()[:1].islower():
                # A page break in mid-sentence leaves a paragraph gap before a lower-case word.
                if separator == "\n\n" and not _ends_sentence(parts[-1]):
                    separator = "\n"
                if separator == "\n" and _ends_with_hyphenated_word(parts[-1]):
                    parts[-1] = parts[-1][:-1]
                    separator = ""
            if separator:
                parts.append(separator)
                origins.append(line_start)
                copied.append(False)
        if glued[next_glued] < end:
            while glued[next_glued] < position:  # in a page footer
                next_glued += 1
            while glued[next_glued] < end:
                cut = glued[next_glued]
                parts += (folded[position:cut], " ")
                origins += (position, cut)
                copied += (True, False)
                position = cut
                next_glued += 1
        parts.append(folded[position:end])
        origins.append(position)
        copied.append(True)
    source.text = "".join(parts)
    source._clean_starts = list(accumulate(map(len, parts[:-1]), initial=0)) if parts else []
    source._orig_starts, source._copied = origins, copied
    return source


def _fold_characters(text: str) -> str:
    # What translate(CHARACTER_FOLDS) does, which looks up every character (slowly once the
    # text is not ASCII): a letter holds few of the characters folded, and `in` passes over the
    # others at C speed, at once when the text cannot hold them. No character is folded into
    # one that is folded in turn, so the order of the replacements does not matter.
    for character, folded in _FOLDS:
        if character in text:
            text = text.replace(character, folded)
    if "\r" in text:
        # Old Mac files end lines with a CR alone; read as a line end (one character for one,
        # so offsets hold), such a letter has the lines an editor shows. A CR before a LF
        # stays, and goes with the line's trailing blanks.
        text = _LONE_CR.sub("\n", text)
    return text


def _is_page_footer(line: str) -> bool:
    # Every footer ends in a digit or a dash before its trailing blanks (of which rstrip leaves
    # all but spaces and CRs): the pattern need not be tried on the other lines.
    last = line.rstrip(" \r")[-1:]
    return (last.isdigit() or last == "-" or last.isspace()) and _PAGE_FOOTER.match(line) is not None


def _ends_with_hyphenated_word(piece: str) -> bool:
    tail = piece[-3:]
    return len(tail) == 3 and tail[-1] == "-" and tail[-2].isalpha() and tail[-3].isalpha()


def _ends_sentence(piece: str) -> bool:
    return piece.rstrip()[-1:] in (".", ":", "!", "?", '"')
