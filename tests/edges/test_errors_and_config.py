"""Issue 16: every error a user can cause is one line on stderr and exit 2, never a
traceback; config values are checked and every config error names its file and key."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from checker.output import FORMATS
from tests.support import cli
from tests.support.cli import assert_one_clean_error_line, imrcheck
from tests.support.paths import FLAWED_LETTER, GOOD_LETTER

needs_dev_full = pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")


@pytest.fixture
def letter(tmp_path: Path) -> Path:
    copy = tmp_path / "letter.txt"
    copy.write_bytes(FLAWED_LETTER.read_bytes())
    return copy


def test_write_baseline_into_a_missing_folder_is_one_line_before_any_letter_is_read(tmp_path, letter):
    run = imrcheck("check", "--write-baseline", "nowhere/baseline.json", "letter.txt", cwd=tmp_path)
    assert run.returncode == 2 and run.stdout == ""
    assert_one_clean_error_line(run, "nowhere/baseline.json", "no folder")


def test_write_baseline_onto_a_directory_is_one_line(tmp_path, letter):
    (tmp_path / "adir").mkdir()
    run = imrcheck("check", "--write-baseline", "adir", "letter.txt", cwd=tmp_path)
    assert run.returncode == 2
    assert_one_clean_error_line(run, "adir", "is a directory")


@needs_dev_full
def test_write_baseline_onto_a_full_disk_is_one_line(tmp_path, letter):
    run = imrcheck("check", "--write-baseline", "/dev/full", "letter.txt", cwd=tmp_path)
    assert run.returncode == 2
    assert_one_clean_error_line(run, "/dev/full", "cannot write the baseline")


@needs_dev_full
@pytest.mark.parametrize("command", [("check", "letter.txt"), ("explain",), ("parse", "letter.txt")])
def test_a_report_that_cannot_be_written_is_one_line_and_exit_2(tmp_path, letter, command):
    import subprocess

    with open("/dev/full", "w") as full:
        completed = subprocess.run(cli.command(*command), cwd=tmp_path, stdout=full,
                                   check=False, stderr=subprocess.PIPE, env=cli.environment())
    stderr = completed.stderr.decode()
    assert completed.returncode == 2, stderr
    assert "Traceback" not in stderr and "Exception ignored" not in stderr
    assert stderr.splitlines() == ["imrcheck: error: cannot write the output: No space left on device"]


# (setting as written, the words the one error line must hold)
BAD_SETTINGS = [
    ('fail-on = "eror"', ["fail-on", "'eror'", "error, warning, info"]),
    ('output-format = "xml"', ["output-format", "'xml'", ", ".join(FORMATS)]),
    ('color = "sometimes"', ["color", "'sometimes'", "auto, always, never"]),
    ('min-confidence = "maybe"', ["min-confidence", "'maybe'", "confirmed, single_source, recalled"]),
    ('no-recalled = true', ["unknown setting 'no-recalled'"]),
    ('colour = "never"', ["unknown setting 'colour'"]),
    ('jobs = true', ["jobs", "should be a int"]),
    ('select = [1, 2]', ["select", "list of strings"]),
]


@pytest.mark.parametrize(("setting", "words"), BAD_SETTINGS,
                         ids=[s.split(" =")[0] + "-" + s[-6:] for s, _ in BAD_SETTINGS])
def test_a_bad_config_value_names_the_file_and_the_key(tmp_path, letter, setting, words):
    (tmp_path / "pyproject.toml").write_text(f"[tool.imrcheck]\n{setting}\n")
    run = imrcheck("check", "letter.txt", cwd=tmp_path)
    assert run.returncode == 2 and run.stdout == ""
    assert_one_clean_error_line(run, "pyproject.toml", *words)


def test_good_config_values_are_accepted(tmp_path, letter):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.imrcheck]\nfail-on = "error"\noutput-format = "json"\ncolor = "never"\nmin-confidence = "recalled"\n')
    run = imrcheck("check", "letter.txt", cwd=tmp_path)
    assert run.returncode in (0, 1) and run.stderr == ""
    assert run.json()["results"]


def test_a_config_with_a_duplicate_key_is_one_line(tmp_path, letter):
    (tmp_path / "settings.toml").write_text('[tool.imrcheck]\nfail-on = "error"\nfail-on = "info"\n')
    run = imrcheck("check", "--config", "settings.toml", "letter.txt", cwd=tmp_path)
    assert run.returncode == 2
    assert_one_clean_error_line(run, "settings.toml", "invalid TOML")


@pytest.mark.parametrize(("name", "text", "words"), [
    ("duplicate", "layout: unknown\nitems: []\nitems: []\nfindings: []\n", ["key 'items' appears twice", ":3:"]),
    ("nested", "layout: unknown\nitems: []\nfindings: []\nextra: " + "[" * 20_000 + "]" * 20_000 + "\n",
     ["nested more than"]),
])
def test_eval_refuses_a_broken_label_with_one_line(tmp_path, name, text, words):
    (tmp_path / "letter.txt").write_bytes(GOOD_LETTER.read_bytes())
    (tmp_path / "letter.expected.yaml").write_text(text)
    run = imrcheck("eval", "letter.txt", cwd=tmp_path)
    assert run.returncode == 2
    assert_one_clean_error_line(run, "letter.expected.yaml", *words)


def test_statistics_with_a_machine_format_is_refused_with_a_message(tmp_path, letter):
    run = imrcheck("check", "--statistics", "--output-format", "json", "letter.txt", cwd=tmp_path)
    assert run.returncode == 2 and run.stdout == ""
    assert_one_clean_error_line(run, "--statistics", "--output-format text")
    text = imrcheck("check", "--statistics", "letter.txt", cwd=tmp_path)
    assert text.returncode == 1 and "OUT001  outcome-contradicts-conclusion" in text.stdout.splitlines()[-2]
