"""Citation family: the guideline topic a decision cites should cover the item's treatment."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from checker.checks.context import CheckContext
from checker.checks.registry import make_finding, register
from checker.models import Citation, Family, Finding, Item, Letter, Severity
from checker.prefilter import StartIndex, lowercase
from checker.resources import lexicon


@dataclass(frozen=True)
class Topic:
    name: str
    keywords: re.Pattern[str] | None
    pages: frozenset[int]
    covers: frozenset[str]
    general: bool


@dataclass(frozen=True)
class _Topics:
    topics: tuple[Topic, ...]
    # The topics that have keywords, each with its pattern of them.
    worded: tuple[tuple[Topic, re.Pattern[str]], ...]
    # Where each worded topic's keywords can start: one scan of a citation for the words they
    # start with, where a search per topic would read it once for each topic.
    keyword_starts: StartIndex
    # The treatments some topic covers: an item of any other one has no citation to check.
    covered: frozenset[str]


@functools.cache
def _topics() -> _Topics:
    topics = []
    for entry in lexicon("citation_topics")["topics"]:
        words = entry.get("keywords") or []
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + ")", re.I) if words else None
        topics.append(Topic(entry["name"], pattern, frozenset(entry.get("pages") or []),
                            frozenset(entry.get("covers") or []), bool(entry.get("general"))))
    worded = tuple((t, t.keywords) for t in topics if t.keywords is not None)
    keyword_starts = StartIndex([keywords.pattern for _, keywords in worded], re.I)
    return _Topics(tuple(topics), worded, keyword_starts, frozenset().union(*(t.covers for t in topics)))


def cited_topics(citation: Citation) -> list[Topic]:
    """The topics a citation names; by its pages only when its words name none."""
    words = f"{citation.guideline} {citation.topic}"
    known = _topics()
    candidates = known.keyword_starts.candidates(words, lowercase(words))
    named = [topic for index, (topic, keywords) in enumerate(known.worded)
             if index in candidates and _names(keywords, words, candidates[index])]
    if named or not citation.pages:
        return named
    return [t for t in known.topics if t.pages and set(citation.pages) <= t.pages]


def _names(keywords: re.Pattern[str], words: str, places: list[int] | None) -> bool:
    """Whether words hold a keyword, starting at one of places (anywhere when None)."""
    if places is None:
        return keywords.search(words) is not None
    return any(keywords.match(words, place) for place in places)


def _categories(item: Item) -> set[str]:
    request = item.request
    if request is None:
        return set()
    return {value for value in (request.treatment, request.drug_class) if value}


@register("CIT001", Family.CITATION, Severity.WARNING)
def citation_does_not_cover_treatment(letter: Letter, context: CheckContext) -> Iterator[Finding]:
    """The reviewer's cited guideline topic does not cover the item's treatment.

    Why: the IMR decision must rest on the guideline for the disputed treatment; a physical
    therapy request decided on the muscle relaxant pages points at a copied citation or a
    decision made on the wrong basis. Only the reviewer's own citation is checked, and only
    when it names a topic (by words, or by pages when it has no words) that covers other
    treatments and none that covers this one.

    Fires:
        Physical therapy 2 x 4:  Upheld
        MAXIMUS guideline: Decision based on MTUS Chronic Pain Treatment Guidelines Muscle
        relaxants (for pain) Page(s): 63-66.
        Decision rationale: The request is not medically necessary.

    Does not fire:
        Physical therapy 2 x 4:  Upheld
        MAXIMUS guideline: Decision based on MTUS Chronic Pain Treatment Guidelines Physical
        Medicine Page(s): 98-99.
        Decision rationale: The request is not medically necessary.
    """
    for item in letter.items:
        categories = _categories(item) & _topics().covered
        if not categories:
            continue
        for citation in item.citations:
            if citation.source != "imr":
                continue
            topics = cited_topics(citation)
            if not topics or any(t.general or t.covers & categories for t in topics):
                continue
            names = ", ".join(t.name for t in topics)
            yield make_finding(
                "CIT001",
                f"item {item.index} ({', '.join(sorted(categories))}) is decided on '{names}', "
                f"which does not cover it", item=item.index, evidence=[citation.span or item.heading_span])
