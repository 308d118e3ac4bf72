"""Line breaks for a letter that lost them: text copied from a web page, or from a PDF
extractor that joins lines, arrives as one long line or a few very long ones.

Segmentation reads a letter by its lines (a heading opens a line, a label opens a line, an
item heading ends in its outcome), so such a letter would show no sections at all. Here a
line longer than any paragraph of a letter is broken again where the structure shows
itself: before and after a section heading (in capitals, or followed by a colon), before an
item label followed by its colon ("Decision rationale:"), before a closing ("Sincerely"),
before numbered entries ("1. ...", "2. ...", "Item 2:"), and around an item heading that
ends in its outcome ("Norco 10/325mg #90:  Overturned"). A break replaces one blank with a
line break, and a page footer inside the joined text is blanked, so every offset, and every
position in the original file, stays as it was: the findings' lines and columns are those of
the text as read.
"""
from __future__ import annotations

import bisect
import dataclasses
import re

from checker.text.letter_text import LetterText
from checker.text.lexicon import Kind, matcher
from checker.text.outcomes import is_outcome_word
from checker.text.phrases import Hit, leftmost_longest

# Longer than the longest paragraph a letter prints on one line (the examples' and seeds'
# longest is under 900 characters): such a line lost its breaks.
JOINED_LINE = 500
# How far after a heading in capitals its own words may run on to its colon
# ("DOCUMENTS REVIEWED FOR DETERMINATION:").
_HEADING_TAIL = 120
# How far the colon that ends an introduction of the items may follow its words.
_BOILERPLATE_REACH = 100
_BLANKS = " \t"
# A numbered entry: "2. Knee MRI", "3) Regarding", followed by a capital or an opening bracket.
_NUMBERED = re.compile(r"(?<![^\s])(\d{1,2})[.)]\s+(?=[A-Z(\[])")
# "\s*#?\s*" would try every split of a long run of blanks: quadratic.
_ITEM_NUMBER = re.compile(r"(?<![^\s])Item\s*(?:#\s*)?\d{1,3}\s*[:.)-]")
# The end of an item heading, just before the label that follows it: ":  Overturned" (or a
# word the vocabulary does not know, "Partially Overturned", so that it is reported).
_TRAILING_OUTCOME = re.compile(r":[ \t]+(?P<word>[A-Za-z][A-Za-z \-]{0,40}?)[ \t]*$")
# A page footer inside a joined line: "Page 2 of 4", "- Page 2 of 3 -", with the IMR case
# number some footers print before it ("CM15-0051877   Page 3 of 4").
_JOINED_FOOTER = re.compile(r"(?:\bCM\d{2}-\d{5,8}[ \t]+)?(?:-[ \t]*)?\b[Pp]age[ \t]+\d{1,3}[ \t]+of[ \t]+\d{1,3}\b"
                            r"(?:[ \t]*-(?=\s))?")
# A sentence's end; not the period of a numbering ("2. ") nor of a decimal.
_SENTENCE_END = re.compile(r"(?<![\s(]\d)(?<![\s(]\d\d)[.!?](?=\s)")


def rebreak(letter: LetterText) -> LetterText:
    """The letter with its joined lines broken again where its structure shows (the letter
    itself when no line is longer than a paragraph)."""
    text = letter.text
    starts = letter.line_starts
    ends = [start - 1 for start in starts[1:]] + [len(text)]
    joined = [(start, end) for start, end in zip(starts, ends, strict=True) if end - start > JOINED_LINE]
    if not joined:
        return letter
    breaks: set[int] = set()
    for start, end in joined:
        breaks.update(_structure_breaks(letter, start, end))
    if not breaks:
        return letter
    characters = list(text)
    # A page footer printed inside the joined text ("- Page 2 of 3 -") would run into the
    # heading after it; blanked, one character for one, so offsets stay.
    for start, end in joined:
        for footer in _JOINED_FOOTER.finditer(text, start, end):
            characters[footer.start():footer.end()] = " " * (footer.end() - footer.start())
    for at in breaks:
        characters[at] = "\n"
    clean = dataclasses.replace(letter.clean, text="".join(characters))
    return LetterText(clean, matcher())


def _structure_breaks(letter: LetterText, start: int, end: int) -> set[int]:
    """The blanks of one joined line to turn into line breaks."""
    text = letter.text
    breaks: set[int] = set()
    headings: list[tuple[int, int]] = []
    for hit in letter.hits(Kind.HEADING, start, end):
        # "CASE SUMMARY" inside "CLINICAL CASE SUMMARY" is no heading of its own.
        if _stands_out(text, hit) and not (headings and hit.start < headings[-1][1]):
            headings.append(_heading_extent(text, hit))
    for heading_start, heading_end in headings:
        _break_before(text, heading_start, breaks)
        _break_at_blank(text, heading_end, breaks)

    # Headings do not overlap, so the one that may hold `at` is the last to start before it.
    heading_starts = [heading_start for heading_start, _ in headings]

    def inside_heading(at: int) -> bool:
        position = bisect.bisect_left(heading_starts, at) - 1
        return position >= 0 and at < headings[position][1]

    # The longest label at a place: "IMR Decision:" is one label, not "IMR" before "Decision:".
    label_hits = list(leftmost_longest(sorted(
        (hit for kind in (Kind.FIELD, Kind.FIELD_WRAPPER) for hit in letter.hits(kind, start, end)),
        key=lambda hit: (hit.start, -hit.end))))
    labels = [hit.start for hit in label_hits
              if _capitalised(text, hit) and _colon_follows(text, hit.end) and not inside_heading(hit.start)]
    decided = {hit.start for hit in label_hits
               if hit.value == "decision" and _outcome_follows(text, _colon_follows(text, hit.end))}
    for label in labels:
        _break_before(text, label, breaks)
    for hit in letter.hits(Kind.CLOSING, start, end):
        closes = hit.value != "cc" or _colon_follows(text, hit.end)
        if _capitalised(text, hit) and not inside_heading(hit.start) and closes:
            _break_before(text, hit.start, breaks)
    for match in _ITEM_NUMBER.finditer(text, start, end):
        _break_before(text, match.start(), breaks)
    _break_numbered_entries(text, start, end, breaks)
    for boilerplate in letter.hits(Kind.BOILERPLATE, start, end):
        # "... decisions for the disputed items/services set forth below:" ends its line.
        colon = text.find(":", boilerplate.end, boilerplate.end + _BOILERPLATE_REACH)
        if colon >= 0 and "." not in text[boilerplate.end:colon]:
            _break_at_blank(text, colon + 1, breaks)
    _break_item_headings(text, sorted(set(labels)), decided, start, breaks)
    return breaks


