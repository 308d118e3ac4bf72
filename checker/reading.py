"""Reading letters: bytes from a file, a PDF's text layer or stdin, to clean text with a source map.

Real letters arrive as PDFs whose extracted text is noisy: a blank line after every line,
trailing spaces, page footers, words hyphenated across lines, a missing space after a period.
`normalize` removes that noise while recording, for every piece of the clean text, where it
came from, so any span found later is reported at its line and column in the ORIGINAL text.
"""
from __future__ import annotations

import bisect
import hashlib
import io
import re
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

from checker.models import Span


class InputError(Exception):
    """A file that cannot be read as a letter at all; its message is one line for the user."""


# Single characters that PDF extraction and word processors vary; mapped 1:1 so offsets hold.
_CHARACTER_FOLDS = str.maketrans({
    "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " ", "\f": " ", "\v": " ",
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00ad": "-", "\ufeff": " ",
})
_FOLDS = [(chr(code), folded) for code, folded in _CHARACTER_FOLDS.items()]
# Page footers and running headers: "Page 3 of 4", "- 2 -", "CM15-0051877 Page 3 of 4".
_PAGE_FOOTER = re.compile(r"(?i)^\s*(?:(?:\S+\s+){0,3}page\s+\d+\s+of\s+\d+|page\s+\d+|-\s*\d+\s*-|\d+\s*/\s*\d+)\s*$")


def _glued_sentence_pattern(stops: str) -> re.Pattern[str]:
    # The lookbehind comes after the stop it looks behind, so that re skips from stop to stop
    # instead of trying the pattern at every position of the letter.
    return re.compile(rf"[{stops}](?<=[a-z0-9)\]%][{stops}])\"?(?=[A-Z][A-Za-z])")


# "guidelines.In this case" / '24)."In this case': a sentence end glued to the next sentence.
_GLUED_SENTENCE = _glued_sentence_pattern(".?!")
# The same for a letter with no "?" or "!", most of them: re finds a single character, unlike a
# class of them, at C's own speed.
_GLUED_PERIOD = _glued_sentence_pattern(".")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


@dataclass
class Source:
    """Clean text plus the map from each clean offset back to the original text."""

    path: str
    original: str
    text: str = ""
    # Piecewise map: clean text from _clean_starts[i] on was copied from _orig_starts[i] on.
    _clean_starts: list[int] = field(default_factory=list)
    _orig_starts: list[int] = field(default_factory=list)
    _copied: list[bool] = field(default_factory=list)
    _line_starts: list[int] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        """A hash of the letter's words: re-wrapping or moving lines does not change it."""
        words = " ".join(self.text.split())
        return hashlib.sha256(words.encode("utf-8", "surrogatepass")).hexdigest()[:16]

    def to_original(self, clean_offset: int) -> int:
        i = bisect.bisect_right(self._clean_starts, clean_offset) - 1
        if i < 0:
            return 0
        if not self._copied[i]:
            return self._orig_starts[i]
        return self._orig_starts[i] + clean_offset - self._clean_starts[i]

    def from_original(self, original_offset: int) -> int:
        """The clean offset of an original offset (the nearest copied character)."""
        i = bisect.bisect_right(self._orig_starts, original_offset) - 1
        while i > 0 and not self._copied[i]:
            i -= 1
        if i < 0:
            return 0
        piece_end = self._clean_starts[i + 1] if i + 1 < len(self._clean_starts) else len(self.text)
        return min(self._clean_starts[i] + original_offset - self._orig_starts[i], piece_end)

    def line_column(self, original_offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._line_starts, original_offset)
        return line, original_offset - self._line_starts[line - 1] + 1

    def span(self, start: int, end: int) -> Span:
        """The Span of clean text [start, end), located in the original."""
        start, end = max(0, start), max(start, end)
        text = self.text[start:end]
        stripped = text.strip()
        if stripped:
            start += len(text) - len(text.lstrip())
            end = start + len(stripped)
        orig_start = self.to_original(start)
        orig_end = max(orig_start, self.to_original(end - 1) + 1) if end > start else orig_start
        line, column = self.line_column(orig_start)
        end_line, end_column = self.line_column(orig_end)
        return Span(start=orig_start, end=orig_end, line=line, column=column,
                    end_line=end_line, end_column=end_column, text=" ".join(text.split()))


def blanks_before(text: str, at: int) -> int:
    """Where the blanks that end at `at` begin."""
    while at and text[at - 1].isspace():
        at -= 1
    return at


