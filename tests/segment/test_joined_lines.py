"""Letters whose line breaks were lost (one long line, or a few very long ones) are segmented
as far as their structure allows, and report what the letter with its breaks reports; the
findings' lines and columns are those of the text as read."""
from __future__ import annotations

import pytest

from checker.engine import check_text, parse_text
from checker.rulebase import load_rules
from checker.segment.rebreak import rebreak
from checker.text.letter_text import read_text
from tests.support.paths import EXAMPLES

# Known limit: an item-by-item Medical Professional Review letter whose first item's numbered
# heading follows a dash list loses that heading when flattened (README, joined lines).
_NOT_RECOVERED = {"item-by-item-tramadol-reverses-sex.txt", "clean-frp-ten-days-approved-hwave-denied.txt"}
LETTERS = [path for path in sorted(EXAMPLES.glob("*/*.txt"))
           if not path.name.startswith("joined-") and path.name not in _NOT_RECOVERED]


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def _original(path):
    raw = path.read_bytes()
    return raw.decode("cp1252") if "cp1252" in path.name else raw.decode("utf-8")


def one_line(text: str) -> str:
    return " ".join(text.split("\n")).rstrip() + "\n"


def few_lines(text: str) -> str:
    """The letter on three lines, cut at sentence ends near its thirds."""
    flat = one_line(text).rstrip()
    cuts = [flat.find(". ", len(flat) * share // 3) for share in (1, 2)]
    return "\n".join([flat[:cuts[0] + 1], flat[cuts[0] + 2:cuts[1] + 1], flat[cuts[1] + 2:]]) + "\n"


def _findings(report):
    return sorted((finding.code, finding.item) for finding in report.findings)


def _items(report):
    return [(item.heading, item.outcome) for item in report.items]


@pytest.mark.parametrize("join", [one_line, few_lines], ids=["one line", "three lines"])
@pytest.mark.parametrize("path", LETTERS, ids=[f"{p.parent.name}/{p.name}" for p in LETTERS])
def test_a_joined_letter_reports_what_the_letter_reports(path, join, rules):
    original = _original(path)
    report, joined = check_text(original, rules), check_text(join(original), rules)
    assert joined.layout == report.layout
    assert _items(joined) == _items(report)
    assert _findings(joined) == _findings(report)


def test_findings_of_a_one_line_letter_point_into_that_line(rules):
    text = one_line(_original(EXAMPLES / "imr-final" / "pt-overturned-rationale-denies.txt"))
    finding, = check_text(text, rules).findings
    assert (finding.code, finding.line) == ("OUT001", 1)
    for span in finding.evidence:
        assert span.line == span.end_line == 1
        assert " ".join(text[span.column - 1:span.end_column - 1].split()) == span.text


def test_sections_and_item_headings_inside_a_line_are_broken_out():
    letter = read_text(one_line(_original(EXAMPLES / "imr-final" / "clean-norco-prilosec.txt")))
    lines = [line.strip() for line in rebreak(letter).text.split("\n")]
    for expected in ("CLINICAL CASE SUMMARY", "IMR ISSUES, DECISIONS AND RATIONALES", "Norco 10/325mg #90:  Overturned",
                     "Prilosec 20mg #30:  Overturned"):
        assert expected in lines
    assert any(line.startswith("Decision rationale: MTUS recommends a proton pump inhibitor") for line in lines)
    # A break replaces a blank: every offset, and so every position in the file, holds.
    assert rebreak(letter).text.replace("\n", " ") == letter.text.replace("\n", " ")


def test_a_letter_with_its_line_breaks_is_read_as_it_is():
    letter = read_text(_original(EXAMPLES / "maximus-ir" / "chiro-six-sessions-2x4.txt"))
    assert rebreak(letter) is letter


def test_a_long_paragraph_without_structure_is_not_broken():
    paragraph = ("The case summary shows that the patient, a decision maker at work, had 2. visits. " * 12).strip()
    letter = read_text(paragraph)
    assert len(paragraph) > 500
    assert rebreak(letter).text == letter.text


def test_a_joined_letter_of_no_known_layout_stays_unknown():
    text = one_line(_original(EXAMPLES / "unknown" / "ur-noncertification-letter.txt"))
    assert parse_text(text).layout.value == "unknown"
