"""The time budget holds whatever code is running, a dying worker costs one letter and never
the run, and a stopped run leaves no worker behind."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from checker import grammar, runner
from checker.output import FileError
from checker.rulebase import load_rules
from tests.support import cli
from tests.support.cli import assert_one_clean_error_line
from tests.support.letter_mutations import many_items_letter
from tests.support.paths import GOOD_LETTER, ROOT

EXAMPLES = sorted(str(path) for path in (ROOT / "examples").rglob("*.txt"))[:6]


def _reference() -> list:
    rules = load_rules()
    return [runner.check_one(path, rules, runner.RunOptions()) for path in EXAMPLES]


def _swallowing_everything(seconds: float) -> None:
    """Busy for `seconds`, catching every Exception the way pypdf's repair loops do."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            sum(range(10_000))
        except Exception:  # noqa: BLE001  (the point: a budget raised as an exception dies here)
            pass


def _harm_when_checking(path: str, harm: Callable[[], object], monkeypatch: pytest.MonkeyPatch) -> None:
    """The engine's check does `harm()` first when the letter is `path`."""
    real = runner.check_letter

    def check_letter(letter, *arguments):
        if letter.path == path:
            harm()
        return real(letter, *arguments)

    monkeypatch.setattr(runner, "check_letter", check_letter)


@pytest.mark.parametrize("jobs", [1, 2])
def test_code_that_swallows_every_exception_is_still_stopped_at_the_budget(monkeypatch, jobs):
    expected = _reference()
    # The old in-process timer was caught in such code and lost.
    _harm_when_checking(EXAMPLES[1], lambda: _swallowing_everything(60), monkeypatch)
    results = list(runner.run(iter(EXAMPLES), runner.RunOptions(timeout=1.0), jobs=jobs))
    assert isinstance(results[1], FileError) and "per-file budget of 1s" in results[1].message
    assert results[:1] + results[2:] == expected[:1] + expected[2:]


def test_an_interrupted_letter_leaves_nothing_in_the_heading_cache(monkeypatch, tmp_path):
    # The first letter's heading parse overruns the budget in code that catches everything;
    # the same heading in the next letter must be parsed afresh, not served a result
    # cached from the interrupted letter.
    # A heading no other test parses: the workers fork from this process and would inherit
    # its parse from this process's heading cache, and the trap below would never be reached.
    text = GOOD_LETTER.read_text(encoding="utf-8").replace("Norco 10/325mg #90", "Norco 10/325mg #90 (note 8841)")
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(text, encoding="utf-8")
    second.write_text(text, encoding="utf-8")
    armed = tmp_path / "armed"
    armed.touch()
    real = grammar.build_request

    def build_request(text):
        if armed.exists():
            armed.unlink()
            _swallowing_everything(30)
            raise ValueError("interrupted")
        return real(text)

    # Checked in a worker too, so this process's heading cache stays without the heading.
    expected = next(runner.run(iter([str(second)]), runner.RunOptions(), jobs=1)).findings
    monkeypatch.setattr(grammar, "build_request", build_request)
    results = list(runner.run(iter([str(first), str(second)]), runner.RunOptions(timeout=1.0), jobs=1))
    assert isinstance(results[0], FileError) and "per-file budget" in results[0].message
    assert "STR004" not in [finding.code for finding in results[1].findings]
    assert results[1].findings == expected


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_worker_killed_by_sigkill_costs_its_letter_only(monkeypatch, jobs):
    doomed = EXAMPLES[2]
    expected = _reference()
    # As the out-of-memory killer would.
    _harm_when_checking(doomed, lambda: os.kill(os.getpid(), signal.SIGKILL), monkeypatch)
    results = list(runner.run(iter(EXAMPLES), runner.RunOptions(), jobs=jobs))
    assert isinstance(results[2], FileError)
    assert results[2].message == f"{doomed}: the worker checking this letter was killed by SIGKILL (out of memory?); " \
                                 "the rest of the run went on"
    assert results[:2] + results[3:] == expected[:2] + expected[3:]


def test_workers_are_capped_by_files_and_cores():
    assert runner.worker_count(100_000_000_000_000_000, files=3) == 3
    assert runner.worker_count(100_000_000_000_000_000, files=10**9) == runner.MAX_JOBS_PER_CORE * runner.default_jobs()
    assert runner.worker_count(2, files=10**9) == 2
    assert runner.worker_count(8, files=0) == 1


def _children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in children.read_text().split()] if children.exists() else []


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return status.rsplit(")", 1)[1].split()[0] != "Z"


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])  # utime and stime


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc to find the workers")


@linux_only
@pytest.mark.parametrize("stop, code, line", [(signal.SIGTERM, 143, "imrcheck: terminated"),
                                              (signal.SIGINT, 130, "imrcheck: interrupted")])
def test_a_stopped_run_ends_every_worker_with_one_line(tmp_path, stop, code, line):
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(many_items_letter(40_000))
    process = subprocess.Popen(cli.command("check", "-j", "2", "--timeout", "600",
                                "--max-items", "100000", "a.txt", "b.txt"), cwd=tmp_path, env=cli.environment(),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while len(workers := _children(process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(workers) == 2
        process.send_signal(stop)
        _, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == code
    assert stderr.decode().splitlines() == [line]
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers)


@linux_only
def test_a_killed_worker_in_a_cli_run_is_one_error_line_and_exit_2(tmp_path):
    # A letter whose check is interrupted by a kill from outside, seen as the user sees it.
    shutil.copy(GOOD_LETTER, tmp_path / "good.txt")
    (tmp_path / "slow.txt").write_text(many_items_letter(40_000))
    process = subprocess.Popen(cli.command("check", "-j", "2", "--output-format", "json",
                                "--timeout", "600", "--max-items", "100000", "slow.txt", "good.txt"),
                               cwd=tmp_path, env=cli.environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while len(workers := _children(process.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        # The worker holding the slow letter is the one that keeps using the processor.
        while not (busy := [pid for pid in workers if _cpu_ticks(pid) > 50]) and time.monotonic() < deadline:
            time.sleep(0.05)
        os.kill(busy[0], signal.SIGKILL)
        stdout, stderr = process.communicate(timeout=60)
    finally:
        process.kill()
    from tests.support.cli import Run

    run = Run(process.returncode, stdout.decode(), stderr.decode())
    assert run.returncode == 2
    assert_one_clean_error_line(run, "slow.txt", "killed by SIGKILL")
    assert run.checked_paths() == ["good.txt"]
