"""The whole engine on any text: always a Report, never an exception, in time linear in size."""
from __future__ import annotations

import random
import re
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.engine import Limits, check_text
from checker.models import Report
from tests.support.letter_mutations import MUTATIONS, REPEATABLE_UNITS, letters, many_items_letter, mutate
from tests.support.strategies import any_text, lined_text, mutated_letters

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LETTERS = letters()


def checked(text: str, limits: Limits | None = None) -> Report:
    """The report of any text: every finding's place inside the text."""
    report = check_text(text, limits=limits or Limits())
    # CR, LF and CRLF each end a line.
    lines = len(re.split(r"\r\n|\r|\n", text))
    for finding in report.findings:
        assert 1 <= finding.line <= lines and finding.column >= 1
        for span in finding.evidence:
            assert 0 <= span.start <= span.end <= len(text)
    return report


@SETTINGS
@given(st.one_of(any_text, lined_text))
def test_any_text_gives_a_report(text):
    checked(text)


@SETTINGS
@given(mutated_letters())
def test_any_mutation_of_a_real_letter_gives_a_report(case):
    checked(case[1])


@pytest.mark.parametrize("operator", MUTATIONS, ids=lambda operator: operator.__name__)
def test_each_mutation_operator_on_each_letter_gives_a_report(operator):
    rng = random.Random(operator.__name__)
    for _, text in LETTERS:
        checked(operator(text, rng))


@pytest.mark.parametrize("name, text", LETTERS[:3], ids=[name for name, _ in LETTERS[:3]])
def test_heavily_mutated_letters_give_a_report(name, text):
    rng = random.Random(name)
    for _ in range(10):
        checked(mutate(text, rng, steps=12)[0])


def test_ten_thousand_items_are_checked_in_linear_time():
    text = many_items_letter(10_000)
    report = checked(text, Limits(max_items=None))
    assert len(report.items) == 10_000


def test_items_past_the_limit_are_reported_not_dropped():
    report = checked(many_items_letter(10_000))
    assert len(report.items) == Limits().max_items
    over = [f for f in report.findings if f.code == "STR006"]
    assert len(over) == 1 and "9500 items past the limit of 500" in over[0].message


@pytest.mark.parametrize("kind", ["words", "letter", "region"])
def test_five_megabytes_on_one_line_gives_a_report(kind):
    letter = next(text for name, text in LETTERS if "imr-final" in name)
    if kind == "words":
        text = ("Upheld not medically necessary 2 x 4 #60 Page(s): 98-99 " * 90_000)[:5_000_000]
    elif kind == "letter":
        text = (letter.replace("\n", " ") * (5_000_000 // len(letter) + 1))[:5_000_000]
    else:
        # The decisions section is one 5 MB line: every line-level regex meets it.
        text = "IMR ISSUES, DECISIONS AND RATIONALES\n" + (letter.replace("\n", " ") * 1000)[:5_000_000]
    checked(text)


@pytest.mark.parametrize("unit", REPEATABLE_UNITS, ids=repr)
@pytest.mark.parametrize("where", ["heading", "rationale", "citation", "summary"])
def test_long_repeated_runs_do_not_blow_up(unit, where):
    """25 and 50 KB of one unit in each field of an imr-final letter: the shape of a ReDoS input.

    Doubling the run at most about doubles the cost (a ratio in one run, never a wall-clock
    limit): a quadratic regex or loop would take four times as long; the small absolute slack
    keeps timer noise on fast runs from deciding.
    """
    def letter(size: int) -> str:
        run = unit * (size // len(unit))
        head = ("IMR ISSUES, DECISIONS AND RATIONALES\n\n" if where != "summary"
                else f"CLINICAL CASE SUMMARY\n{run}\n\nIMR ISSUES, DECISIONS AND RATIONALES\n\n")
        heading = f"8 physical therapy visits {run if where == 'heading' else ''}:  Upheld\n\n"
        citation = f"MAXIMUS guideline: Decision based on MTUS {run if where == 'citation' else ''}Page(s): 98.\n\n"
        rationale = (f"Decision rationale: {run if where == 'rationale' else ''} "
                     "The request is not medically necessary.\n")
        return head + heading + citation + rationale

    single, double = letter(25_000), letter(50_000)
    started = time.perf_counter()
    checked(single)
    middle = time.perf_counter()
    checked(double)
    cost_single, cost_double = middle - started, time.perf_counter() - middle
    assert cost_double < 3 * cost_single + 0.25, (cost_single, cost_double)
