"""Scoring: the checker's report on one letter against that letter's label.

Findings are compared as a matching: each expected entry (a code or a family, on one item or
anywhere in the letter) can be satisfied by one reported finding and each reported finding
satisfies at most one entry. The matching is a maximum one, so the order of findings in the
report or of entries in the label never turns a hit into a miss. A matched entry is a true
positive, an unmatched entry a false negative, and an unmatched finding a false positive
(unless a mutation declared it "don't care"). Counts are summed per check code and per family.

The same module scores what the parser extracted (layout, items, headings, outcomes, request
fields, case facts) against the label, since a check can only be as right as its input.
"""
from __future__ import annotations

import functools
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from checker.checks.registry import all_checks
from checker.evaluation.labels import FindingPattern, Label, NearMiss
from checker.models import Family, Finding, Letter, Outcome


@dataclass
class Counts:
    """A confusion tally. Precision is 1.0 with nothing reported, recall 1.0 with nothing expected."""

    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def has_data(self) -> bool:
        return bool(self.true_positives or self.false_positives or self.false_negatives)

    @property
    def precision(self) -> float:
        reported = self.true_positives + self.false_positives
        return self.true_positives / reported if reported else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0

    @property
    def f1(self) -> float:
        precision, recall = self.precision, self.recall
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def add(self, other: Counts) -> None:
        self.true_positives += other.true_positives
        self.false_positives += other.false_positives
        self.false_negatives += other.false_negatives

    def as_dict(self) -> dict[str, Any]:
        return {"tp": self.true_positives, "fp": self.false_positives, "fn": self.false_negatives,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "has_data": self.has_data}


@functools.cache
def family_of_code(code: str) -> Family | None:
    """The family of a check code; an unregistered code takes the family of its prefix (QTY002 -> quantity)."""
    families = {check.code: check.family for check in all_checks()}
    if code in families:
        return families[code]
    by_prefix = {registered[:3]: family for registered, family in families.items()}
    return by_prefix.get(code[:3])


def fits(pattern: FindingPattern, finding: Finding) -> bool:
    """Whether a reported finding is what a label entry names; an entry without item fits any item."""
    if pattern.code is not None and pattern.code != finding.code:
        return False
    if pattern.family is not None and pattern.family is not finding.family:
        return False
    if pattern.rule is not None and pattern.rule != finding.rule:
        return False
    return pattern.item is None or pattern.item == finding.item


def covers(outer: FindingPattern, inner: FindingPattern) -> bool:
    """Whether every finding `inner` names is also named by `outer` (used to drop don't-care entries)."""
    if outer.item is not None and outer.item != inner.item:
        return False
    if outer.code is not None:
        return inner.code == outer.code
    inner_family = inner.family or (family_of_code(inner.code) if inner.code else None)
    return inner_family is outer.family


@dataclass(frozen=True)
class Miss:
    """One line a developer can act on: a finding that should have been reported, or should not."""

    kind: Literal["FN", "FP"]
    path: str
    line: int
    column: int | None
    code: str | None
    family: Family | None
    item: int | None
    message: str
    near_miss: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "path": self.path, "line": self.line, "column": self.column, "code": self.code,
                "family": self.family.value if self.family else None, "item": self.item, "message": self.message,
                "near_miss": self.near_miss}


@dataclass
class LetterScore:
    """The comparison of one report with one letter's expected findings."""

    path: str
    matched: list[tuple[FindingPattern, Finding]] = field(default_factory=list)
    missed: list[FindingPattern] = field(default_factory=list)
    unexpected: list[Finding] = field(default_factory=list)
    ignored: list[Finding] = field(default_factory=list)
    misses: list[Miss] = field(default_factory=list)

    def tally_codes(self) -> dict[str, Counts]:
        tally: dict[str, Counts] = {}
        for _, finding in self.matched:
            tally.setdefault(finding.code, Counts()).true_positives += 1
        for pattern in self.missed:
            if pattern.code is not None:
                tally.setdefault(pattern.code, Counts()).false_negatives += 1
        for finding in self.unexpected:
            tally.setdefault(finding.code, Counts()).false_positives += 1
        return tally

    def tally_families(self) -> dict[Family, Counts]:
        tally: dict[Family, Counts] = {}
        for _, finding in self.matched:
            tally.setdefault(finding.family, Counts()).true_positives += 1
        for pattern in self.missed:
            family = pattern.family or (family_of_code(pattern.code) if pattern.code else None)
            if family is not None:
                tally.setdefault(family, Counts()).false_negatives += 1
        for finding in self.unexpected:
            tally.setdefault(finding.family, Counts()).false_positives += 1
        return tally


