"""Reading letters: bytes from a file, a PDF's text layer or stdin, to the letter's text.

A letter is decoded as UTF-8, UTF-16 or cp1252; a PDF gives its text layer. Anything that
cannot be read as a letter at all is an `InputError` whose message is one line for the user.
Cleaning the text is the next stage's job (`checker.text.normalize`).
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from checker.datafile import NotReadable, read_regular, read_stream

# How standard input is named in messages and reports.
STDIN_NAME = "<stdin>"

# A PDF's pages are each ended by a form feed, as printed text does (checker.text.pages).
PAGE_END = "\f"


class InputError(Exception):
    """A file that cannot be read as a letter at all; its message is one line for the user."""


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def decode(data: bytes, path: str = "<stdin>") -> str:
    """Bytes to text: UTF-8 (or a UTF-16 BOM), else cp1252 with undefined bytes kept as Latin-1."""
    if not data.strip():
        raise InputError(f"{path}: empty file")
    utf16 = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else _utf16_without_bom(data)
    if utf16:
        # A UTF-16 file cut short (an odd byte, half a surrogate pair) keeps every readable
        # character; the broken one shows as U+FFFD.
        text = data.decode(utf16, errors="replace")
    elif b"\x00" in data:
        raise InputError(f"{path}: binary file, not a letter (NUL bytes)")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Letters saved by Windows tools are cp1252; its five undefined bytes fall back to
            # Latin-1 so no character is lost.
            text = "".join(
                chunk.decode("cp1252", errors="strict") if ok else chunk.decode("latin-1")
                for ok, chunk in _cp1252_chunks(data)
            )
    if not text.strip():
        raise InputError(f"{path}: empty file")
    # The head, the middle and the tail are sampled: a letter with binary data appended (or
    # text prepended to a binary file) is not one to check as text.
    for start in sorted({0, max(0, len(text) // 2 - 2048), max(0, len(text) - 4096)}):
        sample = text[start:start + 4096]
        if len(_CONTROL.findall(sample)) > max(8, len(sample) // 20):
            raise InputError(f"{path}: binary file, not a letter")
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """The UTF-16 codec of text saved without a byte order mark: nearly every other byte NUL."""
    sample = data[:4096]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) >= 0.9 * len(odd) and even.count(0) <= 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) >= 0.9 * len(even) and odd.count(0) <= 0.1 * len(odd):
        return "utf-16-be"
    return None


def _cp1252_chunks(data: bytes):
    undefined = {0x81, 0x8D, 0x8F, 0x90, 0x9D}
    start = 0
    for i, byte in enumerate(data):
        if byte in undefined:
            if start < i:
                yield True, data[start:i]
            yield False, data[i:i + 1]
            start = i + 1
    if start < len(data):
        yield True, data[start:]


def pdf_text(data: bytes, path: str, max_pages: int | None = None) -> str:
    """The text layer of a PDF, each page ended by a form feed and a newline, as printed text
    does, so findings can name their page."""
    text = "".join(page + PAGE_END + "\n" for page in pdf_pages(data, path, max_pages))
    if not text.strip():
        raise InputError(f"{path}: PDF has no text layer (scanned image?); run OCR first")
    return text


def pdf_pages(data: bytes, path: str, max_pages: int | None = None) -> list[str]:
    """The text layer of each page of a PDF (a page without one gives "")."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import DeprecationError as PdfFeatureRemoved
    from pypdf.errors import PyPdfError

    # pypdf logs what it repairs, some of it at ERROR level and many lines long; the user is
    # owed one line per unreadable file, so only its exceptions are reported.
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                decrypted = reader.decrypt("")
            except Exception as error:  # pypdf raises several types for unsupported crypto
                raise InputError(f"{path}: encrypted PDF, cannot read its text") from error
            if not decrypted:
                raise InputError(f"{path}: encrypted PDF that needs a password; save an unprotected copy")
        pages = reader.pages
        if max_pages is not None and len(pages) > max_pages:
            raise InputError(f"{path}: PDF has {len(pages)} pages, over the limit of {max_pages}")
        return [page.extract_text() or "" for page in pages]
    except InputError:
        raise
    except (PyPdfError, PdfFeatureRemoved, ValueError, KeyError, TypeError, AttributeError, IndexError,
            ArithmeticError, NotImplementedError, AssertionError, RecursionError, OSError) as error:
        raise InputError(f"{path}: broken PDF ({type(error).__name__})") from error


def read_bytes(data: bytes, path: str, max_pdf_pages: int | None = None) -> str:
    if data.startswith(b"%PDF") or path.lower().endswith(".pdf"):
        return pdf_text(data, path, max_pdf_pages)
    return decode(data, path)


def read_file(path: str | Path, max_bytes: int | None = None, max_pdf_pages: int | None = None) -> str:
    """The original text of a letter file; InputError with one line when it cannot be read."""
    return read_bytes(read_file_bytes(path, max_bytes), str(path), max_pdf_pages)


def read_file_bytes(path: str | Path, max_bytes: int | None = None) -> bytes:
    """The bytes of a letter file, refused (InputError) when it cannot be read or is over `max_bytes`."""
    name = str(path)
    try:
        data = read_regular(path, max_bytes)
    except NotReadable as error:
        raise InputError(f"{name}: {error}") from None
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as error:
        raise InputError(f"{name}: cannot read ({error.strerror or error})") from None
    return within_limit(data, name, max_bytes)


def read_stdin_bytes(max_bytes: int | None = None) -> bytes:
    """Standard input's bytes; at most one byte past `max_bytes` is read, enough to refuse it."""
    import sys

    return within_limit(read_stream(sys.stdin.buffer, max_bytes + 1 if max_bytes else None), STDIN_NAME, max_bytes)


def within_limit(data: bytes, name: str, max_bytes: int | None) -> bytes:
    """`data`, or InputError when it is over --max-file-size."""
    if max_bytes and len(data) > max_bytes:
        raise InputError(f"{name}: larger than the limit of {max_bytes} bytes (--max-file-size)")
    return data


