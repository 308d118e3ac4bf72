"""Bad files through the command line: one line each on stderr, exit 2, and the good files in
the same run are still checked and reported."""
from __future__ import annotations

import io
import os
import random
import shutil

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from checker.reading import InputError, read_bytes
from tests.support.cli import assert_one_clean_error_line, imrcheck
from tests.support.paths import GOOD_LETTER
from tests.support.pdf_writer import make_pdf

LETTER_PDF = make_pdf([["IMR ISSUES, DECISIONS AND RATIONALES", "8 physical therapy visits:  Upheld"],
                       ["Decision rationale: The request is not medically necessary."]])


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(LETTER_PDF)))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _write(tmp_path, name: str, data: bytes) -> str:
    (tmp_path / name).write_bytes(data)
    return name


def empty(tmp_path):
    return _write(tmp_path, "empty.txt", b""), "empty file"


def blank(tmp_path):
    return _write(tmp_path, "blank.txt", b"  \r\n\n\t\n"), "empty file"


def png(tmp_path):
    image = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x04\x00" + bytes(range(256))
    return _write(tmp_path, "scan.txt", image), "binary"


def pdf_without_text(tmp_path):
    return _write(tmp_path, "scanned.pdf", make_pdf([[]])), "no text layer"


def truncated_pdf(tmp_path):
    return _write(tmp_path, "cut.pdf", LETTER_PDF[:len(LETTER_PDF) // 2]), "broken PDF"


def pdf_header_only(tmp_path):
    return _write(tmp_path, "header.pdf", b"%PDF-1.7\n"), "PDF"


def encrypted_pdf(tmp_path):
    return _write(tmp_path, "locked.pdf", _encrypted_pdf()), "encrypted PDF"


def folder_without_letters(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "readme.md").write_text("not a letter")
    return "notes", "no letter files"


def glob_without_letters(tmp_path):
    (tmp_path / "readme.md").write_text("not a letter")
    return "*.md", "no letter file"


def missing_path(tmp_path):
    return "absent.txt", "no such file"


def symlink_to_itself(tmp_path):
    os.symlink("loop.txt", tmp_path / "loop.txt")
    return "loop.txt", "cannot read"


def symlink_loop_in_folder(tmp_path):
    (tmp_path / "links").mkdir()
    os.symlink("b.txt", tmp_path / "links" / "a.txt")
    os.symlink("a.txt", tmp_path / "links" / "b.txt")
    return "links", None  # two files, two lines: checked separately below


def unreadable(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads any file")
    path = tmp_path / "secret.txt"
    shutil.copy(GOOD_LETTER, path)
    path.chmod(0)
    return "secret.txt", "permission denied"


BAD_FILES = [empty, blank, png, pdf_without_text, truncated_pdf, pdf_header_only, encrypted_pdf,
             folder_without_letters, glob_without_letters, missing_path, symlink_to_itself, unreadable]


@pytest.mark.parametrize("make_bad", BAD_FILES, ids=lambda make: make.__name__)
def test_a_bad_file_is_one_line_and_exit_2_and_the_good_file_is_still_checked(tmp_path, make_bad):
    shutil.copy(GOOD_LETTER, tmp_path / "good.txt")
    bad, reason = make_bad(tmp_path)
    run = imrcheck("check", "-j", "1", "--output-format", "json", bad, "good.txt", cwd=tmp_path)
    assert run.returncode == 2
    assert_one_clean_error_line(run, bad, reason)
    assert run.checked_paths() == ["good.txt"]
    assert [error["path"] for error in run.json()["errors"]] == [bad]


def test_a_symlink_loop_inside_a_folder_is_one_line_per_link(tmp_path):
    shutil.copy(GOOD_LETTER, tmp_path / "good.txt")
    folder, _ = symlink_loop_in_folder(tmp_path)
    run = imrcheck("check", "-j", "1", "--output-format", "json", folder, "good.txt", cwd=tmp_path)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    loop = "cannot read (Too many levels of symbolic links)"
    assert sorted(run.error_lines) == [f"imrcheck: error: {folder}/{name}: {loop}" for name in ("a.txt", "b.txt")]
    assert run.checked_paths() == ["good.txt"]


def test_every_bad_file_in_one_parallel_run_gets_its_own_line(tmp_path):
    shutil.copy(GOOD_LETTER, tmp_path / "good.txt")
    shutil.copy(GOOD_LETTER, tmp_path / "also-good.txt")
    bad = [make(tmp_path)[0] for make in BAD_FILES if make is not unreadable]
    run = imrcheck("check", "-j", "2", "--output-format", "json", "good.txt", *bad, "also-good.txt", cwd=tmp_path)
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert len(run.error_lines) == len(bad), run.stderr
    for name in bad:
        assert sum(f"error: {name}:" in line for line in run.error_lines) == 1, name
    assert run.checked_paths() == ["good.txt", "also-good.txt"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "cp1252", "utf-8-sig"])
def test_letters_in_other_encodings_are_read_like_utf8(tmp_path, encoding):
    text = GOOD_LETTER.read_text(encoding="utf-8").replace("Norco", "\u201cNorco\u201d")
    (tmp_path / "utf8.txt").write_text(text, encoding="utf-8")
    (tmp_path / "other.txt").write_bytes(text.encode(encoding))
    run = imrcheck("check", "-j", "1", "--output-format", "json", "utf8.txt", "other.txt", cwd=tmp_path)
    assert run.stderr == "" and run.returncode in (0, 1)
    reports = run.json()["results"]
    for key in ("layout", "items", "findings"):
        assert reports[0][key] == reports[1][key]


def test_utf16_cut_short_is_read_not_crashed(tmp_path):
    data = GOOD_LETTER.read_text(encoding="utf-8").encode("utf-16")[:-1]
    (tmp_path / "cut.txt").write_bytes(data)
    run = imrcheck("check", "-j", "1", "--output-format", "json", "cut.txt", cwd=tmp_path)
    assert run.stderr == "" and run.returncode in (0, 1)
    assert run.checked_paths() == ["cut.txt"]


def test_binary_on_stdin_is_one_line(tmp_path):
    run = imrcheck("check", "-", cwd=tmp_path, stdin=b"\x00\x01\x02\x89PNG" * 100)
    assert run.returncode == 2
    assert_one_clean_error_line(run, "<stdin>", "binary")


def test_a_bom_alone_is_an_empty_file(tmp_path):
    _write(tmp_path, "bom.txt", b"\xff\xfe")
    run = imrcheck("check", "bom.txt", cwd=tmp_path)
    assert run.returncode == 2
    assert_one_clean_error_line(run, "bom.txt", "empty file")


@settings(max_examples=100, deadline=None)
@given(st.randoms(use_true_random=False), st.integers(min_value=1, max_value=20))
def test_a_damaged_pdf_is_read_or_refused_with_one_line(rng: random.Random, damage):
    data = bytearray(LETTER_PDF)
    for _ in range(damage):
        at = rng.randrange(len(data))
        choice = rng.randrange(3)
        if choice == 0:
            data[at] = rng.randrange(256)
        elif choice == 1:
            del data[at:at + rng.randrange(1, 40)]
        else:
            junk = rng.choice([b"[", b"<<", b" 0 R", b"/Length 99999", b"endobj", b"/Filter /Fl"])
            data[at:at] = junk * rng.choice([1, 50])
    try:
        text = read_bytes(bytes(data), "damaged.pdf")
    except InputError as error:
        assert "\n" not in str(error) and str(error).startswith("damaged.pdf: ")
    else:
        assert text.strip()


@pytest.mark.parametrize("make_bad", [empty, png, pdf_without_text, encrypted_pdf, missing_path],
                         ids=lambda make: make.__name__)
def test_parse_refuses_a_bad_file_with_one_line(tmp_path, make_bad):
    bad, reason = make_bad(tmp_path)
    run = imrcheck("parse", bad, cwd=tmp_path)
    assert run.returncode == 2 and run.stdout == ""
    assert_one_clean_error_line(run, bad, reason)


def test_a_bug_met_on_one_letter_becomes_one_error_and_the_run_goes_on(monkeypatch):
    from checker import runner

    def broken(*arguments, **keywords):
        raise ZeroDivisionError("a bug\nover two lines")

    monkeypatch.setattr(runner, "check_letter", broken)
    result = runner.check_one(str(GOOD_LETTER), rules=None, options=runner.RunOptions())
    assert isinstance(result, runner.FileError)
    assert "internal error" in result.message and "ZeroDivisionError: a bug over two lines" in result.message
    assert "\n" not in result.message
