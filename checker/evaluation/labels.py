"""Labels: what a human says a letter holds and which findings the checker must report on it.

A label is a YAML sidecar beside its letter (`x.txt` -> `x.expected.yaml`). It is validated
strictly (unknown keys are errors, a finding names exactly one of code or family, item
numbers exist), because a typo in a label silently turns into a false negative or a false
positive and would make the scores lie. Any problem is a `LabelError` whose message is one
line naming the file (and the line when it is known).
"""
from __future__ import annotations

import dataclasses
import datetime
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import ErrorDetails

from checker.datafile import read_data_file
from checker.models import Family, Layout, Outcome, Request
from checker.reading import InputError
from checker.yamlfile import YamlFileError, read_yaml

LABEL_SUFFIX = ".expected.yaml"
LETTER_SUFFIXES = (".txt", ".pdf")
CODE_PATTERN = re.compile(r"^[A-Z]{3}\d{3}$")
# Fields of `Request` a label may state; `span`, `forms` and the like are the parser's business.
LABELLED_REQUEST_FIELDS = frozenset(field.name for field in dataclasses.fields(Request)) - {
    "text", "span", "parsed", "unparsed", "forms", "forms_agree"}


class LabelError(InputError):
    """A label file that cannot be used; an InputError so the CLI prints it and exits 2."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LabelFacts(_Strict):
    age: int | None = Field(default=None, ge=0, le=130)
    sex: Literal["male", "female"] | None = None
    injury_date: datetime.date | None = None


class LabelItem(_Strict):
    heading: str = Field(min_length=1)
    outcome: Outcome
    request: dict[str, Any] | None = None

    @field_validator("request")
    @classmethod
    def _known_request_fields(cls, request: dict[str, Any] | None) -> dict[str, Any] | None:
        unknown = sorted(set(request or {}) - LABELLED_REQUEST_FIELDS)
        if unknown:
            raise ValueError(f"unknown request field(s) {', '.join(unknown)} "
                             f"(known: {', '.join(sorted(LABELLED_REQUEST_FIELDS))})")
        return request


class FindingPattern(_Strict):
    """A finding named by its code or by its family, on one item or (no item) anywhere."""

    code: str | None = None
    family: Family | None = None
    item: int | None = Field(default=None, ge=1)
    # The rule a rule finding rests on: expected only when that rule is in force (a rule
    # of a lower confidence than the run's --min-confidence is not).
    rule: str | None = None

    @field_validator("code")
    @classmethod
    def _code_shape(cls, code: str | None) -> str | None:
        if code is not None and not CODE_PATTERN.match(code):
            raise ValueError(f"'{code}' is not a check code (three capital letters and three digits, e.g. OUT001)")
        return code

    @model_validator(mode="after")
    def _code_or_family(self) -> FindingPattern:
        if (self.code is None) == (self.family is None):
            raise ValueError("give exactly one of code or family")
        return self

    def describe(self) -> str:
        what = self.code if self.code else f"{self.family.value if self.family else '?'} family"
        return f"{what} on item {self.item}" if self.item is not None else f"{what} (letter)"


class NearMiss(FindingPattern):
    """A finding the labeller considered and ruled out, with the reason."""

    why: str = Field(min_length=1)


class Label(_Strict):
    layout: Layout
    facts: LabelFacts | None = None
    items: list[LabelItem]
    findings: list[FindingPattern]
    not_findings: list[NearMiss] = Field(default_factory=list)

    @model_validator(mode="after")
    def _items_exist(self) -> Label:
        for field in ("findings", "not_findings"):
            for position, pattern in enumerate(getattr(self, field)):
                if pattern.item is not None and pattern.item > len(self.items):
                    raise _ItemOutOfRange(field, position, pattern.item, len(self.items))
        return self


    def in_force(self, rule_ids: set[str]) -> Label:
        """The label for a run with these rules: findings resting on another rule are not expected."""
        findings = [pattern for pattern in self.findings if pattern.rule is None or pattern.rule in rule_ids]
        return self.model_copy(update={"findings": findings})


class _ItemOutOfRange(ValueError):
    def __init__(self, field: str, position: int, item: int, count: int) -> None:
        self.location = (field, position, "item")
        super().__init__(f"item {item} does not exist: the label lists {count} item(s)")


def label_path_for(letter: str | Path) -> Path:
    """`dir/x.txt` -> `dir/x.expected.yaml`."""
    letter = Path(letter)
    return letter.with_name(letter.stem + LABEL_SUFFIX)


def letter_path_for(label: str | Path) -> Path | None:
    """The letter a label file belongs to, or None when neither `.txt` nor `.pdf` is beside it."""
    label = Path(label)
    stem = label.name[: -len(LABEL_SUFFIX)]
    for suffix in LETTER_SUFFIXES:
        candidate = label.with_name(stem + suffix)
        if candidate.exists():
            return candidate
    return None


def load_label(path: str | Path) -> Label:
    """Read and validate one label file; LabelError (one line, naming the file) when it is unusable."""
    shown = str(path)
    try:
        text = read_data_file(path, "label")
    except OSError as error:
        raise LabelError(f"{shown}: cannot read label: {getattr(error, 'strerror', None) or error}") from None
    try:
        document = read_yaml(text, shown, "a label")
    except YamlFileError as error:
        raise LabelError(f"{error.path}:{error.line}: label: {error.problem}" if error.line
                         else f"{error.path}: label: {error.problem}") from None
    data = document.data
    if not isinstance(data, dict):
        raise LabelError(f"{shown}: a label must be a mapping with layout, items and findings")
    try:
        return Label.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        location = _location_of(first)
        line = document.line_of(*location) if document.root is not None else None
        where = f"{shown}:{line}" if line else shown
        field = ".".join(str(part) for part in location) or "label"
        raise LabelError(f"{where}: {field}: {_message_of(first)}") from None


def _location_of(error: ErrorDetails) -> tuple[Any, ...]:
    context_error = (error.get("ctx") or {}).get("error")
    if isinstance(context_error, _ItemOutOfRange):
        return context_error.location
    # Union and validator names ("function-after[...]") are pydantic internals, not label fields.
    return tuple(part for part in error["loc"] if not (isinstance(part, str) and "[" in part))


def _message_of(error: ErrorDetails) -> str:
    message = str(error.get("msg", "invalid"))
    message = re.sub(r"^(Value|Assertion) error, ", "", message)
    if error.get("type") == "extra_forbidden":
        message = "unknown key (a typo?)"
    if error.get("type") == "missing":
        message = "required key is missing"
    return _one_line(message)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())
