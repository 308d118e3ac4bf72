"""Which treatment, drug and body parts a text names, looked up in the YAML lexicons.

This is vocabulary, not notation: the lexicons rules/lexicon/treatments.yaml, drugs.yaml
and body_parts.yaml list phrases, and a text names a phrase when the phrase's words appear
in it consecutively. Words are compared in lower case with punctuation as a space, so
"X-Ray", "x ray" and "x-ray" are the same phrase. At each word the longest phrase wins,
and the words it covers are not read again.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Generic, Iterable, TypeVar

from checker.resources import lexicon

# Letters and digits of any script; everything else separates words.
_WORD = re.compile(r"[^\W_]+")

Value = TypeVar("Value")


def words_of(text: str) -> list[str]:
    return _WORD.findall(text.lower())


class PhraseIndex(Generic[Value]):
    """Phrases of whole words, each with a value, found in a list of words."""

    def __init__(self, phrases: Iterable[tuple[str, Value]]):
        self._by_first_word: dict[str, list[tuple[tuple[str, ...], Value]]] = {}
        for phrase, value in phrases:
            words = tuple(words_of(phrase))
            candidates = self._by_first_word.setdefault(words[0], [])
            if all(known != words for known, _ in candidates):
                candidates.append((words, value))
        for candidates in self._by_first_word.values():
            candidates.sort(key=lambda candidate: -len(candidate[0]))

    def find_all(self, words: list[str]) -> list[Value]:
        """The value of every phrase in `words`, in the order the phrases appear."""
        if self._by_first_word.keys().isdisjoint(words):
            return []  # most text names no phrase: one set test in C instead of a loop per word
        found = []
        position = 0
        while position < len(words):
            for phrase, value in self._by_first_word.get(words[position], ()):
                if tuple(words[position : position + len(phrase)]) == phrase:
                    found.append(value)
                    position += len(phrase)
                    break
            else:
                position += 1
        return found


@dataclass(frozen=True, slots=True)
class Category:
    name: str
    # Wins over an earlier phrase of another category ("orthopedic surgery consultation").
    dominant: bool
    # What a bare "x 10 days" counts for this treatment: "supply", "rental" or "sessions".
    days_mean: str | None


@dataclass(frozen=True, slots=True)
class Drug:
    generic: str
    drug_class: str


TOPICAL_CLASSES = frozenset({"topical_analgesic", "topical_compound"})


@functools.cache
def categories() -> dict[str, Category]:
    """Every treatment category of treatments.yaml, by name."""
    return {
        name: Category(name, bool(entry.get("dominant")), entry.get("days_mean"))
        for name, entry in lexicon("treatments")["categories"].items()
    }


@functools.cache
def _treatment_index() -> PhraseIndex[Category]:
    entries = lexicon("treatments")["categories"]
    return PhraseIndex(
        (phrase, categories()[name])
        for name, entry in entries.items()
        for phrase in [*entry.get("phrases", []), *entry.get("misspellings", [])]
    )


@functools.cache
def _drug_index() -> PhraseIndex[Drug]:
    phrases = []
    for entry in lexicon("drugs")["drugs"]:
        drug = Drug(entry["generic"], entry["class"])
        # The generic name comes first so that, of two entries sharing it, the earlier
        # one keeps the bare name (PhraseIndex ignores a phrase it already holds).
        for name in [entry["generic"], *entry["names"]]:
            phrases.append((name, drug))
    return PhraseIndex(phrases)


@functools.cache
def _topical_vehicles() -> frozenset[str]:
    return frozenset(lexicon("drugs")["topical_vehicles"])


@functools.cache
def _body_part_index() -> PhraseIndex[str]:
    return PhraseIndex(
        (phrase, name)
        for name, phrases in lexicon("body_parts")["body_parts"].items()
        for phrase in phrases
    )


def treatment_in(words: list[str]) -> str | None:
    """The treatment category the words name; a drug alone makes it `medication`."""
    categories = _treatment_index().find_all(words)
    if categories:
        dominant = next((found for found in categories if found.dominant), None)
        return (dominant or categories[0]).name
    if drug_in(words) is not None:
        return "medication"
    return None


def drug_in(words: list[str]) -> Drug | None:
    """The drug the words name, made topical when a cream, gel or lotion carries it."""
    drugs = list(dict.fromkeys(_drug_index().find_all(words)))
    if not drugs:
        return None
    first = drugs[0]
    if first.drug_class in TOPICAL_CLASSES or _topical_vehicles().isdisjoint(words):
        return first
    generics = list(dict.fromkeys(drug.generic for drug in drugs))
    if len(generics) > 1:
        return Drug("/".join(generics), "topical_compound")
    return Drug(first.generic, "topical_analgesic")


def body_parts_in(words: list[str]) -> list[str]:
    return list(dict.fromkeys(_body_part_index().find_all(words)))
