"""Issue 16: the library refuses misuse with a clear message, CR-only line ends read like LF,
AES-encrypted PDFs are read (or refused for a password), and a PDF's findings name their page."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from checker import InputError, check_file, check_text, parse_letter
from tests.support.cli import assert_one_clean_error_line, imrcheck
from tests.support.paths import EXAMPLES, SEEDS, needs_seeds
from tests.support.pdf_writer import make_pdf

# A letter with two findings (2013 notice layout), and a long one for pages (IMR Final).
TWO_FINDINGS = EXAMPLES / "notice-2013" / "norco-cites-physical-medicine.txt"
LONG = EXAMPLES / "imr-final" / "esi-criteria-met-then-denied.txt"


def test_check_text_refuses_bytes_with_a_clear_type_error():
    with pytest.raises(TypeError, match="check_text\\(\\) takes the letter's text as str, not bytes"):
        check_text(TWO_FINDINGS.read_bytes())  # type: ignore[arg-type]


def test_parse_letter_on_a_missing_path_raises_instead_of_reading_the_name_as_a_letter(tmp_path):
    with pytest.raises(InputError, match="typo.txt: no such file"):
        parse_letter(str(tmp_path / "typo.txt"))


def test_parse_letter_takes_text_only_by_keyword():
    text = TWO_FINDINGS.read_text(encoding="utf-8")
    by_text = parse_letter(text=text)
    by_path = parse_letter(TWO_FINDINGS)
    assert [item.heading for item in by_text.items] == [item.heading for item in by_path.items]
    with pytest.raises(TypeError):
        parse_letter(TWO_FINDINGS, text=text)
    with pytest.raises(TypeError):
        parse_letter()


def _located(report) -> list[tuple[str, int | None, int, int]]:
    return [(f.code, f.item, f.line, f.column) for f in report.findings]


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*/*.txt")), ids=lambda p: p.name)
def test_cr_only_and_crlf_line_ends_give_the_same_findings_as_lf(example):
    text = example.read_bytes().decode("utf-8", "replace").replace("\r\n", "\n")
    lf = check_text(text)
    assert _located(check_text(text.replace("\n", "\r"))) == _located(lf)
    assert _located(check_text(text.replace("\n", "\r\n"))) == _located(lf)


def test_a_letter_with_cr_line_ends_keeps_all_its_findings():
    text = TWO_FINDINGS.read_text(encoding="utf-8")
    findings = check_text(text.replace("\n", "\r")).findings
    assert len(findings) == len(check_text(text).findings) >= 2


@needs_seeds
def test_seed_000_with_cr_line_ends_gives_its_two_findings():
    text = next(SEEDS.glob("000_*.txt")).read_text(encoding="utf-8")
    assert {f.code for f in check_text(text.replace("\n", "\r")).findings} == {"RUL001", "RSN001"}


# ---------------------------------------------------------------------------------- PDFs


def _pages_of(path: Path, per_page: int) -> list[list[str]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [lines[start:start + per_page] for start in range(0, len(lines), per_page)]


def test_findings_in_a_pdf_carry_their_page_and_the_line_within_it(tmp_path):
    from pypdf import PdfReader

    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(make_pdf(_pages_of(LONG, 30)))
    report = check_file(pdf)
    page_lines = [page.extract_text().split("\n") for page in PdfReader(pdf).pages]
    assert report.findings
    for finding in report.findings:
        assert finding.page is not None
        for span in finding.evidence:
            # The quoted text starts on the stated line of the stated page.
            assert span.page is not None and 1 <= span.line <= 30
            on_paper = page_lines[span.page - 1][span.line - 1]
            assert span.text.split()[0] in on_paper, (span.page, span.line, on_paper, span.text)
    assert any(f.page and f.page > 1 for f in report.findings)
    # A text letter has no pages.
    assert all(f.page is None for f in check_file(LONG).findings)


def test_the_page_shows_in_text_json_and_sarif(tmp_path):
    (tmp_path / "letter.pdf").write_bytes(make_pdf(_pages_of(LONG, 30)))
    text = imrcheck("check", "letter.pdf", cwd=tmp_path)
    first = text.stdout.splitlines()[0]
    assert first.startswith("letter.pdf:p"), first
    page, line, column = first.split(": ")[0].split(":")[1:4]
    assert page[1:].isdigit() and line.isdigit() and column.isdigit()
    findings = imrcheck("check", "--output-format", "json", "letter.pdf", cwd=tmp_path).json()["results"][0]["findings"]
    assert all(isinstance(f["page"], int) for f in findings)
    sarif = json.loads(imrcheck("check", "--output-format", "sarif", "letter.pdf", cwd=tmp_path).stdout)
    results = sarif["runs"][0]["results"]
    assert results and all(isinstance(r["properties"]["page"], int) for r in results)


def _encrypted_pdf(user_password: str, owner_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(_pages_of(TWO_FINDINGS, 60)))))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_an_aes_pdf_with_only_an_owner_password_is_read(tmp_path):
    pytest.importorskip("cryptography")
    (tmp_path / "owner.pdf").write_bytes(_encrypted_pdf("", "owner-secret"))
    run = imrcheck("check", "--output-format", "json", "owner.pdf", cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    assert run.json()["results"][0]["findings"]


def test_an_aes_pdf_that_needs_a_password_is_refused_with_one_line(tmp_path):
    pytest.importorskip("cryptography")
    (tmp_path / "locked.pdf").write_bytes(_encrypted_pdf("user-secret", "owner-secret"))
    run = imrcheck("check", "locked.pdf", cwd=tmp_path)
    assert run.returncode == 2
    line = assert_one_clean_error_line(run, "locked.pdf", "needs a password")
    assert "internal error" not in line
