"""The engine: parse a letter, run the selected checks over it, and build its Report."""
from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from checker.checks.context import CheckContext
from checker.checks.registry import Check, all_checks, matches, run_check
from checker.extract.letter import extract_letter
from checker.models import Finding, ItemSummary, Letter, Report
from checker.reading import read_file
from checker.rulebase import RuleSet, load_rules
from checker.segment import segment
from checker.text.letter_text import read_text
from checker.text.pages import page_lines, paged_finding


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
        def named(patterns: Iterable[str]) -> bool:
            return any(matches(check, pattern) for pattern in patterns)

        chosen = named(self.select) if self.select else True
        chosen = chosen or named(self.extend_select)
        return chosen and not named(self.ignore)


def parse_text(text: str, path: str = "<text>", limits: Limits = Limits()) -> Letter:
    _require_text(text, "parse_text")
    letter_text = read_text(text, path)
    letter = extract_letter(segment(letter_text), max_items=limits.max_items)
    clean = letter_text.clean
    letter.page_lines = page_lines(text, lambda offset: clean.line_column(offset)[0])
    return letter


def parse_letter(path: str | Path | None = None, limits: Limits = Limits(), *, text: str | None = None) -> Letter:
    """The extracted structure of a letter file, or of a letter's `text=`.

    A path is always a path (a missing file raises InputError, never reads the name as a
    letter); a letter's text is given by keyword.
    """
    if (path is None) == (text is None):
        raise TypeError("parse_letter() takes a letter's path, or its text as text=..., not both")
    if text is not None:
        return parse_text(text, limits=limits)
    if not isinstance(path, (str, Path)):
        raise TypeError(f"parse_letter() takes a path (str or pathlib.Path), not {type(path).__name__}")
    return parse_text(read_file(path, limits.max_file_bytes, limits.max_pdf_pages), str(path), limits)


def _require_text(text: object, function: str) -> None:
    if not isinstance(text, str):
        hint = " (decode the bytes first, or pass the file to check_file/parse_letter)" \
            if isinstance(text, (bytes, bytearray)) else ""
        raise TypeError(f"{function}() takes the letter's text as str, not {type(text).__name__}{hint}")


def check_letter(letter: Letter, rules: RuleSet | None = None, selection: Selection = Selection()) -> Report:
    context = CheckContext(rules=rules if rules is not None else load_rules())
    findings: list[Finding] = []
    for check in _selected(selection, tuple(all_checks())):
        findings.extend(run_check(check, letter, context))
    findings.sort(key=lambda f: (f.line, f.column, f.code, f.item or 0, f.message))
    if letter.page_lines:
        findings = [paged_finding(finding, letter.page_lines) for finding in findings]
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
    """Check a letter's text (str); a file is checked with check_file."""
    _require_text(text, "check_text")
    return check_letter(parse_text(text, path, limits), rules, selection)


def check_file(path: str | Path, rules: RuleSet | None = None, selection: Selection = Selection(),
               limits: Limits = Limits()) -> Report:
    """Check one letter file; raises reading.InputError when it cannot be read at all."""
    text = read_file(path, limits.max_file_bytes, limits.max_pdf_pages)
    return check_letter(parse_text(text, str(path), limits), rules, selection)
