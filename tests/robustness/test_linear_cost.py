"""Text shapes that once cost time quadratic in their length: doubling one must at most about
double the cost of checking the letter. Measured as a ratio in one run (best of several
timings of each size), never against a wall-clock limit."""
from __future__ import annotations

import time

import pytest

from checker import check_text
from tests.support.paths import EXAMPLES

RUN = 50_000


def _shape(example: str, marker: str, replacement: str):
    text = (EXAMPLES / example).read_text()
    assert marker in text
    return lambda n: text.replace(marker, replacement.replace("RUN", " " * n).replace("TOKEN", "a" * n), 1)


SHAPES = {
    "spaces after Item": _shape("maximus-ir/chiro-six-sessions-2x4.txt", "Item 1:", "ItemRUN"),
    "spaces after CASE SUMMARY": _shape("maximus-ir/chiro-six-sessions-2x4.txt", "CASE SUMMARY", "CASE SUMMARYRUNx"),
    # Linear in every layout that has the heading (measured when the shape was reported).
    "spaces after CASE SUMMARY, imr-final": _shape("imr-final/clean-norco-prilosec.txt", "CASE SUMMARY",
                                                   "CASE SUMMARYRUNx"),
    "spaces after CASE SUMMARY, professional review": _shape("medical-professional-review/clean-aquatic-gym.txt",
                                                             "CASE SUMMARY", "CASE SUMMARYRUNx"),
    "spaces in a professional review issue line": _shape("medical-professional-review/clean-aquatic-gym.txt",
                                                          "1. Aquatic therapy", "1. Aquatic therapyRUNx"),
    "long token in a 2013 notice's guidelines": _shape(
        "notice-2013/butrans-determined-necessary-rationale-denies.txt",
        "Medical Treatment Guideline(s) Relied Upon:", "Medical Treatment Guideline(s) Relied Upon: TOKEN.5"),
}


def _cost(text: str) -> float:
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        check_text(text)
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("shape", SHAPES, ids=list(SHAPES))
def test_doubling_the_shape_at_most_about_doubles_the_cost(shape):
    make = SHAPES[shape]
    check_text(make(10))  # lexicons and grammar loaded before anything is timed
    single, double = _cost(make(RUN)), _cost(make(2 * RUN))
    # Linear gives about 2 (less, with the letter's fixed cost); quadratic gives about 4.
    assert double / single < 3.0, (shape, single, double)
