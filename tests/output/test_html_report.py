"""The HTML report without a browser: escaping, one element per finding, the letter's text
read back only when it is the text that was checked, and size that grows with the letters.

What the page does when it runs (filters, highlights, keys) is tested in a real browser in
tests/output/test_html_browser.py.
"""
from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from checker.checks.registry import all_checks
from checker.engine import check_file
from checker.models import Report
from checker.output import RunSummary, make_formatter
from checker.output.letter_source import LetterSource, Unavailable, letter_source
from checker.output.markup import script_json, text
from tests.support.paths import EXAMPLES
from tests.support.pdf_writer import make_pdf

HOSTILE = '"><img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
FLAWED_LETTER = next(EXAMPLES.glob("imr-final/pt-overturned-rationale-denies.txt"))


def html_report(reports: list[Report]) -> str:
    formatter = make_formatter("html", checks=all_checks())
    summary = RunSummary()
    parts = [formatter.begin()]
    for report in reports:
        summary.add(report)
        parts.append(formatter.report(report))
    parts.append(formatter.end(summary))
    return "".join(parts)


class _Elements(HTMLParser):
    """Every start tag with its attributes, and the text inside each <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def elements(document: str) -> _Elements:
    parser = _Elements()
    parser.feed(document)
    return parser


def hostile_letter(tmp_path: Path) -> Path:
    letter = tmp_path / f"x{HOSTILE.replace('/', '')}.txt"
    letter.write_text(FLAWED_LETTER.read_text().replace("Physical therapy", "Physical therapy " + HOSTILE, 1))
    return letter


def test_one_finding_element_per_finding_with_its_code_severity_and_item():
    reports = [check_file(path) for path in sorted(EXAMPLES.rglob("*.txt"))]
    tags = elements(html_report(reports)).tags
    shown = [(a["data-code"], a["data-severity"], a["data-item"])
             for _, a in tags if "finding" in (a.get("class") or "").split()]
    expected = [(f.code, f.severity.value, "" if f.item is None else str(f.item)) for r in reports for f in r.findings]
    assert shown == expected and len(shown) > 10


def test_letter_text_travels_as_data_with_a_mark_for_every_evidence_span():
    report = check_file(FLAWED_LETTER)
    scripts = elements(html_report([report])).scripts
    data = json.loads(scripts[0])
    original = FLAWED_LETTER.read_text()
    assert data["text"] == original
    spans = [span for finding in report.findings for span in finding.evidence]
    assert [(m[0], m[1]) for m in data["marks"]] == [(s.start, s.end) for s in spans]
    assert all(" ".join(original[s.start:s.end].split()) == s.text for s in spans)


def test_nothing_from_a_letter_can_open_a_tag_or_leave_its_script(tmp_path):
    report = check_file(hostile_letter(tmp_path))
    document = html_report([report])
    parsed = elements(document)
    assert not any(tag == "img" for tag, _ in parsed.tags)
    # Two scripts: the letter's data and the page's own code; the hostile text ends neither.
    assert len(parsed.scripts) == 2 and "window.pwned" not in parsed.scripts[1]
    assert "window.pwned" in json.loads(parsed.scripts[0])["text"]
    assert "<script>window.pwned" not in document and "onerror=\"window" not in document
    assert text(HOSTILE) in document  # the path and heading are shown, as text


def test_script_json_cannot_close_the_script_element():
    dumped = script_json({"text": "</script><!-- & \u2028"})
    assert "<" not in dumped and ">" not in dumped and "&" not in dumped
    assert json.loads(dumped) == {"text": "</script><!-- & \u2028"}


def test_report_loads_nothing_and_allows_only_its_own_style_and_script():
    document = html_report([check_file(FLAWED_LETTER)])
    tags = elements(document).tags
    assert not [a for tag, a in tags if tag in ("link", "img", "iframe", "object", "embed")]
    assert not [a for tag, a in tags if tag == "script" and "src" in a]
    policy = next(a["content"] for tag, a in tags if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in policy and "unsafe-inline" not in policy
    assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+'", policy)
    assert document.isascii()


def test_letter_text_is_left_out_when_the_file_changed_since_the_check(tmp_path):
    letter = tmp_path / "letter.txt"
    letter.write_text(FLAWED_LETTER.read_text())
    report = check_file(letter)
    assert isinstance(letter_source(report), LetterSource)
    letter.write_text(FLAWED_LETTER.read_text().replace("Physical therapy", "Occupational therapy"))
    changed = letter_source(report)
    assert isinstance(changed, Unavailable) and "changed" in changed.reason
    letter.unlink()
    assert isinstance(letter_source(report), Unavailable)
    assert "Text not shown: the file can no longer be read" in html_report([report])


def test_pdf_letters_know_where_each_page_starts(tmp_path):
    pdf = tmp_path / "letter.pdf"
    lines = FLAWED_LETTER.read_text().splitlines()
    pdf.write_bytes(make_pdf([lines[:60], lines[60:]]))
    report = check_file(pdf)
    source = letter_source(report)
    assert isinstance(source, LetterSource)
    assert len(source.page_starts) == 2 and source.page_starts[0] == 0
    assert source.text[source.page_starts[1] - 1] == "\n"
    if report.findings:
        assert "page " in html_report([report])


def test_size_grows_linearly_with_the_letters():
    reports = [check_file(path) for path in sorted(EXAMPLES.rglob("*.txt"))]
    one, ten, nineteen = (len(html_report(reports * n)) for n in (1, 10, 19))
    # Nine more copies of the letters cost the same whether the report already had one or ten.
    assert abs((nineteen - ten) / (ten - one) - 1) < 0.02


def test_the_readme_shows_the_report_and_the_command_that_makes_it():
    readme = (EXAMPLES.parent / "README.md").read_text(encoding="utf-8")
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", readme)
    assert "docs/html-report.png" in pictures and (EXAMPLES.parent / "docs" / "html-report.png").stat().st_size > 10_000
    assert "imrcheck check --output-format html --output-file report.html" in readme
