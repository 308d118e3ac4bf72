"""Finding case-insensitive patterns fast: look for the words a match must start with, then match there.

Python's `re` cannot skip ahead through text for a `re.IGNORECASE` pattern that starts with a
letter, a `\\b` or an alternation: it runs the whole pattern at every position, which cost some
letter-wide patterns a third of a millisecond each. Most of our patterns start with one of a few
literal words ("date of injury", "injured", "DOI"); `str.find` finds those in the lowercased
text at C speed and the pattern itself decides at each place found. Every match of a pattern
starts with one of its words, so what is found is exactly what the pattern finds by itself.
"""
from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator, Sequence
from enum import Enum
from typing import NamedTuple

# str.lower() folds every character that re.IGNORECASE equates with an ASCII letter (the Kelvin
# sign to "k", say) one for one, except these three: re compares them with "i" and "s" but
# lower() leaves them be or, for the dotted capital I, makes two characters of one.
_LOWER_MISFITS = ("\u0130", "\u0131", "\u017f")


def lowercase(text: str) -> str | None:
    """text with its letters as re.IGNORECASE compares them, offset for offset; None if it cannot."""
    if not text.isascii() and any(misfit in text for misfit in _LOWER_MISFITS):
        return None
    return text.lower()


class _Unset(Enum):
    UNSET = "unset"


# Not given: work it out (None already means that text has no lowercase form).
UNSET = _Unset.UNSET


class Start(NamedTuple):
    """Literal text that a match starts with."""

    text: str
    # A \b stands before the text in the pattern, so a match whose text starts with a word
    # character starts a word.
    after_boundary: bool


class Prefiltered:
    """A compiled pattern whose searches start only where one of its literal starts is.

    When the pattern can start otherwise (with a character class, say) it has no starts and
    its searches scan every position as `re` does.
    """

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._pattern, self._flags = pattern, flags
        self._ignorecase = bool(flags & re.IGNORECASE)
        starts = literal_starts(pattern, flags)
        self._words = None if starts is None else _shared_prefixes(sorted({start.text for start in starts}))
        # Failing starts, text that every match contains: where none of it is, there is no match.
        self._required = literal_texts(pattern, flags) if starts is None else None

    @functools.cached_property
    def regex(self) -> re.Pattern[str]:
        """The compiled pattern, compiled when first needed. Compiling is a large part of what
        checking one letter costs (a millisecond for a long pattern), and most letters never
        need the patterns of which none of the starts appear in them."""
        return re.compile(self._pattern, self._flags)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None, *,
                 lowered: str | None | _Unset = UNSET) -> Iterator[re.Match[str]]:
        """As `regex.finditer(text, pos, endpos)`. A caller that has `lowercase(text)` passes it
        as lowered, so that it is made once for several patterns."""
        end = len(text) if endpos is None else endpos
        if self._ignorecase:
            haystack = lowercase(text) if isinstance(lowered, _Unset) else lowered
        else:
            haystack = text
        if self._words is None or haystack is None:
            if haystack is None or self._required is None or any(
                    haystack.find(required, pos, end) >= 0 for required in self._required):
                yield from self.regex.finditer(text, pos, end)
            return
        places = []
        for word in self._words:
            at = haystack.find(word, pos, end)
            while at >= 0:
                places.append(at)
                at = haystack.find(word, at + 1, end)
        if places:
            yield from matches_at(self.regex, text, sorted(places), end)

    def search(self, text: str, pos: int = 0, endpos: int | None = None, *,
               lowered: str | None | _Unset = UNSET) -> re.Match[str] | None:
        """As `regex.search(text, pos, endpos)`; lowered as for finditer."""
        return next(self.finditer(text, pos, endpos, lowered=lowered), None)


def _shared_prefixes(words: list[str]) -> tuple[str, ...]:
    """The sorted words, those that share their first five or more characters ("injured",
    "injury") replaced by what they share: one search of the text instead of several."""
    merged = words[:1]
    for word in words[1:]:
        shared = os.path.commonprefix([merged[-1], word])
        if len(shared) >= 5:
            merged[-1] = shared
        else:
            merged.append(word)
    return tuple(merged)


