"""Stance of a rationale sentence, read by its parts: does the reviewer conclude that the
request is necessary, that it is not, or neither?

A conclusion is a decision predicate ("necessary", "certified", "upheld", "reasonable")
said of a subject (the request, medical necessity, or the UR decision, whose polarity is the
opposite of the request's), turned by the negating operators in its reach ("not", "no
evidence that", "un-"), unless modality makes it hypothetical ("could be considered if"),
attribution makes it someone else's words ("the provider states that"), or it is about a
class of patients or past events. The words are data (rules/lexicon/stance.yaml); the rules
that combine them are the functions below, one per part.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import Enum

from checker.models import Stance
from checker.text.lexicon import lexicon

_TOKEN = re.compile(r"[^\W_]+|[,;:().!?]")
_PUNCTUATION = frozenset(",;:().!?")
_CONNECTORS = frozenset({"that", "to", "of", "for", "supporting", "showing", "documenting", "demonstrating",
                         "establishing", "regarding", "the", "a", "an", "any", "objective", "clear", "clinical",
                         "medical", "adequate", "sufficient", "current", "such", "this", "its", "further"})
_COORDINATION = frozenset({"and", "or"})
_FINITE = frozenset({"is", "are", "was", "were", "has", "have", "had", "will", "would", "does", "do", "did"})
_PAST = frozenset({"was", "were", "had"})
_ABBREVIATIONS = frozenset({"dr", "mr", "mrs", "ms", "vs", "etc", "approx", "no", "st", "jr", "sr", "inc", "pt"})
_FRAGMENT = 5  # a sentence this short ("Non-certify.", "Not medically necessary.") is a verdict


class Role(str, Enum):
    """What a predicate does: decide, name necessity, judge the UR decision (on its own or
    only where the decision is named), or evaluate whatever it is said of."""

    DECIDE = "decide"
    NECESSITY = "necessity"
    REVIEW = "review"
    NAMED_REVIEW = "named_review"
    EVALUATE = "evaluate"


_ROLES = {"decide_for": (Role.DECIDE, 1), "decide_against": (Role.DECIDE, -1), "necessity": (Role.NECESSITY, 1),
          "reverse_review": (Role.REVIEW, 1), "affirm_review": (Role.REVIEW, -1),
          "reverse_named_review": (Role.NAMED_REVIEW, 1), "affirm_named_review": (Role.NAMED_REVIEW, -1),
          "evaluate_for": (Role.EVALUATE, 1), "evaluate_against": (Role.EVALUATE, -1)}
# Words before a subject that make it this request rather than a kind of treatment in general
# ("the requested therapy" against "Manual therapy is not recommended for the wrist").
_SPECIFIC = frozenset({"the", "this", "these", "that", "it", "they", "requested", "request", "proposed", "current",
                       "additional", "further", "continued", "ongoing", "his", "her", "s", "such", "any", "its"})


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


@dataclass(frozen=True, slots=True)
class SentenceStance:
    """How a sentence was read, and why (what `imrcheck stance` prints)."""

    stance: Stance
    conclusive: bool
    concession: bool
    cue: str | None = None
    predicate: str | None = None
    subject: str | None = None
    operators: tuple[str, ...] = ()
    attributed: bool = False
    conditional: bool = False
    general: bool = False
    history: bool = False


_NOTHING: dict[int, int] = {}


@dataclass(frozen=True, slots=True)
class _Vocabulary:
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
class _Sentence:
    """A sentence's words (lower case) with their places in the text, and its main clause."""

    text: str
    words: list[str]
    places: list[tuple[int, int]]
    first: int = 0
    last: int = 0
    concession: bool = False
    tags: dict[str, dict[int, int]] = field(default_factory=dict)
    # The predicate starting at each word of the main clause that starts one.
    predicate_starts: dict[int, Predicate] | None = None

    def tagged(self, name: str) -> dict[int, int]:
        """Where phrases of lexicon list `name` start in the main clause, with their lengths
        (the longest at each start); every list is tagged in one pass on first need."""
        if not self.tags:
            self.tags["tagged"] = {}
            by_first, words = _vocabulary().by_first, self.words
            for at in range(self.first, self.last):
                for phrase, list_name in by_first.get(words[at], ()):
                    found = self.tags.setdefault(list_name, {})
                    if at not in found and tuple(words[at:at + len(phrase)]) == phrase:
                        found[at] = len(phrase)
        return self.tags.get(name, _NOTHING)

    def span_text(self, start: int, end: int) -> str:
        return self.text[self.places[start][0]:self.places[end - 1][1]]


