"""Hypothesis strategies for letter-like text, shared by the robustness property tests."""
from __future__ import annotations

import random

from hypothesis import strategies as st

from tests.support.letter_mutations import REPEATABLE_UNITS, STRUCTURE_LINES, letters, mutate

# Pieces a letter is made of, plus the characters extraction and encodings get wrong.
_TOKENS = (
    *STRUCTURE_LINES, *REPEATABLE_UNITS,
    "\n", "\n", "\n\n", "\r\n", "\r", "\f", "\t", "\u00a0", "\u00ad", "\ufeff", "\u2028", "\x00", "\x1b",
    " ", "  ", "-", "-\n", ".", ":", "x", "#", "/", "(", ")", "'", '"', "\u201c", "\u201d", "\u2013", "\u00e9",
    "\ufffd", "\U0001f600", "a", "The", "the", "treat", "ment", "visits", "Upheld", "Overturned", "week",
    "0", "1", "2", "12", "7.5", "2013", "03/06/2014", "mg", "Page", "of",
)

letter_like_text = st.lists(st.sampled_from(_TOKENS), max_size=80).map("".join)
any_text = st.one_of(st.text(max_size=400), letter_like_text)
# Line-structured text: lines of tokens, so headings, blanks and footers line up.
lined_text = st.lists(st.lists(st.sampled_from(_TOKENS), max_size=6).map("".join), max_size=40).map("\n".join)

_LETTERS = letters()


@st.composite
def mutated_letters(draw: st.DrawFn) -> tuple[str, str, int]:
    """(letter name, mutated text, seed) from one real letter and a reproducible mutation."""
    name, text = draw(st.sampled_from(_LETTERS))
    seed = draw(st.integers(min_value=0, max_value=2**32 - 1))
    mutated, _ = mutate(text, random.Random(seed))
    return name, mutated, seed