def matches_at(regex: re.Pattern[str], text: str, places: Sequence[int], endpos: int | None = None) -> Iterator[re.Match[str]]:
    """What `regex.finditer(text)` finds, given the ascending places where its matches can start."""
    end = len(text) if endpos is None else endpos
    resume = 0
    for place in places:
        if place >= resume:
            match = regex.match(text, place, end)
            if match:
                yield match
                resume = match.end()


class StartIndex:
    """Where each of several patterns can start, found in one scan for all their starting words.

    Made for many patterns tried on every short text (the stance cues on each sentence): one
    scan of the text finds the few places any of them can start, where a search per pattern
    would read the text once for each. The scan looks for words at the start of a word, so it
    serves only patterns whose every start follows a \\b and begins with a word character; any
    other pattern is scanned by itself.
    """

    def __init__(self, patterns: Sequence[str], flags: int = 0) -> None:
        self._patterns = list(patterns)
        self._flags = flags
        self._ignorecase = bool(flags & re.IGNORECASE)
        self._any_of_cache: dict[str, re.Pattern[str]] = {}
        self._indexed: list[bool] = []
        patterns_by_word: dict[str, set[int]] = {}
        for index, pattern in enumerate(patterns):
            # Starts run on over \s+ ("is not", "the request"): "is" alone starts a sentence's
            # every "is", where few of them go on as any pattern needs.
            starts = literal_starts(pattern, flags, across_blanks=True)
            indexed = starts is not None and all(start.after_boundary and _WORDS.match(start.text)
                                                 for start in starts)
            self._indexed.append(indexed)
            for start in starts if indexed else ():
                patterns_by_word.setdefault(_WORDS.match(start.text).group(), set()).add(index)
        self._unindexed = [index for index, indexed in enumerate(self._indexed) if not indexed]
        # The scan reports the longest word at a place; the shorter ones there are its prefixes.
        self._patterns_at = {word: sorted({index for length in range(1, len(word) + 1)
                                           for index in patterns_by_word.get(word[:length], ())})
                             for word in patterns_by_word}
        # \W before the words lets re skip through the letters of words at C speed; the text gets
        # a space in front so that its first word has one too. Only the \W is consumed, so that
        # a start inside another ("the request", "request is") is found too.
        self._scan = re.compile(r"\W(?=(" + _trie(sorted(patterns_by_word)) + "))") if patterns_by_word else None

    def _any_of(self, word: str) -> re.Pattern[str]:
        """One pattern for all those that can start with word, made the first time it is needed."""
        pattern = self._any_of_cache.get(word)
        if pattern is None:
            pattern = re.compile("|".join(f"(?:{self._patterns[index]})" for index in self._patterns_at[word]),
                                 self._flags)
            self._any_of_cache[word] = pattern
        return pattern

    def candidates(self, text: str, lowered: str | None) -> dict[int, list[int] | None]:
        """The patterns (by index) that can match in text, each with the ascending places its
        matches can start at; None where that can be anywhere. lowered is `lowercase(text)`."""
        haystack = lowered if self._ignorecase else text
        if haystack is None:
            return dict.fromkeys(range(len(self._indexed)))
        found: dict[int, list[int] | None] = dict.fromkeys(self._unindexed)
        if self._scan is not None:
            for found_words in self._scan.finditer(" " + haystack):
                place = found_words.start()  # the space in front shifts every offset by one
                words = found_words.group(1)
                if not words.isalnum():
                    words = " ".join(words.split())  # as the starts write blanks
                indexes = self._patterns_at[words]
                # Common words ("is", "the") start several patterns and seldom a match: one
                # attempt for all of them here saves one for each later.
                if len(indexes) > 1 and self._any_of(words).match(text, place) is None:
                    continue
                for index in indexes:
                    places = found.get(index)
                    if places is None:
                        found[index] = [place]
                    else:
                        places.append(place)
        return found


# A start's words, up to the first character that is neither a word character nor a blank; no
# start then hides inside another that the scan has passed over.
_WORDS = re.compile(r"\w+(?: \w+)*")


