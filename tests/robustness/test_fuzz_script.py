"""The long fuzz script (tests/fuzz/fuzz_letters.py) still runs: a short run here, the long
one by hand (`python -m tests.fuzz.fuzz_letters --count 100000`)."""
from __future__ import annotations

import subprocess
import sys

from tests.support.paths import ROOT


def test_a_short_fuzz_run_finds_no_crash():
    completed = subprocess.run([sys.executable, "-m", "tests.fuzz.fuzz_letters", "--count", "40",
                                "--seed", "1"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "fuzz_letters: 40 letters, 0 crashes" in completed.stdout


def test_a_fuzz_case_is_reproduced_from_its_seed_and_number():
    completed = subprocess.run([sys.executable, "-m", "tests.fuzz.fuzz_letters", "--seed", "1",
                                "--case", "7"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("case 7 (seed 1): ")
