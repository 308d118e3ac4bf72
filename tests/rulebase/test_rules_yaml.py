"""Every rule's own YAML test cases, run through the request grammar, plus meta-tests on the
rule base: citations, examples that fire and that do not, confidence, unique ids, and
agreement with the fact sheet and the lexicons.

`pytest -k mtus.manual-therapy.trial` runs one rule's cases; a `todo` case is a known miss and
is expected to fail until the rule (or the grammar) learns it.
"""
from __future__ import annotations

import re

import pytest
import yaml

from checker.resources import rules_dir
from checker.rulebase import load_rules, rule_cases, run_rule_case
from tests.support.paths import ROOT

RULES = load_rules(min_confidence="recalled").rules
FACT_SHEET = ROOT.parent / "shared" / "reference" / "mtus-facts.md"

# mtus-facts.md, "How the rule base should use these confidence levels": the unconfirmed facts
# a second recollection agrees with, the only ones a rule may encode (as `recalled`).
ENCODABLE_RECALLED_FACTS = {
    "3.5", "3.6", "3.8", "4.3", "4.4", "4.5", "4.6", "6.3", "6.4", "6.5", "7.2", "7.5", "7.6",
    "8.2", "8.4", "8.5", "8.6", "9.1", "9.2", "9.3", "9.6", "9.7",
}
CONFIDENCE_ORDER = ["recalled", "single_source", "confirmed"]


def case_params():
    for rule, group, index, case in rule_cases(RULES):
        marks = [pytest.mark.xfail(reason="known miss (todo)", strict=False)] if group == "todo" else []
        yield pytest.param(rule, group, index, case, id=f"{rule.id}-{group}-{index}", marks=marks)


@pytest.mark.parametrize(("rule", "group", "index", "case"), list(case_params()))
def test_rule_case(rule, group, index, case):
    result = run_rule_case(rule, group, index, case)
    assert result.passed, (
        f"{result.test_id}: {case.request!r} ({case.outcome.value}, prior {case.prior_visits}) "
        f"expected {result.expected}, got {result.got}: {result.detail}"
    )


# --- meta-tests ---------------------------------------------------------------------------


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_rule_has_citation_confidence_and_examples(rule):
    assert rule.citation.guideline and (rule.citation.topic or rule.citation.regulation)
    assert rule.citation.pages or rule.citation.regulation
    assert rule.confidence in CONFIDENCE_ORDER
    assert rule.fact
    assert rule.tests.passes, "every rule needs a case that does not fire"
    if rule.informational:
        assert not rule.tests.flags, "an informational rule cannot fire"
    else:
        assert rule.tests.flags, "every rule needs a case that fires"


def test_rule_ids_are_unique():
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))


def test_rules_cover_the_topics_the_fact_sheet_asks_for():
    ids = {rule.id for rule in RULES}
    for expected in (
        "mtus.manual-therapy.trial",
        "mtus.manual-therapy.total",
        "mtus.physical-medicine.visits",
        "mtus.acupuncture.trial",
        "labor-code.4604-5.visit-cap",
        "mtus.carisoprodol.not-recommended",
        "mtus.behavioral-interventions.trial",
    ):
        assert expected in ids


def fact_confidences() -> dict[str, str]:
    """Row number -> confidence, read from the fact sheet's tables."""
    table = {}
    for line in FACT_SHEET.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) >= 5 and re.fullmatch(r"\d+\.\d+[a-z]?", cells[0]):
            verdict = cells[-1].lower()
            if verdict.startswith("confirmed"):
                table[cells[0]] = "confirmed"
            elif verdict.startswith("single source"):
                table[cells[0]] = "single_source"
            elif verdict.startswith("unconfirmed"):
                table[cells[0]] = "recalled"
    return table


@pytest.mark.skipif(not FACT_SHEET.exists(), reason="the shared fact sheet is not beside this checkout")
@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_rule_confidence_is_the_weakest_of_its_facts(rule):
    sheet = fact_confidences()
    facts = [fact.strip() for fact in rule.fact.split(",")]
    known = [sheet[fact] for fact in facts if fact in sheet]
    assert known, f"{rule.id}: fact {rule.fact} is not a row of mtus-facts.md"
    assert rule.confidence == min(known, key=CONFIDENCE_ORDER.index)
    for fact in facts:
        if sheet.get(fact) == "recalled":
            assert fact in ENCODABLE_RECALLED_FACTS, f"{rule.id}: fact {fact} is not cleared for encoding"


def lexicon_names(name: str) -> set[str]:
    """Every mapping key and string value in a lexicon file: the vocabulary it defines."""
    path = rules_dir() / "lexicon" / f"{name}.yaml"
    names: set[str] = set()

    def collect(node):
        if isinstance(node, dict):
            for key, value in node.items():
                names.add(str(key).lower())
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)
        elif isinstance(node, str):
            names.add(node.lower())

    with open(path, encoding="utf-8") as handle:
        collect(yaml.safe_load(handle))
    return names


@pytest.mark.parametrize(
    ("lexicon", "field"),
    [("treatments", "treatments"), ("drugs", "drug_classes"), ("drugs", "drugs")],
)
def test_applies_to_names_exist_in_the_lexicons(lexicon, field):
    if not (rules_dir() / "lexicon" / f"{lexicon}.yaml").exists():
        pytest.skip(f"rules/lexicon/{lexicon}.yaml is not written yet")
    vocabulary = lexicon_names(lexicon)
    unknown = {name for rule in RULES for name in getattr(rule.applies_to, field)} - vocabulary
    assert not unknown, f"applies_to.{field} names unknown to lexicon/{lexicon}.yaml: {sorted(unknown)}"


def test_outcome_lexicon_keeps_partial_outcomes_unknown():
    with open(rules_dir() / "lexicon" / "outcomes.yaml", encoding="utf-8") as handle:
        outcomes = yaml.safe_load(handle)
    assert set(outcomes) == {"upheld", "overturned", "sentence_upheld", "sentence_overturned"}
    words = {word.lower() for key in outcomes for word in outcomes[key]}
    assert "upheld in part" not in words and "modified" not in words
    assert "upheld" in {w.lower() for w in outcomes["upheld"]}
    assert "overturned" in {w.lower() for w in outcomes["overturned"]}
