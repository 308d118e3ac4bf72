"""The original text of a checked letter, read again for the HTML report.

A `Report` carries spans (offsets into the letter's original text), not the text itself;
the HTML report shows the letter with those spans highlighted, so it reads the file again,
the way the checker read it (a PDF's pages each ended by a form feed and a newline, so offsets and lines agree),
and remembers where each PDF page starts. The text is shown only when its content hash is
the one the report was made from: a file changed since it was checked would put the
highlights on the wrong words.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate

from checker.models import Report
from checker.reading import PAGE_END, STDIN_NAME, InputError, decode, pdf_pages
from checker.text.normalize import normalize


@dataclass(frozen=True, slots=True)
class LetterSource:
    text: str
    # Offsets where each page of a PDF begins; empty for a text file.
    page_starts: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Unavailable:
    """Why a letter's text cannot be shown; its findings still quote their evidence."""

    reason: str


def letter_source(report: Report) -> LetterSource | Unavailable:
    if report.path == STDIN_NAME:
        return Unavailable("the text of standard input is not kept")
    try:
        with open(report.path, "rb") as handle:
            data = handle.read()
        if data.startswith(b"%PDF") or report.path.lower().endswith(".pdf"):
            # No page limit here: the check already accepted this file under the run's limits.
            pages = pdf_pages(data, report.path)
            text = "".join(page + PAGE_END + "\n" for page in pages)
            source = LetterSource(text, tuple(accumulate((len(p) + len(PAGE_END) + 1 for p in pages[:-1]), initial=0)))
        else:
            source = LetterSource(decode(data, report.path))
    except (OSError, InputError) as error:
        return Unavailable(f"the file can no longer be read ({type(error).__name__})")
    if report.content_hash and normalize(source.text, report.path).content_hash != report.content_hash:
        return Unavailable("the file has changed since it was checked")
    return source
