"""Files a repository names (config, baseline, rules, labels) and letters are read within
bounds: regular files only, a size limit, numbers that fit; and the baseline is written
atomically."""
from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess

import pytest

from checker import atomic, datafile
from checker.baseline import Baseline
from tests.support import cli
from tests.support.cli import Run, assert_one_clean_error_line, imrcheck
from tests.support.paths import GOOD_LETTER, ROOT

GYM_RULE = """id: local.gym.not-recommended
title: Gym memberships
applies_to: {treatments: [gym_membership]}
not_recommended: true
confidence: single_source
fact: "9.5"
severity: warning
message: "MESSAGE"
citation: {guideline: ODG, topic: Gym}
"""


@pytest.fixture
def folder(tmp_path):
    shutil.copy(GOOD_LETTER, tmp_path / "good.txt")
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    return tmp_path


@pytest.mark.parametrize("arguments, named", [
    (["check", "--config", "fifo", "good.txt"], "fifo"),
    (["check", "--config", "/dev/zero", "good.txt"], "/dev/zero"),
    (["check", "--baseline", "zero.json", "good.txt"], "zero.json"),
    (["check", "--baseline", "fifo", "good.txt"], "fifo"),
    (["check", "--rules", "fifo", "good.txt"], "fifo"),
    (["check", "--rules", "zero.json", "good.txt"], "zero.json"),
    (["parse", "fifo"], "fifo"),
    (["check", "fifo"], "fifo"),
], ids=lambda value: "-".join(value) if isinstance(value, list) else value)
def test_a_device_or_fifo_is_refused_with_one_line_not_read_forever(folder, arguments, named):
    run = imrcheck(*arguments, cwd=folder, timeout=60)
    assert run.returncode == 2
    assert_one_clean_error_line(run, named, "not a regular file")


def test_a_baseline_named_in_pyproject_that_links_to_dev_zero_is_refused(folder):
    (folder / "pyproject.toml").write_text('[tool.imrcheck]\nbaseline = "zero.json"\n')
    run = imrcheck("check", "good.txt", cwd=folder, timeout=60)
    assert run.returncode == 2
    assert_one_clean_error_line(run, "cannot read baseline", "not a regular file")


def test_a_data_file_over_the_size_limit_is_refused(tmp_path):
    (tmp_path / "big.json").write_bytes(b" " * 101)
    with pytest.raises(datafile.NotReadable, match="larger than the limit of 100 bytes"):
        datafile.read_data_file(tmp_path / "big.json", "baseline", limit=100)
    (tmp_path / "small.json").write_bytes(b" " * 100)
    assert datafile.read_data_file(tmp_path / "small.json", "baseline", limit=100) == " " * 100


@pytest.mark.parametrize("count", ["Infinity", "NaN", "-Infinity", "1e400", "0", "true", "9" * 5000])
def test_a_baseline_count_that_is_not_a_sane_number_is_one_line(tmp_path, count):
    shutil.copy(GOOD_LETTER, tmp_path / "good.txt")
    (tmp_path / "base.json").write_text('{"version": 1, "findings": [{"key": "a:1:OUT001", "count": %s}]}' % count)
    run = imrcheck("check", "--baseline", "base.json", "good.txt", cwd=tmp_path)
    assert run.returncode == 2
    assert_one_clean_error_line(run, "base.json", "not a valid imrcheck baseline")


@pytest.mark.parametrize("message", ["{treatment:>100000000}", "{treatment!r}", "{treatment.__class__}",
                                     "{treatment[0]}", "{0}", "{}"])
def test_a_rule_message_may_hold_only_plain_named_fields(tmp_path, message):
    (tmp_path / "gym.yaml").write_text(GYM_RULE.replace("MESSAGE", "Approved a " + message + " request"))
    run = imrcheck("rules", "validate", "--rules", "gym.yaml", cwd=tmp_path)
    assert run.returncode == 2 and "not a plain field" in run.stderr and "Traceback" not in run.stderr


def test_a_plain_named_field_is_still_allowed(tmp_path):
    (tmp_path / "gym.yaml").write_text(GYM_RULE.replace("MESSAGE", "Approved a {treatment} request"))
    run = imrcheck("rules", "validate", "--rules", "gym.yaml", cwd=tmp_path)
    assert run.returncode == 0, run.stderr


