"""GitHub Actions annotations (checker/output/github.py)."""
from __future__ import annotations

import dataclasses

from checker.output import FileError, make_formatter
from checker.output.github import escape_data, escape_property
from tests.output.reports import CHECKS, FACT_FINDING, FACTS, OUTCOME_FINDING, RULE_FINDING, UNREADABLE, run, summary_of


def test_github_escapes_data():
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"


def test_github_escapes_properties():
    assert escape_property("a,b:c%d\ne") == "a%2Cb%3Ac%25d%0Ae"


def test_github_one_command_per_finding_by_severity():
    lines = run("github", errors=[]).splitlines()
    assert lines == [
        "::error file=letters/flawed 001.txt,line=41,col=5,title=OUT001 outcome-contradicts-conclusion::"
        + OUTCOME_FINDING.message,
        "::warning file=letters/flawed 001.txt,line=60,col=3,title=RUL001 trial-within-limit-denied::"
        + RULE_FINDING.message,
        "::notice file=letters/facts.txt,line=3,col=10,title=FCT001 age-differs::age stated as 44 and 45",
    ]


def test_github_escapes_the_path_and_message_of_a_finding():
    odd = dataclasses.replace(FACTS, path="letters/a,b:c.txt",
                              findings=[dataclasses.replace(FACT_FINDING, message="age 44%\nthen 45")])
    (line,) = run("github", reports=[odd], errors=[]).splitlines()
    assert line.startswith("::notice file=letters/a%2Cb%3Ac.txt,line=3,")
    assert line.endswith("::age 44%25%0Athen 45")


def test_github_annotates_unreadable_files():
    formatter = make_formatter("github", checks=CHECKS)
    assert formatter.error(UNREADABLE) == "::error file=letters/broken.pdf::PDF has no text layer\n"


def test_github_annotates_summary_only_errors_once_at_the_end():
    formatter = make_formatter("github", checks=CHECKS)
    other = FileError("letters/empty.txt", "empty file")
    first = formatter.error(UNREADABLE)
    last = formatter.end(summary_of([], [UNREADABLE, other]))
    assert "broken.pdf" in first
    assert last == "::error file=letters/empty.txt::empty file\n"