def classify(sentence: str) -> SentenceStance:
    """Read one sentence: its stance, whether it states the decision, and why."""
    read = _tokens(sentence)
    if not read.words:
        return SentenceStance(Stance.NEUTRAL, False, False)
    _main_clause(read)
    predicates = _predicates(read)
    if not predicates:
        return SentenceStance(Stance.NEUTRAL, False, read.concession)
    polarities, operators = _polarities(read, predicates)
    decisive = _decisive(read, predicates)
    if decisive is None:
        return SentenceStance(Stance.NEUTRAL, False, read.concession)
    subject = _subject(read, decisive)
    polarity = polarities[decisive]
    if subject == "review_decision" and decisive.role is Role.EVALUATE:
        polarity = -polarity  # "the denial was not justified": the request is necessary
    attributed = _attributed(read, decisive, subject)
    conditional = polarity > 0 and _conditional(read, decisive)
    general = _generic(read, decisive, subject)
    history = _history(read, decisive)
    own = not (attributed or conditional or general or history)
    conclusive = own and _states_decision(read, decisive, subject)
    stance = (Stance.SUPPORTS if polarity > 0 else Stance.OPPOSES) if own else Stance.NEUTRAL
    applied = operators.get(decisive, [])
    predicate = read.span_text(decisive.start, decisive.end)
    # The cue quotes the predicate with the operators that turned it ("not medically necessary").
    cue = read.span_text(min([decisive.start, *(operator.at for operator in applied)]), decisive.end)
    return SentenceStance(
        stance, conclusive, read.concession, cue=cue if own else None,
        predicate=predicate, subject=subject, operators=tuple(operator.text for operator in applied),
        attributed=attributed,
        conditional=conditional, general=general, history=history,
    )


# ------------------------------------------------------------------------------ words


@functools.cache
def _vocabulary() -> _Vocabulary:
    data = lexicon("stance")
    lists: dict[str, list[str]] = {
        "verbal_operators": data["operators"]["verbal"], "nominal_operators": data["operators"]["nominal"],
        **{f"subject_{name}": phrases for name, phrases in data["subjects"].items()},
        "reporting_verbs": data["reporting"]["verbs"], "reported_decisions": data["reporting"]["decisions"],
        "openers": data["reporting"]["openers"],
        **data["modality"], **data["clauses"],
        **{f"predicate_{name}": phrases for name, phrases in data["predicates"].items()},
    }
    predicates = {" ".join(_words(phrase)): _ROLES[name]
                  for name, phrases in data["predicates"].items() for phrase in phrases}
    known = {word for phrases in lists.values() for phrase in phrases for word in _words(phrase)}
    spellings: dict[str, str] = {}
    for word in sorted(known):
        if len(word) >= _SPELLED:
            spellings.setdefault(_skeleton(word), word)
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for name, phrases in lists.items():
        for first, group in _by_first_word(phrases).items():
            by_first.setdefault(first, []).extend((phrase, name) for phrase in group)
    prefixes = tuple(sorted(data["negative_prefixes"], key=len, reverse=True))
    prefixed = {prefix + word: word for word in predicates if " " not in word and len(word) > 3
                for prefix in prefixes if prefix + word not in predicates}
    return _Vocabulary({name: _by_first_word(phrases) for name, phrases in lists.items()},
                       {first: tuple(sorted(group, key=lambda entry: -len(entry[0])))
                        for first, group in by_first.items()},
                       predicates, prefixes, prefixed,
                       frozenset([*(phrase.split()[0] for phrase in predicates), *prefixed, *prefixes]), spellings)


_SPELLED = 7  # words this long are recognised by their skeleton when misspelt


