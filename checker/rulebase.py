"""The MTUS rule base: YAML rules validated by pydantic, merged with user rule files, and
evaluated against one disputed item.

A rule states one guideline limit with the citation letters use for it, which kinds of
tension the limit can raise against an IMR outcome (a denial of a request within a trial, an
approval of a request beyond a total, an approval of something not recommended), how sure
the project is of the underlying fact (`confidence`, from reference/mtus-facts.md), and its
own test cases. The built-in rules live in `rules/mtus/*.yaml`; files a user names add rules
or replace built-in ones by id. Any problem in a rule file is a `RuleFileError` whose message
is one line naming the file, the line and the field, so the CLI can print it and exit 2.
"""
from __future__ import annotations

import functools
import json
import re
import string
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator, model_validator

from checker import models
from checker.models import Outcome, Request, RuleCitation, Severity
from checker.prefilter import Prefiltered
from checker.resources import cached, rules_dir, safe_loader

if TYPE_CHECKING:
    # Imported where rule files are read: the built-in rules usually come from the cache.
    import yaml

Confidence = Literal["confirmed", "single_source", "recalled"]
LimitTension = Literal["denial_within_limit", "approval_beyond_limit"]
TensionKind = Literal["denial_within_limit", "approval_beyond_limit", "approved_not_recommended"]
CaseGroup = Literal["flags", "passes", "todo"]
TENSION_KINDS = get_args(TensionKind)
RULE_FILE_SUFFIXES = (".yaml", ".yml")

# A rule whose limit documented functional improvement extends (a trial) cannot know from
# the text whether improvement was shown, but a letter that approves more than the trial
# without ever speaking of improvement has nothing to extend it with. Any mention, even a
# negated one, means the reviewer weighed it; that is for the reasoning checks to judge.
FUNCTIONAL_IMPROVEMENT = re.compile(
    r"function(?:al(?:ly)?)?\s+(?:improvement|improved|gains?|benefit|progress)"
    r"|improve(?:d|ment|ments)?\s+(?:in\s+|of\s+)?(?:\w+\s+)?function",
    re.IGNORECASE,
)

# mtus-facts.md asks that a finding resting on a recalled (unverified) limit say so.
RECALLED_NOTE = " [limit recalled from the guideline, not yet verified against its text]"

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


class RuleFileError(Exception):
    """A rule file that cannot be used; str() is one line: `file:line: what is wrong`."""

    def __init__(self, path: str, line: int | None, problem: str) -> None:
        self.path = path
        self.line = line
        self.problem = " ".join(problem.split())
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.problem}"


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


class Citation(StrictModel):
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
    def _names_what_it_cites(self) -> Citation:
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
        return self

    def matches(self, request: Request) -> bool:
        return (
            _lower(request.treatment) in self.treatments
            or _lower(request.drug_class) in self.drug_classes
            or _lower(request.drug) in self.drugs
        )


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

    def matches_body_parts(self, request: Request) -> bool:
        named = set(request.body_parts)
        if named & set(self.excluded_body_parts):
            return False
        return not self.body_parts or bool(named & set(self.body_parts))

    def matches_text(self, request: Request, letter_text: str, prior_visits: float | None) -> bool:
        if self.prior_treatment and not prior_visits:
            return False
        if self.request_mentions and not _mentions(request.text, self.request_mentions):
            return False
        text = f"{request.text}\n{letter_text}"
        if self.diagnoses and not _mentions(text, self.diagnoses):
            return False
        return not (self.unless and _mentions(text, self.unless))


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
            return f"quantity {_number(self.value)}"
        text = f"{_number(self.value)} {MEASURE_UNITS[self.measure]}"
        if self.over_weeks is not None:
            text += f" over {_number(self.over_weeks)} weeks"
        return text


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


