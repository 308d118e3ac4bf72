"""Every check documents itself with an example that fires and one that does not, and those
examples are run here, so `imrcheck explain` can never show an example that is wrong."""
from __future__ import annotations

import re
import textwrap

import pytest

from checker.checks.registry import all_checks
from checker.engine import check_text

# A docstring example is the disputed-items part of a letter, wrapped here in a minimal
# letter; an example that opens with a line in capitals is a whole document and is used as is.
_LETTER_HEAD = ("HOW THE IMR FINAL DETERMINATION WAS MADE\n"
                "The expert reviewer is Board Certified in Family Medicine and is licensed in California.\n\n"
                "CLINICAL CASE SUMMARY\n")
_ITEMS_HEAD = "IMR ISSUES, DECISIONS AND RATIONALES\n"


def example(doc: str, section: str) -> str:
    match = re.search(rf"^{section}:\n((?:[ \t]+.*\n|\n)+)", doc + "\n", re.MULTILINE)
    assert match, f"no '{section}:' example"
    return textwrap.dedent(match.group(1)).strip() + "\n"


def as_letter(body: str) -> str:
    first = body.splitlines()[0]
    if first.isupper():
        return body
    if "IMR ISSUES" in body:
        return _LETTER_HEAD + body
    return _LETTER_HEAD + "The patient is a 50 year old male.\n\n" + _ITEMS_HEAD + body


CHECKS = all_checks()


@pytest.mark.parametrize("check", CHECKS, ids=[c.code for c in CHECKS])
def test_the_example_that_fires_fires(check):
    report = check_text(as_letter(example(check.doc, "Fires")))
    assert check.code in {f.code for f in report.findings}


@pytest.mark.parametrize("check", CHECKS, ids=[c.code for c in CHECKS])
def test_the_example_that_does_not_fire_does_not(check):
    report = check_text(as_letter(example(check.doc, "Does not fire")))
    assert check.code not in {f.code for f in report.findings}


def test_every_family_has_a_check_and_codes_are_unique():
    assert len({c.code for c in CHECKS}) == len(CHECKS)
    assert {c.family.value for c in CHECKS} == {"outcome", "reasoning", "rules", "quantity", "citation", "facts",
                                                "structure"}