def _trie(words: list[str]) -> str:
    """An alternation of sorted words that re tries letter by letter, longest first; a blank
    stands for any run of whitespace, as it does in the starts."""
    branches = []
    position = 0
    while position < len(words):
        end = position
        while end < len(words) and words[end][0] == words[position][0]:
            end += 1
        shared = os.path.commonprefix(words[position:end])
        rests = [word[len(shared):] for word in words[position:end]]
        branch = "".join(r"\s+" if char == " " else re.escape(char) for char in shared)
        longer = [rest for rest in rests if rest]
        if longer:
            branch += "(?:" + _trie(longer) + ")" + ("?" if "" in rests else "")
        branches.append(branch)
        position = end
    return "|".join(branches)


def literal_starts(pattern: str, flags: int = 0, across_blanks: bool = False) -> tuple[Start, ...] | None:
    """The literal texts that every match of pattern starts with, or None if there are none.

    Lowercased when flags ask for IGNORECASE. A start is cut short wherever the pattern stops
    being plain text (a class, a repeat, an escape like \\s), so the starts are never longer
    than what a match must begin with; None means some match can begin otherwise.
    """
    read = _read(pattern, flags, contained=False, across_blanks=across_blanks)
    if read is None:
        return None
    starts = {Start(text, boundary) for text, _, boundary in read}
    # A start that begins with another start adds no place to look.
    return tuple(sorted(start for start in starts if not any(
        other != start and start.text.startswith(other.text) and (start.after_boundary or not other.after_boundary)
        for other in starts)))


def literal_texts(pattern: str, flags: int = 0) -> tuple[str, ...] | None:
    """Literal texts one of which every match of pattern contains, or None if there are none.

    What literal_starts finds, except that what comes before the first literal text need not
    be plain text: for "^\\s*(?:IMR DECISION|ISSUES? AT DISPUTE)" they are "imr decision",
    "issue at dispute" and "issues at dispute" (lowercased for IGNORECASE).
    """
    read = _read(pattern, flags, contained=True)
    if read is None:
        return None
    texts = {text for text, _, _ in read}
    # A text that contains another adds no match to look for.
    return tuple(sorted(text for text in texts if not any(other != text and other in text for other in texts)))


def _read(pattern: str, flags: int, contained: bool, across_blanks: bool = False) -> set[tuple[str, bool, bool]] | None:
    if flags & re.VERBOSE:
        return None  # its blanks and comments are not plain text (inline flags the reader refuses)
    reader = _StartReader(pattern, across_blanks)
    read = reader.alternation(passing_over=contained)
    if reader.position != len(pattern) or any(not text for text, _, _ in read):
        return None
    if flags & re.IGNORECASE:
        if any(not text.isascii() for text, _, _ in read):
            return None  # lowercase() folds only what re folds to ASCII
        read = {(text.lower(), is_open, boundary) for text, is_open, boundary in read}
    return read


# While reading, a start is (text, open, after_boundary): open when nothing but plain text has
# been read yet, so what follows extends it; closed once anything else (a class, a repeat) was.
_Read = set[tuple[str, bool, bool]]
_LONG_ENOUGH = 20
# Plain text: characters that stand for themselves.
_PLAIN = re.compile(r"[^\\\[\]().^$|?*+{}]+")
_QUANTIFIER = re.compile(r"(?:[?*+]|\{\d*(?:,\d*)?\})[?+]?")
_NOTHING: _Read = {("", True, False)}  # a zero-width item: a lookaround, ^, $
_BOUNDARY: _Read = {("", True, True)}
_UNKNOWN: _Read = {("", False, False)}


