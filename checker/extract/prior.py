"""Prior treatment the letter states: counts, explicit none, or a mention without a count.

Rule checks count prior visits ("22 chiropractic visits were authorized", "a prior request
for 6 sessions of therapy"), believe an explicit none ("does not have a history of
chiropractic treatment"), and stay silent when the letter mentions earlier treatment without
saying how much ("has received some chiropractic care"): the letter may know more than it says.
Counts are read with the request grammar; treatments with its vocabulary.
"""
from __future__ import annotations

import bisect
import re

from checker.extract.sentences import split_sentences
from checker.grammar import find_treatment, parse_quantities
from checker.models import Letter, PriorTreatment
from checker.prefilter import Prefiltered, lowercase
from checker.text.normalize import CleanText

_PRIOR = Prefiltered(
    r"\b(?:prior|previous(?:ly)?|already|to date|so far|thus far|completed|attended|underwent|undergone|"
    r"(?<!non-)(?<!non)(?<!board )(?:authori[sz]ed|certified|approved)|received|has had|have had|had|in the past|"
    r"history of|since \d|participated)\b", re.I)
# How far before a count its "requested"/"additional" cue can stand (four words, as below).
_REQUEST_CUE_REACH = 200
# "the request for an additional 8 sessions": the count is the current request, not history.
_CURRENT_REQUEST = Prefiltered(r"\b(?:request(?:ed|ing|s)?|asks? for|asked for|recommend(?:ed|s)?|plan(?:ned)?|"
                              r"proposed|additional|further|more)\b(?:\W+\w+){0,4}\W*$", re.I)
_PRIOR_REQUEST = Prefiltered(r"\b(?:prior|previous(?:ly)?|earlier|already)\W+(?:\w+\W+){0,2}request", re.I)
_NEGATION = Prefiltered(r"\b(?:no|not|never|without|none|denies|n't)\b", re.I)
# A negated sentence about the outcome or the paperwork of prior care is not a statement
# that there was none ("no documentation of benefit from prior chiropractic").
_NOT_ABOUT_ABSENCE = Prefiltered(
    r"\b(?:improv\w*|benefit\w*|result\w*|respon\w*|relief|efficacy|effective\w*|progress|gains?|outcomes?|"
    r"functional|number|amount|total|how many|frequency|duration|notes?|reports? from|from|after|despite|"
    r"helped|help|success\w*|fail\w*)\b", re.I)
_CLAUSE = re.compile(r"[;,:]|\b(?:but|however|while|whereas|or|and)\b", re.I)
_GENERIC_SESSIONS = re.compile(r"\b(?:sessions?|visits?|treatments?|therapy|appointments?)\b", re.I)


def extract_prior_treatments(source: CleanText, letter: Letter, summary: tuple[int, int] | None) -> list[PriorTreatment]:
    """Prior treatment stated in the case summary and in each item's rationale.

    Headings and citations are left out: a heading states the current request, not history.
    """
    found: list[PriorTreatment] = []
    if summary is not None:
        sentences = split_sentences(source.text[summary[0]:summary[1]], summary[0])
        found.extend(_from_sentences(source, sentences, None))
    # In a rationale a bare "6 sessions of therapy" belongs to the item's treatment.
    for item in letter.items:
        sentences = []
        for sentence in item.rationale:
            # The end is mapped from the last character: the original end maps to whatever
            # the clean text has after the sentence.
            sentences.append((source.from_original(sentence.span.start),
                              source.from_original(sentence.span.end - 1) + 1))
        found.extend(_from_sentences(source, sentences, item.request.treatment if item.request else None))
    return found


def _from_sentences(source: CleanText, sentences: list[tuple[int, int]], item_treatment: str | None) -> list[PriorTreatment]:
    if not sentences:
        return []
    cues = _Cues(source.text, sentences[0][0], sentences[-1][1])
    found: list[PriorTreatment] = []
    for start, end in sentences:
        priors = cues.within(_PRIOR, start, end)
        negations = cues.within(_NEGATION, start, end)
        if priors or negations:
            found.extend(_from_sentence(source, source.text[start:end], start, cues.lowered(start, end), priors,
                                        negations, item_treatment))
    return found


class _Cues:
    """The prior cues and negations of a run of sentences, found in one search of each.

    Searching each sentence on its own read the text once per sentence for each of the many
    words a cue can start with; most sentences have none. A sentence's cues are the run's
    cues inside it, unless one crosses its edge (which no cue word does between sentences),
    in which case the sentence is searched by itself.
    """

    def __init__(self, text: str, start: int, end: int) -> None:
        self._text, self._start = text, start
        self._lowered = lowercase(text[start:end])
        self._found = {pattern: [(start + match.start(), start + match.end())
                                 for match in pattern.finditer(text[start:end], lowered=self._lowered)]
                       for pattern in (_PRIOR, _NEGATION)}

    def lowered(self, start: int, end: int) -> str | None:
        return _slice(self._lowered, start - self._start, end - self._start)

    def within(self, pattern: Prefiltered, start: int, end: int) -> list[tuple[int, int]]:
        """The matches of pattern (_PRIOR or _NEGATION) in text[start:end], as offsets into it."""
        inside = _within(self._found[pattern], start, end)
        if inside is None:
            return [match.span() for match in pattern.finditer(self._text[start:end], lowered=self.lowered(start, end))]
        return [(match_start - start, match_end - start) for match_start, match_end in inside]