def decode(data: bytes, path: str = "<stdin>") -> str:
    """Bytes to text: UTF-8 (or a UTF-16 BOM), else cp1252 with undefined bytes kept as Latin-1."""
    if not data.strip():
        raise InputError(f"{path}: empty file")
    utf16 = "utf-16" if data.startswith((b"\xff\xfe", b"\xfe\xff")) else _utf16_without_bom(data)
    if utf16:
        # A UTF-16 file cut short (an odd byte, half a surrogate pair) keeps every readable
        # character; the broken one shows as U+FFFD.
        text = data.decode(utf16, errors="replace")
    elif b"\x00" in data[:4096]:
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
    controls = len(_CONTROL.findall(text[:4096]))
    if controls > max(8, len(text[:4096]) // 20):
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
    """The text layer of a PDF, pages separated by a newline."""
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
        text = "\n".join(page.extract_text() or "" for page in pages)
    except InputError:
        raise
    except (PyPdfError, PdfFeatureRemoved, ValueError, KeyError, TypeError, AttributeError, IndexError,
            ArithmeticError, NotImplementedError, AssertionError, RecursionError, OSError) as error:
        raise InputError(f"{path}: broken PDF ({type(error).__name__})") from error
    if not text.strip():
        raise InputError(f"{path}: PDF has no text layer (scanned image?); run OCR first")
    return text


def read_bytes(data: bytes, path: str, max_pdf_pages: int | None = None) -> str:
    if data.startswith(b"%PDF") or path.lower().endswith(".pdf"):
        return pdf_text(data, path, max_pdf_pages)
    return decode(data, path)


def read_file(path: str | Path, max_bytes: int | None = None, max_pdf_pages: int | None = None) -> str:
    """The original text of a letter file; InputError with one line when it cannot be read."""
    name = str(path)
    try:
        with open(path, "rb") as handle:
            data = _read_at_most(handle, max_bytes + 1) if max_bytes else handle.read()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except OSError as error:
        raise InputError(f"{name}: cannot read ({error.strerror or error})") from None
    if max_bytes and len(data) > max_bytes:
        raise InputError(f"{name}: larger than the limit of {max_bytes} bytes (--max-file-size)")
    return read_bytes(data, name, max_pdf_pages)


def _read_at_most(handle: io.BufferedIOBase, limit: int) -> bytes:
    # handle.read(limit) would allocate the whole limit (20 MB by default) for every letter.
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = handle.read(min(65536, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def normalize(original: str, path: str = "<text>") -> Source:
    """Clean the text of extraction noise, keeping a map back to the original."""
    folded = _fold_characters(original)
    source = Source(path=path, original=original)
    raw_lines = folded.split("\n")
    source._line_starts = line_starts = list(accumulate((len(raw) + 1 for raw in raw_lines[:-1]), initial=0))
    # Only the lines with words are visited one by one; a blank line counts only in the gap
    # it leaves between two of them.
    worded = [index for index, raw in enumerate(raw_lines) if raw and not raw.isspace() and not _is_page_footer(raw)]
    gaps = [later - earlier - 1 for earlier, later in zip(worded, worded[1:])]
    blank_runs = [gap for gap in worded[:1] + gaps if gap]
    # A PDF extraction that puts a blank line after every line: single blanks are noise and
    # only runs of two or more separate paragraphs.
    double_spaced = len(blank_runs) > 4 and blank_runs.count(1) >= 0.6 * len(blank_runs)

    # Glued sentence ends, found in one pass over the text rather than line by line: the
    # pattern's look-arounds cannot see past a line's ends, which are blanks, line breaks or
    # the text's ends, so it finds the same ones. An end past the text's stops the scans below.
    glued_pattern = _GLUED_SENTENCE if "?" in folded or "!" in folded else _GLUED_PERIOD
    glued = [match.end() for match in glued_pattern.finditer(folded)] + [len(folded) + 1]
    next_glued = 0

    # The clean text is made of pieces, each copied from the folded text or inserted (a line
    # break, a space) and recorded with where it came from.
    parts: list[str] = []
    origins: list[int] = []
    copied: list[bool] = []
    paragraph_gap = 2 if double_spaced else 1
    for index, gap in zip(worded, [None, *gaps]):
        line = raw_lines[index].rstrip(" \r")
        words = line.lstrip(" ")
        line_start = line_starts[index]
        end = line_start + len(line)
        position = end - len(words)
        if gap is not None:
            separator = "\n\n" if gap >= paragraph_gap else "\n"
            if words.lstrip()[:1].islower():
                # A page break in mid-sentence leaves a paragraph gap before a lower-case word.
                if separator == "\n\n" and not _ends_sentence(parts[-1]):
                    separator = "\n"
                if separator == "\n" and _ends_with_hyphenated_word(parts[-1]):
                    parts[-1] = parts[-1][:-1]
                    separator = ""
            if separator:
                parts.append(separator)
                origins.append(line_start)
                copied.append(False)
        if glued[next_glued] < end:
            while glued[next_glued] < position:  # in a page footer
                next_glued += 1
            while glued[next_glued] < end:
                cut = glued[next_glued]
                parts += (folded[position:cut], " ")
                origins += (position, cut)
                copied += (True, False)
                position = cut
                next_glued += 1
        parts.append(folded[position:end])
        origins.append(position)
        copied.append(True)
    source.text = "".join(parts)
    source._clean_starts = list(accumulate(map(len, parts[:-1]), initial=0)) if parts else []
    source._orig_starts, source._copied = origins, copied
    return source


def _fold_characters(text: str) -> str:
    # What translate(_CHARACTER_FOLDS) does, which looks up every character (slowly once the
    # text is not ASCII): a letter holds few of the characters folded, and `in` passes over the
    # others at C speed, at once when the text cannot hold them. No character is folded into
    # one that is folded in turn, so the order of the replacements does not matter.
    for character, folded in _FOLDS:
        if character in text:
            text = text.replace(character, folded)
    return text


def _is_page_footer(line: str) -> bool:
    # Every footer ends in a digit or a dash before its trailing blanks (of which rstrip leaves
    # all but spaces and CRs): the pattern need not be tried on the other lines.
    last = line.rstrip(" \r")[-1:]
    return (last.isdigit() or last == "-" or last.isspace()) and _PAGE_FOOTER.match(line) is not None


def _ends_with_hyphenated_word(piece: str) -> bool:
    tail = piece[-3:]
    return len(tail) == 3 and tail[-1] == "-" and tail[-2].isalpha() and tail[-3].isalpha()


def _ends_sentence(piece: str) -> bool:
    return piece.rstrip()[-1:] in (".", ":", "!", "?", '"')
