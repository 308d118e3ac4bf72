"""Guideline citations: which guideline, topic and pages a decision rests on.

'Decision based on MTUS Chronic Pain Treatment Guidelines Physical Medicine Page(s): 98-99.'
-> guideline 'MTUS Chronic Pain Treatment Guidelines', topic 'Physical Medicine', pages [98, 99].
"""
from __future__ import annotations

import re
from itertools import pairwise

from checker.models import Citation, Span

_LEAD_IN = re.compile(r"^(?:\s*(?:Decision based on|The (?:Claims Administrator|Expert Reviewer)"
                      r"(?: based (?:its|his/her|his|her|their) decision on)?|based on)\s*)+", re.I)
_GUIDELINE = re.compile(
    r"(?P<name>(?:the\s+)?(?:Non-MTUS Citation\s+)?(?:"
    r"(?:CA\s+|California\s+)?MTUS\s*(?:\(?20\d\d\)?\s*)?(?::\s*)?(?:Chronic Pain(?: Medical)? Treatment Guidelines|"
    r"Acupuncture(?: Medical)? Treatment Guidelines|ACOEM(?: Practice Guidelines)?|"
    r"Post-?Surgical(?: Treatment)? Guidelines|Guidelines)?|"
    r"Chronic Pain Medical Treatment Guidelines|"
    r"Official Disability Guidelines(?:\s*\(ODG\))?|ODG|"
    r"ACOEM(?: Practice)?(?: Guidelines)?(?:,?\s*\d*(?:nd|rd|th)? Edition)?|"
    r"American College of Occupational and Environmental Medicine(?:\s*\(ACOEM\))?))",
    re.I)
_PAGES = re.compile(r"(?:Page\(?s?\)?|pages?|pgs?\.?|p\.)\s*:?\s*(?P<pages>\d[\d\s,&\-\u2013and]*)", re.I)
_NO_MTUS = re.compile(r"did not (?:base|cite)|not based on (?:the )?MTUS", re.I)
_NON_MTUS = re.compile(r"Non-MTUS|ODG|Official Disability", re.I)


def parse_pages(text: str) -> list[int]:
    """'58-59, 8' -> [58, 59, 8]; '46 & 99' -> [46, 99]. Ranges are expanded."""
    pages: list[int] = []
    for part in re.split(r"\s*(?:,|&|\band\b)\s*", text):
        bounds = re.findall(r"\d+", part)
        if len(bounds) >= 2 and ("-" in part or "\u2013" in part):
            low, high = int(bounds[0]), int(bounds[1])
            if low <= high <= low + 150:
                pages.extend(range(low, high + 1))
                continue
        pages.extend(int(b) for b in bounds[:1])
    return [p for p in dict.fromkeys(pages) if 0 < p < 1000]


_DECISION_BASED_ON = re.compile(r"Decision\s+based\s+on", re.I)


def split_citations(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """One field can hold several citations, each opened by 'Decision based on'."""
    cuts = [m.start() for m in _DECISION_BASED_ON.finditer(text, start, end)]
    bounds = [start] + [c for c in cuts if c > start] + [end]
    parts = [(a, b) for a, b in pairwise(bounds) if text[a:b].strip(" \n.")]
    # A lead-in with no guideline ("did not base their decision on the MTUS.") is not a citation.
    return [(a, b) for a, b in parts if len(parts) == 1 or not _NO_MTUS.search(text[a:b])]


# Several topics run together in extraction ("manipulationPain Outcomes").
_RUN_TOGETHER = re.compile(r"(?<=[a-z])(?=[A-Z][a-z])")


def parse_citation(text: str, source: str, span: Span | None) -> Citation:
    body = " ".join(text.split())
    pages: list[int] = []
    body_before_pages = body
    pages_match = _PAGES.search(body)
    if pages_match:
        pages = parse_pages(pages_match.group("pages"))
        body_before_pages = body[:pages_match.start()]
    remainder = _LEAD_IN.sub("", body_before_pages).strip()
    guideline, topic = "", remainder
    # Citations name the guideline first, nearly all of them.
    found = _GUIDELINE.match(remainder) or _GUIDELINE.search(remainder)
    if found and found.start() < 40:
        guideline = found.group("name").strip()
        topic = remainder[found.end():]
    return Citation(source=source, guideline=guideline,  # type: ignore[arg-type]
                    topic=_RUN_TOGETHER.sub("; ", topic).strip(" .,;:-"), pages=pages,
                    non_mtus=bool(_NON_MTUS.search(body)), text=body, span=span)