def test_a_rendered_rule_message_is_bounded(tmp_path):
    from checker import check_text, load_rules
    from checker.rulebase.evaluate import MAX_MESSAGE

    (tmp_path / "gym.yaml").write_text(GYM_RULE.replace("MESSAGE", "{treatment} " * 200))
    letter = ("HOW THE IMR FINAL DETERMINATION WAS MADE\nCLINICAL CASE SUMMARY\nThe patient is a 47 year old.\n\n"
              "IMR ISSUES, DECISIONS AND RATIONALES\n\nGym membership x 6 months:  Overturned\n\n"
              "Decision rationale: The gym membership is medically necessary.\n")
    report = check_text(letter, rules=load_rules([str(tmp_path / "gym.yaml")]))
    messages = [finding.message for finding in report.findings if finding.code == "RUL003"]
    assert len(messages) == 1
    assert len(messages[0]) <= MAX_MESSAGE + 100 and messages[0].endswith("...")


@pytest.mark.parametrize("where", ["rule", "label"])
def test_an_integer_of_100000_digits_is_one_line(tmp_path, where):
    digits = "9" * 100_000
    if where == "rule":
        rule = GYM_RULE.replace("MESSAGE", "{treatment}") + f"limit: {{visits: {digits}}}\n"
        (tmp_path / "gym.yaml").write_text(rule)
        run = imrcheck("check", "--rules", "gym.yaml", str(GOOD_LETTER), cwd=tmp_path)
        named = "gym.yaml:10"
    else:
        shutil.copy(GOOD_LETTER, tmp_path / "good.txt")
        (tmp_path / "good.expected.yaml").write_text(f"layout: imr-final\nitems: []\ncount: {digits}\n")
        run = imrcheck("eval", "good.txt", cwd=tmp_path)
        named = "good.expected.yaml:3"
    assert run.returncode == 2
    assert_one_clean_error_line(run, named, "cannot be read")


def test_stdin_with_a_huge_max_file_size_is_read_without_preallocating(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.imrcheck]\nmax-file-size = 1000000000000\n")
    run = imrcheck("check", "-", cwd=tmp_path, stdin=GOOD_LETTER.read_bytes())
    assert run.returncode == 0 and run.stderr == ""


# ------------------------------------------------------------------------------ atomic writes


def test_an_atomic_write_that_fails_midway_leaves_the_old_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "baseline.json"
    target.write_text("old and whole\n")

    def killed(*arguments):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", killed)
    with pytest.raises(OSError):
        atomic.write_atomically(target, b"new" * 1000)
    assert target.read_text() == "old and whole\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["baseline.json"]  # no temporary left


def test_an_atomic_write_replaces_the_file_and_keeps_its_mode(tmp_path):
    target = tmp_path / "baseline.json"
    target.write_text("old")
    target.chmod(0o640)
    atomic.write_atomically(target, b"new")
    assert target.read_text() == "new" and target.stat().st_mode & 0o777 == 0o640


def test_a_file_size_limit_while_writing_the_baseline_keeps_the_old_one(tmp_path):
    examples = ROOT / "examples"
    Baseline().write(str(tmp_path / "base.json"))
    old = (tmp_path / "base.json").read_bytes()

    def limited() -> None:
        # The new baseline is larger than this; SIGXFSZ ignored, the write fails with EFBIG.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (len(old) + 10, len(old) + 10))

    completed = subprocess.run(cli.command("check", "--no-cache", "--write-baseline", "base.json", str(examples)),
                               cwd=tmp_path, env=cli.environment(IMRCHECK_NO_CACHE="1"), capture_output=True,
                               preexec_fn=limited, timeout=120)
    run = Run(completed.returncode, completed.stdout.decode(), completed.stderr.decode())
    assert run.returncode == 2
    assert_one_clean_error_line(run, "base.json", "cannot write the baseline")
    assert (tmp_path / "base.json").read_bytes() == old
    assert json.loads(old)["version"] == 1


def test_an_unwritable_baseline_target_is_refused_before_any_letter_is_read(tmp_path):
    shutil.copy(GOOD_LETTER, tmp_path / "good.txt")
    run = imrcheck("check", "--output-format", "json", "--write-baseline", "missing/base.json", "good.txt",
                   cwd=tmp_path)
    assert run.returncode == 2 and run.stdout == ""
    assert_one_clean_error_line(run, "missing/base.json", "cannot write")


@pytest.mark.parametrize("tail", [b"\x00" * 64, bytes(range(1, 9)) * 800], ids=["nul", "controls"])
def test_a_letter_with_a_binary_tail_is_not_checked_as_text(tmp_path, tail):
    (tmp_path / "tailed.txt").write_bytes(GOOD_LETTER.read_bytes() * 3 + tail)
    run = imrcheck("check", "tailed.txt", cwd=tmp_path)
    assert run.returncode == 2
    assert_one_clean_error_line(run, "tailed.txt", "binary file")
