"""Quantity family: the request's own numbers disagree with each other."""
from __future__ import annotations

import re
from collections.abc import Iterator

from checker.checks.context import CheckContext
from checker.checks.registry import make_finding, register
from checker.grammar import parse_quantities
from checker.models import Family, Finding, Letter, Severity
from checker.prefilter import Prefiltered

# "the requested 10 sessions", "the request for an additional 8 sessions": the rationale
# restating what was asked for. "previously requested" is history, not a restatement.
# A verb between the two ("the request is certified for 6 sessions") makes it a decision on
# part of the request, not a restatement of it.
_RESTATES_REQUEST = re.compile(
    r"\b(?:request(?:ed|ing|s)?|asks? for|asked for)\b"
    r"(?:\W+(?!(?:is|are|was|were|be|been|being|certified|approved|authori[sz]ed|modified|denied|limited|reduced|"
    r"to|only)\b)\w+){0,4}\W*$", re.I)
# What every _RESTATES_REQUEST match holds; a sentence without it restates nothing.
_NAMES_REQUEST = Prefiltered(r"request|asks? for|asked for", re.I)
_EARLIER = re.compile(r"\b(?:prior|previous(?:ly)?|earlier|initial(?:ly)?|original(?:ly)?|last)\W+(?:\w+\W+){0,2}$", re.I)


# A restatement's cue stands a few words before the count; looking at the whole sentence
# before each count made a sentence of thousands of numbers quadratic.
_CUE_REACH = 200


def _restates_request(sentence: str, count_start: int) -> bool:
    if not _RESTATES_REQUEST.search(sentence[max(0, count_start - _CUE_REACH):count_start]):
        return False
    cue = sentence.rfind("request", max(0, count_start - _CUE_REACH), count_start)
    before_cue = cue if cue >= 0 else count_start
    return not _EARLIER.search(sentence[max(0, before_cue - _CUE_REACH):before_cue])


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
        yield make_finding("QTY001", f"item {item.index}: the request's numbers disagree: {forms}",
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
            if not _NAMES_REQUEST.search(sentence.text):
                continue  # nothing restated: spares the grammar most sentences
            restated = [q for q in parse_quantities(sentence.text)
                        if q.form.visits is not None and _restates_request(sentence.text, q.start)]
            if restated and all(q.form.visits != request.visits for q in restated):
                quoted = sentence.text[restated[0].start:restated[0].end]
                yield make_finding(
                    "QTY002",
                    f"item {item.index}: the heading asks for {_visits_text(request.visits)} visits but the rationale "
                    f"restates the request as '{quoted}' ({_visits_text(restated[0].form.visits)} visits)",
                    item=item.index, evidence=[item.heading_span, sentence.span])
                break
