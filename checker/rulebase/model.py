"""What a rule file says: the schema of one MTUS rule, validated by pydantic.

A rule states one guideline limit with the citation letters use for it, which kinds of
tension the limit can raise against an IMR outcome (a denial of a request within a trial, an
approval of a request beyond a total, an approval of something not recommended), how sure
the project is of the underlying fact (`confidence`, from reference/mtus-facts.md), and its
own test cases. Cross-field problems are `FieldProblem`s naming the field to blame, so the
loader can point at its line.
"""
from __future__ import annotations

import datetime
import re
import string
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from checker.models import Confidence, Outcome, RuleCitation, Severity
from checker.rulebase.names import KINDS, unknown_name

LimitTension = Literal["denial_within_limit", "approval_beyond_limit"]
TensionKind = Literal["denial_within_limit", "approval_beyond_limit", "approved_not_recommended"]
TENSION_KINDS = get_args(TensionKind)

# The fields a rule message may use, with sample values to prove a template renders.
MESSAGE_FIELDS: dict[str, Any] = {
    "requested": 8,
    "visits": 8,
    "prior": 6,
    "total": 14,
    "limit": 10,
    "limit_text": "10 visits",
    "unit": "visits",
    "tally": "8 requested + 6 prior stated in the letter = 14",
    "treatment": "physical therapy",
    "drug": "cyclobenzaprine",
    "body_parts": "lumbar spine",
    "over_weeks": 4,
}


class FieldProblem(ValueError):
    """A check across fields that failed, naming the field to blame (so the error has a line).

    `field` is relative to the model that raises it; None blames the model itself.
    """

    def __init__(self, field: str | None, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}" if field else problem)


class StrictModel(BaseModel):
    # A misspelt key in a rule file must be an error, never silently ignored; rules are
    # shared by every check (and cached), so nobody may change one in place. The validators
    # are built when a rule file is first read: a run whose rules come from the cache never
    # validates one.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class CitedGuideline(StrictModel):
    """The citation as letters write it: guideline, topic, pages, or a regulation."""

    guideline: str
    topic: str | None = None
    pages: list[int] = Field(default_factory=list)
    regulation: str | None = None

    def __str__(self) -> str:
        return str(self.as_finding_citation())

    def as_finding_citation(self) -> RuleCitation:
        """The citation as a finding carries it."""
        return RuleCitation(guideline=self.guideline, topic=self.topic, pages=list(self.pages),
                            regulation=self.regulation)

    @model_validator(mode="after")
    def _names_what_it_cites(self) -> CitedGuideline:
        if not self.guideline.strip():
            raise FieldProblem("guideline", "must not be empty")
        if not (self.topic or self.regulation):
            raise FieldProblem("topic", "a citation needs a topic or a regulation")
        return self


class AppliesTo(StrictModel):
    """Which requests a rule is about; a request matches if any list names it."""

    treatments: list[str] = Field(default_factory=list, description="categories from lexicon/treatments.yaml")
    drug_classes: list[str] = Field(default_factory=list, description="classes from lexicon/drugs.yaml")
    drugs: list[str] = Field(default_factory=list, description="generic drug names, lower case")

    @model_validator(mode="after")
    def _names_something(self) -> AppliesTo:
        if not (self.treatments or self.drug_classes or self.drugs):
            raise FieldProblem("treatments", "applies_to needs treatments, drug_classes or drugs")
        for field in KINDS:
            problem = unknown_name(field, getattr(self, field))
            if problem is not None:
                raise FieldProblem(field, problem)
        return self


class Condition(StrictModel):
    """When a rule applies beyond its treatment: every list that is set must be satisfied.

    Keywords match case-insensitively at the start of a word, so "flare-up" also finds
    "flare-ups"; a keyword's spaces match any run of whitespace (PDF text wraps lines).
    """

    body_parts: list[str] = Field(
        default_factory=list, description="the request must name one of these body parts"
    )
    excluded_body_parts: list[str] = Field(
        default_factory=list, description="the rule does not apply to a request naming any of these"
    )
    diagnoses: list[str] = Field(
        default_factory=list,
        description="one of these words must appear in the letter (or the request) text",
    )
    request_mentions: list[str] = Field(
        default_factory=list, description="one of these words must appear in the request text itself"
    )
    unless: list[str] = Field(
        default_factory=list,
        description="the rule does not apply when the letter or request mentions any of these",
    )
    prior_treatment: bool = Field(
        default=False, description="applies only when the letter states earlier visits of the treatment"
    )

    @field_validator("diagnoses", "request_mentions", "unless", mode="before")
    @classmethod
    def _flatten_shared_lists(cls, value: Any) -> Any:
        # YAML cannot splice an aliased list into another, so `[CRPS, *post_surgical]` arrives
        # nested; one level of nesting is flattened.
        if isinstance(value, list):
            return [word for item in value for word in (item if isinstance(item, list) else [item])]
        return value


