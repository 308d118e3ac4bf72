"""CIT001 (checker/checks/citation.py): which guideline topics a citation names, and the
must-fire and must-not-fire cases of cases/citation.yaml."""
from __future__ import annotations

import pytest

from checker.checks.citation import cited_topics
from checker.models import Citation

from .cases import coverage, table


def topics_of(guideline: str, topic: str, pages: list[int] | None = None) -> list[str]:
    return [t.name for t in cited_topics(Citation(source="imr", guideline=guideline, topic=topic, pages=pages or []))]


@pytest.mark.parametrize("topic, names", [
    ("Physical Medicine", ["Physical medicine"]),
    ("PHYSICAL THERAPY", ["Physical medicine"]),
    ("Muscle relaxants (for pain); Opioids, ongoing management", ["Muscle relaxants", "Opioids"]),
    ("Exercise; Manipulation", ["Exercise", "Manual therapy & manipulation"]),
    ("Sexercise", []),  # keywords start words
])
def test_topics_are_named_by_their_keywords_in_the_lexicon_order(topic, names):
    assert topics_of("MTUS Chronic Pain Treatment Guidelines", topic) == names


def test_pages_name_the_topics_only_when_the_words_name_none():
    assert topics_of("MTUS", "", [63, 64]) == ["Muscle relaxants"]
    assert topics_of("MTUS", "Opioids", [63, 64]) == ["Opioids"]


@pytest.mark.parametrize("case", table("citation"))
def test_case(case):
    case.verify()


def test_every_code_has_cases_that_fire_and_cases_that_must_not():
    assert all(fire and not_fire for fire, not_fire in coverage("citation").values()), coverage("citation")
