"""Measuring imrcheck on labelled letters: labels, scoring, mutations and their report.

`imrcheck eval` (checker/evaluation/command.py) is the front door; the pieces are usable alone:

    from checker.evaluation import load_label, evaluate_letters, labelled_letters
"""
from __future__ import annotations

from typing import Any

from checker.evaluation.labels import Label, LabelError, load_label

__all__ = ["Label", "LabelError", "load_label", "evaluate_letters", "labelled_letters", "Evaluation"]


def __getattr__(name: str) -> Any:
    # The corpus runner imports the whole checker; loading a label should not need to.
    if name in ("evaluate_letters", "labelled_letters", "Evaluation"):
        from checker.evaluation import corpus

        return getattr(corpus, name)
    raise AttributeError(f"module 'checker.evaluation' has no attribute {name!r}")