class Tension(BaseModel):
    """A rule finding: the outcome sits uneasily with the limit (the letter may know more)."""

    # Built when a letter first raises a tension; most short runs never do.
    model_config = ConfigDict(defer_build=True)

    rule: str
    kind: TensionKind
    requested: float | None = None
    prior: float | None = None
    total: float | None = None
    limit: float | None = None
    message: str


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
    citation: Citation
    fact: str = Field(description="row number(s) in reference/mtus-facts.md, e.g. '3.1'")
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

    def applies_to_request(self, request: Request) -> bool:
        return self.applies_to.matches(request) and self.condition.matches_body_parts(request)

    def requested_amount(self, request: Request) -> float | None:
        """The request's size in this rule's measure, or None when the request does not say."""
        if self.limit is None:
            return None
        measure = self.limit.measure
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

    def evaluate(
        self,
        request: Request,
        outcome: Outcome,
        prior_visits: float | None = None,
        prior_stated_none: bool = False,
        context_text: str = "",
    ) -> Tension | None:
        """The tension between this outcome and the rule, or None.

        `prior_visits` is the count of earlier visits of the same treatment the letter states;
        `prior_stated_none` says the letter states there were none. When both are unknown a
        prior-counting rule never calls a denial "within" its limit: the letter may know of
        visits the text does not count.
        """
        outcome = Outcome(outcome)
        if outcome is Outcome.UNKNOWN or self.informational:
            return None
        if not self.applies_to_request(request):
            return None
        if not self.condition.matches_text(request, context_text, prior_visits):
            return None
        if self.not_recommended:
            if outcome is Outcome.OVERTURNED:
                return self._tension("approved_not_recommended", request, None, None, False)
            return None
        requested = self.requested_amount(request)
        if requested is None or self.limit is None:
            return None
        prior: float | None = None
        if self.counts_prior_visits:
            prior = prior_visits if prior_visits is not None else (0.0 if prior_stated_none else None)
        total = requested + (prior or 0.0)
        prior_known = not self.counts_prior_visits or prior is not None
        if (
            outcome is Outcome.UPHELD
            and "denial_within_limit" in self.tensions
            and prior_known
            and total <= self.limit.value
        ):
            return self._tension("denial_within_limit", request, requested, prior, prior_stated_none)
        if (
            outcome is Outcome.OVERTURNED
            and "approval_beyond_limit" in self.tensions
            and total > self.limit.value
            and not (
                self.functional_improvement_extends
                and FUNCTIONAL_IMPROVEMENT.search(f"{request.text}\n{context_text}")
            )
        ):
            return self._tension("approval_beyond_limit", request, requested, prior, prior_stated_none)
        return None

    def _tension(
        self,
        kind: TensionKind,
        request: Request,
        requested: float | None,
        prior: float | None,
        prior_stated_none: bool,
    ) -> Tension:
        total = None if requested is None else requested + (prior or 0.0)
        limit = self.limit.value if self.limit else None
        fields = {
            "requested": _number(requested),
            "visits": _number(requested),
            "prior": _number(prior),
            "total": _number(total),
            "limit": _number(limit),
            "limit_text": self.limit.describe() if self.limit else "not recommended",
            "unit": MEASURE_UNITS[self.limit.measure] if self.limit else "",
            "tally": self._tally(requested, prior, prior_stated_none),
            "treatment": (request.treatment or request.drug_class or "the request").replace("_", " "),
            "drug": request.drug or request.drug_class or "the drug",
            "body_parts": ", ".join(p.replace("_", " ") for p in request.body_parts) or "unstated",
            "over_weeks": _number(self.limit.over_weeks if self.limit else None),
        }
        return Tension(
            rule=self.id,
            kind=kind,
            requested=requested,
            prior=prior,
            total=total,
            limit=limit,
            message=self.message_for(kind).format_map(fields)
            + (RECALLED_NOTE if self.confidence == "recalled" else ""),
        )

    def _tally(self, requested: float | None, prior: float | None, prior_stated_none: bool) -> str:
        """The arithmetic behind a finding, saying where the prior count came from."""
        if requested is None or self.limit is None:
            return ""
        if not self.counts_prior_visits:
            return " ".join(filter(None, [str(_number(requested)), MEASURE_UNITS[self.limit.measure], "requested"]))
        if prior is None:
            return f"{_number(requested)} requested (prior visits not stated, so at least {_number(requested)} in all)"
        source = "(the letter states none)" if prior_stated_none and not prior else "stated in the letter"
        return f"{_number(requested)} requested + {_number(prior)} prior {source} = {_number(requested + prior)}"


