"""Running the real command line in a subprocess, as a user or a CI job would."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.support.paths import ROOT


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    @property
    def error_lines(self) -> list[str]:
        return self.stderr.splitlines()

    def json(self) -> Any:
        return json.loads(self.stdout)

    def checked_paths(self) -> list[str]:
        return [result["path"] for result in self.json()["results"]]


def command(*arguments: str) -> list[str]:
    """The argument list that runs `imrcheck ARGUMENTS`."""
    return [sys.executable, "-m", "checker.cli", *arguments]


def environment(**settings: str) -> dict[str, str]:
    """A run's environment: the caller's less NO_COLOR (a test of colour sets it), with the
    checkout's code whichever folder the run starts in, as the in-process tests import it."""
    inherited = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    path = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return {**inherited, "PYTHONPATH": path, **settings}


def imrcheck(*arguments: str, cwd: Path | None = None, stdin: bytes = b"", env: dict[str, str] | None = None,
             timeout: float = 120) -> Run:
    """`imrcheck ARGUMENTS` run to its end, with `env` added to its environment."""
    completed = subprocess.run(command(*arguments), cwd=cwd, env=environment(**(env or {})), input=stdin,
                               capture_output=True, timeout=timeout)
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
