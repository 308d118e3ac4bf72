"""Presenting an `Evaluation`: text tables for people, one JSON document for machines, and the
precision/recall thresholds a CI job can gate on.

The text shows "-" where a code or family has no data at all (nothing expected, nothing
reported): a precision of 1.00 there would claim a success that was never tested.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from checker.checks.registry import all_checks
from checker.evaluation.corpus import Evaluation
from checker.evaluation.mutations import MUTATION_KINDS
from checker.evaluation.scoring import Counts, family_of_code
from checker.models import Family

_EXTRACTION_NAMES = {"layout": "layout right", "item_count": "item count right", "headings": "headings matched",
                     "outcomes": "outcomes right", "request_fields": "request fields right", "facts": "facts right"}


@dataclass
class Thresholds:
    """Minimum precision and recall per family; `families` empty means every family with data."""

    min_precision: float | None = None
    min_recall: float | None = None
    families: tuple[Family, ...] = ()
    failures: list[str] = field(default_factory=list)

    @property
    def requested(self) -> bool:
        return self.min_precision is not None or self.min_recall is not None

    def judge(self, evaluation: Evaluation) -> list[str]:
        """The families that miss a threshold, one line each (also kept in `failures`)."""
        families = self.families or tuple(f for f in Family if evaluation.families.get(f, Counts()).has_data)
        self.failures = []
        for family in families:
            counts = evaluation.families.get(family, Counts())
            for measure, minimum in (("precision", self.min_precision), ("recall", self.min_recall)):
                value = getattr(counts, measure)
                if minimum is not None and value < minimum:
                    self.failures.append(f"{family.value} {measure} {value:.2f} is below {minimum:.2f}")
        return self.failures

    def judged_families(self, evaluation: Evaluation) -> list[str]:
        return [f.value for f in (self.families or
                                  tuple(f for f in Family if evaluation.families.get(f, Counts()).has_data))]


def code_rows(evaluation: Evaluation) -> list[tuple[str, Family | None, Counts]]:
    """Every registered code (with or without data) and any other code the labels or findings named."""
    codes = sorted({check.code for check in all_checks()} | set(evaluation.codes))
    return [(code, family_of_code(code), evaluation.codes.get(code, Counts())) for code in codes]


def family_rows(evaluation: Evaluation) -> list[tuple[Family, Counts]]:
    return [(family, evaluation.families.get(family, Counts())) for family in Family]


def _ratio(value: float, counts: Counts) -> str:
    return f"{value:.2f}" if counts.has_data else "-"


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], left: int = 1) -> list[str]:
    """Columns sized to their widest cell; the first `left` columns are left-aligned, numbers right."""
    rows = [list(header), *[list(row) for row in rows]]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    lines = []
    for row in rows:
        cells = [cell.ljust(widths[i]) if i < left else cell.rjust(widths[i]) for i, cell in enumerate(row)]
        lines.append("  ".join(cells).rstrip())
    return lines


def _counts_cells(counts: Counts) -> list[str]:
    return [str(counts.true_positives), str(counts.false_positives), str(counts.false_negatives),
            _ratio(counts.precision, counts), _ratio(counts.recall, counts), _ratio(counts.f1, counts)]


def render_text(evaluation: Evaluation, thresholds: Thresholds) -> str:
    lines: list[str] = []
    scored = f"Scored {evaluation.letters} labelled letter{'s' if evaluation.letters != 1 else ''}"
    if evaluation.mutate:
        scored += f" and {evaluation.variants} generated variant{'s' if evaluation.variants != 1 else ''}"
    if evaluation.skipped:
        scored += f" ({len(evaluation.skipped)} unlabelled skipped)"
    lines += [scored + ".", ""]

    counts_header = ["TP", "FP", "FN", "PRECISION", "RECALL", "F1"]
    lines.append("By check code")
    lines += _table(["CODE", "FAMILY", *counts_header],
                    ([code, family.value if family else "?", *_counts_cells(counts)]
                     for code, family, counts in code_rows(evaluation)), left=2)
    lines += ["", "By family"]
    lines += _table(["FAMILY", *counts_header],
                    ([family.value, *_counts_cells(counts)] for family, counts in family_rows(evaluation)))

    extraction = evaluation.extraction
    lines += ["", "Extraction (labelled letters only; variants are not counted)",
              f"  items found {extraction.items_found}, labelled {extraction.items_labelled}"]
    rows = []
    for name, ratio in extraction.measures.items():
        value = ratio.value
        rows.append(["  " + _EXTRACTION_NAMES[name], f"{ratio.right}/{ratio.total}",
                     "-" if value is None else f"{100 * value:.1f}%"])
    lines += _table(["", "RIGHT", "RATE"], rows)[1:]

    if evaluation.mutate:
        lines += ["", "Mutations (caught: the injected change is reported; exact: and nothing else changed)"]
        kinds = [*MUTATION_KINDS, *(k for k in evaluation.mutation_kinds if k not in MUTATION_KINDS)]
        total = [0, 0, 0]
        rows = []
        for kind in kinds:
            tally = evaluation.mutation_kinds.get(kind)
            if tally is None:
                continue
            rows.append([kind, str(tally.generated), str(tally.caught), str(tally.exact)])
            total = [total[0] + tally.generated, total[1] + tally.caught, total[2] + tally.exact]
        rows.append(["total", *(str(n) for n in total)])
        lines += _table(["KIND", "GENERATED", "CAUGHT", "EXACT"], rows)

    misses = _miss_lines(evaluation)
    lines += ["", f"Misses ({len(misses)})" if misses else "Misses: none"]
    lines += ["  " + line for line in misses]

    if thresholds.requested:
        lines.append("")
        judged = ", ".join(thresholds.judged_families(evaluation)) or "none"
        if thresholds.failures:
            lines += [f"Threshold missed: {failure}" for failure in thresholds.failures]
        else:
            lines.append(f"Thresholds met ({judged}).")
    return "\n".join(lines) + "\n"


def _miss_lines(evaluation: Evaluation) -> list[str]:
    lines = []
    for miss in evaluation.misses:
        where = f"{miss.path}:{miss.line}" + (f":{miss.column}" if miss.column else "")
        what = miss.code or f"{miss.family.value if miss.family else '?'} family"
        scope = f"item {miss.item}" if miss.item is not None else "letter"
        # Check messages often open with their own "item N: "; once is enough.
        message = miss.message.removeprefix(f"{scope}: ")
        text = f"{miss.kind} {where}: {what} {scope}: {message}"
        if miss.near_miss:
            text += f"  [the label ruled this out: {miss.near_miss}]"
        lines.append(text)
    lines += [f"EXTRACT {line}" for line in evaluation.extraction.misses]
    for result in evaluation.mutation_results:
        if not result.caught:
            state = "present" if result.target_present else "absent"
            lines.append(f"MUTANT {result.name}: not caught ({result.description}; expected {result.target} {state})")
        elif not result.exact:
            lines.append(f"MUTANT {result.name}: caught but also changed {', '.join(result.changed)} "
                         f"({result.description})")
    return lines


def render_json(evaluation: Evaluation, thresholds: Thresholds) -> str:
    document: dict[str, Any] = {
        "letters": evaluation.letters,
        "variants": evaluation.variants,
        "skipped": evaluation.skipped,
        "codes": {code: {"family": family.value if family else None, **counts.as_dict()}
                  for code, family, counts in code_rows(evaluation)},
        "families": {family.value: counts.as_dict() for family, counts in family_rows(evaluation)},
        "extraction": evaluation.extraction.as_dict(),
        "mutations": ({"kinds": {kind: tally.as_dict() for kind, tally in evaluation.mutation_kinds.items()},
                       "variants": [result.as_dict() for result in evaluation.mutation_results]}
                      if evaluation.mutate else None),
        "misses": [miss.as_dict() for miss in evaluation.misses],
        "extraction_misses": evaluation.extraction.misses,
        "thresholds": {"min_precision": thresholds.min_precision, "min_recall": thresholds.min_recall,
                       "families": thresholds.judged_families(evaluation) if thresholds.requested else [],
                       "failures": thresholds.failures, "passed": not thresholds.failures},
    }
    return json.dumps(document, indent=2) + "\n"
