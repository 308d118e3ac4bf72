"""Every example letter's report and extraction, compared with a snapshot taken before the
performance work (issue 7).

Speed-ups must not change what is reported: this compares, field by field, the report
(findings, messages, evidence spans, items) and the extracted letter (facts, citations,
rationale stances, prior treatment) of every example with the stored snapshot. A change of
behaviour that is meant is recorded by re-taking the snapshot, in the same commit:

    python -m tests.test_snapshot --update
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.paths import EXAMPLES, ROOT

SNAPSHOT = ROOT / "tests" / "fixtures" / "snapshots" / "examples.json"
LETTERS = sorted(EXAMPLES.glob("*/*.txt"))


def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def take_snapshot() -> dict[str, dict[str, Any]]:
    from checker.engine import check_file, parse_letter
    from checker.rulebase import load_rules
    from checker.serialize import to_data

    rules = load_rules()
    snapshot = {}
    for path in LETTERS:
        report = to_data(check_file(str(path), rules))
        letter = to_data(parse_letter(str(path)))
        # Where the checkout lives is no part of the output being compared.
        report["path"] = letter["path"] = _name(path)
        snapshot[_name(path)] = {"report": report, "letter": letter}
    return snapshot


@pytest.fixture(scope="module")
def stored() -> dict[str, dict[str, Any]]:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def current() -> dict[str, dict[str, Any]]:
    return take_snapshot()


def test_the_snapshot_covers_every_example(stored: dict[str, dict[str, Any]]) -> None:
    assert sorted(stored) == [_name(path) for path in LETTERS]


@pytest.mark.parametrize("name", [_name(path) for path in LETTERS])
@pytest.mark.parametrize("part", ["report", "letter"])
def test_output_equals_the_snapshot(name: str, part: str, stored: dict[str, dict[str, Any]],
                                    current: dict[str, dict[str, Any]]) -> None:
    assert current[name][part] == stored[name][part]


if __name__ == "__main__":
    if sys.argv[1:] != ["--update"]:
        sys.exit("usage: python -m tests.test_snapshot --update")
    SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
    snapshot = take_snapshot()
    # One letter per line: a changed letter shows as one changed line in a diff.
    lines = [f"{json.dumps(name)}: {json.dumps(value, sort_keys=True)}" for name, value in snapshot.items()]
    SNAPSHOT.write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    print(f"wrote {SNAPSHOT.relative_to(ROOT)}: {len(snapshot)} letters")
