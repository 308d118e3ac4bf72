"""Where the project's example letters and the shared seed letters are."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
# The five real letters live beside the checkout, never in it; a user's clone has none.
SEEDS = ROOT.parent / "shared" / "seeds"
GOOD_LETTER = EXAMPLES / "imr-final" / "clean-norco-prilosec.txt"
# Overturned while its rationale finds the request not necessary: one error finding.
FLAWED_LETTER = EXAMPLES / "imr-final" / "pt-overturned-rationale-denies.txt"

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent (a user's clone)")


def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


def example_files() -> list[Path]:
    return sorted(EXAMPLES.rglob("*.txt"))
