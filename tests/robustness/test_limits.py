"""Every limit, when exceeded, is reported: a file-level refusal is one line and exit 2, items
past --max-items are an STR006 finding; the rest of the run goes on."""
from __future__ import annotations

import shutil

import pytest

from tests.support.cli import assert_one_clean_error_line, imrcheck
from tests.support.letter_mutations import many_items_letter
from tests.support.paths import GOOD_LETTER
from tests.support.pdf_writer import make_pdf


def test_a_file_over_max_file_size_is_refused_and_the_rest_checked(tmp_path):
    shutil.copy(GOOD_LETTER, tmp_path / "good.txt")
    (tmp_path / "big.txt").write_text(many_items_letter(200))
    limit = (tmp_path / "good.txt").stat().st_size + 1
    run = imrcheck("check", "-j", "1", "--output-format", "json", "--max-file-size", str(limit), "big.txt", "good.txt",
                   cwd=tmp_path)
    assert run.returncode == 2
    assert_one_clean_error_line(run, "big.txt", f"limit of {limit} bytes", "--max-file-size")
    assert run.checked_paths() == ["good.txt"]


def test_the_default_file_size_limit_refuses_a_25_megabyte_file(tmp_path):
    (tmp_path / "huge.txt").write_bytes(b"IMR ISSUES, DECISIONS AND RATIONALES\n" + b"x" * 25_000_000)
    run = imrcheck("check", "huge.txt", cwd=tmp_path)
    assert run.returncode == 2
    assert_one_clean_error_line(run, "huge.txt", "limit of 20000000 bytes")


def test_stdin_over_max_file_size_is_refused(tmp_path):
    run = imrcheck("check", "--max-file-size", "100", "-", cwd=tmp_path, stdin=GOOD_LETTER.read_bytes())
    assert run.returncode == 2
    assert_one_clean_error_line(run, "<stdin>", "limit of 100 bytes")


def test_a_pdf_over_max_pdf_pages_is_refused_and_the_rest_checked(tmp_path):
    shutil.copy(GOOD_LETTER, tmp_path / "good.txt")
    (tmp_path / "long.pdf").write_bytes(make_pdf([["IMR ISSUES, DECISIONS AND RATIONALES"], ["page 2"], ["page 3"]]))
    run = imrcheck("check", "-j", "1", "--output-format", "json", "--max-pdf-pages", "2", "long.pdf", "good.txt",
                   cwd=tmp_path)
    assert run.returncode == 2
    assert_one_clean_error_line(run, "long.pdf", "3 pages, over the limit of 2")
    assert run.checked_paths() == ["good.txt"]


def test_items_over_max_items_are_an_str006_finding_not_dropped(tmp_path):
    (tmp_path / "many.txt").write_text(many_items_letter(30))
    run = imrcheck("check", "-j", "1", "--output-format", "json", "--max-items", "10", "many.txt", cwd=tmp_path)
    assert run.stderr == "" and run.returncode == 1
    report = run.json()["results"][0]
    assert len(report["items"]) == 10
    assert [f["message"] for f in report["findings"] if f["code"] == "STR006"] == [
        "20 items past the limit of 10 per letter were not checked"]


@pytest.mark.parametrize("jobs, order", [("1", ("good.txt", "slow.txt")), ("2", ("slow.txt", "good.txt"))],
                         ids=["in-process", "in-workers"])
def test_a_letter_over_the_time_budget_is_one_line_and_the_rest_checked(tmp_path, jobs, order):
    shutil.copy(GOOD_LETTER, tmp_path / "good.txt")
    # Forty thousand items, all checked, take many times the budget; the good letter (which
    # also pays for loading the lexicons and the grammar) takes a fraction of it. In workers
    # the slow letter comes first, so the worker that timed out must go on to the next.
    (tmp_path / "slow.txt").write_text(many_items_letter(40_000))
    run = imrcheck("check", "-j", jobs, "--output-format", "json", "--timeout", "3", "--max-items", "100000",
                   *order, cwd=tmp_path)
    assert run.returncode == 2
    assert_one_clean_error_line(run, "slow.txt", "per-file budget of 3s", "--timeout")
    assert run.checked_paths() == ["good.txt"]