@functools.lru_cache(maxsize=8192)
def _respelled(word: str) -> str:
    """The lexicon's spelling of a misspelt word, or the word (letters repeat their words)."""
    return _vocabulary().spellings.get(_skeleton(word), word)


def _skeleton(word: str) -> str:
    """A word with its letters' doubling and the c/s confusion taken out: "neccessary",
    "nessessary" and "necessary" share one."""
    collapsed = re.sub(r"(.)\1+", r"\1", word.replace("c", "s"))
    return collapsed


def _words(text: str) -> list[str]:
    return [match.group().lower() for match in _TOKEN.finditer(text)]


def _by_first_word(phrases: Iterable[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        words = tuple(_words(phrase))
        if words:
            grouped.setdefault(words[0], []).append(words)
    return {first: tuple(sorted(set(group), key=len, reverse=True)) for first, group in grouped.items()}


def _tokens(sentence: str) -> _Sentence:
    matches = list(_TOKEN.finditer(sentence))
    vocabulary = _vocabulary()
    words: list[str] = []
    kept = []
    for match in matches:
        word = match.group().lower()
        if word == "." and words and (words[-1] in _ABBREVIATIONS or len(words[-1]) == 1 or words[-1].isdigit()):
            continue  # "Dr. Lee", "7.5 mg", "e.g.": not the end of a clause
        kept.append(match)
        if len(word) >= _SPELLED - 1 and word not in vocabulary.predicates:
            word = _respelled(word)
        words.append(word)
    read = _Sentence(sentence, words, [m.span() for m in kept])
    read.last = len(read.words)
    return read


# ------------------------------------------------------------------------------ clauses


def _main_clause(read: _Sentence) -> None:
    """Narrow the sentence to the clause that carries its point.

    "While X, Y" and "X; however, Y": the point is Y. "Y, although X": the point is Y too,
    before the concession.
    """
    vocabulary, words = _vocabulary(), read.words
    if vocabulary.match("concessive", words, 0):
        comma = next((at for at in range(1, len(words)) if words[at] == ","), None)
        if comma is not None:
            read.first, read.concession = comma + 1, True
    for at in range(read.first, read.last):
        length = vocabulary.match("turns", words, at)
        # "but" or "however" only turns the sentence where a clause can begin.
        if length and (at == read.first or words[at - 1] in _PUNCTUATION or words[at] == "but"):
            read.first, read.concession = at + length, True
    for at in range(read.first + 1, read.last):
        if vocabulary.match("concessive", words, at):
            read.last, read.concession = at - (words[at - 1] == ","), True
            break
    read.tags.clear()


def _predicates(read: _Sentence, start: int | None = None, end: int | None = None) -> list[Predicate]:
    """The predicates of the main clause (or of a stretch of it), leaving out judgements used
    as a noun's attribute ("exceeds the recommended number", "past that recommendation")."""
    found: list[Predicate] = []
    at = read.first if start is None else start
    last = read.last if end is None else end
    if read.predicate_starts is None:
        read.predicate_starts = {}
        for position in range(read.first, read.last):
            candidate = _predicate_at(read, position, read.last)
            if candidate is not None:
                read.predicate_starts[position] = candidate
    starts = read.predicate_starts
    for position in sorted(starts):
        predicate = starts[position]
        if position < at or predicate.end > last:
            continue
        if not (_attributive(read, predicate) or _names_review(read, predicate)):
            found.append(predicate)
        at = predicate.end
    return found


def _attributive(read: _Sentence, predicate: Predicate) -> bool:
    """A judgement after a determiner that is not itself what a verb is said of: "the
    recommended total" (but "the recommendation is for denial" states one)."""
    words = read.words
    if predicate.role is not Role.EVALUATE or predicate.start == 0 or words[predicate.start - 1] not in _DETERMINERS:
        return False
    return predicate.end >= read.last or words[predicate.end] not in _FINITE | {"for", "of"}


def _names_review(read: _Sentence, predicate: Predicate) -> bool:
    """A decision word that is part of naming the UR decision ("the decision to deny")."""
    return any(at < predicate.start < at + length for at, length in read.tagged("subject_review_decision").items())


_DETERMINERS = frozenset({"the", "that", "this", "a", "an", "its", "their", "his", "her", "any", "such"})


_PREDICATE_LISTS = tuple(f"predicate_{name}" for name in _ROLES)


def _predicate_at(read: _Sentence, at: int, last: int) -> Predicate | None:
    vocabulary, words = _vocabulary(), read.words
    if words[at] not in vocabulary.predicate_words:
        return None
    for name in _PREDICATE_LISTS:
        length = read.tagged(name).get(at)
        if length and at + length <= last:
            role, polarity = vocabulary.predicates[" ".join(words[at:at + length])]
            return Predicate(role, polarity, at, at + length)
    # "non-certified" arrives as two words; "unnecessary", "inappropriate" as one.
    if words[at] in vocabulary.prefixes and at + 1 < last:
        inner = _predicate_at(read, at + 1, last)
        if inner is not None and inner.start == at + 1:
            return Predicate(inner.role, -inner.polarity, at, inner.end, True)
    base = vocabulary.prefixed.get(words[at])
    if base is not None:
        role, polarity = vocabulary.predicates[base]
        return Predicate(role, -polarity, at, at + 1, True)
    return None


# ------------------------------------------------------------------------------ polarity


def _polarities(read: _Sentence, predicates: list[Predicate]) -> tuple[dict[Predicate, int],
                                                                         dict[Predicate, list[Operator]]]:
    """Each predicate's polarity after the operators in its reach.

    An operator is used up by the first predicate after it; two cancel ("not unreasonable").
    A clause break ends its reach. "No" and its kind qualify a noun ("no evidence that ...",
    "no red flags and ..."): they reach a predicate only through the words that carry a
    noun's complement, not across "and" or a new verb. A negated predicate passes its
    negation on to one coordinated with it ("not reasonable and necessary").
    """
    words = read.words
    verbal, nominal = read.tagged("verbal_operators"), read.tagged("nominal_operators")
    breaks = read.tagged("breaks")
    by_start = {predicate.start: predicate for predicate in predicates}
    polarities: dict[Predicate, int] = {}
    used: dict[Predicate, list[Operator]] = {}
    pending: list[Operator] = []
    carried: list[Operator] | None = None
    at = read.first
    while at < read.last:
        predicate = by_start.get(at)
        if predicate is not None:
            applied = pending or carried or []
            polarities[predicate] = predicate.polarity * (-1) ** len(applied)
            used[predicate] = applied
            carried, pending = applied or None, []
            at = predicate.end
            continue
        word = words[at]
        if word in _PUNCTUATION or at in breaks:
            pending, carried = [], None
        elif at in verbal or at in nominal:
            length = verbal.get(at) or nominal[at]
            pending.append(Operator(" ".join(words[at:at + length]), at, at not in verbal))
            carried = None
            at += length
            continue
        elif word in _COORDINATION:
            # "not without merit and is necessary": an operator unused by the first clause
            # does not reach into the second (a negated predicate's is carried, above).
            pending = []
        elif word not in _CONNECTORS and word in _FINITE:
            # A noun's operator ends where a new verb begins ("no flags were seen, the ...").
            pending = [item for item in pending if not item.nominal or _complement_before(words, at, item)]
        if carried is not None and word not in _COORDINATION and not word.endswith("ly") and word != "medically":
            carried = None
        at += 1
    return polarities, used


def _complement_before(words: list[str], at: int, operator: Operator) -> bool:
    """Whether "that" or "to" opened the noun's complement before this verb ("no evidence
    that the request is ...")."""
    for back in range(at - 1, max(at - 8, -1), -1):
        if words[back] in ("that", "to", "of", "for"):
            return True
        if back <= operator.at:
            return False
    return False


def _decisive(read: _Sentence, predicates: list[Predicate]) -> Predicate | None:
    """The predicate that carries the sentence: the last one that decides, else the last one.

    A predicate about the UR decision counts only with the decision named ("I agree with the
    UR", "the denial is upheld"): "I agree that ..." introduces the point rather than making it.
    """
    named = bool(read.tagged("subject_review_decision")) or read.last - read.first <= _FRAGMENT
    usable = [p for p in predicates
              if not (p.role is Role.NAMED_REVIEW and (not named or _introduces(read, p)))
              and not (p.role is Role.REVIEW and _introduces(read, p))]
    # Necessity named and judged in one clause ("medical necessity has not been established",
    # "the records fail to establish the medical necessity"): the judgement carries the verdict.
    usable = [p for p in usable
              if p.role is not Role.NECESSITY or not any(
                  other.role is not Role.NECESSITY and (other.start > p.start or _same_clause(read, other.end, p.start))
                  for other in usable)]
    # A judgement a guideline is said to make in passing ("exceeds the visits the guideline
    # supports") is the guideline's, not the sentence's point.
    own = [p for p in usable if not _guideline_says(read, p)]
    usable = own or usable
    deciding = [p for p in usable if p.role is not Role.EVALUATE]
    if deciding:
        return deciding[-1]
    return usable[-1] if usable else None


def _guideline_says(read: _Sentence, predicate: Predicate) -> bool:
    """A guideline named just before the predicate, with no request word between them."""
    requests = read.tagged("subject_request")
    return any(predicate.start - 4 <= at < predicate.start
               and not any(at < word < predicate.start for word in requests)
               and not any(word in _COORDINATION for word in read.words[at:predicate.start])
               and _same_clause(read, at, predicate.start)
               for at in read.tagged("subject_guideline"))


def _same_clause(read: _Sentence, start: int, end: int) -> bool:
    breaks = read.tagged("breaks")
    return not any(read.words[at] in _PUNCTUATION or at in breaks for at in range(start, end))


def _introduces(read: _Sentence, predicate: Predicate) -> bool:
    return predicate.end < read.last and read.words[predicate.end] == "that"


# ------------------------------------------------------------------------------ subject


_SUBJECTS = ("subject_review_decision", "subject_request", "subject_guideline", "subject_person", "subject_reviewer")


def _subject(read: _Sentence, predicate: Predicate) -> str | None:
    """What the predicate is said of: the UR decision if its stretch of the clause names it
    ("The claims administrator's denial is supported"), else the first subject word there
    ("The request for PT after surgery"), or a UR decision right after it ("I recommend
    denial")."""
    start = _segment_start(read, predicate.start)
    found: list[tuple[int, str]] = []
    for name in _SUBJECTS:
        found += [(at, name.removeprefix("subject_")) for at in read.tagged(name) if start <= at < predicate.start]
    if any(name == "review_decision" for _, name in found):
        return "review_decision"
    if any(p.role is Role.NECESSITY for p in _predicates(read, start, predicate.start)):
        return "necessity"
    after = read.tagged("subject_review_decision")
    if predicate.role is Role.EVALUATE and any(predicate.end <= at <= predicate.end + 3 for at in after):
        return "review_decision"
    if predicate.role is Role.EVALUATE and any(
            p.role is Role.NECESSITY for p in _predicates(read, predicate.end, min(predicate.end + 4, read.last))):
        return "necessity"  # "fail to establish the medical necessity"
    return min(found)[1] if found else None


def _segment_start(read: _Sentence, at: int) -> int:
    """Where the stretch of the clause holding a predicate's subject begins: after the last
    punctuation, break, relative word, or "and" opening a new clause ("and the request is")."""
    breaks = read.tagged("breaks")
    words = read.words
    for back in range(at - 1, read.first - 1, -1):
        word = words[back]
        if word in _PUNCTUATION or word in ("that", "which", "who") or back in breaks:
            return back + 1
        if word in _COORDINATION and back + 1 < at and words[back + 1] in _CLAUSE_OPENERS:
            return back + 1
    return read.first


_CLAUSE_OPENERS = frozenset({"the", "this", "these", "it", "they", "i", "we", "a", "an", "there", "his", "her"})


def _generic(read: _Sentence, predicate: Predicate, subject: str | None) -> bool:
    """A judgement of a kind of treatment, not of this request: "Manual therapy is not
    recommended for the wrist", "Opioids are not indicated for chronic pain". A class of
    patients named makes any judgement of something other than the request generic; a
    guideline's kind of judgement ("recommended for", "indicated in") is generic when
    nothing makes its subject this request."""
    if predicate.role is not Role.EVALUATE or subject in ("review_decision", "necessity"):
        return False
    if subject != "request" and read.tagged("general"):
        return True
    words = read.words
    if words[predicate.start] not in ("recommended", "indicated") or predicate.end >= read.last:
        return False
    start = _segment_start(read, predicate.start)
    return words[predicate.end] in _GENERIC_FOLLOWERS and not any(
        word in _SPECIFIC for word in words[start:predicate.start])


_GENERIC_FOLLOWERS = frozenset({"for", "as", "in", "when", "where", "unless", "only", "except", "with", "after"})


# ------------------------------------------------------------------------------ whose words


def _attributed(read: _Sentence, predicate: Predicate, subject: str | None) -> bool:
    """Someone else's words: reported speech, or a guideline's statement.

    A guideline applied to the request ("Per MTUS, the request is not medically necessary")
    is the reviewer's own conclusion; a guideline's own statement ("ODG does not recommend
    opioids for chronic pain", "... is not recommended according to the MTUS") is not.
    """
    if subject == "reviewer":
        return False
    if _guideline_says(read, predicate):
        return True
    for source, position in _sources(read, read.last):
        if source == "reviewer":
            continue
        if source == "guideline" and subject in ("request", "review_decision"):
            continue
        if position < predicate.start or source == "guideline" or _opened(read, position):
            return True
    return False


def _opened(read: _Sentence, at: int) -> bool:
    openers = read.tagged("openers")
    return any(start < at <= start + openers[start] + 2 for start in openers)


def _sources(read: _Sentence, before: int) -> list[tuple[str, int]]:
    """Who speaks in the clause before `before`: each source named with an opener ("according
    to the provider") or followed in its clause by a reporting verb ("the provider states"),
    or, for a person, by a decision ("the carrier non-certified")."""
    sources: list[tuple[str, int]] = []
    verbs, decisions = read.tagged("reporting_verbs"), read.tagged("reported_decisions")
    for source in ("guideline", "person", "reviewer"):
        for at, length in read.tagged(f"subject_{source}").items():
            if at >= before:
                continue
            said = [*verbs, *(decisions if source != "guideline" else ())]
            reports = any(at + length <= verb <= at + length + 4 and verb < before
                          and _same_clause(read, at + length, verb) for verb in said)
            if reports or _opened(read, at):
                sources.append((source, at))
    return sorted(sources, key=lambda found: found[1])


def _conditional(read: _Sentence, predicate: Predicate) -> bool:
    """A judgement made hypothetical: a condition anywhere in the clause, or a hedge shortly
    before the predicate ("may be indicated")."""
    if read.tagged("conditions"):
        return True
    return any(predicate.start - 4 <= at < predicate.start for at in read.tagged("hedges"))


def _history(read: _Sentence, predicate: Predicate) -> bool:
    """A decision told as a past event: "PT was previously authorized", "denied by UR on 5/1"."""
    if predicate.role is not Role.DECIDE or read.words[predicate.start] in ("necessary", "medically", "medical",
                                                                             "necessity"):
        return False
    if any(predicate.start - 4 <= at < predicate.start for at in read.tagged("history")):
        return True
    if predicate.start > 0 and read.words[predicate.start - 1] in _PAST | {"been"}:
        return True
    following = read.words[predicate.end:predicate.end + 3]
    return bool(following) and following[0] in ("by", "on", "in") and any(
        word.isdigit() or word in ("ur", "utilization") for word in following[1:])


def _states_decision(read: _Sentence, predicate: Predicate, subject: str | None) -> bool:
    """Whether the sentence states the decision itself rather than reasoning toward it."""
    if predicate.role is not Role.EVALUATE or read.last - read.first <= _FRAGMENT:
        return True
    # "The request exceeds the guideline" argues; "the request is (not) supported" decides.
    arguing = predicate.polarity < 0 and not predicate.prefixed
    return subject in ("request", "review_decision", "necessity") and not arguing
