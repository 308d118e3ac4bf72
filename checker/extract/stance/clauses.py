"""The clause that carries a sentence's point, its decision predicates, and the polarity the
negating operators in their reach give them."""
from __future__ import annotations

from checker.extract.stance.words import (
    FRAGMENT,
    PUNCTUATION,
    ROLES,
    Operator,
    Predicate,
    Role,
    Sentence,
    function_words,
    stance_vocabulary,
)


def narrow_to_main_clause(read: Sentence) -> None:
    """Narrow the sentence to the clause that carries its point.

    "While X, Y" and "X; however, Y": the point is Y. "Y, although X": the point is Y too,
    before the concession.
    """
    vocabulary, words, mid_clause = stance_vocabulary(), read.words, function_words().mid_clause_turns
    if vocabulary.match("concessive", words, 0):
        comma = next((at for at in range(1, len(words)) if words[at] == ","), None)
        if comma is not None:
            read.first, read.concession = comma + 1, True
    for at in range(read.first, read.last):
        length = vocabulary.match("turns", words, at)
        # "however" only turns the sentence where a clause can begin; "but" anywhere.
        if length and (at == read.first or words[at - 1] in PUNCTUATION or words[at] in mid_clause):
            read.first, read.concession = at + length, True
    for at in range(read.first + 1, read.last):
        if vocabulary.match("concessive", words, at):
            _set_concession_aside(read, at)
            break
    read.tags = None  # tagged anew within the narrowed clause


def _set_concession_aside(read: Sentence, at: int) -> None:
    """In "Y, although X" the point is Y. Where nothing before the concession judges anything
    ("Given A, and given that B despite C, Y"), the concession ends at its comma and the
    point is after it."""
    before = at - (read.words[at - 1] == ",")
    comma = next((end for end in range(at + 1, read.last) if read.words[end] == ","), None)
    if comma is None or any(predicate_at(read, position, before) for position in range(read.first, before)):
        read.last = before
    else:
        read.first = comma + 1
    read.concession = True


def find_predicates(read: Sentence, start: int | None = None, end: int | None = None) -> list[Predicate]:
    """The predicates of the main clause (or of a stretch of it), leaving out judgements used
    as a noun's attribute ("exceeds the recommended number", "past that recommendation")."""
    found: list[Predicate] = []
    at = read.first if start is None else start
    last = read.last if end is None else end
    if read.predicate_starts is None:
        read.predicate_starts = {}
        for position in range(read.first, read.last):
            candidate = predicate_at(read, position, read.last)
            if candidate is not None:
                read.predicate_starts[position] = candidate
    starts = read.predicate_starts
    for position in sorted(starts):
        predicate = starts[position]
        if position < at or predicate.end > last:
            continue
        if not (attributive(read, predicate) or names_review(read, predicate) or regulatory(read, predicate)):
            found.append(predicate)
        at = predicate.end
    return found


def attributive(read: Sentence, predicate: Predicate) -> bool:
    """A judgement after a determiner that is not itself what a verb is said of: "the
    recommended total" (but "the recommendation is for denial" states one)."""
    words, listed = read.words, function_words()
    if (predicate.role is not Role.EVALUATE or predicate.start == 0
            or words[predicate.start - 1] not in listed.determiners):
        return False
    return predicate.end >= read.last or words[predicate.end] not in listed.finite_verbs | listed.noun_prepositions


def regulatory(read: Sentence, predicate: Predicate) -> bool:
    """A decision word that states a regulator's approval ("not FDA approved for topical use")."""
    return predicate.start > 0 and read.words[predicate.start - 1] in function_words().regulators


def names_review(read: Sentence, predicate: Predicate) -> bool:
    """A decision word that is part of naming the UR decision ("the decision to deny")."""
    return any(at < predicate.start < at + length for at, length in read.tagged("subject_review_decision").items())


PREDICATE_LISTS = tuple(f"predicate_{name}" for name in ROLES)


def predicate_at(read: Sentence, at: int, last: int) -> Predicate | None:
    vocabulary, words = stance_vocabulary(), read.words
    if words[at] not in vocabulary.predicate_words:
        return None
    for name in PREDICATE_LISTS:
        length = read.tagged(name).get(at)
        if length and at + length <= last:
            role, polarity = vocabulary.predicates[" ".join(words[at:at + length])]
            return Predicate(role, polarity, at, at + length)
    # "non-certified" arrives as two words; "unnecessary", "inappropriate" as one.
    if words[at] in vocabulary.prefixes and at + 1 < last:
        inner = predicate_at(read, at + 1, last)
        if inner is not None and inner.start == at + 1:
            return Predicate(inner.role, -inner.polarity, at, inner.end, True)
    base = vocabulary.prefixed.get(words[at])
    if base is not None:
        role, polarity = vocabulary.predicates[base]
        return Predicate(role, -polarity, at, at + 1, True)
    return None


