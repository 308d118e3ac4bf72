"""A rule held against one disputed item: does the stated outcome sit uneasily with the limit?

A tension is not a verdict: the letter may know things its text does not say. So a denial is
only "within" a prior-counting limit when the letter states the prior treatment (a count, or
that there was none), and every message says which prior treatment was counted.
"""
from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from checker.models import Outcome, Request
from checker.rulebase.model import MEASURE_UNITS, Effective, Rule, TensionKind, number

# A rule whose limit documented functional improvement extends (a trial) cannot know from
# the text whether improvement was shown, but a letter that approves more than the trial
# without ever speaking of improvement has nothing to extend it with. Any mention, even a
# negated one, means the reviewer weighed it; that is for the reasoning checks to judge.
# A character pattern because one free word may sit inside the phrase ("improved her function").
FUNCTIONAL_IMPROVEMENT = re.compile(
    r"function(?:al(?:ly)?)?\s+(?:improvement|improved|gains?|benefit|progress)"
    r"|improve(?:d|ment|ments)?\s+(?:in\s+|of\s+)?(?:\w+\s+)?function",
    re.IGNORECASE,
)

# mtus-facts.md asks that a finding resting on a recalled (unverified) limit say so.
RECALLED_NOTE = " [limit recalled from the guideline, not yet verified against its text]"
# The longest message a rule may render (the built-in ones are under 200 characters).
MAX_MESSAGE = 500


@dataclass(frozen=True, slots=True, kw_only=True)
class ItemFacts:
    """What a rule reads of one item: the request, the outcome and what the letter states."""

    request: Request
    outcome: Outcome
    prior_visits: float | None = None
    """Earlier visits of the same treatment the letter states."""
    prior_stated_none: bool = False
    """The letter states there were none."""
    context: str = ""
    """Letter text the rule's conditions read (heading, diagnoses, rationale)."""
    decided: datetime.date | None = None
    """When the decision under review was made; a rule not in force then does not apply."""


@dataclass(frozen=True, slots=True)
class Tension:
    """A rule finding: the outcome sits uneasily with the limit (the letter may know more)."""

    rule: str
    kind: TensionKind
    limit: float | None
    message: str


def applies_to_request(rule: Rule, request: Request) -> bool:
    """The rule names the request's treatment, drug class or drug, and its body parts fit."""
    names = rule.applies_to
    if not (
        _lower(request.treatment) in names.treatments
        or _lower(request.drug_class) in names.drug_classes
        or _lower(request.drug) in names.drugs
    ):
        return False
    named = set(request.body_parts)
    if named & set(rule.condition.excluded_body_parts):
        return False
    return not rule.condition.body_parts or bool(named & set(rule.condition.body_parts))


def requested_amount(rule: Rule, request: Request) -> float | None:
    """The request's size in this rule's measure, or None when the request does not say."""
    if rule.limit is None:
        return None
    measure = rule.limit.measure
    if measure == "visits":
        if request.visits is not None:
            return request.visits
        if request.per_week is not None and request.weeks is not None:
            return request.per_week * request.weeks
        return None
    if measure == "days":
        if request.supply_days is not None:
            return float(request.supply_days)
        if request.rental_days is not None:
            return float(request.rental_days)
        return request.weeks * 7 if request.weeks is not None else None
    if measure == "dose_mg_per_day":
        if request.strengths_mg and request.count and request.supply_days:
            return request.strengths_mg[0] * request.count / request.supply_days
        return None
    if measure == "count" and request.count is None and request.visits is not None:
        # A procedure written "injection x2" states its number as sessions.
        return request.visits
    value = getattr(request, measure)
    return float(value) if value is not None else None


def evaluate(rule: Rule, facts: ItemFacts) -> Tension | None:
    """The tension between the item's outcome and the rule, or None.

    When the prior visits are unknown (neither counted nor stated as none) a prior-counting
    rule never calls a denial "within" its limit: the letter may know of visits the text
    does not count.
    """
    request, outcome = facts.request, Outcome(facts.outcome)
    if outcome is Outcome.UNKNOWN or rule.informational:
        return None
    if facts.decided is not None and not rule.effective.covers(facts.decided):
        return None
    if not applies_to_request(rule, request) or not _conditions_hold(rule, facts):
        return None
    if rule.not_recommended:
        if outcome is Outcome.OVERTURNED:
            return _tension(rule, "approved_not_recommended", facts, None, None)
        return None
    requested = requested_amount(rule, request)
    if requested is None or rule.limit is None:
        return None
    prior: float | None = None
    if rule.counts_prior_visits:
        prior = facts.prior_visits if facts.prior_visits is not None else (0.0 if facts.prior_stated_none else None)
    total = requested + (prior or 0.0)
    prior_known = not rule.counts_prior_visits or prior is not None
    if (
        outcome is Outcome.UPHELD
        and "denial_within_limit" in rule.tensions
        and prior_known
        and total <= rule.limit.value
    ):
        return _tension(rule, "denial_within_limit", facts, requested, prior)
    if (
        outcome is Outcome.OVERTURNED
        and "approval_beyond_limit" in rule.tensions
        and total > rule.limit.value
        and not (
            rule.functional_improvement_extends
            and FUNCTIONAL_IMPROVEMENT.search(f"{request.text}\n{facts.context}")
        )
    ):
        return _tension(rule, "approval_beyond_limit", facts, requested, prior)
    return None


