"""Fuzz the engine with mutated real letters: count crashes and slow cases.

    python -m tests.fuzz.fuzz_letters --count 100000            # the long run
    python -m tests.fuzz.fuzz_letters --seed 7 --case 4242      # reproduce one case

Case i of a run with seed S mutates one example or seed letter with random.Random(f"{S}:{i}")
using the operators of tests/support/letter_mutations.py (the robustness tests use the
same), runs checker.engine.check_text on it and records any exception with the case number
that reproduces it. Not collected by pytest: its file name does not start with test_.
Exit status 1 when any case crashed.
"""
from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
import traceback

from checker.engine import check_text
from tests.support.letter_mutations import letters, mutate


def case_input(all_letters: list[tuple[str, str]], seed: int, case: int) -> tuple[str, str, list[str]]:
    """(letter name, mutated text, mutations applied) of one case: fully determined by (seed, case)."""
    rng = random.Random(f"{seed}:{case}")
    name, text = rng.choice(all_letters)
    mutated, applied = mutate(text, rng)
    return name, mutated, applied


def machine() -> str:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return f"{platform.machine()} {cores} cores, {platform.python_implementation()} {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000, help="how many mutated letters (default 1000)")
    parser.add_argument("--seed", type=int, default=0, help="run seed (default 0)")
    parser.add_argument("--case", type=int, help="run only this case, with a traceback")
    parser.add_argument("--slow", type=float, default=2.0, help="seconds after which a case counts as slow")
    parser.add_argument("--progress", type=int, default=10000, help="print a progress line every N cases")
    arguments = parser.parse_args(argv)

    all_letters = letters()
    if arguments.case is not None:
        name, text, applied = case_input(all_letters, arguments.seed, arguments.case)
        print(f"case {arguments.case} (seed {arguments.seed}): {name} with {', '.join(applied)}, {len(text)} chars")
        started = time.perf_counter()
        report = check_text(text)
        print(f"{time.perf_counter() - started:.2f}s, {len(report.items)} items, {len(report.findings)} findings")
        return 0

    crashes: list[tuple[int, str, list[str], str]] = []
    slow: list[tuple[int, float]] = []
    check_text(all_letters[0][1])  # load lexicons and grammar outside the timings
    started = time.perf_counter()
    for case in range(arguments.count):
        name, text, applied = case_input(all_letters, arguments.seed, case)
        case_started = time.perf_counter()
        try:
            check_text(text)
        except Exception:  # noqa: BLE001 (every exception is a finding of the fuzz run)
            crashes.append((case, name, applied, traceback.format_exc()))
            print(f"CRASH case {case}: {name} with {', '.join(applied)}\n{crashes[-1][3]}", flush=True)
        elapsed = time.perf_counter() - case_started
        if elapsed > arguments.slow:
            slow.append((case, elapsed))
            print(f"SLOW case {case}: {elapsed:.1f}s, {name} with {', '.join(applied)}, {len(text)} chars", flush=True)
        if arguments.progress and (case + 1) % arguments.progress == 0:
            print(f"... {case + 1} letters, {len(crashes)} crashes, {time.perf_counter() - started:.0f}s", flush=True)
    total = time.perf_counter() - started
    rate = arguments.count / total if total else 0.0
    print(f"fuzz_letters: {arguments.count} letters, {len(crashes)} crashes, {len(slow)} slow (> {arguments.slow:g}s), "
          f"{total:.0f}s ({rate:.0f} letters/s), seed {arguments.seed}, {machine()}")
    for case, _, _, _ in crashes[:20]:
        print(f"  reproduce: python tests/fuzz/fuzz_letters.py --seed {arguments.seed} --case {case}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
