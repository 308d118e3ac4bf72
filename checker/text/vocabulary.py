"""Which treatment, drug and body parts a stretch of text names, from its lexicon hits.

A text names a phrase of treatments.yaml, drugs.yaml or body_parts.yaml when the phrase's
words stand in it consecutively (`text.phrases`). Reading left to right, the longest phrase
at each place wins and the words it covers are not read again.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from checker.text.lexicon import Drug, Kind, categories, treatment_abbreviations
from checker.text.phrases import Hit, leftmost_longest

TOPICAL_CLASSES = frozenset({"topical_analgesic", "topical_compound"})


def _values(hits: Iterable[Hit], kind: str) -> list:
    return [hit.value for hit in leftmost_longest(hit for hit in hits if hit.kind == kind)]


def treatment_of(hits: list[Hit]) -> str | None:
    """The treatment category the hits name; a drug alone makes it `medication`."""
    found = _values(hits, Kind.TREATMENT)
    if found:
        known = categories()
        return next((name for name in found if known[name].dominant), found[0])
    if drug_of(hits) is not None:
        return "medication"
    return None


def abbreviated_treatment(text: str) -> str | None:
    """The treatment a request's own text names by a capitalised abbreviation ("PT 2x6")."""
    abbreviations = treatment_abbreviations()
    return next((abbreviations[word] for word in re.findall(r"[A-Za-z]+", text) if word in abbreviations), None)


def drug_of(hits: list[Hit]) -> Drug | None:
    """The drug the hits name, made topical when a cream, gel or lotion carries it."""
    drugs: list[Drug] = list(dict.fromkeys(_values(hits, Kind.DRUG)))
    if not drugs:
        return None
    first = drugs[0]
    if first.drug_class in TOPICAL_CLASSES or not any(hit.kind == Kind.VEHICLE for hit in hits):
        return first
    generics = list(dict.fromkeys(drug.generic for drug in drugs))
    if len(generics) > 1:
        return Drug("/".join(generics), "topical_compound")
    return Drug(first.generic, "topical_analgesic")


def body_parts_of(hits: list[Hit]) -> list[str]:
    return list(dict.fromkeys(_values(hits, Kind.BODY_PART)))
