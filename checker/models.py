"""The shared vocabulary of the pipeline: every stage reads and writes these dataclasses.

They are plain slotted dataclasses, cheap to build by the thousand; pydantic enters only at
the edges, where `checker.serialize` turns a `Report` or `Letter` into JSON and back and
publishes their JSON Schema.

A `Span` always points into the ORIGINAL file (1-based line and column), whatever cleaning
the normalizer did, so a finding can be traced to what the user sees in their editor.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Literal, get_args


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"info": 0, "warning": 1, "error": 2}[self.value]


SEVERITIES = tuple(severity.value for severity in Severity)

# How sure the project is of the guideline fact a rule rests on, surest first: checked
# against the guideline's text, found in one secondary source, or recalled from memory.
Confidence = Literal["confirmed", "single_source", "recalled"]
CONFIDENCES: tuple[str, ...] = get_args(Confidence)


def confidence_at_least(confidence: str, minimum: str) -> bool:
    """Whether `confidence` is as sure as `minimum` or surer."""
    return CONFIDENCES.index(confidence) <= CONFIDENCES.index(minimum)


class Family(str, Enum):
    OUTCOME = "outcome"
    REASONING = "reasoning"
    RULES = "rules"
    QUANTITY = "quantity"
    CITATION = "citation"
    FACTS = "facts"
    STRUCTURE = "structure"


class Outcome(str, Enum):
    # Upheld: the UR denial stands, so the item is NOT medically necessary.
    UPHELD = "upheld"
    # Overturned: the UR denial is reversed, so the item IS medically necessary.
    OVERTURNED = "overturned"
    UNKNOWN = "unknown"


class Layout(str, Enum):
    """The letter layouts imrcheck reads (domain.md, "Letter anatomy")."""

    IMR_FINAL = "imr-final"
    MAXIMUS_IR = "maximus-ir"
    MEDICAL_PROFESSIONAL_REVIEW = "medical-professional-review"
    NOTICE_2013 = "notice-2013"
    UNKNOWN = "unknown"


class Stance(str, Enum):
    SUPPORTS = "supports"
    OPPOSES = "opposes"
    NEUTRAL = "neutral"


@dataclass(slots=True, kw_only=True)
class Span:
    """A stretch of the original file: offsets, 1-based line/column, and its (cleaned) text."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    text: str
    # In a paged letter (a PDF), the page, and `line`/`end_line` count from its top.
    page: int | None = None


@dataclass(slots=True, kw_only=True)
class Citation:
    """A guideline a decision rests on: 'MTUS Chronic Pain ... Physical Medicine Page(s): 98-99'."""

    source: Literal["claims_administrator", "imr"]
    guideline: str = ""
    topic: str = ""
    pages: list[int] = field(default_factory=list)
    non_mtus: bool = False
    text: str = ""
    span: Span | None = None


@dataclass(slots=True, kw_only=True)
class Sentence:
    text: str
    span: Span
    stance: Stance = Stance.NEUTRAL
    # A concession ("however", "while ...") turns supporting reasoning into background.
    concession: bool = False
    # Whether the sentence states the decision itself ("is not medically necessary").
    conclusive: bool = False
    cue: str | None = None
    # What its leaning judges: "request", "necessity", "review_decision", "guideline", ... or
    # None when the reader names nothing ("Tapering, rather than refilling, is indicated").
    subject: str | None = None
    # Counts by which the sentence restates the request ("the requested 10 sessions").
    restated_request: list[QuantityForm] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class QuantityForm:
    """One way a request states its size: '8 visits', '2 x 4', '#60'."""

    kind: Literal["visits", "frequency", "count"]
    visits: float | None = None
    per_week: float | None = None
    weeks: float | None = None
    text: str = ""


@dataclass(slots=True, kw_only=True)
class Request:
    """What was asked for, as the request grammar reads it."""

    text: str
    span: Span | None = None
    parsed: bool = True
    unparsed: str | None = None
    treatment: str | None = None
    drug: str | None = None
    drug_class: str | None = None
    visits: float | None = None
    per_week: float | None = None
    weeks: float | None = None
    count: int | None = None
    strengths_mg: list[float] = field(default_factory=list)
    strength_unit: str | None = None
    refills: int | None = None
    supply_days: int | None = None
    rental_days: int | None = None
    additional: bool = False
    body_parts: list[str] = field(default_factory=list)
    forms: list[QuantityForm] = field(default_factory=list)
    forms_agree: bool = True


