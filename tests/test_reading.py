"""Reading and normalization: encodings, PDFs, noise removal and the map back to the original."""
from __future__ import annotations

import pytest

from checker.reading import InputError, decode, read_bytes, read_file
from checker.text.normalize import normalize
from tests.support.pdf_writer import make_pdf


def test_utf8_and_bom_are_decoded():
    assert decode("café".encode("utf-8")) == "café"
    assert decode("\ufeffcafé".encode("utf-8")) == "café"


def test_cp1252_fallback_keeps_smart_quotes_and_dashes():
    data = "the \u201cMTUS\u201d says 3\u20136 visits".encode("cp1252")
    assert decode(data) == "the \u201cMTUS\u201d says 3\u20136 visits"


def test_cp1252_undefined_bytes_are_not_lost():
    assert decode(b"caf\xe9 \x81 ok") == "caf\u00e9 \u0081 ok"


def test_utf16_with_bom_is_decoded():
    assert decode("IMR letter".encode("utf-16")) == "IMR letter"


@pytest.mark.parametrize("data, message", [(b"", "empty"), (b"  \n\n ", "empty"),
                                           (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary")])
def test_empty_and_binary_input_is_refused_with_one_line(data, message):
    with pytest.raises(InputError) as error:
        decode(data, "x.txt")
    assert message in str(error.value) and "\n" not in str(error.value)


def test_pdf_text_layer_is_read():
    text = read_bytes(make_pdf([["IMR ISSUES, DECISIONS AND RATIONALES"], ["Page two text"]]), "a.pdf")
    assert "IMR ISSUES" in text and "Page two text" in text


def test_broken_and_textless_pdfs_are_input_errors():
    with pytest.raises(InputError, match="broken PDF"):
        read_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog", "broken.pdf")
    with pytest.raises(InputError, match="no text layer"):
        read_bytes(make_pdf([[]]), "scan.pdf")


def test_missing_file_and_directory_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_file(tmp_path / "absent.txt")
    with pytest.raises(InputError, match="directory"):
        read_file(tmp_path)


def test_double_spaced_extraction_is_collapsed_but_paragraphs_kept():
    original = "First line of text\n\nsecond line.\n\n \n\nNew paragraph here\n\nand more.\n\nThird\n\nline\n"
    source = normalize(original)
    assert source.text == "First line of text\nsecond line.\n\nNew paragraph here\nand more.\nThird\nline"


def test_trailing_spaces_page_footers_and_hyphenation_are_removed():
    original = "The treat-\nment was   \nPage 2 of 5\nrequested here.\n"
    source = normalize(original)
    assert source.text == "The treatment was\nrequested here."


def test_a_dashed_page_footer_is_removed():
    assert normalize("the request.\n\n          - Page 2 of 3 -\n\n3. Celebrex 200mg #30\n").text == \
        "the request.\n\n3. Celebrex 200mg #30"


def test_missing_space_after_period_is_inserted():
    source = normalize("as per guidelines.In this case the MTUS applies.\n")
    assert "guidelines. In this case" in source.text


def test_page_break_inside_a_sentence_is_not_a_paragraph():
    source = normalize("no documentation of\n\n\n\ncompletion or benefit.\n")
    assert source.text == "no documentation of\ncompletion or benefit."


def test_spans_point_at_the_original_line_and_column():
    original = " HEADER \n\nsome text\n\nthe word Upheld here.\nx\n"
    source = normalize(original)
    start = source.text.index("Upheld")
    span = source.span(start, start + len("Upheld"))
    assert (span.line, span.column) == (5, 10)
    assert original[span.start:span.end] == "Upheld"


def test_spans_after_an_inserted_space_still_map_to_the_original():
    original = "one.\n\ntwo\n\nguidelines.In this case the request is denied.\n"
    source = normalize(original)
    start = source.text.index("request")
    span = source.span(start, start + 7)
    assert original[span.start:span.end] == "request"
    assert span.line == 5
