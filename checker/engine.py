"""The engine: parse a letter, run the selected checks over it, and build its Report."""
from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from checker.checks.context import CheckContext
from checker.checks.registry import Check, all_checks
from checker.extract.letter import extract_letter
from checker.models import Finding, ItemSummary, Letter, Report
from checker.reading import read_file
from checker.rulebase import RuleSet, load_rules
from checker.segment import segment
from checker.text.letter_text import read_text


@dataclass(frozen=True)
class Limits:
    """Safe bounds on what one letter may cost; each one exceeded is reported, never silent."""

    max_file_bytes: int | None = 20_000_000
    max_items: int | None = 500
    max_pdf_pages: int | None = 200


@dataclass(frozen=True)
class Selection:
    """Which checks run: codes or prefixes (a family name or a code prefix such as 'RUL')."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = field(default=())

    def includes(self, check: Check) -> bool:
        def matches(patterns: Iterable[str]) -> bool:
            return any(check.code.startswith(p.upper()) or check.family.value == p.lower() for p in patterns)

        chosen = matches(self.select) if self.select else True
        chosen = chosen or matches(self.extend_select)
        return chosen and not matches(self.ignore)


def parse_text(text: str, path: str = "<text>", limits: Limits = Limits()) -> Letter:
    return extract_letter(segment(read_text(text, path)), max_items=limits.max_items)


def parse_letter(path_or_text: str | Path, limits: Limits = Limits()) -> Letter:
    """The extracted structure of a letter file (or, given text with newlines, of that text)."""
    if isinstance(path_or_text, str) and ("\n" in path_or_text or not Path(path_or_text).exists()):
        return parse_text(path_or_text, limits=limits)
    path = str(path_or_text)
    return parse_text(read_file(path, limits.max_file_bytes, limits.max_pdf_pages), path, limits)


def check_letter(letter: Letter, rules: RuleSet | None = None, selection: Selection = Selection()) -> Report:
    context = CheckContext(rules=rules if rules is not None else load_rules())
    findings: list[Finding] = []
    for check in _selected(selection, tuple(all_checks())):
        findings.extend(check.function(letter, context))
    findings.sort(key=lambda f: (f.line, f.column, f.code, f.item or 0, f.message))
    items = [ItemSummary(index=i.index, heading=i.heading, outcome=i.outcome, outcome_text=i.outcome_text,
                         line=i.heading_span.line, request=i.request,
                         conclusion=i.rationale[i.conclusion].span if i.conclusion is not None else None)
             for i in letter.items]
    return Report(path=letter.path, layout=letter.layout, content_hash=letter.content_hash,
                  items=items, findings=findings)


@functools.lru_cache(maxsize=64)
def _selected(selection: Selection, checks: tuple[Check, ...]) -> tuple[Check, ...]:
    return tuple(check for check in checks if selection.includes(check))


def check_text(text: str, rules: RuleSet | None = None, path: str = "<text>",
               selection: Selection = Selection(), limits: Limits = Limits()) -> Report:
    return check_letter(parse_text(text, path, limits), rules, selection)


def check_file(path: str | Path, rules: RuleSet | None = None, selection: Selection = Selection(),
               limits: Limits = Limits()) -> Report:
    """Check one letter file; raises reading.InputError when it cannot be read at all."""
    text = read_file(path, limits.max_file_bytes, limits.max_pdf_pages)
    return check_letter(parse_text(text, str(path), limits), rules, selection)