class RuleSet:
    """The rules in force (built-in ones, then user ones replacing them by id), indexed by
    the treatments, drug classes and drugs they name: a rule applies only to what its
    applies_to names, so the index spares checking every rule against every item."""

    def __init__(self, rules: Iterable[Rule]) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self._by_id = {rule.id: rule for rule in self.rules}
        self._by_name: dict[tuple[str, str], list[int]] = {}
        for position, rule in enumerate(self.rules):
            for kind, names in (("treatment", rule.applies_to.treatments),
                                ("drug_class", rule.applies_to.drug_classes), ("drug", rule.applies_to.drugs)):
                for name in names:
                    self._by_name.setdefault((kind, name), []).append(position)

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> Rule | None:
        return self._by_id.get(rule_id)

    @functools.cached_property
    def editions(self) -> tuple[Effective, ...]:
        """The dated periods the rules were in force, earliest first (undated rules have none)."""
        dated = {rule.effective for rule in self.rules if rule.effective.dated}
        return tuple(sorted(dated, key=lambda period: (period.from_ or datetime.date.min,
                                                       period.until or datetime.date.max)))

    def has_edition_for(self, day: datetime.date) -> bool:
        """Whether the rule base has an edition in force on `day` (True when it dates none)."""
        return not self.editions or any(edition.covers(day) for edition in self.editions)

    def for_request(self, request: Request) -> list[Rule]:
        """The rules that apply to a request, in rule order."""
        positions: set[int] = set()
        for kind, value in (("treatment", request.treatment), ("drug_class", request.drug_class),
                            ("drug", request.drug)):
            if value:
                positions.update(self._by_name.get((kind, value.lower()), ()))
        candidates = (self.rules[position] for position in sorted(positions))
        return [rule for rule in candidates if applies_to_request(rule, request)]

    def tensions(self, facts: ItemFacts) -> list[tuple[Rule, Tension]]:
        """Every rule tension one item raises."""
        found = []
        for rule in self.for_request(facts.request):
            tension = evaluate(rule, facts)
            if tension is not None:
                found.append((rule, tension))
        return found


def _conditions_hold(rule: Rule, facts: ItemFacts) -> bool:
    condition = rule.condition
    if condition.prior_treatment and not facts.prior_visits:
        return False
    if condition.request_mentions and not _mentions(facts.request.text, condition.request_mentions):
        return False
    text = f"{facts.request.text}\n{facts.context}"
    if condition.diagnoses and not _mentions(text, condition.diagnoses):
        return False
    return not (condition.unless and _mentions(text, condition.unless))


def _tension(rule: Rule, kind: TensionKind, facts: ItemFacts, requested: float | None,
             prior: float | None) -> Tension:
    request = facts.request
    total = None if requested is None else requested + (prior or 0.0)
    limit = rule.limit.value if rule.limit else None
    fields = {
        "requested": number(requested),
        "visits": number(requested),
        "prior": number(prior),
        "total": number(total),
        "limit": number(limit),
        "limit_text": rule.limit.describe() if rule.limit else "not recommended",
        "unit": MEASURE_UNITS[rule.limit.measure] if rule.limit else "",
        "tally": _tally(rule, requested, prior, facts.prior_stated_none),
        "treatment": (request.treatment or request.drug_class or "the request").replace("_", " "),
        "drug": request.drug or request.drug_class or "the drug",
        "body_parts": ", ".join(p.replace("_", " ") for p in request.body_parts) or "unstated",
        "over_weeks": number(rule.limit.over_weeks if rule.limit else None),
    }
    message = rule.message_for(kind).format_map(fields)
    if len(message) > MAX_MESSAGE:
        # A finding's message is one line for a person; a template with many fields filled
        # from a long request must not make it a page.
        message = message[:MAX_MESSAGE - 3] + "..."
    return Tension(rule=rule.id, kind=kind, limit=limit,
                   message=message + (RECALLED_NOTE if rule.confidence == "recalled" else ""))


def _tally(rule: Rule, requested: float | None, prior: float | None, prior_stated_none: bool) -> str:
    """The arithmetic behind a finding, saying where the prior count came from."""
    if requested is None or rule.limit is None:
        return ""
    if not rule.counts_prior_visits:
        return " ".join(filter(None, [str(number(requested)), MEASURE_UNITS[rule.limit.measure], "requested"]))
    if prior is None:
        return f"{number(requested)} requested (prior visits not stated, so at least {number(requested)} in all)"
    source = "(the letter states none)" if prior_stated_none and not prior else "stated in the letter"
    return f"{number(requested)} requested + {number(prior)} prior {source} = {number(requested + prior)}"


def _lower(value: str | None) -> str | None:
    return value.lower() if value else None


@functools.lru_cache(maxsize=512)
def _keyword_pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    # Whole keywords from a word start; a keyword's spaces match any whitespace (PDF text wraps).
    alternatives = [r"\s+".join(re.escape(word) for word in keyword.split()) for keyword in keywords]
    return re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


def _mentions(text: str, keywords: list[str]) -> bool:
    return _keyword_pattern(tuple(keywords)).search(text) is not None
