"""Shared fixtures: where the project's examples and the shared seed letters are."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEEDS = ROOT.parent / "shared" / "seeds"
sys.path.insert(0, str(Path(__file__).resolve().parent))


def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


def example_files() -> list[Path]:
    return sorted(EXAMPLES.rglob("*.txt"))


@pytest.fixture(autouse=True)
def _results_cache_in_tmp(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's runs keep their results cache in a fresh folder of their own, never in the
    checkout, and never answered from another test's cache."""
    monkeypatch.setenv("IMRCHECK_CACHE_DIR", str(tmp_path_factory.mktemp("imrcheck_cache")))


needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent (a user's clone)")