def score_findings(path: str, findings: Sequence[Finding], expected: Sequence[FindingPattern],
                   letter: Letter | None = None, near_misses: Sequence[NearMiss] = (),
                   dont_care: Sequence[FindingPattern] = ()) -> LetterScore:
    """Match reported findings to expected entries and name every miss with its line."""
    # The most specific entries choose first, so a family-wide entry does not take the finding
    # a code entry needs when another finding could serve the family entry.
    ordered = sorted(expected, key=lambda p: (p.code is None, p.item is None))
    partner = _maximum_matching(ordered, findings)
    score = LetterScore(path=path)
    taken: set[int] = set()
    for entry_index, pattern in enumerate(ordered):
        finding_index = partner.get(entry_index)
        if finding_index is None:
            score.missed.append(pattern)
        else:
            taken.add(finding_index)
            score.matched.append((pattern, findings[finding_index]))
    for finding_index, finding in enumerate(findings):
        if finding_index in taken:
            continue
        if any(fits(pattern, finding) for pattern in dont_care):
            score.ignored.append(finding)
        else:
            score.unexpected.append(finding)
    for pattern in score.missed:
        family = pattern.family or (family_of_code(pattern.code) if pattern.code else None)
        score.misses.append(Miss("FN", path, _item_line(letter, pattern.item), None, pattern.code, family,
                                 pattern.item, "expected, not reported"))
    for finding in score.unexpected:
        near = next((n.why for n in near_misses if fits(n, finding)), None)
        score.misses.append(Miss("FP", path, finding.line, finding.column, finding.code, finding.family,
                                 finding.item, finding.message, near))
    score.misses.sort(key=lambda m: (m.line, m.kind, m.code or ""))
    return score


def _maximum_matching(patterns: Sequence[FindingPattern], findings: Sequence[Finding]) -> dict[int, int]:
    """Entry index -> finding index, by augmenting paths (Kuhn); letters hold a handful of findings."""
    candidates = [[j for j, finding in enumerate(findings) if fits(pattern, finding)] for pattern in patterns]
    owner: dict[int, int] = {}  # finding index -> entry index

    def augment(entry: int, visited: set[int]) -> bool:
        for candidate in candidates[entry]:
            if candidate in visited:
                continue
            visited.add(candidate)
            if candidate not in owner or augment(owner[candidate], visited):
                owner[candidate] = entry
                return True
        return False

    for entry in range(len(patterns)):
        augment(entry, set())
    return {entry: finding for finding, entry in owner.items()}


def _item_line(letter: Letter | None, item: int | None) -> int:
    if letter is None or item is None or not 1 <= item <= len(letter.items):
        return 1
    return letter.items[item - 1].heading_span.line


# ------------------------------------------------------------------------------ extraction


@dataclass
class Ratio:
    right: int = 0
    total: int = 0

    def record(self, correct: bool) -> None:
        self.right += int(correct)
        self.total += 1

    @property
    def value(self) -> float | None:
        return self.right / self.total if self.total else None

    def as_dict(self) -> dict[str, Any]:
        value = self.value
        return {"right": self.right, "total": self.total, "rate": None if value is None else round(value, 4)}


EXTRACTION_MEASURES = ("layout", "item_count", "headings", "outcomes", "request_fields", "facts")


