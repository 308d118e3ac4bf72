"""The results cache: reused only while nothing that decides a report changed, and never
trusted beyond what validates; output is the same with it, without it, cold or warm."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import time
import zlib
from pathlib import Path

import pytest

from checker import cli, runner
from checker.cache import DATABASE_NAME, ResultsCache
from checker.runner import RunOptions
from tests.support.cli import command, environment, imrcheck
from tests.support.paths import EXAMPLES, example_files

RULE = """id: local.gym.not-recommended
title: Gym memberships are not a medical prescription
applies_to: {treatments: [gym_membership]}
not_recommended: true
confidence: single_source
fact: "9.5"
severity: %s
message: "Approved a {treatment} request, which ODG does not recommend"
citation: {guideline: Official Disability Guidelines (ODG), topic: "Low Back, Gym memberships"}
"""


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "cache"


class CheckedLetters:
    """The letters checked afresh (not answered from the cache), in order: written to a file,
    since letters are checked in worker processes."""

    def __init__(self, log: Path) -> None:
        self.log = log
        log.write_text("", encoding="utf-8")

    def _paths(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines()

    def __eq__(self, other: object) -> bool:
        return self._paths() == other

    def __len__(self) -> int:
        return len(self._paths())

    def __iter__(self):
        return iter(self._paths())

    def __repr__(self) -> str:
        return repr(self._paths())

    def clear(self) -> None:
        self.log.write_text("", encoding="utf-8")


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> CheckedLetters:
    checked = CheckedLetters(tmp_path / "checked.log")
    real = runner.check_letter

    def counting(letter, rules, selection):
        with checked.log.open("a", encoding="utf-8") as log:
            log.write(letter.path + "\n")
        return real(letter, rules, selection)

    monkeypatch.setattr(runner, "check_letter", counting)
    return checked


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_second_run_answers_every_letter_from_the_cache_with_identical_output(capsys, cache_dir, checks):
    letters = [str(p) for p in example_files()]
    for output_format in ("text", "json", "sarif", "csv", "junit", "github"):
        args = ["check", "--exit-zero", "-j", "1", "--output-format", output_format, *letters]
        _, without_cache, _ = run_cli(capsys, *args, "--no-cache")
        checks.clear()
        _, cold, _ = run_cli(capsys, *args, "--cache-dir", str(cache_dir))
        cold_checks = len(checks)
        checks.clear()
        _, warm, err = run_cli(capsys, *args, "--cache-dir", str(cache_dir))
        assert cold == without_cache == warm, output_format
        assert err == ""
        assert checks == [], f"{output_format}: the warm run checked letters again"
        # The cache is keyed by the checks selected, not the format: only the first format's
        # cold run had anything to check.
        assert cold_checks == (len(letters) if output_format == "text" else 0)


def test_workers_read_the_cache_and_the_parent_stores_what_they_checked(capsys, cache_dir, checks):
    letters = [str(p) for p in example_files()]
    args = ["check", "--exit-zero", "-j", "2", "--output-format", "json", "--cache-dir", str(cache_dir), *letters]
    _, cold, _ = run_cli(capsys, *args)
    with sqlite3.connect(cache_dir / DATABASE_NAME) as connection:
        assert connection.execute("SELECT count(*) FROM letters").fetchone()[0] == len(letters)
    checks.clear()
    _, warm, _ = run_cli(capsys, *args)
    assert warm == cold
    assert checks == []  # fork copies the patched module: a worker that checked would have said so


def test_the_cache_folder_keeps_itself_out_of_version_control(capsys, cache_dir):
    run_cli(capsys, "check", "--exit-zero", "--cache-dir", str(cache_dir), str(example_files()[0]))
    assert (cache_dir / ".gitignore").read_text() == "*\n"
    assert (cache_dir / DATABASE_NAME).is_file()


def test_no_cache_writes_nothing(capsys, cache_dir):
    run_cli(capsys, "check", "--exit-zero", "--no-cache", "--cache-dir", str(cache_dir), str(example_files()[0]))
    assert not cache_dir.exists()


def test_environment_variable_names_the_folder_and_the_option_wins(capsys, tmp_path, monkeypatch):
    letter = str(example_files()[0])
    monkeypatch.setenv("IMRCHECK_CACHE_DIR", str(tmp_path / "from-env"))
    run_cli(capsys, "check", "--exit-zero", letter)
    assert (tmp_path / "from-env" / DATABASE_NAME).is_file()
    run_cli(capsys, "check", "--exit-zero", "--cache-dir", str(tmp_path / "from-option"), letter)
    assert (tmp_path / "from-option" / DATABASE_NAME).is_file()


def test_default_folder_is_in_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("IMRCHECK_CACHE_DIR")
    letter = example_files()[0]
    result = imrcheck("check", "--exit-zero", str(letter), cwd=tmp_path)
    assert result.returncode == 0
    assert (tmp_path / ".imrcheck_cache" / DATABASE_NAME).is_file()


def test_changing_an_option_that_changes_results_checks_again(capsys, cache_dir, checks):
    letter = str(EXAMPLES / "imr-final" / "lidoderm-age-differs.txt")
    base = ["check", "--exit-zero", "--cache-dir", str(cache_dir), letter]
    run_cli(capsys, *base)
    for changed in (["--select", "outcome"], ["--ignore", "FCT"], ["--max-items", "1"],
                    ["--min-confidence", "recalled"], ["--timeout", "5"], ["--max-file-size", "1000000"]):
        checks.clear()
        run_cli(capsys, *base, *changed)
        assert checks == [letter], changed
    checks.clear()
    _, _, _ = run_cli(capsys, *base, "--output-format", "json", "--color", "never", "--statistics")
    assert checks == [], "options that only change the presentation must not re-check"


def test_selections_that_pick_the_same_checks_share_the_cache(capsys, cache_dir, checks):
    letter = str(example_files()[0])
    run_cli(capsys, "check", "--exit-zero", "--cache-dir", str(cache_dir), "--select", "RUL", letter)
    checks.clear()
    run_cli(capsys, "check", "--exit-zero", "--cache-dir", str(cache_dir), "--select", "rules", letter)
    assert checks == []


def test_changing_a_rule_file_checks_again(capsys, tmp_path, cache_dir, checks):
    rules = tmp_path / "local-rules"
    rules.mkdir()
    (rules / "gym.yaml").write_text(RULE % "warning")
    letter = str(EXAMPLES / "medical-professional-review" / "clean-aquatic-gym.txt")
    args = ["check", "--exit-zero", "--cache-dir", str(cache_dir), "--rules", str(rules), letter]
    run_cli(capsys, *args)
    checks.clear()
    run_cli(capsys, *args)
    assert checks == []
    (rules / "gym.yaml").write_text(RULE % "error")
    run_cli(capsys, *args)
    assert checks == [letter]
    checks.clear()
    (rules / "another.yaml").write_text((RULE % "info").replace("local.gym.not-recommended", "local.gym.other"))
    run_cli(capsys, *args)
    assert checks == [letter], "a rule file added to a --rules folder changes the rule base"


def test_changed_letter_is_checked_again_and_a_copy_elsewhere_is_not(capsys, tmp_path, cache_dir, checks):
    original = (EXAMPLES / "imr-final" / "lidoderm-age-differs.txt").read_text()
    letter = tmp_path / "a" / "letter.txt"
    letter.parent.mkdir()
    letter.write_text(original)
    args = ["check", "--exit-zero", "--output-format", "json", "--cache-dir", str(cache_dir)]
    run_cli(capsys, *args, str(letter))
    copy = tmp_path / "b" / "copy.txt"
    copy.parent.mkdir()
    copy.write_text(original)
    checks.clear()
    _, cached, _ = run_cli(capsys, *args, str(copy))
    assert checks == []
    _, fresh, _ = run_cli(capsys, *args, "--no-cache", str(copy))
    assert cached == fresh and str(copy) in cached and str(letter) not in cached
    letter.write_text(original.replace("Upheld", "Overturned", 1))
    checks.clear()
    run_cli(capsys, *args, str(letter))
    assert checks == [str(letter)]


def test_corrupt_cache_file_is_reported_ignored_and_rebuilt(capsys, cache_dir, checks):
    letter = str(example_files()[0])
    args = ["check", "--exit-zero", "--cache-dir", str(cache_dir), letter]
    _, expected, _ = run_cli(capsys, *args, "--no-cache")
    cache_dir.mkdir()
    (cache_dir / DATABASE_NAME).write_bytes(b"this is not a database, it is garbage " * 200)
    code, out, err = run_cli(capsys, *args)
    assert (code, out) == (0, expected)
    assert "warning" in err and "not an imrcheck results cache" in err and "Traceback" not in err
    checks.clear()
    _, out, err = run_cli(capsys, *args)
    assert out == expected and err == "" and checks == [], "the rebuilt cache is used on the next run"


def test_cache_of_another_program_is_not_trusted(capsys, cache_dir):
    cache_dir.mkdir()
    with sqlite3.connect(cache_dir / DATABASE_NAME) as connection:
        connection.execute("CREATE TABLE letters (key TEXT, report TEXT, profile TEXT)")
    _, _, err = run_cli(capsys, "check", "--exit-zero", "--cache-dir", str(cache_dir), str(example_files()[0]))
    assert "not an imrcheck results cache" in err
    with sqlite3.connect(cache_dir / DATABASE_NAME) as connection:
        tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "imrcheck_meta" in tables


def test_a_stored_report_that_does_not_validate_is_a_miss(capsys, cache_dir, checks):
    letter = str(EXAMPLES / "imr-final" / "lidoderm-age-differs.txt")
    args = ["check", "--exit-zero", "--output-format", "json", "--cache-dir", str(cache_dir), letter]
    _, expected, _ = run_cli(capsys, *args)
    for tampered in (zlib.compress(b'{"path": 1}'), zlib.compress(b"not json"), b"not zlib", "text",
                     zlib.compress(json.dumps({"layout": "imr-final", "path": "x", "findings": [{}]}).encode())):
        with sqlite3.connect(cache_dir / DATABASE_NAME) as connection:
            connection.execute("UPDATE letters SET report = ?", (tampered,))
        checks.clear()
        code, out, err = run_cli(capsys, *args)
        assert (code, out, err) == (0, expected, "")
        assert checks == [letter], tampered


def test_an_unusable_cache_folder_warns_and_the_run_goes_on(capsys, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    letter = str(example_files()[0])
    code, out, err = run_cli(capsys, "check", "--exit-zero", "--cache-dir", str(blocker / "cache"), letter)
    _, expected, _ = run_cli(capsys, "check", "--exit-zero", "--no-cache", letter)
    assert code == 0 and out == expected
    assert "cannot use the results cache" in err and len(err.splitlines()) == 1


def test_a_timed_out_letter_is_not_stored(cache_dir, monkeypatch):
    cache = ResultsCache.open(cache_dir, "fingerprint")
    assert cache is not None

    def too_slow(letter, rules, selection):
        time.sleep(30)

    monkeypatch.setattr(runner, "check_letter", too_slow)
    results = list(runner.run_checked([str(p) for p in example_files()[:3]], RunOptions(timeout=0.5), jobs=1,
                                      cache=cache))
    assert all(isinstance(checked.result, runner.FileError) for checked in results)
    assert all("per-file budget" in checked.result.message for checked in results)
    with sqlite3.connect(cache.path) as connection:
        assert connection.execute("SELECT count(*) FROM letters").fetchone()[0] == 0


def test_an_interrupted_run_stores_the_letters_it_finished_and_no_other(cache_dir):
    cache = ResultsCache.open(cache_dir, "fingerprint")
    assert cache is not None
    stream = runner.run_checked([str(p) for p in example_files()[:6]], RunOptions(), jobs=1, cache=cache)
    finished = [next(stream), next(stream)]
    stream.close()  # as Ctrl-C or a closed pipe stops the consumer
    with sqlite3.connect(cache.path) as connection:
        stored = {key for (key,) in connection.execute("SELECT key FROM letters")}
    assert stored == {checked.row.key for checked in finished if checked.row is not None}
    assert len(stored) == 2


def test_two_runs_at_once_share_the_cache(tmp_path, cache_dir):
    letters = [str(p) for p in example_files()]
    command_line = command("check", "--exit-zero", "-j", "2", "--output-format", "json",
                           "--cache-dir", str(cache_dir), *letters)
    runs = [subprocess.Popen(command_line, env=environment(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(2)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    assert outputs[0][0] == outputs[1][0]
    assert outputs[0][1] == outputs[1][1] == b"", outputs[0][1] + outputs[1][1]
    with sqlite3.connect(cache_dir / DATABASE_NAME) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("SELECT count(*) FROM letters").fetchone()[0] == len(letters)


def test_clean_removes_the_cache_and_only_its_own_files(capsys, tmp_path, cache_dir):
    run_cli(capsys, "check", "--exit-zero", "--cache-dir", str(cache_dir), str(example_files()[0]))
    assert run_cli(capsys, "clean", "--cache-dir", str(cache_dir))[1].startswith("removed the results cache")
    assert not cache_dir.exists()
    assert run_cli(capsys, "clean", "--cache-dir", str(cache_dir))[1].startswith("no results cache")
    shared = tmp_path / "shared"
    run_cli(capsys, "check", "--exit-zero", "--cache-dir", str(shared), str(example_files()[0]))
    (shared / "keep.txt").write_text("someone else's")
    run_cli(capsys, "clean", "--cache-dir", str(shared))
    assert [p.name for p in shared.iterdir()] == ["keep.txt"]


@pytest.mark.parametrize("cache_option", [["--no-cache"], []])
def test_the_size_limit_holds_for_stdin_with_and_without_the_cache(cache_option, tmp_path):
    letter = example_files()[0].read_bytes()
    done = imrcheck("check", "--max-file-size", "100", *cache_option, "-", stdin=letter, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == \
        "imrcheck: error: <stdin>: larger than the limit of 100 bytes (--max-file-size)"
