"""Prior treatment the letter states: counts, explicit none, or a mention without a count.

Rule checks count prior visits ("22 chiropractic visits were authorized", "a prior request
for 6 sessions of therapy"), believe an explicit none ("does not have a history of
chiropractic treatment"), and stay silent when the letter mentions earlier treatment without
saying how much ("has received some chiropractic care"): the letter may know more than it says.
Counts are read with the request grammar; cue words, negations and treatments are the
lexicon hits of the letter's reading.
"""
from __future__ import annotations

import bisect
import re
from itertools import pairwise

from checker.extract.cues import earlier_request, names_current_request
from checker.extract.quantities import SentenceQuantities
from checker.models import Letter, PriorTreatment
from checker.text.letter_text import LetterText
from checker.text.lexicon import Kind, nearby
from checker.text.phrases import Hit
from checker.text.vocabulary import treatment_of

_CLAUSE_MARK = re.compile(r"[;,:]")
_VOCABULARY = (Kind.TREATMENT, Kind.DRUG, Kind.VEHICLE)


def extract_prior_treatments(letter: LetterText, parsed: Letter, summary: tuple[int, int] | None,
                             rationales: list[list[tuple[int, int]]],
                             quantities: SentenceQuantities) -> list[PriorTreatment]:
    """Prior treatment stated in the case summary and in each item's rationale.

    Headings and citations are left out: a heading states the current request, not history.
    `rationales` are each item's rationale sentences, as clean spans.
    """
    found: list[PriorTreatment] = []
    reader = _PriorReader(letter, quantities)
    if summary is not None:
        for start, end in letter.sentences(*summary):
            found.extend(reader.sentence(start, end, None))
    # In a rationale a bare "6 sessions of therapy" belongs to the item's treatment.
    for item, sentences in zip(parsed.items, rationales, strict=True):
        treatment = item.request.treatment if item.request else None
        for start, end in sentences:
            found.extend(reader.sentence(start, end, treatment))
    return found


class _PriorReader:
    def __init__(self, letter: LetterText, quantities: SentenceQuantities) -> None:
        self.letter = letter
        self.quantities = quantities

    def _priors(self, start: int, end: int) -> list[Hit]:
        """The prior cues of [start, end): not inside "board certified", "since" only before a year."""
        letter = self.letter
        excluded = letter.hits(Kind.PRIOR_EXCLUDED, start, end)
        cues = []
        for hit in letter.hits(Kind.PRIOR, start, end):
            if any(other.start <= hit.start and hit.end <= other.end for other in excluded):
                continue
            if hit.value == "since" and not letter.text[hit.end:hit.end + 2].strip()[:1].isdigit():
                continue
            cues.append(hit)
        return cues

    def sentence(self, start: int, end: int, item_treatment: str | None) -> list[PriorTreatment]:
        """Prior treatment in one sentence. Only a sentence with a prior cue can count prior
        treatment: a sentence of thousands of numbers ("1 x 1 x 1 ...") must cost linear time."""
        priors = self._priors(start, end)
        negations = self.letter.hits(Kind.NEGATION, start, end)
        if not priors and not negations:
            return []
        clauses = self._clauses(start, end)
        treatments = _Treatments(self.letter)
        found = self._counts(start, end, priors, clauses, treatments, item_treatment) if priors else []
        counted = {prior.treatment for prior in found}
        return found + self._statements(clauses, priors, negations, treatments, counted)

    def _counts(self, start: int, end: int, priors: list[Hit], clauses: list[tuple[int, int]],
                treatments: _Treatments, item_treatment: str | None) -> list[PriorTreatment]:
        """Counts of earlier visits: a count in a clause with a prior cue, or before one."""
        letter = self.letter
        found = []
        prior_request = earlier_request(letter, start, end)
        last_prior = priors[-1].start
        for quantity in self.quantities.of(start, end):
            visits = quantity.form.visits
            if visits is None or quantity.additional:
                continue
            if names_current_request(letter, quantity.start, start) and not (
                    prior_request and prior_request.end <= quantity.start):
                continue
            clause_start, clause_end = _clause_around(clauses, quantity.start, quantity.end, start, end)
            # A count is history when its clause has a prior cue, or one follows it.
            if _first_within(priors, clause_start, clause_end) is None and last_prior < clause_end:
                continue
            treatment = treatments.between(clause_start, clause_end)
            if treatment is None and letter.has(Kind.SESSIONS, clause_start, clause_end):
                treatment = item_treatment
            if treatment is None or treatment == "medication":
                continue
            found.append(PriorTreatment(treatment=treatment, stated="count", visits=visits,
                                        span=letter.span(quantity.start, quantity.end)))
        return found

    def _statements(self, clauses: list[tuple[int, int]], priors: list[Hit], negations: list[Hit],
                    treatments: _Treatments, counted: set[str]) -> list[PriorTreatment]:
        """Clauses that state there was no earlier treatment, or mention some without a count."""
        letter = self.letter
        found = []
        for clause_start, clause_end in clauses:
            negation = _first_within(negations, clause_start, clause_end)
            prior = _first_within(priors, clause_start, clause_end)
            if negation is None and prior is None:
                continue  # a clause that neither negates nor cues earlier care states nothing of it
            treatment = treatments.between(clause_start, clause_end)
            if treatment is None or treatment == "medication" or treatment in counted:
                continue
            span = letter.span(clause_start, clause_end)
            if (negation and nearby("not_about_absence").position_in(letter.words(clause_start, clause_end)) is None
                    and treatments.between(negation.end, clause_end)):
                found.append(PriorTreatment(treatment=treatment, stated="none", span=span))
            elif prior is not None and not names_current_request(letter, prior.start, clause_start):
                found.append(PriorTreatment(treatment=treatment, stated="mentioned", span=span))
        return found

    def _clauses(self, start: int, end: int) -> list[tuple[int, int]]:
        """The clauses of a sentence: cut before , ; : and before "but", "however", "and", ..."""
        letter = self.letter
        breaks = nearby("clause_breaks").words
        cuts = sorted({start, end, *(mark.start() for mark in _CLAUSE_MARK.finditer(letter.text, start, end)),
                       *(word_start for word_start, word_end in letter.word_spans(start, end)
                         if letter.plain[word_start:word_end] in breaks)})
        return [(a, b) for a, b in pairwise(cuts) if letter.text[a:b].strip(" ,;:\n")]


def _first_within(hits: list[Hit], start: int, end: int) -> Hit | None:
    """The first of the hits (in order) that lies inside [start, end), or None."""
    index = bisect.bisect_left(hits, start, key=lambda hit: hit.start)
    if index < len(hits) and hits[index].end <= end:
        return hits[index]
    return None


def _clause_around(clauses: list[tuple[int, int]], start: int, end: int, sentence_start: int,
                   sentence_end: int) -> tuple[int, int]:
    index = bisect.bisect_right(clauses, (start, sentence_end + 1)) - 1
    if index >= 0 and clauses[index][0] <= start < clauses[index][1]:
        return clauses[index][0], max(clauses[index][1], end)
    return sentence_start, sentence_end


class _Treatments:
    """The treatment a stretch of one sentence names, each stretch read once."""

    def __init__(self, letter: LetterText) -> None:
        self.letter = letter
        self._known: dict[tuple[int, int], str | None] = {}

    def between(self, start: int, end: int) -> str | None:
        if (start, end) not in self._known:
            hits = sorted((hit for kind in _VOCABULARY for hit in self.letter.hits(kind, start, end)),
                          key=lambda hit: (hit.start, -hit.end))
            self._known[(start, end)] = treatment_of(hits)
        return self._known[(start, end)]