class _StartReader:
    """Reads a regular expression's source for the texts its matches start with.

    Passing over what is not plain text before the first plain text, it reads texts that a
    match contains rather than starts with.
    """

    def __init__(self, pattern: str, across_blanks: bool = False) -> None:
        self.pattern = pattern
        self.position = 0
        # Read \s+ as a blank " " (one or more whitespace characters) that a start runs on over.
        self.across_blanks = across_blanks

    def alternation(self, passing_over: bool) -> _Read:
        read = self.sequence(passing_over)
        while self._peek() == "|":
            self.position += 1
            read |= self.sequence(passing_over)
        return read

    def sequence(self, passing_over: bool) -> _Read:
        read = set(_NOTHING)
        while self._peek() not in ("", "|", ")"):
            # Only while nothing has been read: after plain text, what follows must follow it.
            passing = passing_over and all(not text for text, _, _ in read)
            item = self.item(passing)
            quantifier = _QUANTIFIER.match(self.pattern, self.position)
            if quantifier:
                self.position = quantifier.end()
                repeat = quantifier.group()
                # After one repetition of more than one allowed, the count is unknown; with none
                # allowed, the item may be absent.
                if repeat[0] != "?":
                    item = {(text, False, boundary) for text, _, boundary in item}
                if repeat[0] in "?*" or repeat.startswith(("{0", "{,")):
                    item |= _NOTHING
            if passing:
                item = {(text, is_open or not text, boundary) for text, is_open, boundary in item}
            if any(is_open for _, is_open, _ in read):
                # A start stops growing at _LONG_ENOUGH characters: longer ones would find
                # hardly fewer places, and optional parts would multiply them.
                read = {self._joined(text, more, still_open, boundary or (not text and more_boundary))
                        for text, is_open, boundary in read if is_open
                        for more, still_open, more_boundary in item} | {start for start in read if not start[1]}
                if len(read) > 256:
                    read = set(_UNKNOWN)
        return read

    def _joined(self, text: str, more: str, still_open: bool, boundary: bool) -> tuple[str, bool, bool]:
        joined = text + more
        if self.across_blanks and joined.count(" ") > 1:
            # Two words are enough to tell places apart, and more would multiply the starts.
            return joined[:joined.index(" ", joined.index(" ") + 1)], False, boundary
        return joined, still_open and len(joined) < _LONG_ENOUGH, boundary

    def item(self, passing_over: bool) -> _Read:
        pattern, at = self.pattern, self.position
        char = pattern[at]
        if char == "\\":
            escaped = pattern[at + 1]
            self.position = at + 2
            if escaped == "b":
                return set(_BOUNDARY)
            if escaped == "s" and self.across_blanks and pattern.startswith("+", at + 2):
                self.position = _QUANTIFIER.match(pattern, at + 2).end()  # type: ignore[union-attr]
                return {(" ", True, False)}
            if escaped in "BAZ":
                return set(_NOTHING)
            return set(_UNKNOWN) if escaped.isalnum() else {(escaped, True, False)}
        if char == "[":
            self.position = self._class_end(at)
            return set(_UNKNOWN)
        if char == "(":
            return self._group(passing_over)
        if char in "^$":
            self.position = at + 1
            return set(_NOTHING)
        if char == ".":
            self.position = at + 1
            return set(_UNKNOWN)
        plain = _PLAIN.match(pattern, at)
        end = plain.end() if plain else at + 1
        if end - at > 1 and _QUANTIFIER.match(pattern, end):
            end -= 1  # the quantifier is the last character's alone
        self.position = end
        return {(pattern[at:end], True, False)}

    def _group(self, passing_over: bool) -> _Read:
        pattern = self.pattern
        self.position += 1
        lookaround = False
        if pattern.startswith("?", self.position):
            if pattern.startswith(("?:", "?=", "?!"), self.position):
                lookaround = pattern[self.position + 1] != ":"
                self.position += 2
            elif pattern.startswith(("?<=", "?<!"), self.position):
                lookaround = True
                self.position += 3
            elif pattern.startswith("?P<", self.position):
                self.position = pattern.index(">", self.position) + 1
            else:  # (?P=name), (?#...), (?>...), (?(id)yes|no): not read further
                self.position = len(pattern) + 1
                return set(_UNKNOWN)
        inner = self.alternation(passing_over)
        if self._peek() != ")":
            self.position = len(pattern) + 1
            return set(_UNKNOWN)
        self.position += 1
        # A lookaround matches no text; where the match starts is up to what comes next.
        return set(_NOTHING) if lookaround else inner

    def _class_end(self, at: int) -> int:
        pattern, at = self.pattern, at + 1
        if pattern.startswith("^", at):
            at += 1
        if pattern.startswith("]", at):
            at += 1
        while pattern[at] != "]":
            at += 2 if pattern[at] == "\\" else 1
        return at + 1

    def _peek(self) -> str:
        return self.pattern[self.position:self.position + 1]