@dataclass(slots=True, kw_only=True)
class PriorTreatment:
    """Earlier treatment the letter states: a count ('22 chiropractic visits were authorized'),
    explicitly none ('no history of chiropractic treatment'), or mentioned without a count."""

    treatment: str
    stated: Literal["count", "none", "mentioned"]
    visits: float | None = None
    span: Span


@dataclass(slots=True, kw_only=True)
class FactMention:
    fact: Literal["age", "sex", "injury_date"]
    value: str
    span: Span


@dataclass(slots=True, kw_only=True)
class CaseFacts:
    age: int | None = None
    sex: str | None = None
    injury_date: str | None = None
    diagnoses: list[str] = field(default_factory=list)
    mentions: list[FactMention] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Reviewer:
    specialty: str | None = None
    subspecialty: str | None = None
    licensure: str | None = None
    span: Span | None = None


@dataclass(slots=True, kw_only=True)
class Item:
    """One disputed treatment with its stated outcome, citations and rationale."""

    index: int
    heading: str
    heading_span: Span
    outcome: Outcome = Outcome.UNKNOWN
    outcome_text: str | None = None
    outcome_span: Span | None = None
    citations: list[Citation] = field(default_factory=list)
    rationale: list[Sentence] = field(default_factory=list)
    conclusion: int | None = None
    request: Request | None = None


@dataclass(slots=True, kw_only=True)
class Unread:
    """Something the parser saw but could not read: reported, never dropped."""

    reason: str
    span: Span | None = None


@dataclass(slots=True, kw_only=True)
class SectionFound:
    """A section heading a letter shows (a name of rules/lexicon/sections.yaml) and where."""

    name: str
    span: Span


@dataclass(slots=True, kw_only=True)
class LayoutChoice:
    """Why a letter was read in its layout: each layout's score (its sections shown in its
    order, the decisions counting double) and the sections the letter shows, in order."""

    scores: dict[str, int] = field(default_factory=dict)
    sections: list[SectionFound] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class Decided:
    """When the decision under review was made, which says which guideline edition applies:
    the UR decision's date, or failing that the letter's own date."""

    date: str  # ISO, 2015-05-06
    source: Literal["ur_decision", "letter"]
    span: Span


@dataclass(slots=True, kw_only=True)
class Letter:
    path: str
    layout: Layout
    layout_choice: LayoutChoice = field(default_factory=LayoutChoice)
    reviewer: Reviewer = field(default_factory=Reviewer)
    facts: CaseFacts = field(default_factory=CaseFacts)
    items: list[Item] = field(default_factory=list)
    prior_treatments: list[PriorTreatment] = field(default_factory=list)
    decided: Decided | None = None
    unread: list[Unread] = field(default_factory=list)
    content_hash: str = ""
    # The first line of each page of a paged letter (a PDF); empty for a plain text letter.
    page_lines: list[int] = field(default_factory=list)


@dataclass(slots=True, kw_only=True)
class RuleCitation:
    guideline: str
    topic: str | None = None
    pages: list[int] = field(default_factory=list)
    regulation: str | None = None

    def __str__(self) -> str:
        parts = [self.guideline]
        if self.topic:
            parts.append(self.topic)
        if self.pages:
            parts.append("Page(s): " + page_ranges(self.pages))
        if self.regulation:
            parts.append(self.regulation)
        return ", ".join(parts)


def page_ranges(pages: list[int]) -> str:
    """[58, 59, 8] -> '58-59, 8': pages as letters write them."""
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    return ", ".join(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)


@dataclass(slots=True, kw_only=True)
class Finding:
    code: str
    family: Family
    severity: Severity
    message: str
    item: int | None = None
    line: int = 1
    column: int = 1
    # In a paged letter (a PDF), the page, and `line` counts from its top.
    page: int | None = None
    evidence: list[Span] = field(default_factory=list)
    rule: str | None = None
    citation: RuleCitation | None = None
    # How sure the project is of the rule a finding rests on (rule findings only).
    confidence: Confidence | None = None


@dataclass(slots=True, kw_only=True)
class ItemSummary:
    index: int
    heading: str
    outcome: Outcome
    outcome_text: str | None = None
    line: int
    request: Request | None = None
    # The rationale sentence read as the item's conclusion, if one was.
    conclusion: Span | None = None


@dataclass(slots=True, kw_only=True)
class Report:
    path: str
    layout: Layout
    content_hash: str = ""
    items: list[ItemSummary] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
