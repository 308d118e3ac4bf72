"""Every lexicon phrase of a text, found in one scan.

Phrases are compared word by word, in lower case, with punctuation as a space: "X-Ray",
"x ray" and "x-ray" are one phrase, and "non-certified" is the words "non certified". The
text is first made *plain*: lower-cased, every character that is not a letter or a digit
turned into a space, offset for offset, so a phrase found in the plain text sits at the same
offsets in the text itself. An Aho-Corasick automaton (pyahocorasick) then finds every
phrase of every lexicon at once, each padded with a space on both sides so that it matches
whole words only ("no" is not found in "note"). A phrase marked `prefix` needs a word start
but no word end: the rule keyword "flare-up" also finds "flare-ups".

Punctuation is written in a phrase as letters print it: the phrase "IMR DECISION(S) AND
RATIONALE(S)" finds exactly that heading, and "medically necessary" is not found in
"medically, necessary" or across a sentence end. A line break is one space, so a phrase may
run across one.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple


# Letters and digits stay (capitals made small), everything else becomes a space. Latin-1
# letters stay too; a character outside Latin-1 is a space (it is encoded as "?" first).
def _plain_table() -> bytes:
    table = bytearray(b" " * 256)
    for code in range(256):
        character = chr(code)
        if "0" <= character <= "9" or character.isalpha():
            small = character.lower()
            table[code] = ord(small) if len(small) == 1 and ord(small) < 256 else code
    return bytes(table)


_PLAIN_TABLE = _plain_table()


def plain(text: str) -> str:
    """text lower-cased with each character that is not a letter or digit a space; same length."""
    return text.encode("latin-1", "replace").translate(_PLAIN_TABLE).decode("latin-1")


def phrase_words(phrase: str) -> str:
    """A phrase as the plain text it is found as: 'Non-Certified ' -> 'non certified'.

    Blanks between words count as one; punctuation stays a space of its own, as in the text.
    """
    return plain(" ".join(phrase.split())).strip()


class Hit(NamedTuple):
    """A phrase found in a text: [start, end) in the text, its lexicon kind and its value."""

    start: int
    end: int
    kind: str
    value: Any


class PhraseMatcher:
    """A set of phrases, each with a kind (which lexicon) and a value, found in one scan.

    One phrase may carry several kinds: "manipulation" is a treatment and a guideline topic
    word. Within one kind a phrase has one value, that of its first entry.
    """

    def __init__(self, entries: Iterable[tuple[str, str, Any, bool]]) -> None:
        """`entries`: (phrase, kind, value, prefix) for every phrase of every lexicon."""
        import ahocorasick

        keys: dict[str, list[tuple[str, Any]]] = {}
        for phrase, kind, value, prefix in entries:
            words = phrase_words(phrase)
            if not words:
                continue
            key = f" {words}" + ("" if prefix else " ")
            found = keys.setdefault(key, [])
            # One value per kind: of two entries naming the same words, the first keeps them.
            if all(known != kind for known, _ in found):
                found.append((kind, value))
        self._automaton = ahocorasick.Automaton()
        for key, found in keys.items():
            # From the key's last character back to the phrase's start, and to its end.
            to_start, to_end = (len(key) - 1, 1) if key.endswith(" ") else (len(key) - 1, 0)
            self._automaton.add_word(key, (to_start, to_end, tuple(found)))
        self._automaton.make_automaton()
        self.size = len(keys)

    def scan(self, plain_text: str) -> list[Hit]:
        """Every phrase in a text made `plain`, ordered by start (longer first at one start)."""
        hits = [Hit(end - to_start, end - to_end, kind, value)
                for end, (to_start, to_end, found) in self._automaton.iter(f" {plain_text} ")
                for kind, value in found]
        hits.sort(key=_order)
        return hits

    def find(self, text: str) -> list[Hit]:
        """The phrases of a short text (a heading, a citation): `scan(plain(text))`."""
        return self.scan(plain(text))


def _order(hit: Hit) -> tuple[int, int]:
    return hit.start, -hit.end


def leftmost_longest(hits: Iterable[Hit]) -> Iterator[Hit]:
    """Hits that do not overlap, each the longest at the leftmost place left (hits in scan order)."""
    covered = 0
    for hit in hits:
        if hit.start >= covered:
            covered = hit.end
            yield hit
