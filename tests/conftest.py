"""Shared fixtures: where the project's examples and the shared seed letters are."""
from __future__ import annotations

import sys
from collections.abc import Iterator
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


@pytest.fixture(scope="session", autouse=True)
def _results_cache_of_the_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Runs made by module-wide fixtures keep their results cache in the session's temporary
    folder, never in the checkout."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("IMRCHECK_CACHE_DIR", str(tmp_path_factory.mktemp("imrcheck_cache")))
        yield


@pytest.fixture(autouse=True)
def _results_cache_in_tmp(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test's runs keep their results cache in a fresh folder of their own, never
    answered from another test's cache."""
    monkeypatch.setenv("IMRCHECK_CACHE_DIR", str(tmp_path_factory.mktemp("imrcheck_cache")))


needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds is absent (a user's clone)")
