"""Rule files test themselves: each rule carries requests as letters write them, with the
outcome and what the letter states, and whether the rule must flag them or let them pass.
`imrcheck rules test` and the test suite run them through the request grammar and the rule
alone.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from checker.models import Request
from checker.rulebase.evaluate import (
    ItemFacts,
    applies_to_request,
    evaluate,
    requested_amount,
)
from checker.rulebase.model import Rule, RuleCase, TodoCase

CaseGroup = Literal["flags", "passes", "todo"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RuleTestResult:
    """One rule test case run: what was expected and what the rule did."""

    rule: str
    group: CaseGroup
    index: int
    case: RuleCase
    expected: Literal["flags", "passes"]
    got: Literal["flags", "passes", "error"]
    detail: str = ""

    @property
    def passed(self) -> bool:
        return self.got == self.expected

    @property
    def test_id(self) -> str:
        return f"{self.rule}-{self.group}-{self.index}"


def run_rule_tests(rules: Iterable[Rule]) -> list[RuleTestResult]:
    """Run every rule's own test cases."""
    return [run_rule_case(rule, group, index, case) for rule, group, index, case in rule_cases(rules)]


def rule_cases(rules: Iterable[Rule]) -> Iterator[tuple[Rule, CaseGroup, int, RuleCase]]:
    """Every test case of every rule with its group and index (for readable test ids)."""
    groups: tuple[CaseGroup, ...] = ("flags", "passes", "todo")
    for rule in rules:
        for group in groups:
            for index, case in enumerate(getattr(rule.tests, group)):
                yield rule, group, index, case


def run_rule_case(rule: Rule, group: CaseGroup, index: int, case: RuleCase) -> RuleTestResult:
    """Parse the case's request with the grammar and evaluate this one rule on it."""
    from checker.grammar import (
        parse_request,  # the grammar is only needed to run rule tests
    )

    expected = case.expect if isinstance(case, TodoCase) else group
    assert expected != "todo"
    request = parse_request(case.request)
    got: Literal["flags", "passes", "error"]
    if not request.parsed:
        got, detail = "error", f"the grammar could not read {case.request!r}"
    else:
        facts = ItemFacts(
            request=request,
            outcome=case.outcome,
            prior_visits=None if case.prior_visits in (None, "none") else float(case.prior_visits),
            prior_stated_none=case.prior_visits == "none",
            context=case.context,
        )
        tension = evaluate(rule, facts)
        got = "flags" if tension else "passes"
        detail = tension.message if tension else _explain_pass(rule, request)
    return RuleTestResult(rule=rule.id, group=group, index=index, case=case, expected=expected, got=got,
                          detail=detail)


def _explain_pass(rule: Rule, request: Request) -> str:
    if not applies_to_request(rule, request):
        return (
            f"rule does not apply to treatment={request.treatment} drug={request.drug} "
            f"drug_class={request.drug_class} body_parts={request.body_parts}"
        )
    if rule.limit is not None and requested_amount(rule, request) is None:
        return f"the request does not state the {rule.limit.measure.replace('_', ' ')} the limit is in"
    return "no tension"