class RuleList(StrictModel):
    """A rule file holding several rules."""

    rules: list[Rule]
    shared: dict[str, Any] = Field(
        default_factory=dict,
        description="values several rules reuse through YAML anchors (&name) and aliases (*name)",
    )


class RuleTestResult(BaseModel):
    """One rule test case run: what was expected and what the rule did."""

    model_config = ConfigDict(defer_build=True)

    rule: str
    group: CaseGroup
    index: int
    case: RuleCase
    expected: Literal["flags", "passes"]
    got: Literal["flags", "passes", "error"]
    passed: bool
    detail: str = ""

    @property
    def test_id(self) -> str:
        return f"{self.rule}-{self.group}-{self.index}"


class RuleSet:
    """The rules in force: built-in ones, then user ones replacing them by id."""

    def __init__(self, rules: Iterable[Rule], origins: dict[str, str] | None = None) -> None:
        self.rules: list[Rule] = list(rules)
        self._by_id = {rule.id: rule for rule in self.rules}
        self._origins = dict(origins or {})

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def get(self, rule_id: str) -> Rule | None:
        return self._by_id.get(rule_id)

    def origin(self, rule_id: str) -> str | None:
        """Where a rule was defined, as `file:line`."""
        return self._origins.get(rule_id)

    def for_request(self, request: Request) -> list[Rule]:
        return [rule for rule in self._candidates(request) if rule.applies_to_request(request)]

    def _candidates(self, request: Request) -> list[Rule]:
        """The rules naming the request's treatment, drug class or drug, in rule order.

        A rule applies only to what its applies_to names, so indexing the rules by those
        names spares checking every rule against every item.
        """
        if getattr(self, "_indexed", None) != (id(self.rules), len(self.rules)):
            index: dict[tuple[str, str], list[int]] = {}
            for position, rule in enumerate(self.rules):
                for kind, names in (("treatment", rule.applies_to.treatments),
                                    ("drug_class", rule.applies_to.drug_classes), ("drug", rule.applies_to.drugs)):
                    for name in names:
                        index.setdefault((kind, name), []).append(position)
            self._index, self._indexed = index, (id(self.rules), len(self.rules))
        positions: set[int] = set()
        for kind, value in (("treatment", request.treatment), ("drug_class", request.drug_class),
                            ("drug", request.drug)):
            if value:
                positions.update(self._index.get((kind, value.lower()), ()))
        return [self.rules[position] for position in sorted(positions)]

    def tensions(
        self,
        request: Request,
        outcome: Outcome,
        prior_visits: float | None = None,
        prior_stated_none: bool = False,
        context_text: str = "",
    ) -> list[tuple[Rule, Tension]]:
        """Every rule tension one item raises."""
        found = []
        for rule in self.for_request(request):
            tension = rule.evaluate(request, outcome, prior_visits, prior_stated_none, context_text)
            if tension is not None:
                found.append((rule, tension))
        return found


# --- loading -------------------------------------------------------------------------------


def load_rules(paths: Iterable[str | Path] | None = None, include_recalled: bool = True) -> RuleSet:
    """The built-in rules, then each user file or directory in `paths` (later ones win by id).

    `include_recalled=False` drops rules resting only on recollection of the guideline.
    Raises RuleFileError on the first problem in any file.
    """
    builtin_rules, builtin_origins = _builtin_rules()
    merged = {rule.id: rule for rule in builtin_rules}
    origins = dict(builtin_origins)
    for path in paths or []:
        rules, places = _load_source(Path(path))
        for rule in rules:
            merged[rule.id] = rule
        origins.update({rule_id: _where(*place) for rule_id, place in places.items()})
    kept = [rule for rule in merged.values() if include_recalled or rule.confidence != "recalled"]
    return RuleSet(kept, {rule.id: origins[rule.id] for rule in kept})