def _within(spans: list[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]] | None:
    """The spans inside [start, end), or None when one crosses its start or end."""
    index = bisect.bisect_left(spans, (start, start))
    if index > 0 and spans[index - 1][1] > start:
        return None
    inside = []
    while index < len(spans) and spans[index][0] < end:
        if spans[index][1] > end:
            return None
        inside.append(spans[index])
        index += 1
    return inside


def _from_sentence(source: CleanText, sentence: str, offset: int, lowered: str | None, priors: list[tuple[int, int]],
                   negations: list[tuple[int, int]], item_treatment: str | None) -> list[PriorTreatment]:
    """Prior treatment in a sentence, given its lowercase, its prior cues and its negations
    (looked up per clause: no cue or negation spans a clause boundary). Only a sentence with a cue can count
    prior treatment: a sentence of thousands of numbers ("1 x 1 x 1 ...") must cost linear, not
    quadratic, time."""
    found: list[PriorTreatment] = []
    counted: set[str] = set()
    clauses = _clauses(sentence)
    treatments = _Treatments(sentence)
    prior_request = _PRIOR_REQUEST.search(sentence, lowered=lowered)
    last_prior = priors[-1][0] if priors else -1
    counted_treatments: dict[tuple[int, int], str | None] = {}
    for quantity in parse_quantities(sentence) if priors else ():
        visits = quantity.form.visits
        if visits is None or quantity.additional:
            continue
        reach = max(0, quantity.start - _REQUEST_CUE_REACH)
        before = sentence[reach:quantity.start]
        current = _CURRENT_REQUEST.search(before, lowered=_slice(lowered, reach, quantity.start))
        if current and not (prior_request and prior_request.end() <= quantity.start):
            continue
        clause = _clause_around(clauses, quantity.start, quantity.end, len(sentence))
        if clause not in counted_treatments:
            counted_treatments[clause] = _counted_treatment(
                treatments, *clause, _first_within(priors, *clause) is not None or last_prior >= clause[1],
                item_treatment)
        treatment = counted_treatments[clause]
        if treatment is None or treatment == "medication":
            continue
        counted.add(treatment)
        found.append(PriorTreatment(treatment=treatment, stated="count", visits=visits,
                                    span=source.span(offset + quantity.start, offset + quantity.end)))
    for clause_start, clause_end in clauses:
        negation = _first_within(negations, clause_start, clause_end)
        prior = _first_within(priors, clause_start, clause_end)
        if negation is None and prior is None:
            continue  # a clause that neither negates nor cues earlier care states nothing of it
        treatment = treatments.between(clause_start, clause_end)
        if treatment is None or treatment == "medication" or treatment in counted:
            continue
        clause = sentence[clause_start:clause_end]
        span = source.span(offset + clause_start, offset + clause_end)
        if (negation and not _NOT_ABOUT_ABSENCE.search(clause, lowered=_slice(lowered, clause_start, clause_end))
                and treatments.between(negation[1], clause_end)):
            found.append(PriorTreatment(treatment=treatment, stated="none", span=span))
        elif prior is not None and not _CURRENT_REQUEST.search(sentence, clause_start, prior[0], lowered=lowered):
            found.append(PriorTreatment(treatment=treatment, stated="mentioned", span=span))
    return found


class _Treatments:
    """The treatment named in each part of a sentence, each part looked up once: a clause is
    looked up for its count and again for what it says of earlier care."""

    def __init__(self, sentence: str) -> None:
        self.sentence = sentence
        self._found: dict[tuple[int, int], str | None] = {}

    def between(self, start: int, end: int) -> str | None:
        if (start, end) not in self._found:
            self._found[(start, end)] = find_treatment(self.sentence[start:end])
        return self._found[(start, end)]


def _slice(lowered: str | None, start: int, end: int) -> str | None:
    """The lowercase of text[start:end], given lowered = lowercase(text)."""
    return None if lowered is None else lowered[start:end]


def _first_within(spans: list[tuple[int, int]], start: int, end: int) -> tuple[int, int] | None:
    """The first of the ascending spans inside [start, end), or None."""
    index = bisect.bisect_left(spans, (start, start))
    if index < len(spans) and spans[index][1] <= end:
        return spans[index]
    return None


def _counted_treatment(treatments: _Treatments, start: int, end: int, prior_cue: bool,
                       item_treatment: str | None) -> str | None:
    """The treatment a count in the clause sentence[start:end] is earlier treatment of, or None.

    `prior_cue`: the clause has a prior cue, or one follows it in the sentence.
    """
    if not prior_cue:
        return None
    treatment = treatments.between(start, end)
    if treatment is None and _GENERIC_SESSIONS.search(treatments.sentence[start:end]):
        treatment = item_treatment
    return treatment


def _clauses(sentence: str) -> list[tuple[int, int]]:
    cuts = [0] + [m.start() for m in _CLAUSE.finditer(sentence)] + [len(sentence)]
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if sentence[a:b].strip(" ,;:")]


def _clause_around(clauses: list[tuple[int, int]], start: int, end: int, length: int) -> tuple[int, int]:
    index = bisect.bisect_right(clauses, (start, length + 1)) - 1
    if index >= 0 and clauses[index][0] <= start < clauses[index][1]:
        return clauses[index][0], max(clauses[index][1], end)
    return 0, length
