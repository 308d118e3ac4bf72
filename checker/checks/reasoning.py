"""Reasoning family: a rationale that argues one way and concludes the other."""
from __future__ import annotations

from collections.abc import Iterator

from checker.checks.context import CheckContext
from checker.checks.registry import make_finding, register
from checker.models import Family, Finding, Letter, Severity, Stance


@register("RSN001", Family.REASONING, Severity.ERROR)
def reasoning_reverses_without_concession(letter: Letter, context: CheckContext) -> Iterator[Finding]:
    """The rationale supports the request, then concludes the opposite with no turn.

    Why: a concession ("however", "but", "while ...", "although ...") tells the reader why
    the supporting point does not carry the decision. Without one, a rationale whose last
    reasoning supports the request and whose conclusion denies it (or the reverse) does not
    explain its decision and contradicts itself.

    Fires:
        Acupuncture x 4 for the neck:  Upheld
        Decision rationale: The requested 4 visits are reasonable and consistent with
        guidelines. The request is not medically necessary.

    Does not fire:
        Acupuncture x 12 for the neck:  Upheld
        Decision rationale: A short trial would be reasonable; however, 12 visits exceed the
        guideline. The request is not medically necessary.
    """
    for item in letter.items:
        if item.conclusion is None:
            continue
        conclusion = item.rationale[item.conclusion]
        if conclusion.stance is Stance.NEUTRAL or conclusion.concession:
            continue
        # The nearest sentence before the conclusion that leans either way.
        for previous in reversed(item.rationale[:item.conclusion]):
            if previous.concession:
                break
            # Reasoning about something unnamed ("Tapering is indicated", "the diagnosis is
            # established") is no argument for or against the request.
            if previous.stance is Stance.NEUTRAL or (previous.subject is None and not previous.conclusive):
                continue
            if previous.stance is not conclusion.stance:
                turn = "supports" if previous.stance is Stance.SUPPORTS else "opposes"
                yield make_finding(
                    f"item {item.index}: the rationale {turn} the request (\"{previous.cue}\") and then concludes "
                    f"the opposite (\"{conclusion.cue}\") with no concession in between",
                    item=item.index, evidence=[previous.span, conclusion.span])
            break
