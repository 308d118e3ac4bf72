"""Rules family (RUL codes): the outcome in tension with the MTUS rule base (rules/mtus/*.yaml).

A tension is not a verdict: the letter may know things its text does not say. So a denial
is only called "within the limit" when the letter states the prior treatment (a count, or
that there was none), and every message says which prior treatment was counted.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterator

from checker.checks.context import CheckContext
from checker.checks.registry import make_finding, register
from checker.models import Family, Finding, Item, Letter, PriorTreatment, Severity, Span
from checker.rulebase import ItemFacts, Rule, Tension


def prior_of(letter: Letter, treatment: str) -> tuple[float | None, bool, list[PriorTreatment]]:
    """Prior visits of a treatment the letter states: (largest count, stated none, mentions).

    The same prior course is often restated (summary and rationale), so counts are not added
    up; the largest stated count stands. Any mention without a count makes the prior unknown.
    """
    mentions = [p for p in letter.prior_treatments if p.treatment == treatment]
    counts = [p.visits for p in mentions if p.stated == "count" and p.visits is not None]
    if counts:
        return max(counts), False, mentions
    if any(p.stated == "mentioned" for p in mentions):
        return None, False, mentions
    return None, any(p.stated == "none" for p in mentions), mentions


def _heading_evidence(item: Item) -> list[Span]:
    """The heading, and the outcome where it sits on a line of its own."""
    outcome = item.outcome_span
    if outcome is None or outcome.line == item.heading_span.line:
        return [item.heading_span]
    return [item.heading_span, outcome]


def _context_text(letter: Letter, item: Item) -> str:
    return " ".join([item.heading, *letter.facts.diagnoses, *(s.text for s in item.rationale)])


def _decided_on(letter: Letter) -> datetime.date | None:
    return datetime.date.fromisoformat(letter.decided.date) if letter.decided else None


def _item_tensions(letter: Letter, item: Item, context: CheckContext) -> dict[str, tuple[Rule, Tension, list[Span]]]:
    """The strongest tension of each kind for one item."""
    request = item.request
    if request is None or not request.parsed:
        return {}
    prior, none_stated, mentions = prior_of(letter, request.treatment) if request.treatment else (None, False, [])
    strongest: dict[str, tuple[Rule, Tension, list[Span]]] = {}
    facts = ItemFacts(request=request, outcome=item.outcome, prior_visits=prior, prior_stated_none=none_stated,
                      context=_context_text(letter, item), decided=_decided_on(letter))
    for rule, tension in context.rules.tensions(facts):
        current = strongest.get(tension.kind)
        # A denial is most clearly within the tightest limit; an approval most clearly
        # beyond the widest one.
        if current is None or (
            tension.limit is not None and current[1].limit is not None
            and (tension.limit < current[1].limit if tension.kind == "denial_within_limit"
                 else tension.limit > current[1].limit)
        ):
            strongest[tension.kind] = (rule, tension, [m.span for m in mentions][:2])
    return strongest


def _rule_findings(letter: Letter, context: CheckContext, kind: str) -> Iterator[Finding]:
    for item in letter.items:
        key = ("rule tensions", item.index)
        if key not in context.shared:
            context.shared[key] = _item_tensions(letter, item, context)
        found = context.shared[key].get(kind)
        if found is None:
            continue
        rule, tension, prior_spans = found
        yield make_finding(f"item {item.index}: {tension.message}", item=item.index,
                           evidence=[*_heading_evidence(item), *prior_spans],
                           rule=rule.id, citation=rule.citation.as_finding_citation(), severity=rule.severity,
                           confidence=rule.confidence)


@register("RUL001", Family.RULES, Severity.WARNING)
def denied_within_limit(letter: Letter, context: CheckContext) -> Iterator[Finding]:
    """A denial (Upheld) of a request the MTUS rules allow, prior treatment counted.

    Why: MTUS is presumptively correct on the extent of treatment (Labor Code 4604.5(a)). A
    request within a guideline allowance, such as a first chiropractic trial of up to 6
    visits, that is denied although the letter states no prior treatment exceeding the
    allowance, is in tension with the guideline the letter relies on. Prior visits stated
    anywhere in the letter are counted; when the letter mentions prior treatment without a
    count, nothing is reported.

    Fires:
        5 chiropractic visits for the low back:  Upheld
        Decision rationale: The patient has no history of chiropractic treatment. The
        request is not medically necessary.

    Does not fire:
        8 physical therapy visits for the low back:  Upheld
        Decision rationale: The patient has completed 6 sessions of physical therapy to
        date. The request is not medically necessary.
    """
    yield from _rule_findings(letter, context, "denial_within_limit")


@register("RUL002", Family.RULES, Severity.WARNING)
def approved_beyond_limit(letter: Letter, context: CheckContext) -> Iterator[Finding]:
    """An approval (Overturned) of a request beyond an MTUS or statutory limit.

    Why: approving more than the guideline's limit (30 physical therapy visits against 8-10,
    or more than the 24 visits per injury of Labor Code 4604.5) needs a stated reason the
    rule allows, such as documented functional improvement.

    Fires:
        30 physical therapy visits for the low back:  Overturned
        Decision rationale: The request is medically necessary.

    Does not fire:
        6 physical therapy visits for the low back:  Overturned
        Decision rationale: The request is medically necessary.
    """
    yield from _rule_findings(letter, context, "approval_beyond_limit")


@register("RUL003", Family.RULES, Severity.WARNING)
def approved_not_recommended(letter: Letter, context: CheckContext) -> Iterator[Finding]:
    """An approval (Overturned) of a treatment the MTUS does not recommend.

    Why: some treatments are "not recommended" outright (carisoprodol; manipulation of the
    knee, wrist, hand, ankle or foot); approving one contradicts the guideline unless the
    rationale rebuts its presumption.

    Fires:
        Fioricet #60:  Overturned
        Decision rationale: The request is medically necessary.

    Does not fire:
        Fioricet #60:  Upheld
        Decision rationale: The request is not medically necessary.
    """
    yield from _rule_findings(letter, context, "approved_not_recommended")


@register("RUL004", Family.RULES, Severity.INFO)
def decided_outside_the_editions(letter: Letter, context: CheckContext) -> Iterator[Finding]:
    """The letter was decided outside every edition of the guidelines the rule base has.

    Why: the MTUS changed over the years (the 2009 Chronic Pain Medical Treatment Guidelines
    took effect on 18 July 2009; later revisions and the 2018 drug formulary replaced parts of
    them). A rule holds only for letters decided while its guideline was in force (its
    `effective` dates), so a letter decided before or after all of them is not held to rules
    of the wrong edition: it gets this one note instead, and the dated rules stay silent. The
    decisive date is the UR decision's, or failing that the letter's own; a letter that states
    neither is held to every rule.

    Fires:
        12 physical therapy visits for the low back:  Overturned
        Decision rationale: Utilization review dated 03/02/2008 non-certified the request. The
        request is medically necessary.

    Does not fire:
        12 physical therapy visits for the low back:  Overturned
        Decision rationale: Utilization review dated 03/02/2015 non-certified the request. The
        request is medically necessary.
    """
    decided = _decided_on(letter)
    if letter.decided is None or decided is None or context.rules.has_edition_for(decided):
        return
    editions = "; ".join(str(edition) for edition in context.rules.editions)
    source = "the UR decision" if letter.decided.source == "ur_decision" else "the letter"
    yield make_finding(f"decided on {decided.isoformat()} (the date of {source}), outside every edition "
                       f"of the guidelines the rule base has ({editions}): the rules of those editions were not "
                       f"applied", evidence=[letter.decided.span])
