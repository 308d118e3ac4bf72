"""Instructions per letter of in-process `checker.check_file`, counted by valgrind's callgrind.

    python benchmarks/instructions.py                # 100 letters of the generated corpus
    python benchmarks/instructions.py --count 300 --python /tmp/old/bin/python

Wall time on a shared machine varies by a third from run to run; an instruction count does
not (the same interpreter, code and letters give the same count whatever else the machine
is doing), so it is how two versions are compared. It is not a speed: letters/s comes from
bench.py. The count is that of warm-up + N letters less that of the warm-up letters alone, so
start-up (imports, rule base, grammar) and the patterns compiled on first need are left out.
Needs valgrind on PATH.
"""
from __future__ import annotations

import argparse
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import letter_files  # noqa: E402

# `python -c` imports from its working folder first: not from a checkout there.
_ELSEWHERE = tempfile.gettempdir()
# Letters checked before the count starts, in both runs: they compile the patterns that are
# compiled on first need, which would otherwise be counted as the letters' own work.
WARM_UP = 20
# Checks the letters given; run by the measured interpreter.
_RUN = """
import sys, checker
for path in sys.argv[1:]:
    checker.check_file(path)
"""


def instructions(python: str, paths: list[Path]) -> int:
    run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", python, "-c", _RUN,
                          *map(str, paths)], capture_output=True, text=True, cwd=_ELSEWHERE)
    found = re.search(r"Collected : (\d+)", run.stderr)
    if run.returncode != 0 or found is None:
        raise SystemExit(f"instructions.py: valgrind run failed: {run.stderr.strip().splitlines()[-1:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100, help="letters counted (default 100)")
    parser.add_argument("--python", default=sys.executable, help="the interpreter whose imrcheck is measured")
    parser.add_argument("--corpus", type=Path, default=HERE / "out" / "corpus")
    arguments = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("instructions.py: valgrind is not on PATH")
    paths = [path.resolve() for path in letter_files(arguments.corpus)][:WARM_UP + arguments.count]
    if len(paths) < WARM_UP + arguments.count:
        raise SystemExit(f"instructions.py: fewer than {WARM_UP + arguments.count} letters under {arguments.corpus} "
                         "(make them with generate.py)")
    checker_path = subprocess.run([arguments.python, "-c", "import checker; print(checker.__file__)"],
                                  capture_output=True, text=True, cwd=_ELSEWHERE).stdout.strip()
    # A first run fills imrcheck's caches (rule base, grammar), so that neither count pays for it.
    subprocess.run([arguments.python, "-c", _RUN, str(paths[0])], cwd=_ELSEWHERE, check=True)
    base = instructions(arguments.python, paths[:WARM_UP])
    total = instructions(arguments.python, paths)
    per_letter = (total - base) / arguments.count
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()} "
          f"(measured: {arguments.python}, {checker_path})")
    print(f"instructions: {per_letter / 1e6:.2f} M per letter over {arguments.count} letters "
          f"(callgrind; start-up and {WARM_UP} warm-up letters left out)")


if __name__ == "__main__":
    main()
