"""The shape of each lexicon file in rules/lexicon/, checked with pydantic when the file is read.

A lexicon is data people edit; a misspelt key or a malformed phrase must be an error naming
the file, never a silently empty vocabulary. Validation runs only when a lexicon file has
changed (the validated data is kept in the cache), so a warm run never imports pydantic.

A phrase may use three shorthands, expanded here: a word in [brackets] may be left out,
(a|b) is either word, and word(s) is the word, its plural, or the word followed by "(s)" as
letters print it: "imr decision(s) and rationale(s)" is nine phrases.
"""
from __future__ import annotations

import itertools
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator

from checker.models import Layout

# A phrase expands to at most this many: a typo such as "[a|b] [c|d] ..." should not make
# thousands of phrases.
MAX_EXPANSIONS = 64
_PUNCTUATION_AFTER_SPACE = re.compile(r" ([,.;:])")
_PART = re.compile(r"[^\W_]+\(s\)|\[[^\[\]()]+\]|\([^\[\]()]+\)|[^\s\[\]()]+")


def expand(phrase: str) -> list[str]:
    """'[the] imr decision(s)' -> the six phrases it stands for."""
    parts = _PART.findall(phrase)
    if "".join("".join(parts).split()) != "".join(phrase.split()):
        raise ValueError(f"unbalanced brackets in phrase {phrase!r}")
    choices: list[list[str]] = []
    for part in parts:
        if part.endswith("(s)"):
            word = part[:-3]
            choices.append([word, f"{word}s", f"{word}(s)"])
        elif part.startswith("["):
            choices.append(["", *(word.strip() for word in part[1:-1].split("|"))])
        elif part.startswith("("):
            choices.append([word.strip() for word in part[1:-1].split("|")])
        else:
            choices.append([part])
    count = 1
    for options in choices:
        count *= len(options)
    if count > MAX_EXPANSIONS:
        raise ValueError(f"phrase {phrase!r} stands for {count} phrases, more than {MAX_EXPANSIONS}")
    # Punctuation written as a word of its own ("issue(s) [,] decision(s)") keeps to the word before.
    expanded = [_PUNCTUATION_AFTER_SPACE.sub(r"\1", " ".join(word for word in words if word))
                for words in itertools.product(*choices)]
    if not all(expanded):
        raise ValueError(f"phrase {phrase!r} can stand for no words at all")
    return list(dict.fromkeys(expanded))


def _expanded(phrases: list[str]) -> list[str]:
    return list(dict.fromkeys(word for phrase in phrases for word in expand(phrase)))


def _has_words(phrase: str) -> str:
    if not re.search(r"[^\W_]", phrase):
        raise ValueError(f"phrase {phrase!r} has no letters or digits")
    return phrase


def _one_lower_case_word(word: str) -> str:
    # Compared with a sentence's lower-cased words: an upper-case entry, or one the tokeniser
    # splits in two ("isn't", "e.g"), would silently never match.
    if not re.fullmatch(r"[^\W_]+", word) or word != word.lower():
        raise ValueError(f"{word!r} is not one lower-case word")
    return word


Phrase = Annotated[str, AfterValidator(_has_words)]
Phrases = Annotated[list[Phrase], AfterValidator(_expanded)]
Words = list[Annotated[str, AfterValidator(_one_lower_case_word)]]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


# ---------------------------------------------------------------- vocabularies of requests


def _capitals(word: str) -> str:
    if not (word.isalpha() and word.isupper()):
        raise ValueError(f"{word!r} is not one word in capitals")
    return word


class Category(_Strict):
    phrases: Phrases
    misspellings: Phrases = Field(default_factory=list)
    dominant: bool = False
    days_mean: Literal["supply", "rental", "sessions"] | None = None


