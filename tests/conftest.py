"""Fixtures every test gets: runs never read or write a results cache outside the session's
temporary folders. Shared helpers are in tests/support."""
from __future__ import annotations

from collections.abc import Iterator

import pytest


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
