"""Stance of a rationale sentence, read by its parts: does the reviewer conclude that the
request is necessary, that it is not, or neither?

A conclusion is a decision predicate ("necessary", "certified", "upheld", "reasonable")
said of a subject (the request, medical necessity, or the UR decision, whose polarity is the
opposite of the request's), turned by the negating operators in its reach ("not", "no
evidence that", "un-"), unless modality makes it hypothetical ("could be considered if"),
attribution makes it someone else's words ("the provider states that"), or it is about a
class of patients or past events. The words are data (rules/lexicon/stance.yaml); the rules
that combine them are the functions of this package, one per part.

The package: `words` (tokens and lexicon lists), `clauses` (main clause, predicates,
polarity), `speakers` (subject, attribution, modality, history).
"""
from __future__ import annotations

from dataclasses import dataclass

from checker.extract.stance.clauses import decisive_predicate, find_predicates, narrow_to_main_clause, read_polarities
from checker.extract.stance.speakers import (
    is_attributed,
    is_conditional,
    is_generic,
    is_history,
    is_question,
    states_decision,
    subject_of,
)
from checker.extract.stance.words import Role, read_sentence
from checker.models import Stance


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


def classify(sentence: str) -> SentenceStance:
    """Read one sentence: its stance, whether it states the decision, and why."""
    read = read_sentence(sentence)
    if not read.words:
        return SentenceStance(Stance.NEUTRAL, False, False)
    narrow_to_main_clause(read)
    predicates = find_predicates(read)
    if not predicates:
        return SentenceStance(Stance.NEUTRAL, False, read.concession)
    polarities, operators = read_polarities(read, predicates)
    decisive = decisive_predicate(read, predicates)
    if decisive is None:
        return SentenceStance(Stance.NEUTRAL, False, read.concession)
    subject = subject_of(read, decisive)
    polarity = polarities[decisive]
    if subject == "review_decision" and decisive.role is Role.EVALUATE:
        polarity = -polarity  # "the denial was not justified": the request is necessary
    attributed = is_attributed(read, decisive, subject)
    conditional = (polarity > 0 and is_conditional(read, decisive)) or is_question(read)
    general = is_generic(read, decisive, subject)
    history = is_history(read, decisive)
    own = not (attributed or conditional or general or history)
    conclusive = own and states_decision(read, decisive, subject)
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