class Treatments(_Strict):
    categories: dict[str, Category]
    abbreviations: dict[Annotated[str, AfterValidator(_capitals)], str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _abbreviations_name_categories(self) -> Treatments:
        unknown = sorted(set(self.abbreviations.values()) - set(self.categories))
        if unknown:
            raise ValueError(f"abbreviations name unknown categories: {', '.join(unknown)}")
        return self


class Drug(_Strict):
    generic: str
    drug_class: str = Field(alias="class")
    names: Phrases = Field(default_factory=list)


class Drugs(_Strict):
    topical_vehicles: Phrases
    drugs: list[Drug]


class BodyParts(_Strict):
    body_parts: dict[str, Phrases]


class Numbers(_Strict):
    cardinals: dict[str, int]
    tens: dict[str, int]
    times: dict[str, int]


class Outcomes(_Strict):
    upheld: list[str]
    overturned: list[str]
    sentence_upheld: list[str]
    sentence_overturned: list[str]


class Topic(_Strict):
    name: str
    general: bool = False
    keywords: Phrases = Field(default_factory=list)
    pages: list[Annotated[int, Field(gt=0, lt=1000)]] = Field(default_factory=list)
    covers: list[str] = Field(default_factory=list)


class CitationTopics(_Strict):
    topics: list[Topic]


# ---------------------------------------------------------------- the structure of letters


class LayoutSections(_Strict):
    sections: list[str] = Field(min_length=1)
    decisions: str


class Sections(_Strict):
    # Keyed by the layouts the models name (one list of them, checker.models.Layout).
    layouts: dict[Layout, LayoutSections]
    headings: dict[str, Phrases]
    fields: dict[Literal["decision", "ca_guideline", "imr_guideline", "rationale", "notice_reviewer",
                         "notice_summary"], Phrases]
    field_wrappers: Phrases
    closings: Phrases
    boilerplate: Phrases
    notice_statements: dict[Literal["determination", "regarding", "claims_administrator"], Phrases]

    @model_validator(mode="after")
    def _every_heading_the_segmenter_reads(self) -> Sections:
        needed = {"how_determination_was_made", "reviewer_qualifications", "expert_reviewer_qualifications",
                  "case_summary", "documents_reviewed", "decisions_final", "decisions_maximus", "decisions_notice",
                  "issue_at_dispute", "guidelines_relied_upon", "rationale_for_why", "title_professional_review",
                  "title_notice", "title_maximus"}
        missing = sorted(needed - set(self.headings))
        if missing:
            raise ValueError(f"headings lacks {', '.join(missing)}")
        for name, layout in self.layouts.items():
            unknown = [section for section in layout.sections
                       if section not in self.headings and section != "determinations"]
            if unknown or layout.decisions not in layout.sections:
                raise ValueError(f"layout {name} names unknown sections {unknown or [layout.decisions]}")
        return self


# ---------------------------------------------------------------- cues


class WordsAndPrefixes(_Strict):
    words: Phrases = Field(default_factory=list)
    prefixes: Phrases = Field(default_factory=list)


class NearbyWords(_Strict):
    decision_verbs: WordsAndPrefixes
    not_about_absence: WordsAndPrefixes
    clause_breaks: WordsAndPrefixes


class Cues(_Strict):
    negations: Phrases
    prior: Phrases
    prior_excluded: Phrases
    request: Phrases
    proposal: Phrases
    earlier: Phrases
    sessions: Phrases
    nearby: NearbyWords


class LabelledPhrases(_Strict):
    """Phrases that introduce a value, and labels that do so only when a colon follows them."""

    phrases: Phrases = Field(default_factory=list)
    labels: Phrases = Field(default_factory=list)


class Facts(_Strict):
    injury_date_cues: Phrases
    event_subjects: Phrases
    event_words: WordsAndPrefixes
    other_persons: Phrases
    possessives: Phrases
    past_ages: Phrases
    diagnoses: Phrases
    specialty: LabelledPhrases
    subspecialty: LabelledPhrases
    licensure: LabelledPhrases


class StancePredicates(_Strict):
    decide_for: Phrases
    decide_against: Phrases
    necessity: Phrases
    affirm_review: Phrases
    affirm_named_review: Phrases
    reverse_review: Phrases
    reverse_named_review: Phrases
    evaluate_for: Phrases
    evaluate_against: Phrases


class StanceSubjects(_Strict):
    request: Phrases
    review_decision: Phrases
    guideline: Phrases
    person: Phrases
    this_case: Phrases
    reviewer: Phrases


class Reporting(_Strict):
    verbs: Phrases
    decisions: Phrases
    openers: Phrases


class Modality(_Strict):
    conditions: Phrases
    hedges: Phrases
    general: Phrases
    history: Phrases


class Clauses(_Strict):
    concessive: Phrases
    turns: Phrases
    breaks: Phrases


class Operators(_Strict):
    verbal: Phrases
    nominal: Phrases


class StanceFunctionWords(_Strict):
    coordination: Words
    finite_verbs: Words
    complement_openers: Words
    mid_clause_turns: Words
    relative_words: Words
    abbreviations: Words
    determiners: Words
    noun_prepositions: Words
    past_auxiliaries: Words
    event_prepositions: Words
    review_words: Words
    necessity_words: Words
    specifiers: Words
    clause_openers: Words
    generic_judgements: Words
    generic_followers: Words
    restrictions: Words
    regulators: Words
    complement_links: Words
    inverted_conditions: Words
    condition_followers: Words
    non_agent_prepositions: Words
    time_subordinators: Words


class Stance(_Strict):
    """The parts a conclusion is read by (checker/extract/stance/)."""

    predicates: StancePredicates
    negative_prefixes: list[Annotated[str, AfterValidator(_has_words)]]
    operators: Operators
    subjects: StanceSubjects
    reporting: Reporting
    modality: Modality
    clauses: Clauses
    function_words: StanceFunctionWords

    @model_validator(mode="after")
    def _mid_clause_turns_are_turns(self) -> Stance:
        # The reader looks a turn up in clauses.turns first; a word only listed here is never read.
        stray = sorted(set(self.function_words.mid_clause_turns) - set(self.clauses.turns))
        if stray:
            raise ValueError(f"function_words.mid_clause_turns: {', '.join(stray)} not among clauses.turns")
        return self


SCHEMAS: dict[str, type[BaseModel]] = {
    "treatments": Treatments, "drugs": Drugs, "body_parts": BodyParts, "numbers": Numbers, "outcomes": Outcomes,
    "citation_topics": CitationTopics, "sections": Sections, "cues": Cues, "facts": Facts, "stance": Stance,
}


class LexiconError(ValueError):
    """A lexicon file that does not have its expected shape; the message is one line."""


def validate(name: str, data: Any, shown: str) -> dict[str, Any]:
    """A lexicon file's data, checked and with its phrases expanded, as plain data."""
    try:
        model = SCHEMAS[name].model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise LexiconError(f"{shown}: {where}: {first['msg']}") from None
    return model.model_dump(by_alias=True)
