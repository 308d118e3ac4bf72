"""Corpus statistics: counts checked by hand on small corpora, the seed letters, and the
statistics answered from the results cache."""
from __future__ import annotations

import csv
import io
import json

import pytest

from checker import cli, runner
from checker.models import Family, Finding, ItemSummary, Layout, Outcome, Report, Request, Severity
from checker.output.stats_report import render
from checker.profile import LetterProfile
from checker.stats import NOT_RECOGNISED, NOT_STATED, CorpusStats
from tests.support.paths import SEEDS, needs_seeds


def item(index: int, outcome: Outcome, treatment: str | None, drug_class: str | None = None) -> ItemSummary:
    request = Request(text="x", treatment=treatment, drug_class=drug_class) if treatment else None
    return ItemSummary(index=index, heading=f"item {index}", outcome=outcome, line=index, request=request)


def finding(code: str, family: Family, item_index: int | None, rule: str | None = None) -> Finding:
    return Finding(code=code, family=family, severity=Severity.WARNING, message="m", item=item_index, rule=rule)


def hand_counted_corpus() -> CorpusStats:
    """Three letters, six items, by two specialties (one spelled two ways) and two years.

    letter A (Orthopedic Surgery, 2014): chiropractic upheld [RUL001 trial rule], PT overturned
    letter B (orthopedic  surgery., no year): chiropractic upheld, chiropractic overturned,
        an opioid overturned [RUL003 opioid rule]; a letter-level FCT001
    letter C (no specialty, 2015): an unrecognised item, outcome unknown [STR003]
    """
    corpus = CorpusStats()
    U, O, X = Outcome.UPHELD, Outcome.OVERTURNED, Outcome.UNKNOWN  # noqa: E741  (short table cells)
    corpus.add(Report(path="a", layout=Layout.IMR_FINAL,
                      items=[item(1, U, "chiropractic"), item(2, O, "physical_therapy")],
                      findings=[finding("RUL001", Family.RULES, 1, "mtus.trial")]),
               LetterProfile("Orthopedic Surgery", 2014))
    corpus.add(Report(path="b", layout=Layout.MAXIMUS_IR,
                      items=[item(1, U, "chiropractic"), item(2, O, "chiropractic"),
                             item(3, O, "medication", "opioid")],
                      findings=[finding("RUL003", Family.RULES, 3, "mtus.opioids"),
                                finding("FCT001", Family.FACTS, None)]),
               LetterProfile("orthopedic  surgery.", None))
    corpus.add(Report(path="c", layout=Layout.MAXIMUS_IR, items=[item(1, X, None)],
                      findings=[finding("STR003", Family.STRUCTURE, 1)]),
               LetterProfile(None, 2015))
    corpus.add_unreadable()
    return corpus


def test_totals_layouts_and_outcomes_are_counted_by_hand():
    data = hand_counted_corpus().to_data()
    assert (data["letters"], data["items"], data["unreadable"]) == (3, 6, 1)
    assert data["layouts"] == {"imr-final": 1, "maximus-ir": 2}
    assert data["outcomes"] == {"upheld": 2, "overturned": 3, "unknown": 1}


def test_outcomes_by_treatment_and_drug_class():
    data = hand_counted_corpus().to_data()
    chiropractic = data["by_treatment"]["chiropractic"]
    assert (chiropractic["items"], chiropractic["upheld"], chiropractic["overturned"]) == (3, 2, 1)
    assert chiropractic["overturned_rate"] == pytest.approx(1 / 3, abs=1e-4)
    assert data["by_treatment"][NOT_RECOGNISED] == {"items": 1, "upheld": 0, "overturned": 0, "unknown": 1,
                                                    "overturned_rate": None}
    assert set(data["by_treatment"]) == {"chiropractic", "physical_therapy", "medication", NOT_RECOGNISED}
    assert data["by_drug_class"] == {"opioid": {"items": 1, "upheld": 0, "overturned": 1, "unknown": 0,
                                                "overturned_rate": 1.0}}


def test_specialties_spelled_two_ways_are_one_group_and_letters_without_one_are_not_stated():
    data = hand_counted_corpus().to_data()
    assert set(data["by_specialty"]) == {"Orthopedic Surgery", NOT_STATED}
    surgery = data["by_specialty"]["Orthopedic Surgery"]
    assert (surgery["letters"], surgery["items"], surgery["upheld"], surgery["overturned"]) == (2, 5, 2, 3)
    assert data["by_specialty"][NOT_STATED]["letters"] == 1


def test_outcomes_by_ur_decision_year():
    data = hand_counted_corpus().to_data()
    assert {year: (group["letters"], group["items"]) for year, group in data["by_year"].items()} == {
        "2014": (1, 2), "2015": (1, 1), NOT_STATED: (1, 3)}


def test_findings_by_code_and_family():
    data = hand_counted_corpus().to_data()
    assert data["findings_by_code"]["RUL001"] == {"family": "rules", "findings": 1, "letters": 1,
                                                  "letter_rate": pytest.approx(1 / 3, abs=1e-4)}
    assert set(data["findings_by_code"]) == {"RUL001", "RUL003", "FCT001", "STR003"}
    assert data["findings_by_family"]["rules"]["findings"] == 2
    assert data["findings_by_family"]["facts"] == {"findings": 1, "per_letter": pytest.approx(1 / 3, abs=1e-4)}


