"""Scoring a labelled corpus: find the labelled letters, check each one (and, on request, its
mutations) and sum everything into one `Evaluation`.

Letters are read, checked and scored one at a time; only the counts and the list of misses
are kept, so a large labelled set does not have to fit in memory.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from checker.checks.registry import get_check
from checker.discover import STDIN, Missing, letter_paths
from checker.engine import check_letter, parse_text
from checker.evaluation.labels import LABEL_SUFFIX, Label, LabelError, label_path_for, letter_path_for, load_label
from checker.evaluation.mutations import MUTATION_KINDS, Mutation, generate_mutations
from checker.evaluation.scoring import (
    Counts,
    ExtractionScore,
    LetterScore,
    Miss,
    family_of_code,
    finding_keys,
    fits,
    score_extraction,
    score_findings,
)
from checker.models import Family, Report
from checker.reading import InputError, read_file
from checker.rulebase import RuleSet, load_rules

Note = Callable[[str], None]


@dataclass
class MutationTally:
    generated: int = 0
    caught: int = 0
    exact: int = 0

    def as_dict(self) -> dict[str, int]:
        return {"generated": self.generated, "caught": self.caught, "exact": self.exact}


@dataclass(frozen=True)
class MutationResult:
    """How the checker took one variant: `caught` when the target finding is present (or absent)
    as the edit demands, `exact` when, besides, nothing outside the don't-care set changed."""

    name: str
    kind: str
    item: int | None
    description: str
    target: str
    target_present: bool
    caught: bool
    exact: bool
    changed: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "item": self.item, "description": self.description,
                "target": self.target, "target_present": self.target_present, "caught": self.caught,
                "exact": self.exact, "changed": list(self.changed)}


@dataclass
class Evaluation:
    """Everything `imrcheck eval` reports: counts per code and family, extraction accuracy,
    mutation results, and every miss with its place."""

    letters: int = 0
    variants: int = 0
    skipped: list[str] = field(default_factory=list)
    codes: dict[str, Counts] = field(default_factory=dict)
    families: dict[Family, Counts] = field(default_factory=dict)
    extraction: ExtractionScore = field(default_factory=ExtractionScore)
    misses: list[Miss] = field(default_factory=list)
    mutate: bool = False
    mutation_kinds: dict[str, MutationTally] = field(
        default_factory=lambda: {kind: MutationTally() for kind in MUTATION_KINDS})
    mutation_results: list[MutationResult] = field(default_factory=list)

    def add_score(self, score: LetterScore) -> None:
        for code, counts in score.tally_codes().items():
            self.codes.setdefault(code, Counts()).add(counts)
        for family, counts in score.tally_families().items():
            self.families.setdefault(family, Counts()).add(counts)

    def add_mutation(self, result: MutationResult) -> None:
        tally = self.mutation_kinds.setdefault(result.kind, MutationTally())
        tally.generated += 1
        tally.caught += int(result.caught)
        tally.exact += int(result.exact)
        self.mutation_results.append(result)


def labelled_letters(paths: Iterable[str], skipped: Note, note: Note) -> Iterator[tuple[str, Label]]:
    """(letter path, its label) for every letter under `paths` that has a label beside it.

    An unlabelled letter is passed to `skipped`; a missing path or a broken label is an
    InputError (one line), because scores over a silently shrunken set would mislead.
    """
    seen: set[str] = set()
    announced_codes: set[str] = set()
    for entry in letter_paths(list(paths)):
        if isinstance(entry, Missing):
            raise InputError(entry.message)
        if entry == STDIN:
            raise InputError("eval scores labelled files; stdin ('-') has no label")
        path = entry
        if path.endswith(LABEL_SUFFIX):
            letter = letter_path_for(path)
            if letter is None:
                raise InputError(f"{path}: no letter (.txt or .pdf) beside this label")
            path = str(letter)
        key = os.path.normcase(os.path.abspath(path))
        if key in seen:
            continue
        seen.add(key)
        label_file = label_path_for(path)
        if not label_file.is_file():
            skipped(path)
            continue
        label = load_label(label_file)
        _check_codes(label_file, label, announced_codes, note)
        yield path, label


def _check_codes(label_file: Path, label: Label, announced: set[str], note: Note) -> None:
    for pattern in [*label.findings, *label.not_findings]:
        code = pattern.code
        if code is None:
            continue
        if family_of_code(code) is None:
            raise LabelError(f"{label_file}: unknown check code {code} (see 'imrcheck explain')")
        if get_check(code) is None and code not in announced:
            announced.add(code)
            note(f"note: {code} (in {label_file}) is not a registered check yet; where expected it counts as missed")


def evaluate_letters(cases: Iterable[tuple[str, Label]], rules: RuleSet | None = None,
                     mutate: bool = False) -> Evaluation:
    rules = rules if rules is not None else load_rules()
    evaluation = Evaluation(mutate=mutate)
    in_force = {rule.id for rule in rules}
    for path, full_label in cases:
        label = full_label.in_force(in_force)
        text = read_file(path)
        letter = parse_text(text, path)
        report = check_letter(letter, rules)
        score = score_findings(path, report.findings, label.findings, letter, label.not_findings)
        evaluation.letters += 1
        evaluation.add_score(score)
        evaluation.misses.extend(score.misses)
        evaluation.extraction.add(score_extraction(path, letter, label))
        if mutate:
            # A miss the original letter already has would repeat once per variant; list only new ones.
            inherited = {_miss_key(miss) for miss in score.misses}
            for mutation in generate_mutations(text, letter, label):
                variant_score, result = score_mutation(path, label, report, mutation, rules)
                evaluation.variants += 1
                evaluation.add_score(variant_score)
                evaluation.misses.extend(m for m in variant_score.misses if _miss_key(m) not in inherited)
                evaluation.add_mutation(result)
    return evaluation


def score_mutation(path: str, label: Label, original: Report, mutation: Mutation,
                   rules: RuleSet) -> tuple[LetterScore, MutationResult]:
    """Check one variant and score it against its adjusted label and against the original's report."""
    name = mutation.name(path)
    letter = parse_text(mutation.text, name)
    report = check_letter(letter, rules)
    score = score_findings(name, report.findings, mutation.expected_findings(label), letter, label.not_findings,
                           mutation.dont_care)
    present = any(fits(mutation.target, finding) for finding in report.findings)
    caught = present == mutation.target_present
    leave_out = [mutation.target, *mutation.dont_care]
    before, after = finding_keys(original.findings, leave_out), finding_keys(report.findings, leave_out)
    changed = [_change("+", key) for key in sorted((after - before).elements(), key=str)]
    changed += [_change("-", key) for key in sorted((before - after).elements(), key=str)]
    result = MutationResult(name=name, kind=mutation.kind, item=mutation.item, description=mutation.description,
                            target=mutation.target.describe(), target_present=mutation.target_present,
                            caught=caught, exact=caught and not changed, changed=tuple(changed))
    return score, result


def _change(sign: str, key: tuple[str, int | None]) -> str:
    code, item = key
    return f"{sign}{code}" + (f" item {item}" if item is not None else "")


def _miss_key(miss: Miss) -> tuple[Any, ...]:
    return (miss.kind, miss.code, miss.family, miss.item, miss.message if miss.kind == "FP" else None)