# Which request field each limit measures, and the word for its unit.
MEASURE_UNITS = {
    "visits": "visits",
    "weeks": "weeks",
    "days": "days",
    "per_week": "visits a week",
    "count": "",
    "dose_mg_per_day": "mg a day",
}


class Limit(StrictModel):
    """The guideline amount: exactly one measured field, plus `over_weeks` to describe visits."""

    visits: float | None = Field(default=None, gt=0, description="visits (prior visits may count)")
    weeks: float | None = Field(default=None, gt=0, description="course length in weeks")
    days: float | None = Field(
        default=None, gt=0, description="supply or rental days (weeks count as 7 days)"
    )
    per_week: float | None = Field(default=None, gt=0, description="visits a week")
    count: float | None = Field(default=None, gt=0, description="dispensed or requested quantity")
    dose_mg_per_day: float | None = Field(
        default=None,
        gt=0,
        description="daily dose of the first strength: strength x quantity / supply days",
    )
    over_weeks: float | None = Field(
        default=None, gt=0, description="with visits, the span the guideline gives them (not checked)"
    )

    @model_validator(mode="after")
    def _measures_one_thing(self) -> Limit:
        measured = [name for name in MEASURE_UNITS if getattr(self, name) is not None]
        if len(measured) != 1:
            raise FieldProblem(
                measured[1] if measured else None,
                f"set exactly one of {', '.join(MEASURE_UNITS)} (found {len(measured)})",
            )
        if self.over_weeks is not None and self.visits is None:
            raise FieldProblem("over_weeks", "over_weeks describes a visits limit; set visits")
        return self

    @property
    def measure(self) -> str:
        return next(name for name in MEASURE_UNITS if getattr(self, name) is not None)

    @property
    def value(self) -> float:
        return getattr(self, self.measure)

    def describe(self) -> str:
        if self.measure == "count":
            return f"quantity {number(self.value)}"
        text = f"{number(self.value)} {MEASURE_UNITS[self.measure]}"
        if self.over_weeks is not None:
            text += f" over {number(self.over_weeks)} weeks"
        return text


class Effective(StrictModel):
    """When the guideline a rule rests on was in force: from its effective date until the day
    its replacement took effect (inclusive). An open end is unknown, never guessed; a rule
    with neither date applies whatever a letter's date."""

    from_: datetime.date | None = Field(default=None, alias="from", description="first day in force")
    until: datetime.date | None = Field(default=None, description="last day in force; null while unknown")

    @model_validator(mode="after")
    def _in_order(self) -> Effective:
        if self.from_ and self.until and self.until < self.from_:
            raise FieldProblem("until", f"{self.until} is before from ({self.from_})")
        return self

    @property
    def dated(self) -> bool:
        return self.from_ is not None or self.until is not None

    def covers(self, day: datetime.date) -> bool:
        return (self.from_ is None or self.from_ <= day) and (self.until is None or day <= self.until)

    def __str__(self) -> str:
        if not self.dated:
            return "not dated"
        parts = [f"from {self.from_}"] if self.from_ else []
        return " ".join([*parts, f"until {self.until}" if self.until else "(end not known)"])


class RuleCase(StrictModel):
    """One rule test: a request as letters write it, the letter's outcome and what it states."""

    request: str
    outcome: Outcome
    prior_visits: float | Literal["none"] | None = Field(
        default=None,
        description='earlier visits the letter states; "none" when it says there were none',
    )
    context: str = Field(default="", description="letter text the rule's conditions read")
    note: str = ""


class TodoCase(RuleCase):
    """A known miss: what the rule should do but does not yet."""

    expect: Literal["flags", "passes"] = "flags"


class RuleTests(StrictModel):
    flags: list[RuleCase] = Field(default_factory=list)
    passes: list[RuleCase] = Field(default_factory=list)
    todo: list[TodoCase] = Field(default_factory=list)


