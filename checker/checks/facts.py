"""Facts family: case facts stated differently in different places of one letter."""
from __future__ import annotations

from collections.abc import Iterator

from checker.checks.context import CheckContext
from checker.checks.registry import make_finding, register
from checker.models import FactMention, Family, Finding, Letter, Severity

_LABELS = {"age": "age", "sex": "sex", "injury_date": "date of injury"}


def _differing(letter: Letter, fact: str) -> Iterator[Finding]:
    first_of_value: dict[str, FactMention] = {}
    for mention in letter.facts.mentions:
        if mention.fact == fact:
            first_of_value.setdefault(mention.value, mention)
    if len(first_of_value) > 1:
        mentions = list(first_of_value.values())
        values = ", ".join(f"{m.value} (line {m.span.line})" for m in mentions)
        yield make_finding(f"the patient's {_LABELS[fact]} differs within the letter: {values}",
                           evidence=[m.span for m in mentions])


@register("FCT001", Family.FACTS, Severity.INFO)
def age_differs(letter: Letter, context: CheckContext) -> Iterator[Finding]:
    """The patient's age is stated differently in two places of the letter.

    Why: a fact that changes inside one letter suggests text copied from another case or an
    uncorrected summary; it is not a wrong outcome, so it is reported at low severity.

    Fires:
        The patient is a 44 year old male injured on 3/3/2013.

        IMR ISSUES, DECISIONS AND RATIONALES
        MRI of the knee:  Upheld
        Decision rationale: The 45 year old patient has no red flags. The MRI is not
        medically necessary.

    Does not fire:
        The patient is a 44 year old male injured on 3/3/2013.

        IMR ISSUES, DECISIONS AND RATIONALES
        MRI of the knee:  Upheld
        Decision rationale: This 44 y/o patient has no red flags. The MRI is not medically
        necessary.
    """
    yield from _differing(letter, "age")


@register("FCT002", Family.FACTS, Severity.INFO)
def sex_differs(letter: Letter, context: CheckContext) -> Iterator[Finding]:
    """The patient's sex is stated differently in two places of the letter.

    Why: as with the age, a changing fact points at copied or uncorrected text.

    Fires:
        The patient is a 52-year-old female injured on 1/5/2014.

        IMR ISSUES, DECISIONS AND RATIONALES
        MRI of the knee:  Upheld
        Decision rationale: The 52 year old male has no red flags. The MRI is not medically
        necessary.

    Does not fire:
        The patient is a 52-year-old female injured on 1/5/2014.

        IMR ISSUES, DECISIONS AND RATIONALES
        MRI of the knee:  Upheld
        Decision rationale: This 52 y/o female has no red flags. The MRI is not medically
        necessary.
    """
    yield from _differing(letter, "sex")


@register("FCT003", Family.FACTS, Severity.INFO)
def injury_date_differs(letter: Letter, context: CheckContext) -> Iterator[Finding]:
    """The date of injury is stated differently in two places of the letter.

    Why: the date of injury decides which guideline and which statutory caps apply; two
    different dates in one letter mean one of them is wrong. Dates are compared as dates, so
    3/4/12 and 03/04/2012 agree.

    Fires:
        The patient is a 60 year old male with a date of injury of 3/14/2012.

        IMR ISSUES, DECISIONS AND RATIONALES
        MRI of the knee:  Upheld
        Decision rationale: The patient was injured on 03/14/2013. The MRI is not medically
        necessary.

    Does not fire:
        The patient is a 60 year old male with a date of injury of 3/14/12.

        IMR ISSUES, DECISIONS AND RATIONALES
        MRI of the knee:  Upheld
        Decision rationale: The patient was injured on 03/14/2012. The MRI is not medically
        necessary.
    """
    yield from _differing(letter, "injury_date")
