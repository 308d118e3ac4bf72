"""Reports, findings and fake checks built by hand for the output formatters' tests, so
those tests depend on neither the engine nor the registered checks; `run` calls a formatter
the way the command line does."""
from __future__ import annotations

from checker.checks.registry import Check
from checker.models import Family, Finding, ItemSummary, Layout, Outcome, Report, RuleCitation, Severity, Span
from checker.output import FileError, RunSummary, make_formatter

ESC = "\x1b"
LONG_TEXT = "The requested twelve sessions of physical therapy " * 8  # ~400 chars, no newline


def outcome_contradicts_conclusion(letter, context):
    """The stated outcome contradicts the rationale's own conclusion.

    Why: an Upheld letter whose rationale says the treatment is necessary is wrong either way.

    Fires: "Upheld" + "is medically necessary and appropriate".

    Does not fire: "Upheld" + "is not medically necessary".
    """
    return []


def trial_within_limit_denied(letter, context):
    """A manual therapy trial within the MTUS limit was denied.

    Why: MTUS recommends a 6-visit trial.

    Fires: 5 chiropractic visits denied with no prior chiropractic.

    Does not fire: 12 chiropractic visits denied.
    """
    return []


def age_differs(letter, context):
    """The claimant's age differs within one letter.

    Why: a letter about the wrong person is a serious error.

    Fires: "44-year-old" and "45-year-old" in one letter.

    Does not fire: the same age stated twice.
    """
    return []


CHECKS = [
    Check("FCT001", "age-differs", Family.FACTS, Severity.INFO, age_differs),
    Check("OUT001", "outcome-contradicts-conclusion", Family.OUTCOME, Severity.ERROR, outcome_contradicts_conclusion),
    Check("RUL001", "trial-within-limit-denied", Family.RULES, Severity.WARNING, trial_within_limit_denied),
]


def span(line: int, column: int, text: str, end_column: int | None = None) -> Span:
    end = end_column if end_column is not None else column + len(text)
    return Span(start=0, end=len(text), line=line, column=column, end_line=line, end_column=end, text=text)


CITATION = RuleCitation(guideline="MTUS Chronic Pain", topic="Manual therapy & manipulation", pages=[58, 59])

OUTCOME_FINDING = Finding(
    code="OUT001",
    family=Family.OUTCOME,
    severity=Severity.ERROR,
    message="Item 1: outcome Upheld but the rationale concludes the request is necessary",
    item=1,
    line=41,
    column=5,
    evidence=[
        span(41, 5, "Upheld"),
        span(44, 1, 'is "medically necessary" & <appropriate>'),
        span(45, 1, LONG_TEXT),
        span(46, 1, "a fourth span that is never shown"),
    ],
)
RULE_FINDING = Finding(
    code="RUL001",
    family=Family.RULES,
    severity=Severity.WARNING,
    message="Item 2: 5 visits is within the 6-visit trial, but denied",
    item=2,
    line=60,
    column=3,
    evidence=[span(60, 3, "5 chiropractic visits")],
    rule="mtus.manual-therapy.trial",
    citation=CITATION,
)
FACT_FINDING = Finding(
    code="FCT001",
    family=Family.FACTS,
    severity=Severity.INFO,
    message="age stated as 44 and 45",
    item=None,
    line=3,
    column=10,
    evidence=[span(3, 10, "44-year-old"), span(12, 1, "45-year-old")],
)

FLAWED = Report(
    path="letters/flawed 001.txt",
    layout=Layout.MAXIMUS_IR,
    content_hash="9f2c",
    items=[
        ItemSummary(index=1, heading="Physical therapy", outcome=Outcome.UPHELD, outcome_text="Upheld", line=40),
        ItemSummary(index=2, heading="Chiropractic", outcome=Outcome.UPHELD, outcome_text="Upheld", line=58),
    ],
    findings=[OUTCOME_FINDING, RULE_FINDING],
)
FACTS = Report(
    path="letters/facts.txt",
    layout=Layout.MAXIMUS_IR,
    content_hash="77aa",
    items=[ItemSummary(index=1, heading="MRI", outcome=Outcome.OVERTURNED, line=20)],
    findings=[FACT_FINDING],
)
CLEAN = Report(
    path="letters/clean.txt",
    layout=Layout.MAXIMUS_IR,
    content_hash="0b0b",
    items=[ItemSummary(index=1, heading="Ibuprofen", outcome=Outcome.OVERTURNED, line=30)],
)
UNREADABLE = FileError(path="letters/broken.pdf", message="PDF has no text layer")
REPORTS = [FLAWED, CLEAN, FACTS]


def summary_of(reports: list[Report], errors: list[FileError] = ()) -> RunSummary:
    summary = RunSummary()
    for report in reports:
        summary.add(report)
    for error in errors:
        summary.add_error(error)
    return summary


def run(name: str, reports: list[Report] = REPORTS, errors: list[FileError] = (UNREADABLE,), **options) -> str:
    """The whole output of a run, calling the formatter the way the CLI does."""
    formatter = make_formatter(name, checks=CHECKS, **options)
    chunks = [formatter.begin()]
    for report in reports:
        chunks.append(formatter.report(report))
    for error in errors:
        chunks.append(formatter.error(error))
    chunks.append(formatter.end(summary_of(reports, errors)))
    return "".join(chunks)
