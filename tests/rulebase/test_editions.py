"""Guideline editions: a rule states when its guideline was in force, the letter's decisive
date is read (the UR decision's, else the letter's own), a rule applies only to letters
decided while it was in force, and a letter outside every edition gets one RUL004 note."""
from __future__ import annotations

import dataclasses
import datetime
import json

import pytest

from checker.engine import check_file, check_text, parse_text
from checker.extract.dates import letter_date, ur_decision_date
from checker.models import Outcome
from checker.rulebase import RuleSet, evaluate, load_rules
from tests.support.cli import imrcheck
from tests.support.paths import EXAMPLES
from tests.support.rule_files import GOOD_RULE, chiro, facts, load_error, write

BEFORE = EXAMPLES / "maximus-ir" / "decided-before-the-2009-guidelines.txt"
CPMTG = "MTUS Chronic Pain Medical Treatment Guidelines"
CPMTG_IN_FORCE = datetime.date(2009, 7, 18)


def dated_rule(tmp_path, effective: str):
    path = write(tmp_path, "dated.yaml", GOOD_RULE + effective)
    return load_rules([path]).get("local.chiro.trial")


# --- the decisive date ---------------------------------------------------------------------


def test_the_ur_decision_date_is_decisive_over_the_letters_own():
    text = "Dated: 06/12/2015\nUR Denial Date: 05/19/2015\n"
    assert ur_decision_date(text).date == datetime.date(2015, 5, 19)
    assert parse_text(text).decided.date == "2015-05-19"
    assert parse_text(text).decided.source == "ur_decision"


def test_without_a_ur_date_the_letter_is_dated_by_its_own_date():
    letter = parse_text("Determination Date:    08/02/2016\nThe request was reviewed.\n")
    assert (letter.decided.date, letter.decided.source, letter.decided.span.line) == ("2016-08-02", "letter", 1)


@pytest.mark.parametrize("text", ["A progress report dated 7/31/13 noted pain.", "Date of Injury: 03/25/2013",
                                  "Utilization review denied the request.", "UR Denial Date: 13/45/2015"])
def test_no_decisive_date_is_guessed_from_other_dates(text):
    assert ur_decision_date(text) is None and letter_date(text) is None
    assert parse_text(text).decided is None


# --- rules in force -------------------------------------------------------------------------


def test_a_rule_states_when_it_was_in_force(tmp_path):
    rule = dated_rule(tmp_path, "effective: {from: 2009-07-18, until: 2017-12-31}\n")
    assert rule.effective.covers(datetime.date(2009, 7, 18)) and rule.effective.covers(datetime.date(2017, 12, 31))
    assert not rule.effective.covers(datetime.date(2009, 7, 17))
    assert not rule.effective.covers(datetime.date(2018, 1, 1))
    assert str(rule.effective) == "from 2009-07-18 until 2017-12-31"


def test_an_edition_that_ends_before_it_begins_is_refused_with_its_line(tmp_path):
    error = load_error(tmp_path, GOOD_RULE + "effective: {from: 2009-07-18, until: 2008-01-01}\n")
    assert "effective.until: 2008-01-01 is before from (2009-07-18)" in str(error)
    assert error.line == GOOD_RULE.count("\n") + 1


def test_a_misspelt_edition_key_is_refused(tmp_path):
    assert "effective.since" in str(load_error(tmp_path, GOOD_RULE + "effective: {since: 2009-07-18}\n"))


def test_a_rule_applies_only_to_letters_decided_while_it_was_in_force(tmp_path):
    rule = dated_rule(tmp_path, "effective: {from: 2009-07-18, until: null}\n")
    denial = facts(chiro(3), Outcome.UPHELD, prior_stated_none=True)
    assert evaluate(rule, denial) is not None  # no date: held to every rule
    for day, applies in ((datetime.date(2015, 1, 1), True), (datetime.date(2009, 7, 17), False)):
        assert (evaluate(rule, dataclasses.replace(denial, decided=day)) is not None) is applies


def test_an_undated_rule_applies_whatever_the_date_and_makes_no_edition(tmp_path):
    rule = dated_rule(tmp_path, "")
    assert not rule.effective.dated and str(rule.effective) == "not dated"
    rules = RuleSet([rule])
    assert rules.editions == () and rules.has_edition_for(datetime.date(1990, 1, 1))


def test_every_builtin_rule_on_the_2009_chronic_pain_guidelines_is_in_force_from_its_effective_date():
    rules = load_rules(min_confidence="recalled")
    cpmtg = [rule for rule in rules if rule.citation.guideline == CPMTG]
    assert cpmtg and all(rule.effective.from_ == CPMTG_IN_FORCE and rule.effective.until is None for rule in cpmtg)
    # Dates no stored source gives are left open, never guessed.
    assert all(rule.effective.from_ in (None, CPMTG_IN_FORCE) for rule in rules)
    assert [str(edition) for edition in rules.editions] == ["from 2009-07-18 (end not known)"]


# --- RUL004 and the examples ----------------------------------------------------------------


def test_a_letter_outside_every_edition_gets_one_note_and_no_finding_of_the_wrong_edition():
    report = check_file(BEFORE, load_rules())
    assert [finding.code for finding in report.findings] == ["RUL004"]
    note = report.findings[0]
    assert (note.severity.value, note.line, note.evidence[0].text) == ("info", 12, "05/19/2009")
    assert "2009-05-19" in note.message and "from 2009-07-18" in note.message


def test_the_same_letter_decided_while_the_guidelines_were_in_force_is_held_to_them():
    later = BEFORE.read_text(encoding="utf-8").replace("/2009", "/2015").replace("/2008", "/2014")
    assert sorted(finding.code for finding in check_text(later, load_rules()).findings) == ["RUL002"]


def test_no_note_for_letters_decided_within_an_edition_or_not_dated():
    rules = load_rules()
    for path in sorted(EXAMPLES.glob("*/*.txt")):
        if path != BEFORE:
            assert "RUL004" not in {finding.code for finding in check_file(path, rules).findings}, path


def test_rules_list_shows_when_each_rule_was_in_force():
    rows = json.loads(imrcheck("rules", "list", "--output-format", "json").stdout)
    in_force = {row["id"]: row["in_force"] for row in rows}
    assert in_force["mtus.physical-medicine.visits"] == "from 2009-07-18 (end not known)"
    assert in_force["labor-code.4604-5.visit-cap"] == "not dated"
    table = imrcheck("rules", "list").stdout
    assert "IN_FORCE" in table.splitlines()[0]