def test_rule_tensions_are_counted_against_the_items_decided_that_way():
    tensions = hand_counted_corpus().to_data()["tensions_by_rule"]
    assert set(tensions) == {"mtus.trial", "mtus.opioids"}
    trial = tensions["mtus.trial"]["RUL001"]
    # One chiropractic denial within the trial, out of the two chiropractic items upheld.
    assert (trial["count"], trial["of_items"], trial["outcome"], trial["treatments"]) == (1, 2, "upheld",
                                                                                          ["chiropractic"])
    assert trial["rate"] == 0.5
    opioids = tensions["mtus.opioids"]["RUL003"]
    # A drug is counted against its class (one opioid overturned), not every medication.
    assert (opioids["count"], opioids["of_items"], opioids["outcome"], opioids["treatments"]) == (
        1, 1, "overturned", ["opioid"])


def test_findings_without_a_rule_are_not_tensions():
    corpus = CorpusStats()
    corpus.add(Report(path="a", layout=Layout.IMR_FINAL, items=[item(1, Outcome.UPHELD, "chiropractic")],
                      findings=[finding("OUT001", Family.OUTCOME, 1), finding("RUL001", Family.RULES, 1)]),
               None)
    assert corpus.to_data()["tensions_by_rule"] == {}


def test_text_tables_show_the_counts():
    text = render(hand_counted_corpus().to_data(), "text")
    assert text.startswith("3 letters, 6 items, 1 unreadable\n")
    rows = {line.split()[0]: line.split() for line in text.splitlines() if line.strip()}
    assert rows["chiropractic"] == ["chiropractic", "3", "2", "1", "0", "33.3"]
    assert rows["mtus.trial"][-3:] == ["2", "upheld", "50.0"]
    assert "no rule tensions" not in text


def test_csv_is_one_long_table_that_reads_back_to_the_json_numbers():
    data = hand_counted_corpus().to_data()
    rows = list(csv.DictReader(io.StringIO(render(data, "csv"), newline="")))
    assert set(rows[0]) == {"table", "group", "measure", "value"}
    value = {(r["table"], r["group"], r["measure"]): r["value"] for r in rows}
    assert value[("corpus", "", "letters")] == "3"
    assert value[("by_treatment", "chiropractic", "overturned")] == "1"
    assert value[("by_specialty", "Orthopedic Surgery", "letters")] == "2"
    assert value[("tensions_by_rule", "mtus.trial RUL001", "of_items")] == "2"
    assert value[("by_treatment", NOT_RECOGNISED, "overturned_rate")] == ""


@needs_seeds
def test_stats_on_the_seed_letters(capsys):
    assert cli.main(["stats", "--output-format", "json", str(SEEDS)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"letters", "items", "outcomes", "by_treatment", "by_specialty", "findings_by_code",
            "tensions_by_rule"} <= set(data)
    assert (data["letters"], data["items"], data["unreadable"]) == (5, 9, 0)
    # From EXPECTED.md: eight items upheld, the acupuncture overturned; the four findings.
    assert data["outcomes"] == {"upheld": 8, "overturned": 1, "unknown": 0}
    assert {t: (g["upheld"], g["overturned"]) for t, g in data["by_treatment"].items()} == {
        "chiropractic": (3, 0), "physical_therapy": (2, 0), "acupuncture": (0, 1), "referral": (1, 0),
        "medication": (2, 0)}
    assert set(data["by_drug_class"]) == {"opioid", "muscle_relaxant"}
    assert {code: entry["findings"] for code, entry in data["findings_by_code"].items()} == {
        "RSN001": 1, "RUL001": 1, "OUT001": 1, "FCT001": 1}
    trial = data["tensions_by_rule"]["mtus.manual-therapy.trial"]["RUL001"]
    assert (trial["count"], trial["of_items"]) == (1, 3)
    assert sum(group["letters"] for group in data["by_specialty"].values()) == 5
    assert data["by_year"]["2014"]["letters"] == 1 and data["by_year"]["2015"]["letters"] == 1


@needs_seeds
def test_stats_answer_from_the_cache_with_the_same_tables(capsys, monkeypatch):
    assert cli.main(["stats", "-j", "1", str(SEEDS)]) == 0
    cold = capsys.readouterr().out

    def must_not_check(*args, **kwargs):
        raise AssertionError("checked a letter the cache holds")

    monkeypatch.setattr(runner, "check_letter", must_not_check)
    assert cli.main(["stats", "-j", "1", str(SEEDS)]) == 0
    assert capsys.readouterr().out == cold
    assert "Occupational Medicine" in cold and "2012" in cold


def test_stats_count_an_unreadable_letter_and_exit_2(capsys, tmp_path):
    (tmp_path / "empty.txt").write_text("")
    assert cli.main(["stats", "--output-format", "json", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert json.loads(captured.out)["unreadable"] == 1
    assert "empty file" in captured.err


def test_stats_need_a_path(capsys):
    assert cli.main(["stats"]) == 2
    assert "no PATH given" in capsys.readouterr().err
