"""The vocabularies letters are read with: rules/lexicon/*.yaml, validated, and one matcher of them all.

Every stage reads its words from here: section headings and labels (sections.yaml),
treatments, drugs and body parts, guideline topics, cue words for prior treatment and for
the request (cues.yaml). A lexicon file is validated (`lexicon_schema`) the first time it is
read after a change, and the validated data is kept in the user's cache, so a warm run reads
it without PyYAML or pydantic.

`matcher()` is the one `PhraseMatcher` of every phrase of every lexicon, each tagged with its
kind (a `Kind` below) and value; `LetterText` runs it once over a letter.
"""
from __future__ import annotations

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from checker.resources import cached, rules_dir
from checker.text.phrases import PhraseMatcher, phrase_words


class Kind:
    """The kinds of phrase hits: which lexicon, and which list in it, a phrase comes from."""

    TREATMENT = "treatment"
    DRUG = "drug"
    VEHICLE = "vehicle"
    BODY_PART = "body_part"
    TOPIC = "topic"
    HEADING = "heading"
    FIELD = "field"
    FIELD_WRAPPER = "field_wrapper"
    CLOSING = "closing"
    BOILERPLATE = "boilerplate"
    NOTICE_STATEMENT = "notice_statement"
    NEGATION = "negation"
    PRIOR = "prior"
    PRIOR_EXCLUDED = "prior_excluded"
    REQUEST = "request"
    PROPOSAL = "proposal"
    EARLIER = "earlier"
    SESSIONS = "sessions"
    NUMBER_WORD = "number_word"
    INJURY_DATE_CUE = "injury_date_cue"
    EVENT_SUBJECT = "event_subject"
    EVENT_WORD = "event_word"
    OTHER_PERSON = "other_person"
    POSSESSIVE = "possessive"
    PAST_AGE = "past_age"
    DIAGNOSES = "diagnoses"
    # value: (attribute, needs a colon): ("specialty", False) for "board certified in"
    REVIEWER_CUE = "reviewer_cue"


def lexicon_path(name: str) -> Path:
    return rules_dir() / "lexicon" / f"{name}.yaml"


@functools.cache
def lexicon(name: str) -> Any:
    """The validated data of rules/lexicon/NAME.yaml, e.g. lexicon("treatments")."""
    path = lexicon_path(name)
    text = path.read_text(encoding="utf-8")
    schema = Path(__file__).with_name("lexicon_schema.py")
    return cached(f"lexicon-{name}", [text, schema.read_bytes()], lambda: _validated(name, text, path))


def _validated(name: str, text: str, path: Path) -> Any:
    from checker.text.lexicon_schema import validate
    from checker.yamlfile import read_yaml

    shown = f"rules/lexicon/{path.name}"
    return validate(name, read_yaml(text, shown, "a lexicon").data, shown)


# ---------------------------------------------------------------- what the phrases stand for


@dataclass(frozen=True, slots=True)
class Category:
    """A treatment category of treatments.yaml."""

    name: str
    # Wins over an earlier phrase of another category ("orthopedic surgery consultation").
    dominant: bool
    # What a bare "x 10 days" counts for this treatment: "supply", "rental" or "sessions".
    days_mean: str | None


@dataclass(frozen=True, slots=True)
class Drug:
    generic: str
    drug_class: str


@functools.cache
def categories() -> dict[str, Category]:
    """Every treatment category, by name."""
    return {name: Category(name, entry["dominant"], entry["days_mean"])
            for name, entry in lexicon("treatments")["categories"].items()}


@functools.cache
def treatment_abbreviations() -> dict[str, str]:
    """Capitalised abbreviations of treatments, read only as written ("PT": physical_therapy)."""
    return dict(lexicon("treatments")["abbreviations"])


@functools.cache
def drug_classes() -> frozenset[str]:
    return frozenset(entry["class"] for entry in lexicon("drugs")["drugs"])


@functools.cache
def body_part_names() -> frozenset[str]:
    return frozenset(lexicon("body_parts")["body_parts"])


@dataclass(frozen=True, slots=True)
class Topic:
    """A guideline topic of citation_topics.yaml and the treatments it covers."""

    name: str
    pages: frozenset[int]
    covers: frozenset[str]
    # A general topic (the Introduction) can support any item.
    general: bool


@functools.cache
def topics() -> tuple[Topic, ...]:
    return tuple(Topic(entry["name"], frozenset(entry["pages"]), frozenset(entry["covers"]), entry["general"])
                 for entry in lexicon("citation_topics")["topics"])


