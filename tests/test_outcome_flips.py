"""Flipping any item's outcome word makes the outcome check fire on that item, and flipping it
back silences it again: over every example and seed letter the project has."""
from __future__ import annotations

import pytest

from checker.engine import check_text, parse_text
from checker.reading import decode
from tests.support.paths import example_files, seed_files

_FLIP = {"upheld": "Overturned", "overturned": "Upheld"}


def _flip_word(word: str) -> str:
    flipped = _FLIP[word.lower()]
    return flipped.upper() if word.isupper() else flipped


def _out001_items(text: str) -> set[int]:
    return {f.item for f in check_text(text).findings if f.code == "OUT001"}


def _flippable(path):
    text = decode(path.read_bytes(), str(path))
    letter = parse_text(text, str(path))
    for item in letter.items:
        span = item.outcome_span
        if span is None or item.conclusion is None or item.rationale[item.conclusion].stance.value == "neutral":
            continue
        word = text[span.start:span.end]
        if word.lower() in _FLIP:
            yield text, item.index, span.start, span.end, word


CASES = [(path, case) for path in example_files() + seed_files() for case in _flippable(path)]


@pytest.mark.parametrize("path, case", CASES, ids=[f"{p.name}-item{c[1]}" for p, c in CASES])
def test_flipping_an_outcome_toggles_the_outcome_check(path, case):
    text, index, start, end, word = case
    before = index in _out001_items(text)
    flipped = text[:start] + _flip_word(word) + text[end:]
    assert (index in _out001_items(flipped)) is not before
    restored = flipped[:start] + word + flipped[start + len(_flip_word(word)):]
    assert restored == text
    assert (index in _out001_items(restored)) is before


def test_there_are_letters_to_flip():
    assert len(CASES) >= 10
