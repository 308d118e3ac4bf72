"""Outcome family: the stated outcome against the rationale's own conclusion."""
from __future__ import annotations

from collections.abc import Iterator

from checker.checks.context import CheckContext
from checker.checks.registry import make_finding, register
from checker.models import Family, Finding, Letter, Outcome, Severity, Stance

# Upheld keeps the UR denial (not necessary); Overturned reverses it (necessary).
_STANCE_OF_OUTCOME = {Outcome.UPHELD: Stance.OPPOSES, Outcome.OVERTURNED: Stance.SUPPORTS}


@register("OUT001", Family.OUTCOME, Severity.ERROR)
def outcome_contradicts_conclusion(letter: Letter, context: CheckContext) -> Iterator[Finding]:
    """The stated outcome says the opposite of the rationale's conclusion.

    Why: Upheld means the UR denial stands (not medically necessary) and Overturned means it
    is reversed (medically necessary). A letter headed one way whose rationale concludes the
    other way is self-contradictory, and appealable as a plainly erroneous finding.

    Fires:
        Lumbar MRI without contrast:  Upheld
        Decision rationale: Red flags are documented. Therefore the MRI is medically necessary
        and appropriate.

    Does not fire:
        Lumbar MRI without contrast:  Upheld
        Decision rationale: No red flags are documented. Therefore the MRI is not medically
        necessary.
    """
    for item in letter.items:
        expected = _STANCE_OF_OUTCOME.get(item.outcome)
        if expected is None or item.conclusion is None:
            continue
        conclusion = item.rationale[item.conclusion]
        if conclusion.stance in (Stance.SUPPORTS, Stance.OPPOSES) and conclusion.stance is not expected:
            says = "is medically necessary" if conclusion.stance is Stance.SUPPORTS else "is not medically necessary"
            yield make_finding(
                f"item {item.index} is '{item.outcome_text}' ({item.outcome.value}) but its rationale concludes "
                f"it {says} (\"{conclusion.cue}\")",
                item=item.index, evidence=[item.outcome_span or item.heading_span, conclusion.span])
