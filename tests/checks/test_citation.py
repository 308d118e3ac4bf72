"""Which guideline topics a citation names (the basis of CIT001)."""
from __future__ import annotations

import pytest

from checker.checks.citation import cited_topics
from checker.models import Citation


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