def validate_rules(paths: Iterable[str | Path] | None = None) -> list[str]:
    """Every problem in the built-in rules and in the given rule files or directories."""
    sources = [builtin_rules_dir(), *(Path(p) for p in paths or [])]
    problems: list[str] = []
    for source in sources:
        _, _, errors = _read_source(source)
        problems.extend(str(error) for error in errors)
    return problems


def builtin_rules_dir() -> Path:
    return rules_dir() / "mtus"


@functools.cache
def _builtin_rules() -> tuple[tuple[Rule, ...], dict[str, str]]:
    """The built-in rules, validated once and then kept in the user's cache between runs
    (reading and validating them costs a short run more than checking a letter)."""
    source = builtin_rules_dir()
    rules, places = cached("builtin-rules", _builtin_rules_key(source), lambda: _read_builtin_rules(source))
    shown = {name: _display(source / name) for name in {name for name, _ in places.values()}}
    return tuple(rules), {rule_id: f"{shown[name]}:{line}" for rule_id, (name, line) in places.items()}


def _read_builtin_rules(source: Path) -> tuple[list[Rule], dict[str, tuple[str, int]]]:
    rules, places = _load_source(source)
    # File names, not paths: the cache must not tie the rules to where this checkout sits.
    return rules, {rule_id: (path.name, line) for rule_id, (path, line) in places.items()}


def _builtin_rules_key(source: Path) -> list[str | bytes] | None:
    """What the cached built-in rules depend on: the rule files, and the code of the classes
    the cache holds (a checkout can change a model without a new version), or None if unknown."""
    import pydantic

    try:
        parts: list[str | bytes] = [pydantic.VERSION, Path(__file__).read_bytes(), Path(models.__file__).read_bytes()]
        for path in _rule_files(source):
            parts += [path.name, path.read_bytes()]
    except (OSError, TypeError):  # TypeError: a module without a file
        return None
    return parts


def _load_source(source: Path) -> tuple[list[Rule], dict[str, tuple[Path, int]]]:
    rules, places, errors = _read_source(source)
    if errors:
        first = errors[0]
        if len(errors) > 1:
            raise RuleFileError(first.path, first.line, f"{first.problem} (and {len(errors) - 1} more problems)")
        raise first
    return rules, places


def _rule_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.suffix in RULE_FILE_SUFFIXES and p.is_file())


def _read_source(source: Path) -> tuple[list[Rule], dict[str, tuple[Path, int]], list[RuleFileError]]:
    """The rules of one file or directory with the file and line of each; an id may appear
    only once in a source."""
    if source.is_dir():
        files = _rule_files(source)
    elif source.is_file():
        files = [source]
    else:
        return [], {}, [RuleFileError(_display(source), None, "no such rule file or directory")]
    rules: list[Rule] = []
    places: dict[str, tuple[Path, int]] = {}
    errors: list[RuleFileError] = []
    for path in files:
        for rule, line in _read_file(path, errors):
            if rule.id in places:
                first = _where(*places[rule.id])
                errors.append(RuleFileError(_display(path), line, f"rule '{rule.id}': id: duplicate id (first at {first})"))
                continue
            rules.append(rule)
            places[rule.id] = (path, line)
    return rules, places, errors


