"""Citation family: the guideline topic a decision cites should cover the item's treatment."""
from __future__ import annotations

import functools
from collections.abc import Iterator

from checker.checks.context import CheckContext
from checker.checks.registry import make_finding, register
from checker.models import Citation, Family, Finding, Item, Letter, Severity
from checker.text.lexicon import Kind, Topic, matcher, topics


def cited_topics(citation: Citation) -> list[Topic]:
    """The topics a citation names, in the lexicon's order; by its pages only when its words
    name none. Topic keywords are phrases of the one lexicon matcher (kind TOPIC)."""
    known = topics()
    named = sorted({hit.value for hit in matcher().find(f"{citation.guideline} {citation.topic}")
                    if hit.kind == Kind.TOPIC})
    if named or not citation.pages:
        return [known[index] for index in named]
    return [topic for topic in known if topic.pages and set(citation.pages) <= topic.pages]


@functools.cache
def _covered() -> frozenset[str]:
    """The treatments some topic covers: an item of any other one has no citation to check."""
    return frozenset().union(*(topic.covers for topic in topics()))


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
        categories = _categories(item) & _covered()
        if not categories:
            continue
        for citation in item.citations:
            if citation.source != "imr":
                continue
            named = cited_topics(citation)
            if not named or any(t.general or t.covers & categories for t in named):
                continue
            names = ", ".join(t.name for t in named)
            yield make_finding(f"item {item.index} ({', '.join(sorted(categories))}) is decided on '{names}', "
                f"which does not cover it", item=item.index, evidence=[citation.span or item.heading_span])