def _stands_out(text: str, hit: Hit) -> bool:
    """A heading in a joined line is a heading when written in capitals or followed by a colon;
    "the case summary shows" in a sentence is none."""
    return text[hit.start:hit.end].isupper() or bool(_colon_follows(text, hit.end))


def _heading_extent(text: str, hit: Hit) -> tuple[int, int]:
    """The heading's start and where its line should end: after its colon, or after the rest
    of its words in capitals ("DOCUMENTS REVIEWED FOR DETERMINATION:")."""
    end = hit.end
    while text[end:end + 1] in (")", "]"):  # "RATIONALE(S)": the phrase ends before its ")"
        end += 1
    colon = _colon_follows(text, end)
    if colon:
        return hit.start, colon
    if text[hit.start:hit.end].isupper():
        colon = text.find(":", end, end + _HEADING_TAIL)
        if colon >= 0 and not any(character.islower() for character in text[end:colon]):
            return hit.start, colon + 1
    return hit.start, end


def _break_numbered_entries(text: str, start: int, end: int, breaks: set[int]) -> None:
    """Breaks before numbered entries: a number where a sentence, heading or colon ends, and
    the next number in turn ("2." after "1."), wherever it stands."""
    expected = None
    for match in _NUMBERED.finditer(text, start, end):
        number = int(match.group(1))
        last = _last_non_blank(text, start, match.start())
        opens = last is None or text[last] in ".:!?" or (match.start() - 1) in breaks
        if not opens and number != expected:
            continue
        expected = number + 1
        _break_before(text, match.start(), breaks)


def _last_non_blank(text: str, start: int, end: int) -> int | None:
    """The place of the last character of text[start:end] that is not blank, or None."""
    at = end - 1
    while at >= start and text[at].isspace():
        at -= 1
    return at if at >= start else None


def _break_item_headings(text: str, labels: list[int], decided: set[int], start: int, breaks: set[int]) -> None:
    """Before an item heading, after the sentence that precedes it: a heading that ends in its
    outcome right before a label ("... necessary. Prilosec 20mg #30:  Overturned Claims
    Administrator guideline: ..."), or one followed by its own decision label ("... necessary.
    Physical therapy 2x/wk x 4 wks Decision: Upheld"). The break after the heading is the
    label's own."""
    ordered = sorted(breaks)
    for label in labels:
        # The label's own break is at label - 1; the chunk runs from the break before it.
        position = bisect.bisect_left(ordered, label - 1)
        chunk_start = max(start, ordered[position - 1] + 1) if position else start
        outcome = _TRAILING_OUTCOME.search(text, max(chunk_start, label - 60), label)
        if outcome is not None and _names_an_outcome(outcome.group("word")):
            heading_end = outcome.start()
        elif label in decided:
            heading_end = label
        else:
            continue
        sentence_ends = [match.end() for match in _SENTENCE_END.finditer(text, chunk_start, heading_end)]
        if sentence_ends:
            _break_at_blank(text, sentence_ends[-1], breaks)


def _outcome_follows(text: str, at: int) -> bool:
    """An outcome word is the first word after `at` ("Decision: Upheld")."""
    words = text[at:at + 40].split(maxsplit=1)
    return bool(words) and is_outcome_word(words[0].rstrip(".,;"))


def _names_an_outcome(word: str) -> bool:
    """An outcome word, or a short capitalised phrase with no digits standing where one does."""
    word = word.strip()
    return is_outcome_word(word) or (len(word.split()) <= 4 and word[:1].isupper())


def _capitalised(text: str, hit: Hit) -> bool:
    return text[hit.start:hit.start + 1].isupper()


def _colon_follows(text: str, at: int) -> int:
    """Just after the colon that follows `at` (blanks or ")" between), or 0 if none does."""
    while at < len(text) and text[at] in " )":
        at += 1
    return at + 1 if at < len(text) and text[at] == ":" else 0


def _break_before(text: str, at: int, breaks: set[int]) -> None:
    """A break in the blank right before `at` (none when a line already starts there)."""
    if at > 0 and text[at - 1] in _BLANKS:
        breaks.add(at - 1)


def _break_at_blank(text: str, at: int, breaks: set[int]) -> None:
    """A break in the blanks from `at` on, when there are some and text follows on the line;
    in the last of them, so that the new line starts with its first word."""
    if at >= len(text) or text[at] not in _BLANKS:
        return
    while text[at + 1:at + 2] in (" ", "\t"):
        at += 1
    if text[at + 1:at + 2] not in ("", "\n"):
        breaks.add(at)