@dataclass
class ExtractionScore:
    """How much of what the label states the parser read correctly."""

    items_labelled: int = 0
    items_found: int = 0
    measures: dict[str, Ratio] = field(default_factory=lambda: {name: Ratio() for name in EXTRACTION_MEASURES})
    misses: list[str] = field(default_factory=list)

    def add(self, other: ExtractionScore) -> None:
        self.items_labelled += other.items_labelled
        self.items_found += other.items_found
        for name, ratio in other.measures.items():
            self.measures[name].right += ratio.right
            self.measures[name].total += ratio.total
        self.misses.extend(other.misses)

    def as_dict(self) -> dict[str, Any]:
        return {"items_labelled": self.items_labelled, "items_found": self.items_found,
                **{name: ratio.as_dict() for name, ratio in self.measures.items()}}


def normalize_heading(text: str) -> str:
    return " ".join(text.lower().split())


def score_extraction(path: str, letter: Letter, label: Label) -> ExtractionScore:
    score = ExtractionScore(items_labelled=len(label.items), items_found=len(letter.items))
    measures = score.measures

    def check(measure: str, correct: bool, line: int, what: str) -> None:
        measures[measure].record(correct)
        if not correct:
            score.misses.append(f"{path}:{line}: {what}")

    check("layout", letter.layout == label.layout, 1,
          f"layout: labelled {label.layout.value}, parsed {letter.layout.value}")
    check("item_count", len(letter.items) == len(label.items), 1,
          f"items: labelled {len(label.items)}, parsed {len(letter.items)}")
    for index, expected in enumerate(label.items, start=1):
        parsed = letter.items[index - 1] if index <= len(letter.items) else None
        line = parsed.heading_span.line if parsed else 1
        heading = normalize_heading(parsed.heading) if parsed else ""
        check("headings", bool(parsed) and normalize_heading(expected.heading) in heading, line,
              f"item {index} heading: labelled '{expected.heading}', parsed "
              + (f"'{parsed.heading}'" if parsed else "nothing"))
        parsed_outcome = parsed.outcome if parsed else None
        check("outcomes", parsed_outcome is expected.outcome, line,
              f"item {index} outcome: labelled {expected.outcome.value}, parsed "
              + (parsed_outcome.value if parsed_outcome else "nothing"))
        for name, value in (expected.request or {}).items():
            got = getattr(parsed.request, name, None) if parsed and parsed.request else None
            check("request_fields", same_value(value, got), line,
                  f"item {index} request {name}: labelled {value!r}, parsed {got!r}")
    if label.facts is not None:
        for name in ("age", "sex", "injury_date"):
            value = getattr(label.facts, name)
            if value is None:
                continue
            expected_value = value.isoformat() if name == "injury_date" else value
            got = getattr(letter.facts, name)
            check("facts", same_value(expected_value, got), 1, f"fact {name}: labelled {expected_value}, parsed {got}")
    return score


def same_value(expected: Any, got: Any) -> bool:
    """Label values against parsed ones: numbers by value (8 == 8.0), text without case, lists item by item."""
    if isinstance(expected, (list, tuple)):
        return isinstance(got, (list, tuple)) and len(expected) == len(got) and all(
            same_value(e, g) for e, g in zip(expected, got, strict=True))
    if isinstance(expected, bool) or isinstance(got, bool):
        return expected == got
    if isinstance(expected, (int, float)) and isinstance(got, (int, float)):
        return math.isclose(float(expected), float(got), rel_tol=1e-9, abs_tol=1e-9)
    if isinstance(expected, str) and isinstance(got, str):
        return expected.strip().lower() == got.strip().lower()
    return expected == got


def finding_keys(findings: Iterable[Finding], leave_out: Iterable[FindingPattern]) -> Counter[tuple[str, int | None]]:
    """The (code, item) of each finding not named by any of `leave_out`, as a multiset."""
    patterns = list(leave_out)
    return Counter((f.code, f.item) for f in findings if not any(fits(p, f) for p in patterns))


def outcome_is_decided(outcome: Outcome | None) -> bool:
    return outcome in (Outcome.UPHELD, Outcome.OVERTURNED)
