"""Quantity family: the request's own numbers disagree with each other."""
from __future__ import annotations

from collections.abc import Iterator

from checker.checks.context import CheckContext
from checker.checks.registry import make_finding, register
from checker.models import Family, Finding, Letter, Severity


def _visits_text(value: float | None) -> str:
    return "?" if value is None else f"{value:g}"


@register("QTY001", Family.QUANTITY, Severity.WARNING)
def request_forms_disagree(letter: Letter, context: CheckContext) -> Iterator[Finding]:
    """The request states its size twice, and the two disagree.

    Why: "12 physical therapy visits 2 x 4" asks for 12 visits and for 8 at once; the
    decision cannot be checked against a limit when the request itself is ambiguous, and the
    parties cannot tell what was approved or denied.

    Fires:
        12 physical therapy visits 2 x 4 for the lumbar spine:  Upheld
        Decision rationale: The request is not medically necessary.

    Does not fire:
        8 physical therapy visits 2 x 4 for the lumbar spine:  Upheld
        Decision rationale: The request is not medically necessary.
    """
    for item in letter.items:
        request = item.request
        if request is None or request.forms_agree or len(request.forms) < 2:
            continue
        forms = "; ".join(f"'{form.text}' = {_visits_text(form.visits)} visits" for form in request.forms)
        yield make_finding(f"item {item.index}: the request's numbers disagree: {forms}",
                           item=item.index, evidence=[item.heading_span])


@register("QTY002", Family.QUANTITY, Severity.WARNING)
def rationale_restates_other_count(letter: Letter, context: CheckContext) -> Iterator[Finding]:
    """The rationale restates the request with a different number of visits.

    Why: a rationale that weighs "the requested 10 sessions" when 8 were asked for decided a
    different request from the one in the heading; the decision may rest on the wrong count.

    Fires:
        Occupational therapy 8 sessions for the wrist:  Upheld
        Decision rationale: The requested 10 sessions would exceed the guideline. The request
        is not medically necessary.

    Does not fire:
        Occupational therapy 8 sessions for the wrist:  Upheld
        Decision rationale: The requested 8 sessions would exceed the guideline. The request
        is not medically necessary.
    """
    for item in letter.items:
        request = item.request
        if request is None or request.visits is None:
            continue
        for sentence in item.rationale:
            restated = sentence.restated_request
            if restated and all(form.visits != request.visits for form in restated):
                quoted = " ".join(restated[0].text.split())
                yield make_finding(
                    f"item {item.index}: the heading asks for {_visits_text(request.visits)} visits but the rationale "
                    f"restates the request as '{quoted}' ({_visits_text(restated[0].visits)} visits)",
                    item=item.index, evidence=[item.heading_span, sentence.span])
                break
