"""The labelled letters the tests of `imrcheck eval` score, and helpers to read them.

The labelled set is tests/fixtures/eval/: four small imr-final letters.
- clean-naproxen-pt: nothing to report (two items, ages stated twice alike, a PT heading "2x/week x 4 weeks").
- mri-upheld-but-necessary: Upheld but concludes "is medically necessary"; labelled {family: outcome, item: 1}.
- tizanidine-wrongly-labelled: the OUT001 is on item 1, the label DELIBERATELY puts it on item 2
  (one false positive and one false negative), with a not_findings entry for item 1.
- celecoxib-age-differs: 61 vs 62 years old; labelled {family: facts} (letter-wide).
"""
from __future__ import annotations

from pathlib import Path

from checker.engine import parse_text
from checker.evaluation.labels import label_path_for, load_label
from checker.evaluation.scoring import Counts
from checker.models import Family, Finding, Severity
from tests.support.paths import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "eval"
CLEAN = FIXTURES / "clean-naproxen-pt.txt"
MRI = FIXTURES / "mri-upheld-but-necessary.txt"
WRONG = FIXTURES / "tizanidine-wrongly-labelled.txt"
AGE = FIXTURES / "celecoxib-age-differs.txt"


def counts(evaluation, code=None, family=None) -> tuple[int, int, int]:
    tally = evaluation.codes.get(code, Counts()) if code else evaluation.families.get(family, Counts())
    return tally.true_positives, tally.false_positives, tally.false_negatives


def finding(code: str, family: Family, item: int | None = None) -> Finding:
    return Finding(code=code, family=family, severity=Severity.ERROR, message="m", item=item)


def letter_and_label(path: Path):
    text = path.read_text(encoding="utf-8")
    return text, parse_text(text, str(path)), load_label(label_path_for(path))
