"""Tests for checker/rulebase: loading and merging rule files, one-line errors for broken
files, rule evaluation against an outcome, and the exported JSON Schema.

Requests are built by hand here so the engine is tested apart from the request grammar; the
rules' own YAML test cases (which go through the grammar) run in test_rules_yaml.py.
"""
from __future__ import annotations

import dataclasses
import json
import textwrap

import pytest

from checker.models import Outcome, Request
from checker.resources import rules_dir
from checker.rulebase import (
    RuleFileError,
    RuleSet,
    evaluate,
    load_rules,
    rule_file_schema,
    rules_table,
    schema_text,
    validate_rules,
)
from checker.rulebase import load as rulebase_load
from checker.rulebase.evaluate import requested_amount
from checker.rulebase.load import builtin_rules
from tests.support.paths import SEEDS, needs_seeds
from tests.support.rule_files import GOOD_RULE, chiro, facts, load_error, write


def rules_file(*rules: str, preamble: str = "") -> str:
    """A `rules:` list file holding the given one-rule texts."""
    items = [textwrap.indent(rule, "    ").replace("    ", "  - ", 1) for rule in rules]
    return preamble + "rules:\n" + "".join(items)


def physical_therapy(visits: float, **fields) -> Request:
    return Request(text=f"{visits} physical therapy visits", treatment="physical_therapy", visits=visits, **fields)


def judge(rule, request: Request, outcome: Outcome, **kwargs):
    """The rule's tension on one item, or None."""
    return evaluate(rule, facts(request, outcome, **kwargs))


# --- loading ------------------------------------------------------------------------------


def test_builtin_rules_load_with_unique_ids_and_are_cached():
    first = load_rules(min_confidence="recalled")
    ids = [rule.id for rule in first]
    assert len(ids) == len(set(ids)) > 20
    assert first.get("mtus.manual-therapy.trial") is not None
    again = load_rules(min_confidence="recalled")
    assert again.get("mtus.manual-therapy.trial") is first.get("mtus.manual-therapy.trial")


def test_builtin_rules_are_valid():
    assert validate_rules() == []


