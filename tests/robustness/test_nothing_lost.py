"""Nothing lost: every item the segmenter finds is in the report, and each one is either
checked (outcome, rationale, parsed request) or carries a structure finding saying why not."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from checker.engine import Limits, check_letter, parse_text
from checker.models import Layout, Outcome
from checker.segment import segment
from checker.text.letter_text import read_text
from tests.support.letter_mutations import letters
from tests.support.strategies import mutated_letters

# What each structure code says is missing from an item.
MISSING_OUTCOME = {"STR001", "STR002"}
MISSING_RATIONALE = {"STR003"}
MISSING_REQUEST = {"STR004"}


def assert_nothing_lost(text: str, path: str = "<text>") -> None:
    found = segment(read_text(text))
    letter = parse_text(text, path, Limits(max_items=None))
    report = check_letter(letter)
    assert len(letter.items) == len(found.items) == len(report.items)
    assert [item.index for item in report.items] == list(range(1, len(found.items) + 1))
    codes_by_item: dict[int, set[str]] = {}
    for finding in report.findings:
        if finding.item is not None:
            codes_by_item.setdefault(finding.item, set()).add(finding.code)
    for item in letter.items:
        codes = codes_by_item.get(item.index, set())
        where = f"{path} item {item.index} ({item.heading!r})"
        if item.outcome is Outcome.UNKNOWN:
            assert codes & MISSING_OUTCOME, f"{where}: no outcome and no STR001/STR002"
        if not item.rationale:
            assert codes & MISSING_RATIONALE, f"{where}: no rationale and no STR003"
        if item.request is None or not item.request.parsed:
            assert codes & MISSING_REQUEST or item.request is None and not item.heading, \
                f"{where}: request not read and no STR004"
    if letter.layout is Layout.UNKNOWN:
        assert any(finding.code == "STR005" for finding in report.findings)
    for reason in letter.unread:
        assert any(finding.code == "STR006" and finding.message == reason.reason for finding in report.findings)


LETTERS = letters()


@pytest.mark.parametrize("name, text", LETTERS, ids=[name for name, _ in LETTERS])
def test_every_item_of_every_example_and_seed_letter_is_checked_or_reported(name, text):
    assert_nothing_lost(text, name)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_letters())
def test_every_item_of_a_mutated_letter_is_checked_or_reported(case):
    name, text, seed = case
    assert_nothing_lost(text, f"{name} (mutation seed {seed})")


def test_items_past_max_items_are_counted_in_one_finding():
    from tests.support.letter_mutations import many_items_letter

    text = many_items_letter(12)
    report = check_letter(parse_text(text, limits=Limits(max_items=5)))
    assert len(report.items) == 5
    assert [f.message for f in report.findings if f.code == "STR006"] == [
        "7 items past the limit of 5 per letter were not checked"]