def _read_file(path: Path, errors: list[RuleFileError]) -> list[tuple[Rule, int]]:
    """The valid rules of one file with their lines; problems go to `errors`."""
    import yaml

    shown = _display(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(RuleFileError(shown, None, f"cannot read: {exc}"))
        return []
    if _nesting_bound(text) > _MAX_NESTING:
        errors.append(RuleFileError(shown, None, f"YAML: nested more than {_MAX_NESTING} levels deep"))
        return []
    try:
        # compose keeps the line of every node; safe_load refuses tags that build objects.
        try:
            root = yaml.compose(text, Loader=safe_loader())
            data = yaml.load(text, Loader=safe_loader())
        except yaml.YAMLError:
            # Read again by PyYAML's own parser, whose wording the error messages quote.
            root = yaml.compose(text, Loader=yaml.SafeLoader)
            data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        if isinstance(exc, yaml.constructor.ConstructorError):
            problem += " (rule files are plain data: tags that build objects are refused)"
        errors.append(RuleFileError(shown, mark.line + 1 if mark else None, f"YAML: {problem}"))
        return []
    except yaml.YAMLError as exc:
        errors.append(RuleFileError(shown, None, f"YAML: {exc}"))
        return []
    except RecursionError:
        # PyYAML composes recursively: "[[[[..." thousands deep would otherwise crash the run.
        errors.append(RuleFileError(shown, None, "YAML: nested too deeply to be a rule file"))
        return []
    duplicate = _first_duplicate_key(root)
    if duplicate is not None:
        key, line = duplicate
        errors.append(RuleFileError(shown, line, f"key '{key}' appears twice in one mapping"))
        return []
    if root is None or data is None:
        errors.append(RuleFileError(shown, 1, "the file holds no rules"))
        return []
    if isinstance(data, dict) and "rules" in data:
        extra = sorted(str(key) for key in data if key not in RuleList.model_fields)
        if extra:
            errors.append(RuleFileError(shown, _line_of(root, [extra[0]]), f"{extra[0]}: unknown top-level key"))
            return []
        if not isinstance(data["rules"], list):
            errors.append(RuleFileError(shown, _line_of(root, ["rules"]), "rules: should be a list of rules"))
            return []
        entries = [(entry, _child(root, "rules", index)) for index, entry in enumerate(data["rules"])]
    elif isinstance(data, dict):
        entries = [(data, root)]
    else:
        errors.append(RuleFileError(shown, 1, "expected one rule mapping or a 'rules:' list"))
        return []
    found = []
    for entry, node in entries:
        rule = _validate_entry(shown, entry, node, errors)
        if rule is not None:
            found.append((rule, node.start_mark.line + 1 if node is not None else 1))
    return found


def _validate_entry(shown: str, entry: Any, node: yaml.Node | None, errors: list[RuleFileError]) -> Rule | None:
    line = node.start_mark.line + 1 if node is not None else 1
    if not isinstance(entry, dict):
        errors.append(RuleFileError(shown, line, "a rule should be a mapping"))
        return None
    label = f"rule '{entry['id']}'" if isinstance(entry.get("id"), str) else "rule"
    try:
        return Rule.model_validate(entry)
    except ValidationError as exc:
        seen = set()
        for error in exc.errors():
            field_path, error_line = _locate(node, list(error["loc"]), error)
            cause = error.get("ctx", {}).get("error")
            message = cause.problem if isinstance(cause, FieldProblem) else error["msg"]
            if (error_line, field_path) in seen:
                continue  # a union reports once per alternative; the first one says enough
            seen.add((error_line, field_path))
            errors.append(RuleFileError(shown, error_line, f"{label}: {field_path}: {message}"))
        return None


def _locate(node: yaml.Node | None, loc: list[Any], error: dict[str, Any]) -> tuple[str, int]:
    """The dotted field a pydantic error is about and the line of its YAML node."""
    import yaml

    cause = error.get("ctx", {}).get("error")
    if isinstance(cause, FieldProblem) and cause.field:
        loc = loc + [cause.field]
    walked: list[str] = []
    current = node
    line = node.start_mark.line + 1 if node is not None else 1
    for part in loc:
        child = _child_of(current, part)
        if child is None:
            # A missing or misplaced key still names the field; a part below a scalar is
            # pydantic's name for a union alternative, not a field.
            if isinstance(current, yaml.MappingNode) and isinstance(part, str):
                walked.append(part)
            break
        walked.append(str(part))
        key_node, current = child
        line = (key_node or current).start_mark.line + 1
    return ".".join(walked) or "(rule)", line


def _child_of(node: yaml.Node | None, part: Any) -> tuple[yaml.Node | None, yaml.Node] | None:
    import yaml

    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == str(part):
                return key_node, value_node
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return None, node.value[part]
    return None


def _child(node: yaml.Node | None, *parts: Any) -> yaml.Node | None:
    for part in parts:
        found = _child_of(node, part)
        if found is None:
            return None
        node = found[1]
    return node


def _line_of(node: yaml.Node, parts: list[Any]) -> int:
    return (_child(node, *parts) or node).start_mark.line + 1


# Rule files nest a few levels. libyaml composes recursively in C, so a file nested tens of
# thousands deep would crash the process outright (no exception to catch): refuse it first.
_MAX_NESTING = 1000


def _nesting_bound(text: str) -> int:
    """An upper bound on how deep a YAML text nests: open flow brackets plus the indentation
    (and "- " markers) of the deepest line. Brackets inside strings only raise the bound."""
    flow = deepest = 0
    for line in text.splitlines():
        block = len(line) - len(line.lstrip(" -"))
        flow += line.count("[") + line.count("{") - line.count("]") - line.count("}")
        deepest = max(deepest, block + max(flow, 0) + line.count("[") + line.count("{"))
    return deepest


def _first_duplicate_key(root: yaml.Node | None) -> tuple[str, int] | None:
    """PyYAML keeps the last of two equal keys; in a rule file that hides a mistake.

    The walk keeps its own stack (a file nested thousands deep must not overflow Python's)
    and looks at an aliased node once: nested aliases ("billion laughs") share nodes, and
    walking every path through them would take exponential time.
    """
    import yaml

    visited: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if node is None or id(node) in visited:
            continue
        visited.add(id(node))
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode) and key_node.value != "<<":
                    if key_node.value in seen:
                        return key_node.value, key_node.start_mark.line + 1
                    seen.add(key_node.value)
            stack.extend(value_node for _, value_node in reversed(node.value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
    return None


def _where(path: Path, line: int) -> str:
    return f"{_display(path)}:{line}"


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# --- rule tests, schema, listing -------------------------------------------------------------


def run_rule_tests(ruleset: RuleSet | Iterable[Rule]) -> list[RuleTestResult]:
    """Run every rule's own test cases through the request grammar and the rule alone."""
    return [run_rule_case(rule, group, index, case) for rule, group, index, case in rule_cases(ruleset)]


def rule_cases(ruleset: RuleSet | Iterable[Rule]) -> Iterator[tuple[Rule, CaseGroup, int, RuleCase]]:
    """Every test case of every rule with its group and index (for readable test ids)."""
    for rule in ruleset:
        for group in ("flags", "passes", "todo"):
            for index, case in enumerate(getattr(rule.tests, group)):
                yield rule, group, index, case


def run_rule_case(rule: Rule, group: CaseGroup, index: int, case: RuleCase) -> RuleTestResult:
    """Parse the case's request with the grammar and evaluate this one rule on it."""
    from checker.grammar import parse_request  # the grammar is only needed to run rule tests

    expected = case.expect if isinstance(case, TodoCase) else group
    request = parse_request(case.request)
    if not request.parsed:
        got, detail = "error", f"the grammar could not read {case.request!r}"
    else:
        tension = rule.evaluate(
            request,
            case.outcome,
            prior_visits=None if case.prior_visits in (None, "none") else float(case.prior_visits),
            prior_stated_none=case.prior_visits == "none",
            context_text=case.context,
        )
        got = "flags" if tension else "passes"
        detail = tension.message if tension else _explain_pass(rule, request)
    return RuleTestResult(
        rule=rule.id,
        group=group,
        index=index,
        case=case,
        expected=expected,
        got=got,
        passed=got == expected,
        detail=detail,
    )


def _explain_pass(rule: Rule, request: Request) -> str:
    if not rule.applies_to_request(request):
        return (
            f"rule does not apply to treatment={request.treatment} drug={request.drug} "
            f"drug_class={request.drug_class} body_parts={request.body_parts}"
        )
    if rule.limit is not None and rule.requested_amount(request) is None:
        return f"the request does not state the {rule.limit.measure.replace('_', ' ')} the limit is in"
    return "no tension"


def rule_file_schema() -> dict[str, Any]:
    """JSON Schema of a rule file: one rule, or `rules:` with a list of them."""
    schema = TypeAdapter(Rule | RuleList).json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "imrcheck rule file",
        "description": "One MTUS rule, or {rules: [rule, ...]}. Generated by checker.rulebase.export_schema.",
        **schema,
    }


def schema_text() -> str:
    return json.dumps(rule_file_schema(), indent=2, sort_keys=True) + "\n"


def export_schema(path: str | Path | None = None) -> Path:
    """Write the rule file JSON Schema (by default rules/schema.json) and return its path."""
    target = Path(path) if path is not None else rules_dir() / "schema.json"
    target.write_text(schema_text(), encoding="utf-8")
    return target


def rules_table(ruleset: RuleSet | Iterable[Rule]) -> list[dict[str, str]]:
    """One row per rule for `imrcheck rules list`."""
    rows = []
    for rule in ruleset:
        applies = [*rule.applies_to.treatments, *rule.applies_to.drug_classes, *rule.applies_to.drugs]
        if rule.condition.body_parts:
            applies.append("(" + ", ".join(rule.condition.body_parts) + ")")
        if rule.condition.excluded_body_parts:
            applies.append("(not " + ", ".join(rule.condition.excluded_body_parts) + ")")
        if rule.informational:
            limit = "informational"
        elif rule.not_recommended:
            limit = "not recommended"
        else:
            limit = rule.limit.describe() if rule.limit else ""
        rows.append(
            {
                "id": rule.id,
                "applies_to": ", ".join(applies),
                "limit": limit,
                "tensions": ", ".join(rule.tensions) or ("approved_not_recommended" if rule.not_recommended else ""),
                "confidence": rule.confidence,
                "severity": rule.severity.value,
                "citation": str(rule.citation),
            }
        )
    return rows


# --- helpers -----------------------------------------------------------------------------------


def _lower(value: str | None) -> str | None:
    return value.lower() if value else None


def _number(value: float | None) -> float | int | str:
    if value is None:
        return "unknown"
    return int(value) if float(value).is_integer() else round(value, 1)


@functools.lru_cache(maxsize=512)
def _keyword_pattern(keywords: tuple[str, ...]) -> Prefiltered:
    alternatives = [r"\s+".join(re.escape(word) for word in keyword.split()) for keyword in keywords]
    return Prefiltered(r"(?<![A-Za-z0-9])(?:" + "|".join(alternatives) + ")", re.IGNORECASE)


def _mentions(text: str, keywords: list[str]) -> bool:
    return bool(_keyword_pattern(tuple(keywords)).search(text))


def _check_message(template: str) -> None:
    try:
        names = {
            re.split(r"[.\[]", field)[0]
            for _, field, _, _ in string.Formatter().parse(template)
            if field is not None
        }
    except ValueError as exc:
        raise FieldProblem("message", f"bad template: {exc}") from None
    unknown = sorted(names - set(MESSAGE_FIELDS))
    if unknown:
        raise FieldProblem(
            "message", f"unknown field {{{unknown[0]}}}; use {', '.join('{' + f + '}' for f in MESSAGE_FIELDS)}"
        )
    try:
        template.format_map(MESSAGE_FIELDS)
    except (ValueError, KeyError, IndexError, AttributeError) as exc:
        raise FieldProblem("message", f"bad template: {exc}") from None
