"""Issue 16: what a CI gate or a terminal sees: a broken pipe never turns findings into
success, and the progress counter never shares a line with a finding."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import cli
from tests.support.cli import imrcheck
from tests.support.paths import FLAWED_LETTER

ENVIRONMENT = cli.environment(NO_COLOR="1")


@pytest.fixture
def many_flawed(tmp_path: Path) -> Path:
    folder = tmp_path / "letters"
    folder.mkdir()
    for number in range(120):
        (folder / f"{number:03}.txt").write_bytes(FLAWED_LETTER.read_bytes())
    return folder


def _exit_after_reader_closes(folder: Path, *options: str) -> int:
    process = subprocess.Popen(cli.command("check", "-j", "1", *options, str(folder)),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENVIRONMENT)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.readline()
    process.stdout.close()  # as `| head -1` does
    stderr = process.stderr.read().decode()
    code = process.wait(timeout=120)
    assert "Traceback" not in stderr and "Exception ignored" not in stderr, stderr
    return code


@pytest.mark.skipif(not hasattr(signal, "SIGPIPE"), reason="no SIGPIPE on this system")
def test_a_broken_pipe_with_findings_never_exits_0(many_flawed):
    code = _exit_after_reader_closes(many_flawed)
    assert code != 0
    assert code in (1, -signal.SIGPIPE)


def test_a_complete_run_keeps_its_exit_code_when_read_to_the_end(many_flawed):
    assert imrcheck("check", "-j", "1", str(many_flawed)).returncode == 1


def _run_on_a_terminal(folder: Path) -> bytes:
    """Run the checker with stdout and stderr on one pseudo-terminal, as a person sees it."""
    import pty

    pid, fd = pty.fork()
    if pid == 0:  # the child: the terminal is its stdout and stderr
        os.execvpe(sys.executable, cli.command("check", "-j", "1", str(folder)),
                   ENVIRONMENT)
    shown = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.waitpid(pid, 0)
    return shown


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")
def test_the_progress_counter_is_cleared_before_any_finding_line(many_flawed):
    shown = _run_on_a_terminal(many_flawed).decode("utf-8", "replace")
    # The terminal would show the text after the last carriage return of each line.
    lines = [line.split("\r")[-1] for line in shown.replace("\r\n", "\n").split("\n")]
    findings = [line for line in lines if "OUT001" in line]
    assert len(findings) == 120
    assert "files checked..." in shown, "the counter should be shown on a terminal for a long run"
    assert all(line.startswith(str(many_flawed)) for line in findings), [
        line for line in findings if not line.startswith(str(many_flawed))][:3]
    assert not any("files checked" in line for line in lines if line.strip() and "OUT001" in line)
