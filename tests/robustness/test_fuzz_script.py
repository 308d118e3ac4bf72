"""The long fuzz script (tests/fuzz/fuzz_letters.py) still runs: a short run here, the long
one by hand (`python tests/fuzz/fuzz_letters.py --count 100000`)."""
from __future__ import annotations

import subprocess
import sys

from cli_helpers import ROOT


def test_a_short_fuzz_run_finds_no_crash():
    completed = subprocess.run([sys.executable, str(ROOT / "tests" / "fuzz" / "fuzz_letters.py"), "--count", "40",
                                "--seed", "1"], capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "fuzz_letters: 40 letters, 0 crashes" in completed.stdout


def test_a_fuzz_case_is_reproduced_from_its_seed_and_number():
    completed = subprocess.run([sys.executable, str(ROOT / "tests" / "fuzz" / "fuzz_letters.py"), "--seed", "1",
                                "--case", "7"], capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.startswith("case 7 (seed 1): ")
