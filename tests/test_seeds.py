"""Acceptance on the five real seed letters (../shared/seeds/EXPECTED.md)."""
from __future__ import annotations

from checker.engine import check_file, parse_letter
from checker.models import Outcome
from tests.support.paths import SEEDS, needs_seeds

pytestmark = needs_seeds

EXPECTED_ITEMS = {
    "000": [("5 chiropractic treatments with physiotherapy", Outcome.UPHELD, "chiropractic", 5)],
    "001": [("8 physical therapy visits 2 x 4 for the lumbar spine", Outcome.UPHELD, "physical_therapy", 8)],
    "002": [("A PAIN MANAGEMENT REFERRAL FOR THE LUMBAR SPINE", Outcome.UPHELD, "referral", None),
            ("NORCO 10/325MG", Outcome.UPHELD, "medication", None),
            ("PHYSICAL THERAPY FOR THE LUMBAR SPINE (THREE TIMES A WEEK FOR TWO MONTHS)", Outcome.UPHELD,
             "physical_therapy", 24)],
    "003": [("Acupuncture sessions 1x6 for cervical and thoracic", Outcome.OVERTURNED, "acupuncture", 6),
            ("Chiropractic sessions 1x6 for cervical and thoracic", Outcome.UPHELD, "chiropractic", 6)],
    "004": [("12 chiropractic manipulation treatments for the cervical, lumbar and thoracic spine", Outcome.UPHELD,
             "chiropractic", 12),
            ("Flexeril 7.5 mg #60", Outcome.UPHELD, "medication", None)],
}
EXPECTED_FACTS = {"000": (42, "male", "2003-11-10"), "001": (45, "male", "2014-03-06"),
                  "002": (55, "male", "2010-04-14"), "003": (43, "female", "2012-03-05"),
                  "004": (44, "male", "2013-12-16")}
# (letter, code, item): exactly these four findings and nothing else.
EXPECTED_FINDINGS = {("000", "RSN001", 1), ("000", "RUL001", 1), ("002", "OUT001", 1), ("004", "FCT001", None)}


def _seed(prefix: str):
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def test_every_seed_item_is_found_with_outcome_and_request():
    for prefix, expected in EXPECTED_ITEMS.items():
        letter = parse_letter(_seed(prefix))
        found = [(i.heading, i.outcome, i.request.treatment, i.request.visits) for i in letter.items]
        assert found == expected, prefix


def test_case_facts_of_each_summary():
    for prefix, (age, sex, injury_date) in EXPECTED_FACTS.items():
        facts = parse_letter(_seed(prefix)).facts
        assert (facts.age, facts.sex, facts.injury_date) == (age, sex, injury_date), prefix


def test_both_citations_per_item_with_pages_on_the_reviewers():
    for prefix in EXPECTED_ITEMS:
        for item in parse_letter(_seed(prefix)).items:
            sources = [c.source for c in item.citations]
            assert "claims_administrator" in sources and "imr" in sources, (prefix, item.heading)
    chiro = parse_letter(_seed("000")).items[0]
    assert [c.pages for c in chiro.citations if c.source == "imr"] == [[58, 59]]


def test_spans_point_at_the_original_lines():
    path = _seed("004")
    original = path.read_text(encoding="utf-8").split("\n")
    letter = parse_letter(path)
    chiro = letter.items[0]
    assert original[chiro.heading_span.line - 1].startswith("12 chiropractic manipulation treatments")
    assert original[chiro.outcome_span.line - 1].strip() == "Upheld"
    conclusion = chiro.rationale[chiro.conclusion].span
    assert "IS NOT medically necessary" in original[conclusion.end_line - 1]


def test_exactly_the_four_expected_findings():
    reported = set()
    for path in sorted(SEEDS.glob("*.txt")):
        for finding in check_file(path).findings:
            reported.add((path.name[:3], finding.code, finding.item))
    assert reported == EXPECTED_FINDINGS
