"""`imrcheck check --output-file`: the report is written whole or not at all, and an
unwritable target stops the run before any letter is read."""
from __future__ import annotations

import json
import os
import stat

import pytest

from checker.output_file import AtomicOutputFile, OutputFileError
from tests.support.cli import imrcheck
from tests.support.paths import EXAMPLES

LETTER = str(next(EXAMPLES.glob("imr-final/pt-overturned-rationale-denies.txt")))


def test_report_goes_to_the_file_and_the_summary_line_to_stderr(tmp_path):
    target = tmp_path / "report.json"
    result = imrcheck("check", "--output-format", "json", "--output-file", str(target), LETTER)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Checked 1 file, ") and result.stderr.count("\n") == 1
    assert json.loads(target.read_text()) == json.loads(imrcheck("check", "--output-format", "json", LETTER).stdout)
    assert os.listdir(tmp_path) == ["report.json"]


def test_an_existing_report_is_replaced_and_gets_ordinary_permissions(tmp_path):
    target = tmp_path / "report.html"
    target.write_text("old report")
    imrcheck("check", "--output-format", "html", "--output-file", str(target), LETTER)
    assert target.read_text().startswith("<!DOCTYPE html>")
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~_umask()


@pytest.mark.parametrize("where", ["missing-folder/report.html", "a-file/report.html", "."])
def test_an_unwritable_target_is_one_line_and_exit_2_before_any_letter_is_read(tmp_path, where):
    (tmp_path / "a-file").write_text("not a folder")
    result = imrcheck("check", "--output-format", "html", "--output-file", str(tmp_path / where),
                      LETTER, str(tmp_path / "no-such-letter.txt"))
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("imrcheck: error: --output-file ")
    # The missing letter was never looked for, and nothing was written.
    assert "no-such-letter" not in result.stderr and result.stdout == ""
    assert sorted(os.listdir(tmp_path)) == ["a-file"]


def test_a_discarded_report_leaves_the_old_file_and_no_temporary_file(tmp_path):
    target = tmp_path / "report.txt"
    target.write_text("old report")
    output = AtomicOutputFile(str(target))
    output.stream.write("half a rep")
    output.discard()
    assert target.read_text() == "old report"
    assert os.listdir(tmp_path) == ["report.txt"]


def test_nothing_reaches_the_target_before_commit(tmp_path):
    target = tmp_path / "report.txt"
    output = AtomicOutputFile(str(target))
    output.stream.write("whole report\n")
    output.stream.flush()
    assert not target.exists()
    output.commit()
    assert target.read_text() == "whole report\n"
    assert os.listdir(tmp_path) == ["report.txt"]


def test_a_directory_is_not_a_target(tmp_path):
    with pytest.raises(OutputFileError, match="is a directory"):
        AtomicOutputFile(str(tmp_path))


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize("option", ["--output-file", "--write-baseline"])
def test_a_device_or_fifo_is_never_replaced_by_a_written_file(tmp_path, option):
    # A rename over a special file replaces it: run as root, /dev/full would become a file.
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    run = imrcheck("check", option, str(fifo), str(EXAMPLES / "imr-final" / "soma-overturned.txt"), cwd=tmp_path)
    assert run.returncode == 2 and "not a regular file" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