def read_polarities(read: Sentence, predicates: list[Predicate]) -> tuple[dict[Predicate, int],
                                                                         dict[Predicate, list[Operator]]]:
    """Each predicate's polarity after the operators in its reach.

    An operator is used up by the first predicate after it; two cancel ("not unreasonable").
    A clause break ends its reach. "No" and its kind qualify a noun ("no evidence that ...",
    "no red flags and ..."): they reach a predicate only through the words that carry a
    noun's complement, not across "and" or a new verb. A negated predicate passes its
    negation on to one coordinated with it ("not reasonable and necessary").
    """
    words, listed = read.words, function_words()
    verbal, nominal = read.tagged("verbal_operators"), read.tagged("nominal_operators")
    breaks = read.tagged("breaks")
    by_start = {predicate.start: predicate for predicate in predicates}
    polarities: dict[Predicate, int] = {}
    used: dict[Predicate, list[Operator]] = {}
    pending: list[Operator] = []
    carried: list[Operator] | None = None
    # The operators of the clause's last predicate: "cannot recommend this request as medically
    # necessary" negates the judgement its complement names.
    last: list[Operator] = []
    at = read.first
    while at < read.last:
        predicate = by_start.get(at)
        if predicate is not None:
            linked = last if at > 0 and words[at - 1] in listed.complement_links else []
            applied = pending or carried or linked
            polarities[predicate] = predicate.polarity * (-1) ** len(applied)
            used[predicate] = applied
            carried, pending, last = applied or None, [], applied
            at = predicate.end
            continue
        word = words[at]
        if word in PUNCTUATION or at in breaks:
            pending, carried, last = [], None, []
        elif at in verbal or at in nominal:
            length = verbal.get(at) or nominal[at]
            pending.append(Operator(" ".join(words[at:at + length]), at, at not in verbal))
            carried = None
            at += length
            continue
        elif word in listed.coordination:
            # "not without merit and is necessary": an operator unused by the first clause
            # does not reach into the second (a negated predicate's is carried, above).
            pending = []
        elif word in listed.finite_verbs:
            # A noun's operator ends where a new verb begins ("no flags were seen, the ...").
            pending = [item for item in pending if not item.nominal or complement_before(words, at, item)]
        if carried is not None and word not in listed.coordination | listed.complement_links \
                and not word.endswith("ly"):
            carried = None
        at += 1
    return polarities, used


def complement_before(words: list[str], at: int, operator: Operator) -> bool:
    """Whether a complement opener ("that", "to") opened the noun's complement before this
    verb ("no evidence that the request is ...")."""
    openers = function_words().complement_openers
    for back in range(at - 1, max(at - 8, -1), -1):
        if words[back] in openers:
            return True
        if back <= operator.at:
            return False
    return False


def decisive_predicate(read: Sentence, predicates: list[Predicate]) -> Predicate | None:
    """The predicate that carries the sentence: the last one that decides, else the last one.

    A predicate about the UR decision counts only with the decision named ("I agree with the
    UR", "the denial is upheld"): "I agree that ..." introduces the point rather than making it.
    """
    named = bool(read.tagged("subject_review_decision")) or read.last - read.first <= FRAGMENT
    usable = [p for p in predicates
              if not (p.role is Role.NAMED_REVIEW and (not named or introduces(read, p)))
              and not (p.role is Role.REVIEW and introduces(read, p))]
    # Necessity named and judged in one clause ("medical necessity has not been established",
    # "the records fail to establish the medical necessity"): the judgement carries the verdict.
    usable = [p for p in usable
              if p.role is not Role.NECESSITY or not any(
                  other.role is not Role.NECESSITY and (other.start > p.start or same_clause(read, other.end, p.start))
                  for other in usable)]
    # A judgement inside a time clause after the point ("... more than the guideline supports
    # before any improvement is shown") says when, not what is decided.
    usable = [p for p in usable if not _in_time_clause(read, p)] or usable
    # A judgement a guideline is said to make in passing ("exceeds the visits the guideline
    # supports") is the guideline's, not the sentence's point.
    own = [p for p in usable if not guideline_says(read, p)]
    usable = own or usable
    deciding = [p for p in usable if p.role is not Role.EVALUATE]
    if deciding:
        return deciding[-1]
    return usable[-1] if usable else None


def _in_time_clause(read: Sentence, predicate: Predicate) -> bool:
    """A time subordinator ("before", "until") earlier in the predicate's clause, not opening it."""
    subordinators = function_words().time_subordinators
    return any(read.words[at] in subordinators and same_clause(read, at, predicate.start)
               for at in range(read.first + 1, predicate.start))


def guideline_says(read: Sentence, predicate: Predicate) -> bool:
    """A guideline named just before the predicate, with no request word between them."""
    requests, coordination = read.tagged("subject_request"), function_words().coordination
    return any(predicate.start - 4 <= at < predicate.start
               and not any(at < word < predicate.start for word in requests)
               and not any(word in coordination for word in read.words[at:predicate.start])
               and same_clause(read, at, predicate.start)
               for at in read.tagged("subject_guideline"))


def same_clause(read: Sentence, start: int, end: int) -> bool:
    breaks = read.tagged("breaks")
    return not any(read.words[at] in PUNCTUATION or at in breaks for at in range(start, end))


def introduces(read: Sentence, predicate: Predicate) -> bool:
    return predicate.end < read.last and read.words[predicate.end] == "that"