@dataclass(frozen=True, slots=True)
class WordList:
    """Common words that matter only near a cue, looked for in a few words (never the letter)."""

    words: frozenset[str]
    phrases: tuple[str, ...]
    prefixes: tuple[str, ...]

    @classmethod
    def of(cls, entry: dict[str, list[str]]) -> WordList:
        phrases = [phrase_words(phrase) for phrase in entry["words"]]
        return cls(frozenset(p for p in phrases if " " not in p), tuple(p for p in phrases if " " in p),
                   tuple(phrase_words(prefix) for prefix in entry["prefixes"]))

    def position_in(self, words: list[str]) -> int | None:
        """The index of the first of `words` (plain words) that is, or starts, an entry; or None."""
        for index, word in enumerate(words):
            if word in self.words or word.startswith(self.prefixes):
                return index
            if self.phrases and any(" ".join(words[index:index + phrase.count(" ") + 1]) == phrase
                                    for phrase in self.phrases):
                return index
        return None


@functools.cache
def nearby(name: str) -> WordList:
    """A list of cues.yaml `nearby`: decision_verbs, not_about_absence or clause_breaks."""
    return WordList.of(lexicon("cues")["nearby"][name])


# ---------------------------------------------------------------- the matcher


Entry = tuple[str, str, Any, bool]  # (phrase, kind, value, prefix)


def _entries() -> Iterator[Entry]:
    """Every phrase of every lexicon the matcher holds."""
    for entries in (_request_entries, _section_entries, _cue_entries, _fact_entries):
        yield from entries()


def _request_entries() -> Iterator[Entry]:
    """Treatments, drugs, vehicles, body parts and the guideline topics citations name."""
    for name, entry in lexicon("treatments")["categories"].items():
        for phrase in [*entry["phrases"], *entry["misspellings"]]:
            yield phrase, Kind.TREATMENT, name, False
    drugs = lexicon("drugs")
    for entry in drugs["drugs"]:
        drug = Drug(entry["generic"], entry["class"])
        # The generic name first: of two entries sharing it, the earlier keeps the bare name.
        for phrase in [entry["generic"], *entry["names"]]:
            yield phrase, Kind.DRUG, drug, False
    yield from _listed(drugs["topical_vehicles"], Kind.VEHICLE)
    for name, phrases in lexicon("body_parts")["body_parts"].items():
        yield from ((phrase, Kind.BODY_PART, name, False) for phrase in phrases)
    for index, topic in enumerate(lexicon("citation_topics")["topics"]):
        # Topic keywords name a topic at the start of a word ("manipulation" in "manipulations").
        yield from ((phrase, Kind.TOPIC, index, True) for phrase in topic["keywords"])


def _section_entries() -> Iterator[Entry]:
    sections = lexicon("sections")
    for kind, table in ((Kind.HEADING, sections["headings"]), (Kind.FIELD, sections["fields"]),
                        (Kind.NOTICE_STATEMENT, sections["notice_statements"])):
        for name, phrases in table.items():
            yield from ((phrase, kind, name, False) for phrase in phrases)
    for kind, key in ((Kind.FIELD_WRAPPER, "field_wrappers"), (Kind.CLOSING, "closings"),
                      (Kind.BOILERPLATE, "boilerplate")):
        yield from _listed(sections[key], kind)


def _cue_entries() -> Iterator[Entry]:
    cues = lexicon("cues")
    for kind, key in ((Kind.NEGATION, "negations"), (Kind.PRIOR, "prior"), (Kind.PRIOR_EXCLUDED, "prior_excluded"),
                      (Kind.REQUEST, "request"), (Kind.PROPOSAL, "proposal"), (Kind.EARLIER, "earlier"),
                      (Kind.SESSIONS, "sessions")):
        yield from _listed(cues[key], kind)
    numbers = lexicon("numbers")
    for table in ("cardinals", "tens", "times"):
        yield from ((word, Kind.NUMBER_WORD, value, False) for word, value in numbers[table].items())


def _fact_entries() -> Iterator[Entry]:
    facts = lexicon("facts")
    for kind, key in ((Kind.INJURY_DATE_CUE, "injury_date_cues"), (Kind.EVENT_SUBJECT, "event_subjects"),
                      (Kind.OTHER_PERSON, "other_persons"), (Kind.POSSESSIVE, "possessives"),
                      (Kind.PAST_AGE, "past_ages"), (Kind.DIAGNOSES, "diagnoses")):
        yield from _listed(facts[key], kind)
    yield from _listed(facts["event_words"]["words"], Kind.EVENT_WORD)
    yield from _listed(facts["event_words"]["prefixes"], Kind.EVENT_WORD, prefix=True)
    for attribute in ("specialty", "subspecialty", "licensure"):
        yield from ((phrase, Kind.REVIEWER_CUE, (attribute, False), False) for phrase in facts[attribute]["phrases"])
        yield from ((phrase, Kind.REVIEWER_CUE, (attribute, True), False) for phrase in facts[attribute]["labels"])


def _listed(phrases: list[str], kind: str, prefix: bool = False) -> Iterator[Entry]:
    """Phrases that stand for themselves."""
    return ((phrase, kind, phrase, prefix) for phrase in phrases)


@functools.cache
def matcher() -> PhraseMatcher:
    """The matcher of every phrase of every lexicon."""
    return PhraseMatcher(_entries())
