"""`imrcheck eval`: score every check on labelled letters, so the project measures itself.

Each letter `x.txt` (or `x.pdf`) with a label `x.expected.yaml` beside it is checked and its
findings are compared with the label: true and false positives and false negatives per check
code and per family, how well the parser read layout, items, headings, outcomes, request
fields and case facts, and a list of every miss with its file and line. `--mutate` adds
generated variants of each letter whose expected findings are known (checker/evaluation/
mutations.py). `--min-precision` / `--min-recall` turn the scores into a CI gate: exit 1 when
a family misses them, 0 otherwise, 2 on an input error (a missing path, a broken label).
"""
from __future__ import annotations

import argparse
import sys

from checker.cli import EXIT_CLEAN, EXIT_FINDINGS, UsageError
from checker.evaluation.corpus import Evaluation, evaluate_letters, labelled_letters
from checker.evaluation.report import Thresholds, render_json, render_text
from checker.models import Confidence, Family
from checker.reading import InputError
from checker.rulebase import load_rules
from checker.rulebase.load import DEFAULT_CONFIDENCE

__all__ = ["run_eval", "evaluate_paths", "Evaluation", "Thresholds"]


def evaluate_paths(paths: list[str], rule_paths: list[str] | None = None,
                   min_confidence: Confidence = DEFAULT_CONFIDENCE, mutate: bool = False) -> Evaluation:
    """Score the labelled letters under `paths` (the library form of `imrcheck eval`)."""
    rules = load_rules(rule_paths or [], min_confidence=min_confidence)
    skipped: list[str] = []
    evaluation = evaluate_letters(labelled_letters(paths, skipped=skipped.append, note=lambda text: None),
                                  rules, mutate=mutate)
    evaluation.skipped = skipped
    return evaluation


def run_eval(arguments: argparse.Namespace) -> int:
    thresholds = _thresholds(arguments)
    # A broken rule file stops the run before any letter is read (RuleFileError -> exit 2).
    rules = load_rules(arguments.rules or [], min_confidence=arguments.min_confidence or DEFAULT_CONFIDENCE)
    skipped: list[str] = []

    def skip(path: str) -> None:
        skipped.append(path)
        print(f"skipped (no label): {path}", file=sys.stderr)

    cases = labelled_letters(arguments.paths, skipped=skip, note=lambda text: print(text, file=sys.stderr))
    evaluation = evaluate_letters(cases, rules, mutate=arguments.mutate)
    evaluation.skipped = skipped
    if evaluation.letters == 0:
        raise InputError("no labelled letters found (a label is LETTER.expected.yaml beside LETTER.txt or .pdf)")
    failures = thresholds.judge(evaluation)
    render = render_json if arguments.output_format == "json" else render_text
    sys.stdout.write(render(evaluation, thresholds))
    sys.stdout.flush()
    return EXIT_FINDINGS if failures else EXIT_CLEAN


def _thresholds(arguments: argparse.Namespace) -> Thresholds:
    for option, value in (("--min-precision", arguments.min_precision), ("--min-recall", arguments.min_recall)):
        if value is not None and not 0.0 <= value <= 1.0:
            raise UsageError(f"{option} must be between 0 and 1, got {value:g}")
    families: list[Family] = []
    known = {family.value: family for family in Family}
    for entry in arguments.family or []:
        for name in (part.strip().lower() for part in entry.split(",")):
            if not name:
                continue
            if name not in known:
                raise UsageError(f"unknown family '{name}' (one of: {', '.join(known)})")
            if known[name] not in families:
                families.append(known[name])
    return Thresholds(min_precision=arguments.min_precision, min_recall=arguments.min_recall,
                      families=tuple(families))
