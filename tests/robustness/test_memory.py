"""Peak memory of checking one large letter stays under 20 times the letter's size (README,
"Robustness guarantees"). Measured with tracemalloc, which counts every allocation the
check makes (the same count on every run), on letters of 1 MB made from a real letter: its
rationale repeated, and a run of numbers (a word every two characters, the costliest text
per byte). Lexicons and grammar are loaded before anything is measured."""
from __future__ import annotations

import tracemalloc

import pytest

from checker import check_file
from tests.support.paths import GOOD_LETTER

LETTER = GOOD_LETTER
SIZE = 1_000_000
MOST = 20  # times the letter's size


def _rationale(text: str) -> str:
    start = text.index("Decision rationale:")
    return text[start:text.index("\n\n", start) + 2]


NUMBERS = " ".join(f"{number} x" for number in range(1, 200)) + "\n"
SHAPES = {"rationale repeated": _rationale, "number-dense": lambda _letter: NUMBERS}


def _large_letter(shape: str) -> str:
    """The letter with a filler of its shape repeated inside its first rationale, to SIZE."""
    text = LETTER.read_text()
    filler = SHAPES[shape](text)
    at = text.index("\n\n", text.index("Decision rationale:"))
    return text[:at] + "\n" + filler * (SIZE // len(filler) + 1) + text[at:]


@pytest.mark.parametrize("shape", SHAPES)
def test_peak_memory_of_a_large_letter_is_under_twenty_times_its_size(shape, tmp_path):
    path = tmp_path / "large.txt"
    path.write_text(_large_letter(shape))
    size = path.stat().st_size
    assert size >= SIZE
    check_file(LETTER)
    tracemalloc.start()
    try:
        report = check_file(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert report.items, "the large letter was read as a letter"
    assert peak < MOST * size, f"{shape}: peak {peak / size:.1f} times the letter's size"
