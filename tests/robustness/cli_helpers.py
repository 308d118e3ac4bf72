"""Running the real command line in a subprocess, as a user or a CI job would."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD_LETTER = ROOT / "examples" / "imr-final" / "clean-norco-prilosec.txt"


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def error_lines(self) -> list[str]:
        return self.stderr.splitlines()

    def json(self) -> dict:
        return json.loads(self.stdout)

    def checked_paths(self) -> list[str]:
        return [result["path"] for result in self.json()["results"]]


def imrcheck(*arguments: str, cwd: Path, stdin: bytes = b"", timeout: float = 120) -> Run:
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "NO_COLOR": "1"}
    completed = subprocess.run([sys.executable, "-m", "checker.cli", *arguments], cwd=cwd, env=environment,
                               input=stdin, capture_output=True, timeout=timeout)
    return Run(completed.returncode, completed.stdout.decode("utf-8", "replace"),
               completed.stderr.decode("utf-8", "replace"))


def assert_one_clean_error_line(run: Run, *mentions: str) -> str:
    """Exactly one line on stderr, naming what it is about, and no traceback."""
    assert "Traceback" not in run.stderr, run.stderr
    assert len(run.error_lines) == 1, run.stderr
    line = run.error_lines[0]
    assert line.startswith("imrcheck: error: "), line
    for mention in mentions:
        assert mention in line, line
    return line