def test_builtin_rules_from_the_cache_equal_those_read_from_the_files(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("IMRCHECK_NO_CACHE", raising=False)
    # The undecorated function: once reading the YAML (and filling the cache), once the cache.
    read = builtin_rules.__wrapped__()
    assert (tmp_path / "imrcheck" / "builtin-rules.pickle").is_file()
    from_cache = builtin_rules.__wrapped__()
    assert from_cache == read
    rule = RuleSet(from_cache).get("mtus.manual-therapy.trial")
    tension = judge(rule, chiro(4), Outcome.UPHELD, prior_stated_none=True)
    assert tension is not None and tension.kind == "denial_within_limit"


def test_a_changed_builtin_rule_file_is_read_afresh(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("IMRCHECK_NO_CACHE", raising=False)
    monkeypatch.setattr(rulebase_load, "builtin_rules_dir", lambda: tmp_path)
    write(tmp_path, "local.yaml", GOOD_RULE)
    assert builtin_rules.__wrapped__()[0].limit.visits == 4
    write(tmp_path, "local.yaml", GOOD_RULE.replace("visits: 4", "visits: 5"))
    assert builtin_rules.__wrapped__()[0].limit.visits == 5


def test_user_rule_overrides_builtin_by_id(tmp_path):
    override = GOOD_RULE.replace("local.chiro.trial", "mtus.manual-therapy.trial")
    write(tmp_path, "mine.yaml", override)
    ruleset = load_rules([tmp_path], min_confidence="recalled")
    rule = ruleset.get("mtus.manual-therapy.trial")
    assert rule.limit.visits == 4
    assert rule.citation.guideline == "Local guideline"
    assert len(ruleset) == len(load_rules(min_confidence="recalled"))


def test_user_file_adds_rules_and_later_paths_win(tmp_path):
    first = write(tmp_path, "first.yaml", GOOD_RULE)
    second = write(tmp_path, "second.yml", GOOD_RULE.replace("visits: 4", "visits: 5"))
    ruleset = load_rules([first, second], min_confidence="recalled")
    assert ruleset.get("local.chiro.trial").limit.visits == 5
    assert len(ruleset) == len(load_rules(min_confidence="recalled")) + 1


def test_a_rules_list_file_and_shared_anchors_load(tmp_path):
    rule = GOOD_RULE + "condition: {unless: [CRPS, *words]}\n"
    text = rules_file(rule, preamble="shared:\n  words: &words [post-operative, postoperative]\n")
    path = write(tmp_path, "list.yaml", text)
    rule = load_rules([path]).get("local.chiro.trial")
    assert rule.condition.unless == ["CRPS", "post-operative", "postoperative"]


def test_recalled_rules_are_opt_in_and_min_confidence_keeps_the_surer_ones():
    everything = load_rules(min_confidence="recalled")
    default = load_rules()
    confirmed = load_rules(min_confidence="confirmed")
    assert any(rule.confidence == "recalled" for rule in everything)
    assert {rule.id for rule in default} == {rule.id for rule in everything if rule.confidence != "recalled"}
    assert {rule.confidence for rule in confirmed} == {"confirmed"}
    assert confirmed.get("labor-code.4604-5.visit-cap") is not None
    assert default.get("mtus.carisoprodol.not-recommended") is None


# --- broken files -------------------------------------------------------------------------





def test_yaml_syntax_error_names_file_and_line(tmp_path):
    error = load_error(tmp_path, GOOD_RULE.replace("limit: {visits: 4}", "limit: {visits: 4"))
    assert error.line is not None and 4 <= error.line <= 6
    assert "YAML" in str(error)


def test_unknown_field_names_its_line_and_field(tmp_path):
    error = load_error(tmp_path, GOOD_RULE.replace("limit: {visits: 4}", "limit: {visits: 4, vists: 3}"))
    assert error.line == 4
    assert "rule 'local.chiro.trial': limit.vists: Extra inputs are not permitted" in str(error)


def test_wrong_type_names_its_line_and_field(tmp_path):
    error = load_error(tmp_path, GOOD_RULE.replace("limit: {visits: 4}", "limit:\n  visits: six"))
    assert error.line == 5
    assert str(error).endswith("rule 'local.chiro.trial': limit.visits: Input should be a valid number, "
                               "unable to parse string as a number")


def test_missing_citation_is_an_error(tmp_path):
    text = GOOD_RULE.split("citation:")[0] + 'message: "x"\n'
    error = load_error(tmp_path, text)
    assert "citation: Field required" in str(error)
    assert error.line == 1


def test_citation_with_misspelt_key_is_an_error(tmp_path):
    error = load_error(tmp_path, GOOD_RULE.replace("pages: [1]", "page: [1]"))
    assert "citation.page: Extra inputs are not permitted" in str(error)
    assert error.line == 12


def test_whole_rule_problem_points_at_the_field(tmp_path):
    error = load_error(tmp_path, GOOD_RULE.replace("tensions: [denial_within_limit]\n", ""))
    assert "tensions: name a tension" in str(error)


def test_unknown_message_field_is_an_error(tmp_path):
    error = load_error(tmp_path, GOOD_RULE.replace("{limit}", "{limt}"))
    assert "message: unknown field {limt}" in str(error)
    assert error.line == 13


def test_a_rule_counting_prior_visits_must_show_them_in_its_message(tmp_path):
    error = load_error(tmp_path, GOOD_RULE.replace("{tally}", "{requested}"))
    assert "message: a rule counting prior visits must show them" in str(error)


def test_duplicate_id_in_one_source_is_an_error(tmp_path):
    error = load_error(tmp_path, rules_file(GOOD_RULE, GOOD_RULE))
    assert "rule 'local.chiro.trial': id: duplicate id (first at " in str(error)
    assert error.line == 15


def test_duplicate_id_across_files_of_one_directory_is_an_error(tmp_path):
    write(tmp_path, "a.yaml", GOOD_RULE)
    write(tmp_path, "b.yaml", GOOD_RULE)
    with pytest.raises(RuleFileError, match=r"b\.yaml:1: rule 'local.chiro.trial': id: duplicate id"):
        load_rules([tmp_path])


def test_python_object_tag_is_refused_without_running_it(tmp_path):
    marker = tmp_path / "ran"
    text = GOOD_RULE.replace('title: A local chiropractic trial',
                             f'title: !!python/object/apply:os.system ["touch {marker}"]')
    error = load_error(tmp_path, text)
    assert error.line == 2
    assert "could not determine a constructor" in str(error)
    assert not marker.exists()


def test_duplicate_key_is_an_error(tmp_path):
    error = load_error(tmp_path, GOOD_RULE + "confidence: recalled\n")
    assert error.line == 14
    assert "key 'confidence' appears twice" in str(error)


def test_empty_file_and_missing_path_are_errors(tmp_path):
    load_error(tmp_path, "")
    with pytest.raises(RuleFileError, match="no such rule file"):
        load_rules([tmp_path / "absent.yaml"])


def test_validate_rules_lists_every_problem(tmp_path):
    write(tmp_path, "a.yaml", GOOD_RULE.replace("visits: 4", "visits: four"))
    write(tmp_path, "b.yaml", "id: [unclosed\n")
    problems = validate_rules([tmp_path])
    assert len(problems) == 2
    assert all("\n" not in problem for problem in problems)
    assert problems[0].startswith(f"{tmp_path / 'a.yaml'}:4: rule 'local.chiro.trial': limit.visits: ")
    assert problems[1].startswith(f"{tmp_path / 'b.yaml'}:2: YAML: ")


# --- evaluation ---------------------------------------------------------------------------


def test_denial_within_trial_with_no_prior_treatment_is_a_tension():
    rule = load_rules(min_confidence="recalled").get("mtus.manual-therapy.trial")
    tension = judge(rule, chiro(5), Outcome.UPHELD, prior_visits=None, prior_stated_none=True)
    assert tension.kind == "denial_within_limit"
    assert tension.limit == 6
    assert "5 requested + 0 prior (the letter states none) = 5" in tension.message
    assert "6-visit" in tension.message


def test_denial_message_says_which_prior_visits_were_counted():
    rule = load_rules(min_confidence="recalled").get("mtus.physical-medicine.visits")
    tension = judge(rule, physical_therapy(4), Outcome.UPHELD, prior_visits=6)
    assert "4 requested + 6 prior stated in the letter = 10" in tension.message


def test_prior_visits_push_a_denial_beyond_the_limit():
    rule = load_rules(min_confidence="recalled").get("mtus.physical-medicine.visits")
    assert judge(rule, physical_therapy(8), Outcome.UPHELD, prior_visits=6) is None


def test_unknown_prior_treatment_never_makes_a_denial_within():
    rule = load_rules(min_confidence="recalled").get("mtus.manual-therapy.trial")
    assert judge(rule, chiro(5), Outcome.UPHELD, prior_visits=None, prior_stated_none=False) is None


def test_approval_beyond_counts_the_request_alone_when_prior_is_unknown():
    rule = load_rules(min_confidence="recalled").get("mtus.physical-medicine.visits")
    tension = judge(rule, physical_therapy(12), Outcome.OVERTURNED)
    assert tension.kind == "approval_beyond_limit" and "12 requested" in tension.message
    assert "prior visits not stated" in tension.message


def test_unknown_outcome_never_fires():
    ruleset = load_rules(min_confidence="recalled")
    for request in (chiro(5), physical_therapy(30)):
        assert ruleset.tensions(facts(request, Outcome.UNKNOWN, prior_stated_none=True)) == []


def test_diagnosis_condition_needs_the_word_in_the_letter():
    rule = load_rules(min_confidence="recalled").get("mtus.physical-medicine.crps")
    assert judge(rule, physical_therapy(12), Outcome.UPHELD, prior_stated_none=True,
                 context_text="lumbar strain") is None
    tension = judge(rule, physical_therapy(12), Outcome.UPHELD, prior_stated_none=True,
                    context_text="Diagnosis:\n Reflex  sympathetic\ndystrophy")
    assert tension is not None and tension.kind == "denial_within_limit"


def test_unless_words_suspend_a_rule():
    rule = load_rules(min_confidence="recalled").get("mtus.physical-medicine.visits")
    assert judge(rule, physical_therapy(12), Outcome.OVERTURNED,
                 context_text="Postoperative therapy after ACL repair") is None


def test_functional_improvement_extends_a_trial_but_not_a_total():
    ruleset = load_rules(min_confidence="recalled")
    trial, total = ruleset.get("mtus.manual-therapy.trial"), ruleset.get("mtus.manual-therapy.total")
    improved = "The patient had objective functional improvement after the first visits."
    assert judge(trial, chiro(12), Outcome.OVERTURNED, prior_visits=6, context_text=improved) is None
    assert judge(trial, chiro(12), Outcome.OVERTURNED, prior_visits=6) is not None
    assert judge(total, chiro(12), Outcome.OVERTURNED, prior_visits=12, context_text=improved) is not None


def test_not_recommended_fires_only_on_approval():
    rule = load_rules(min_confidence="recalled").get("mtus.carisoprodol.not-recommended")
    soma = Request(text="Soma 350 mg #60", treatment="medication", drug="carisoprodol", drug_class="muscle_relaxant")
    assert judge(rule, soma, Outcome.OVERTURNED).kind == "approved_not_recommended"
    assert judge(rule, soma, Outcome.UPHELD) is None


def test_recalled_rule_findings_say_they_rest_on_recollection():
    rule = load_rules(min_confidence="recalled").get("mtus.carisoprodol.not-recommended")
    soma = Request(text="Soma", drug="carisoprodol")
    assert "recalled" in judge(rule, soma, Outcome.OVERTURNED).message


def test_body_part_conditions_select_rules_for_a_request():
    ruleset = load_rules(min_confidence="recalled")
    knee = chiro(6, body_parts=["knee"])
    lumbar = chiro(6, body_parts=["lumbar_spine"])
    assert ruleset.get("mtus.manual-therapy.not-recommended-regions") in ruleset.for_request(knee)
    assert ruleset.get("mtus.manual-therapy.not-recommended-regions") not in ruleset.for_request(lumbar)


def test_daily_dose_comes_from_strength_quantity_and_supply():
    rule = load_rules(min_confidence="recalled").get("mtus.opioids.morphine-equivalent-ceiling")
    norco = Request(
        text="Norco 10/325 #450", drug="hydrocodone/acetaminophen", drug_class="opioid",
        strengths_mg=[10, 325], count=450, supply_days=30,
    )
    assert requested_amount(rule, norco) == 150
    assert judge(rule, norco, Outcome.OVERTURNED) is not None
    assert judge(rule, dataclasses.replace(norco, **{"supply_days": None}), Outcome.OVERTURNED) is None


def test_ruleset_tensions_pairs_rules_with_findings():
    ruleset = RuleSet(load_rules(min_confidence="recalled").rules)
    found = ruleset.tensions(facts(chiro(5), Outcome.UPHELD, prior_stated_none=True))
    assert [rule.id for rule, _ in found] == ["mtus.manual-therapy.trial"]


# The nine seed items (../shared/seeds/EXPECTED.md) with the prior treatment each letter
# states: (letter, request as headed, outcome, prior visits, letter says "none").
SEED_ITEMS = [
    ("000", "5 chiropractic treatments with physiotherapy", Outcome.UPHELD, None, True),
    ("001", "8 physical therapy visits 2 x 4 for the lumbar spine", Outcome.UPHELD, 6, False),
    ("002", "A PAIN MANAGEMENT REFERRAL FOR THE LUMBAR SPINE", Outcome.UPHELD, None, False),
    ("002", "NORCO 10/325MG", Outcome.UPHELD, None, False),
    ("002", "PHYSICAL THERAPY FOR THE LUMBAR SPINE (THREE TIMES A WEEK FOR TWO MONTHS)", Outcome.UPHELD, None, False),
    ("003", "Acupuncture sessions 1x6 for cervical and thoracic", Outcome.OVERTURNED, None, False),
    ("003", "Chiropractic sessions 1x6 for cervical and thoracic", Outcome.UPHELD, 22, False),
    ("004", "12 chiropractic manipulation treatments for the cervical, lumbar and thoracic spine", Outcome.UPHELD,
     None, False),
    ("004", "Flexeril 7.5 mg #60", Outcome.UPHELD, None, False),
]


@needs_seeds
@pytest.mark.parametrize(("letter", "heading", "outcome", "prior", "none_stated"), SEED_ITEMS)
def test_seed_items_raise_only_the_expected_rule_tension(letter, heading, outcome, prior, none_stated):
    from checker.grammar import parse_request

    # The whole letter as context is the most a check could pass: every condition word in it counts.
    text = next(SEEDS.glob(f"{letter}_*.txt")).read_text(encoding="utf-8")
    item = facts(parse_request(heading), outcome, prior, none_stated, text)
    found = load_rules(min_confidence="recalled").tensions(item)
    expected = ["mtus.manual-therapy.trial"] if letter == "000" else []
    assert [rule.id for rule, _ in found] == expected


# --- schema and listing -------------------------------------------------------------------


def test_committed_schema_matches_the_models():
    committed = (rules_dir() / "schema.json").read_text(encoding="utf-8")
    assert committed == schema_text(), "rules/schema.json is stale: run checker.rulebase.export_schema()"


def test_schema_accepts_one_rule_or_a_rules_list():
    schema = rule_file_schema()
    alternatives = schema.get("anyOf") or schema.get("oneOf")
    assert {alt["$ref"].rsplit("/", 1)[1] for alt in alternatives} == {"Rule", "RuleList"}
    assert json.loads(schema_text()) == schema


def test_rules_table_shows_limit_confidence_and_citation():
    rows = {row["id"]: row for row in rules_table(load_rules(min_confidence="recalled"))}
    trial = rows["mtus.manual-therapy.trial"]
    assert trial["limit"] == "6 visits over 2 weeks"
    assert trial["confidence"] == "single_source"
    assert "Manual therapy & manipulation" in trial["citation"] and "58" in trial["citation"]
    assert rows["mtus.carisoprodol.not-recommended"]["limit"] == "not recommended"
    assert rows["mtus.opioids.ongoing-management"]["limit"] == "informational"
