"""The counts a letter's sentences state, read once per sentence and shared.

Prior-treatment reading and the restated-request reading both need the quantity forms of a
rationale sentence ("22 visits", "2 x 4"); the request grammar reads each sentence once, and
only a sentence that has a cue for either.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from checker.grammar import FoundQuantity, parse_quantities
from checker.models import QuantityForm
from checker.text.letter_text import LetterText
from checker.text.lexicon import Kind

_DIGIT = re.compile("[0-9]")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A quantity form found in the letter, at clean offsets."""

    form: QuantityForm
    start: int
    end: int
    # "additional 8 sessions": more on top of what came before, not the whole request.
    additional: bool


class SentenceQuantities:
    """The quantity forms of each sentence asked for, read by the grammar once."""

    def __init__(self, letter: LetterText) -> None:
        self.letter = letter
        self._read: dict[tuple[int, int], list[Quantity]] = {}

    def of(self, start: int, end: int) -> list[Quantity]:
        """The quantity forms in the clean text [start, end), in order."""
        found = self._read.get((start, end))
        if found is None:
            letter = self.letter
            # A quantity needs a number, in digits or in words: most sentences have none.
            if _DIGIT.search(letter.text, start, end) is None and not letter.has(Kind.NUMBER_WORD, start, end):
                found = []
            else:
                found = [_located(quantity, start) for quantity in parse_quantities(letter.text[start:end])]
            self._read[(start, end)] = found
        return found


def _located(quantity: FoundQuantity, offset: int) -> Quantity:
    return Quantity(quantity.form, offset + quantity.start, offset + quantity.end, quantity.additional)
