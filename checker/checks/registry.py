"""The check registry: every check is a small function registered with its code.

A check receives the parsed `Letter` and a `CheckContext` and yields `Finding`s. Its
docstring is its documentation (`imrcheck explain CODE`, SARIF help text) and must have the
sections Summary line / Why / Example (fires) / Example (does not fire).
"""
from __future__ import annotations

import inspect
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from checker.models import Family, Finding, RuleCitation, Severity, Span

if TYPE_CHECKING:
    from checker.checks.context import CheckContext
    from checker.models import Letter

CheckFunction = Callable[["Letter", "CheckContext"], Iterable[Finding]]

REQUIRED_DOC_SECTIONS = ("Why:", "Fires:", "Does not fire:")


@dataclass(frozen=True)
class Check:
    code: str
    name: str
    family: Family
    severity: Severity
    function: CheckFunction

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.function.__doc__ or "")

    @property
    def summary(self) -> str:
        return self.doc.splitlines()[0] if self.doc else self.name


_REGISTRY: dict[str, Check] = {}
# The check whose findings are being made (run_check sets it).
_running: ContextVar[Check | None] = ContextVar("running_check", default=None)


def register(code: str, family: Family, severity: Severity) -> Callable[[CheckFunction], CheckFunction]:
    """Register a check; refuses a duplicate code or a docstring without its sections."""

    def decorate(function: CheckFunction) -> CheckFunction:
        if code in _REGISTRY:
            raise ValueError(f"check code {code} registered twice")
        doc = inspect.cleandoc(function.__doc__ or "")
        missing = [s for s in REQUIRED_DOC_SECTIONS if s not in doc]
        if missing:
            raise ValueError(f"check {code} docstring lacks {', '.join(missing)}")
        name = function.__name__.replace("_", "-")
        _REGISTRY[code] = Check(code, name, family, severity, function)
        return function

    return decorate


def all_checks() -> list[Check]:
    """Every registered check, sorted by code."""
    import checker.checks  # noqa: F401  (importing the package registers the checks)

    return [_REGISTRY[c] for c in sorted(_REGISTRY)]


def get_check(code: str) -> Check | None:
    return {c.code: c for c in all_checks()}.get(code.upper())


def matches(check: Check, pattern: str) -> bool:
    """Whether a --select style pattern names the check: its code, a code prefix ("RUL") or
    its family name ("facts")."""
    return check.code.startswith(pattern.upper()) or check.family.value == pattern.lower()


def checks_matching(pattern: str) -> list[Check]:
    return [check for check in all_checks() if matches(check, pattern)]


def run_check(check: Check, letter: Letter, context: CheckContext) -> list[Finding]:
    """The check's findings on one letter; while it runs, `make_finding` knows whose they are
    (a check's code is written once, in its `@register`)."""
    token = _running.set(check)
    try:
        return list(check.function(letter, context))
    finally:
        _running.reset(token)


def make_finding(message: str, *, item: int | None = None, evidence: list[Span] | None = None,
                 rule: str | None = None, citation: RuleCitation | None = None,
                 severity: Severity | None = None, confidence: str | None = None) -> Finding:
    """A Finding of the running check (see `run_check`), located at its first evidence span."""
    check = _running.get()
    if check is None:
        raise RuntimeError("make_finding is called by a check that run_check runs")
    spans = [span for span in (evidence or []) if span is not None]
    first = spans[0] if spans else None
    return Finding(code=check.code, family=check.family, severity=severity or check.severity, message=message,
                   item=item, line=first.line if first else 1, column=first.column if first else 1,
                   evidence=spans, rule=rule, citation=citation, confidence=confidence)  # type: ignore[arg-type]
