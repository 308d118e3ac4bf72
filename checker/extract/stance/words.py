"""The words of a sentence and the stance lexicon's lists, as the stance reader uses them:
tokens (lower case, misspellings of lexicon words mended), the main clause, where each
list's phrases start (every list tagged in one pass), and the function words single words
are tested against."""
from __future__ import annotations

import functools
import re
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from checker.text.lexicon import lexicon

TOKEN = re.compile(r"[^\W_]+|[,;:().!?]")


PUNCTUATION = frozenset(",;:().!?")


FRAGMENT = 5  # a sentence this short ("Non-certify.", "Not medically necessary.") is a verdict


class Role(str, Enum):
    """What a predicate does: decide, name necessity, judge the UR decision (on its own or
    only where the decision is named), or evaluate whatever it is said of."""

    DECIDE = "decide"
    NECESSITY = "necessity"
    REVIEW = "review"
    NAMED_REVIEW = "named_review"
    EVALUATE = "evaluate"


ROLES = {"decide_for": (Role.DECIDE, 1), "decide_against": (Role.DECIDE, -1), "necessity": (Role.NECESSITY, 1),
          "reverse_review": (Role.REVIEW, 1), "affirm_review": (Role.REVIEW, -1),
          "reverse_named_review": (Role.NAMED_REVIEW, 1), "affirm_named_review": (Role.NAMED_REVIEW, -1),
          "evaluate_for": (Role.EVALUATE, 1), "evaluate_against": (Role.EVALUATE, -1)}


@dataclass(frozen=True, slots=True)
class Predicate:
    role: Role
    polarity: int
    start: int
    end: int
    prefixed: bool = False  # "unwarranted", "non-certify": the opposite of a listed word


@dataclass(frozen=True, slots=True)
class Operator:
    text: str
    at: int
    nominal: bool  # qualifies a noun ("no evidence that ...") rather than a verb ("is not")


NOTHING: dict[int, int] = {}


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Each lexicon list as a map from first word to the word sequences starting with it."""

    lists: dict[str, dict[str, tuple[tuple[str, ...], ...]]]
    # Every list's phrases by first word, longest first: a sentence is tagged in one pass.
    by_first: dict[str, tuple[tuple[tuple[str, ...], str], ...]]
    predicates: dict[str, tuple[Role, int]]
    prefixes: tuple[str, ...]
    # One word made of a negative prefix and a predicate ("unnecessary") -> the predicate.
    prefixed: dict[str, str]
    # The words a predicate can start with, its prefixed forms and the prefixes themselves.
    predicate_words: frozenset[str]
    # Misspelt words found by their skeleton: "medicaly neccessary" reads "medically necessary".
    spellings: dict[str, str]

    def match(self, name: str, words: list[str], at: int) -> int:
        """The length of the longest phrase of list `name` at word `at`, or 0."""
        for phrase in self.lists[name].get(words[at], ()):
            if tuple(words[at:at + len(phrase)]) == phrase:
                return len(phrase)
        return 0


@dataclass(slots=True)
class Sentence:
    """A sentence's words (lower case) with their places in the text, and its main clause."""

    text: str
    words: list[str]
    # Where each word starts and ends in the text, as machine integers: a number-dense
    # "sentence" of megabytes has a word every two characters, and a tuple of two Python
    # ints for each cost 40 times the text.
    starts: array[int]
    ends: array[int]
    first: int = 0
    last: int = 0
    concession: bool = False
    # Each lexicon list's phrases in the main clause: start -> length (None until first asked).
    tags: dict[str, dict[int, int]] | None = None
    # The predicate starting at each word of the main clause that starts one.
    predicate_starts: dict[int, Predicate] | None = None

    def tagged(self, name: str) -> dict[int, int]:
        """Where phrases of lexicon list `name` start in the main clause, with their lengths
        (the longest at each start); every list is tagged in one pass on first need."""
        if self.tags is None:
            self.tags = {}
            by_first, words = stance_vocabulary().by_first, self.words
            for at in range(self.first, self.last):
                for phrase, list_name in by_first.get(words[at], ()):
                    found = self.tags.setdefault(list_name, {})
                    if at not in found and tuple(words[at:at + len(phrase)]) == phrase:
                        found[at] = len(phrase)
        return self.tags.get(name, NOTHING)

    def span_text(self, start: int, end: int) -> str:
        return self.text[self.starts[start]:self.ends[end - 1]]