class Rule(StrictModel):
    """One MTUS (or Labor Code) limit, the tension it can raise, its citation and tests."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*(\.[a-z0-9][a-z0-9_-]*)+$")
    title: str
    applies_to: AppliesTo
    condition: Condition = Field(default_factory=Condition)
    limit: Limit | None = None
    tensions: list[LimitTension] = Field(
        default_factory=list, description="which outcomes against the limit are a tension"
    )
    not_recommended: bool = Field(default=False, description="overturning (approving) is a tension")
    informational: bool = Field(
        default=False, description="a documented fact with no tension the text lets us evaluate"
    )
    counts_prior_visits: bool = False
    functional_improvement_extends: bool = Field(
        default=False,
        description="documented improvement extends the limit: an approval beyond it is a "
        "tension only when the letter never mentions functional improvement",
    )
    confidence: Confidence
    severity: Severity = Severity.WARNING
    message: str | dict[TensionKind, str] = Field(
        description="str.format template, or one per tension kind; fields: " + ", ".join(MESSAGE_FIELDS)
    )
    citation: CitedGuideline
    effective: Effective = Field(
        default_factory=Effective,
        description="when the guideline was in force; a letter decided outside it is not held to this rule",
    )
    # Only the project's own rules point into its evidence sheet; a user's rule need not.
    fact: str | None = Field(default=None, description="row number(s) in reference/mtus-facts.md, e.g. '3.1'")
    note: str = ""
    tests: RuleTests = Field(default_factory=RuleTests)

    @field_validator("message", mode="before")
    @classmethod
    def _message_kinds_are_known(cls, value: Any) -> Any:
        # Said here because the union's own error would list every alternative's complaint.
        if isinstance(value, dict):
            for kind in value:
                if kind not in TENSION_KINDS:
                    raise FieldProblem(str(kind), f"not a tension kind; use {', '.join(TENSION_KINDS)}")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Rule:
        if self.informational and (self.tensions or self.not_recommended):
            raise FieldProblem("informational", "an informational rule raises no tension")
        if self.not_recommended and self.tensions:
            raise FieldProblem("not_recommended", "a not-recommended rule has no limit tensions; write a second rule")
        if not (self.informational or self.tensions or self.not_recommended):
            raise FieldProblem("tensions", "name a tension, set not_recommended, or mark informational")
        if self.tensions and self.limit is None:
            raise FieldProblem("limit", "a rule with tensions needs a limit")
        if self.counts_prior_visits and (self.limit is None or self.limit.visits is None):
            raise FieldProblem("counts_prior_visits", "prior visits count only against a visits limit")
        if self.functional_improvement_extends and "approval_beyond_limit" not in self.tensions:
            raise FieldProblem(
                "functional_improvement_extends", "only meaningful with approval_beyond_limit"
            )
        templates = self.message.values() if isinstance(self.message, dict) else [self.message]
        if isinstance(self.message, dict):
            kinds = [*self.tensions, *(["approved_not_recommended"] if self.not_recommended else [])]
            missing = [kind for kind in kinds if kind not in self.message]
            if missing:
                raise FieldProblem("message", f"no template for {missing[0]}")
        for template in templates:
            _check_message(template)
            # domain.md: a finding must say which prior treatment it counted.
            if self.counts_prior_visits and not re.search(r"\{(tally|prior)[}:!]", template):
                raise FieldProblem("message", "a rule counting prior visits must show them: use {tally} or {prior}")
        return self

    def message_for(self, kind: TensionKind) -> str:
        return self.message[kind] if isinstance(self.message, dict) else self.message


class RuleList(StrictModel):
    """A rule file holding several rules."""

    rules: list[Rule]
    shared: dict[str, Any] = Field(
        default_factory=dict,
        description="values several rules reuse through YAML anchors (&name) and aliases (*name)",
    )


def number(value: float | None) -> float | int | str:
    if value is None:
        return "unknown"
    return int(value) if float(value).is_integer() else round(value, 1)


def _check_message(template: str) -> None:
    """Only plain named fields: a format spec ("{treatment:>100000000}") could make every
    finding megabytes long, and attribute or index access reaches beyond the values given."""
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise FieldProblem("message", f"bad template: {exc}") from None
    names = set()
    for _, field, spec, conversion in parts:
        if field is None:
            continue
        if not re.fullmatch(r"[a-z_]+", field) or spec or conversion:
            shown = "{" + field + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise FieldProblem("message", f"bad template: {shown[:60]} is not a plain field; write {{name}} only "
                                          "(no format spec, conversion, attribute or index)")
        names.add(field)
    unknown = sorted(names - set(MESSAGE_FIELDS))
    if unknown:
        raise FieldProblem(
            "message", f"unknown field {{{unknown[0]}}}; use {', '.join('{' + f + '}' for f in MESSAGE_FIELDS)}"
        )
    try:
        template.format_map(MESSAGE_FIELDS)
    except (ValueError, KeyError, IndexError, AttributeError) as exc:
        raise FieldProblem("message", f"bad template: {exc}") from None
