"""What the checks report must not depend on how a run is executed.

The speed-ups (the rule base, grammar, lexicons and patterns built once per process and kept;
worker processes forked from a parent that has them; a single file checked without a worker
pool) are only correct if a letter's report is the same whichever path it takes. These tests
pin that over every example letter (and the seed letters, when shared/seeds is beside the
checkout): `-j 1` against `-j 2`, and a report made in this long-lived process, after the
caches have seen every other letter, against one made by a fresh `imrcheck` process that
checks that letter alone.
"""
from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

import checker
from checker.serialize import to_data
from tests.support.cli import Run, imrcheck
from tests.support.paths import EXAMPLES, ROOT, SEEDS, seed_files

LETTERS = sorted(EXAMPLES.glob("*/*.txt")) + seed_files()


def _imrcheck(*arguments: str) -> Run:
    return imrcheck(*arguments, cwd=ROOT, timeout=600)


def _letter_id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


@pytest.fixture(scope="module")
def fresh_process_reports() -> dict[Path, dict[str, Any]]:
    """Each letter's report from its own new `imrcheck check FILE` process."""

    def check_alone(path: Path) -> dict[str, Any]:
        done = _imrcheck("check", str(path), "--output-format", "json", "--exit-zero", "-j", "1")
        assert done.returncode == 0, done.stderr
        results = json.loads(done.stdout)["results"]
        assert len(results) == 1
        return results[0]

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return dict(zip(LETTERS, pool.map(check_alone, LETTERS), strict=True))


@pytest.fixture(scope="module")
def in_process_reports() -> dict[Path, dict[str, Any]]:
    """Each letter's report from this process, checked after all the others (caches warm)."""
    for path in LETTERS:
        checker.check_file(str(path))
    return {path: to_data(checker.check_file(str(path))) for path in reversed(LETTERS)}


def test_there_are_letters_to_compare() -> None:
    assert len(LETTERS) >= 10


@pytest.mark.parametrize("path", LETTERS, ids=_letter_id)
def test_report_in_a_long_lived_process_equals_a_fresh_process_report(
        path: Path, in_process_reports: dict[Path, dict[str, Any]],
        fresh_process_reports: dict[Path, dict[str, Any]]) -> None:
    assert in_process_reports[path] == fresh_process_reports[path]


def test_one_worker_and_two_workers_print_the_same_json() -> None:
    arguments = ["check", "examples", *([str(SEEDS)] if SEEDS.is_dir() else []), "--output-format", "json",
                 "--exit-zero"]
    one = _imrcheck(*arguments, "-j", "1")
    two = _imrcheck(*arguments, "-j", "2")
    assert one.returncode == two.returncode == 0, one.stderr + two.stderr
    document = json.loads(one.stdout)
    assert document["summary"]["files"] >= len(LETTERS)
    assert one.stdout == two.stdout
    assert one.stderr == two.stderr


def test_one_worker_and_two_workers_print_the_same_text() -> None:
    one = _imrcheck("check", "examples", "--output-format", "text", "--color", "never", "--statistics", "-j", "1")
    two = _imrcheck("check", "examples", "--output-format", "text", "--color", "never", "--statistics", "-j", "2")
    assert one.returncode == two.returncode
    assert one.stdout == two.stdout
