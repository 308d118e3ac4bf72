"""Structure family: what the parser could not read is reported, never dropped."""
from __future__ import annotations

from collections.abc import Iterator

from checker.checks.context import CheckContext
from checker.checks.registry import make_finding, register
from checker.models import Family, Finding, Layout, Letter, Outcome, Severity


@register("STR001", Family.STRUCTURE, Severity.ERROR)
def item_without_outcome(letter: Letter, context: CheckContext) -> Iterator[Finding]:
    """A disputed item has no stated outcome.

    Why: every disputed item must be decided (8 CCR 9792.10.6(d)); an item without Upheld or
    Overturned leaves the parties without a decision on it.

    Fires:
        Physical therapy 2 x 4 for the knee:
        Claims Administrator guideline: Decision based on MTUS Chronic Pain Treatment Guidelines.
        Decision rationale: The request is not medically necessary.

    Does not fire:
        Physical therapy 2 x 4 for the knee:  Upheld
        Claims Administrator guideline: Decision based on MTUS Chronic Pain Treatment Guidelines.
        Decision rationale: The request is not medically necessary.
    """
    for item in letter.items:
        if item.outcome_text is None:
            yield make_finding(f"item {item.index} ('{item.heading}') has no stated outcome",
                               item=item.index, evidence=[item.heading_span])


@register("STR002", Family.STRUCTURE, Severity.ERROR)
def unknown_outcome_word(letter: Letter, context: CheckContext) -> Iterator[Finding]:
    """A disputed item's outcome word is not in the outcome vocabulary.

    Why: only Upheld and Overturned (and the 2013 sentences) have a defined meaning; a new
    word such as "Partially Overturned" must be looked at, not guessed. Add it to
    rules/lexicon/outcomes.yaml once its meaning is settled.

    Fires:
        Aquatic therapy x 12:  Modified
        Decision rationale: Six visits are certified.

    Does not fire:
        Aquatic therapy x 12:  Overturned
        Decision rationale: The request is medically necessary.
    """
    for item in letter.items:
        if item.outcome_text is not None and item.outcome is Outcome.UNKNOWN:
            yield make_finding(f"item {item.index}: unknown outcome '{item.outcome_text}'",
                               item=item.index, evidence=[item.outcome_span or item.heading_span])


@register("STR003", Family.STRUCTURE, Severity.WARNING)
def item_without_rationale(letter: Letter, context: CheckContext) -> Iterator[Finding]:
    """A disputed item has no rationale.

    Why: an IMR determination must explain each decision; an item without a rationale
    cannot be checked against its outcome either.

    Fires:
        Norco 10/325 #90:  Upheld
        Claims Administrator guideline: Decision based on MTUS Chronic Pain Treatment Guidelines.

    Does not fire:
        Norco 10/325 #90:  Upheld
        Decision rationale: The 4 A's are not documented. The request is not medically
        necessary.
    """
    for item in letter.items:
        if not item.rationale:
            yield make_finding(f"item {item.index} ('{item.heading}') has no rationale",
                               item=item.index, evidence=[item.heading_span])


@register("STR004", Family.STRUCTURE, Severity.WARNING)
def unparseable_request(letter: Letter, context: CheckContext) -> Iterator[Finding]:
    """The request grammar could not read the item's request.

    Why: the rule and quantity checks need to know what was asked for; a request they cannot
    read is shown so that the grammar can be extended, instead of being skipped silently.

    Fires:
        Physical therapy 2 x ? x for the knee:  Upheld
        Decision rationale: The request is not medically necessary.

    Does not fire:
        Physical therapy 2 x 6 for the knee:  Upheld
        Decision rationale: The request is not medically necessary.
    """
    for item in letter.items:
        request = item.request
        if request is not None and not request.parsed:
            yield make_finding(f"item {item.index}: could not read the request notation "
                               f"'{request.unparsed or request.text}'", item=item.index, evidence=[item.heading_span])


@register("STR005", Family.STRUCTURE, Severity.ERROR)
def unknown_layout(letter: Letter, context: CheckContext) -> Iterator[Finding]:
    """The file is not in any known IMR letter layout.

    Why: the checker reads four layouts (the IMR final determination, the MAXIMUS Independent
    Medical Review letter, the Medical Professional Review, the 2013 notice). Anything else
    is reported rather than guessed at; nothing in it was checked.

    Fires:
        PRIMARY TREATING PHYSICIAN'S PROGRESS REPORT
        Subjective: low back pain 6/10. Plan: physical therapy 2 x 4.

    Does not fire:
        IMR ISSUES, DECISIONS AND RATIONALES
        Physical therapy 2 x 4:  Upheld
        Decision rationale: The request is not medically necessary.
    """
    if letter.layout is Layout.UNKNOWN:
        yield make_finding("not a recognised IMR letter layout; nothing in this file was checked")


@register("STR006", Family.STRUCTURE, Severity.WARNING)
def unread_part(letter: Letter, context: CheckContext) -> Iterator[Finding]:
    """Part of a recognised letter could not be read.

    Why: a letter that can be read in part is reported as far as it can be, and what could
    not be read is itself a finding, so nothing is silently lost.

    Fires:
        IMR ISSUES, DECISIONS AND RATIONALES
        The reviewer found nothing to decide.

    Does not fire:
        IMR ISSUES, DECISIONS AND RATIONALES
        Physical therapy 2 x 4:  Upheld
        Decision rationale: The request is not medically necessary.
    """
    for unread in letter.unread:
        yield make_finding(unread.reason, evidence=[unread.span] if unread.span else [])