@functools.cache
def stance_vocabulary() -> Vocabulary:
    data = lexicon("stance")
    lists: dict[str, list[str]] = {
        "verbal_operators": data["operators"]["verbal"], "nominal_operators": data["operators"]["nominal"],
        **{f"subject_{name}": phrases for name, phrases in data["subjects"].items()},
        "reporting_verbs": data["reporting"]["verbs"], "reported_decisions": data["reporting"]["decisions"],
        "openers": data["reporting"]["openers"],
        **data["modality"], **data["clauses"],
        **{f"predicate_{name}": phrases for name, phrases in data["predicates"].items()},
    }
    predicates = {" ".join(split_words(phrase)): ROLES[name]
                  for name, phrases in data["predicates"].items() for phrase in phrases}
    known = {word for phrases in lists.values() for phrase in phrases for word in split_words(phrase)}
    spellings: dict[str, str] = {}
    for word in sorted(known):
        if len(word) >= SPELLED:
            spellings.setdefault(skeleton(word), word)
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for name, phrases in lists.items():
        for first, group in by_first_word(phrases).items():
            by_first.setdefault(first, []).extend((phrase, name) for phrase in group)
    prefixes = tuple(sorted(data["negative_prefixes"], key=len, reverse=True))
    prefixed = {prefix + word: word for word in predicates if " " not in word and len(word) > 3
                for prefix in prefixes if prefix + word not in predicates}
    return Vocabulary({name: by_first_word(phrases) for name, phrases in lists.items()},
                       {first: tuple(sorted(group, key=lambda entry: -len(entry[0])))
                        for first, group in by_first.items()},
                       predicates, prefixes, prefixed,
                       frozenset([*(phrase.split()[0] for phrase in predicates), *prefixed, *prefixes]), spellings)


@dataclass(frozen=True, slots=True)
class FunctionWords:
    """The function_words lists of the stance lexicon (what each is for is commented there)."""

    coordination: frozenset[str]
    finite_verbs: frozenset[str]
    complement_openers: frozenset[str]
    mid_clause_turns: frozenset[str]
    relative_words: frozenset[str]
    abbreviations: frozenset[str]
    determiners: frozenset[str]
    noun_prepositions: frozenset[str]
    past_auxiliaries: frozenset[str]
    event_prepositions: frozenset[str]
    review_words: frozenset[str]
    necessity_words: frozenset[str]
    specifiers: frozenset[str]
    clause_openers: frozenset[str]
    generic_judgements: frozenset[str]
    generic_followers: frozenset[str]
    restrictions: frozenset[str]
    regulators: frozenset[str]
    complement_links: frozenset[str]
    inverted_conditions: frozenset[str]
    condition_followers: frozenset[str]
    non_agent_prepositions: frozenset[str]
    time_subordinators: frozenset[str]


@functools.cache
def function_words() -> FunctionWords:
    return FunctionWords(**{name: frozenset(words) for name, words in lexicon("stance")["function_words"].items()})


SPELLED = 7  # words this long are recognised by their skeleton when misspelt


@functools.lru_cache(maxsize=8192)
def respelled(word: str) -> str:
    """The lexicon's spelling of a misspelt word, or the word (letters repeat their words)."""
    return stance_vocabulary().spellings.get(skeleton(word), word)


def skeleton(word: str) -> str:
    """A word with its letters' doubling, the c/s confusion and an -ible/-able ending taken
    out: "neccessary", "nessessary" and "necessary" share one, as "reasonible" and
    "reasonable" do."""
    collapsed = re.sub(r"(.)\1+", r"\1", word.replace("c", "s"))
    return collapsed[:-4] + "able" if collapsed.endswith("ible") else collapsed


def split_words(text: str) -> list[str]:
    return [match.group().lower() for match in TOKEN.finditer(text)]


def by_first_word(phrases: Iterable[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(split_words(phrase))
        if words:
            grouped.setdefault(words[0], []).append(words)
    return {first: tuple(sorted(set(group), key=len, reverse=True)) for first, group in grouped.items()}


def read_sentence(sentence: str) -> Sentence:
    vocabulary, abbreviations = stance_vocabulary(), function_words().abbreviations
    words: list[str] = []
    offsets = "i" if len(sentence) < 2**31 else "q"
    starts, ends = array(offsets), array(offsets)
    # One string object for each distinct word: a sentence repeating its words (a long run
    # of numbers) holds each once.
    distinct: dict[str, str] = {}
    for match in TOKEN.finditer(sentence):
        word = match.group().lower()
        if word == "." and words and (words[-1] in abbreviations or len(words[-1]) == 1 or words[-1].isdigit()):
            continue  # "Dr. Lee", "7.5 mg", "e.g.": not the end of a clause
        if len(word) >= SPELLED - 1 and word not in vocabulary.predicates:
            word = respelled(word)
        words.append(distinct.setdefault(word, word))
        start, end = match.span()
        starts.append(start)
        ends.append(end)
    read = Sentence(sentence, words, starts, ends)
    read.last = len(read.words)
    return read
