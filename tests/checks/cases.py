"""The check tables: each case is a letter and the codes it must and must not give.

A table is tests/checks/cases/<check module>.yaml, a list of cases:

    - id: mri-upheld-but-red-flags           # names the case in pytest's output
      layout: maximus-ir                     # optional, imr-final by default (see letters.py)
      summary: The patient is a ...          # optional clinical case summary
      items:                                 # the disputed items, in order
        - {heading: "Lumbar MRI", outcome: Upheld, guideline: "...", rationale: "..."}
      text: |                                # or instead of items: the whole letter, as is
      fires: [OUT001, {code: QTY002, item: 2}]   # must be found (on that item, when given)
      not: [RSN001]                          # must not be found, on any item
      min_confidence: recalled               # optional: the rule base's confidence floor
      xfail: the conclusion cue is not read  # a known miss: the case must fail (strict)

Like pycodestyle's testsuite and sqlfluff's rule cases, the table is the specification of
what each code means; the test module only runs it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from checker import check_text, load_rules
from checker.checks.registry import all_checks
from checker.models import Confidence

from .letters import DEFAULT_SUMMARY, LetterItem, letter

CASES = Path(__file__).resolve().parent / "cases"
_CASE_KEYS = {"id", "layout", "summary", "items", "text", "fires", "not", "xfail", "min_confidence"}


@dataclass(frozen=True)
class Expected:
    code: str
    item: int | None = None


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    fires: tuple[Expected, ...]
    absent: tuple[str, ...]
    min_confidence: Confidence | None = None

    def verify(self) -> None:
        rules = load_rules(min_confidence=self.min_confidence) if self.min_confidence else None
        found = {(finding.code, finding.item) for finding in check_text(self.text, rules=rules).findings}
        codes = {code for code, _ in found}
        for expected in self.fires:
            if expected.item is None:
                assert expected.code in codes, f"{expected.code} must fire; found {sorted(found, key=str)}"
            else:
                assert (expected.code, expected.item) in found, \
                    f"{expected.code} must fire on item {expected.item}; found {sorted(found, key=str)}"
        wrongly = codes & set(self.absent)
        assert not wrongly, f"{sorted(wrongly)} must not fire; found {sorted(found, key=str)}"


def _expected(entry: str | dict[str, Any]) -> Expected:
    if isinstance(entry, str):
        return Expected(entry)
    return Expected(entry["code"], entry.get("item"))


def _case(raw: dict[str, Any]) -> Case:
    unknown = set(raw) - _CASE_KEYS
    assert not unknown, f"case {raw.get('id')}: unknown keys {sorted(unknown)}"
    assert ("items" in raw) != ("text" in raw), f"case {raw['id']}: give either items or text"
    if "text" in raw:
        text = raw["text"]
    else:
        items = [LetterItem(**item) for item in raw["items"]]
        text = letter(items, raw.get("layout", "imr-final"), raw.get("summary", DEFAULT_SUMMARY))
    return Case(raw["id"], text, tuple(_expected(e) for e in raw.get("fires", [])), tuple(raw.get("not", [])),
                raw.get("min_confidence"))


def table(module: str) -> list[Any]:
    """The cases of one check module as pytest parameters, each checked to be about that
    module's codes and to expect something."""
    codes = {check.code for check in all_checks() if check.function.__module__ == f"checker.checks.{module}"}
    assert codes, f"no checks in checker.checks.{module}"
    params = []
    for raw in yaml.safe_load((CASES / f"{module}.yaml").read_text(encoding="utf-8")):
        case = _case(raw)
        named = {e.code for e in case.fires} | set(case.absent)
        assert named, f"case {case.id} expects nothing"
        assert named <= codes, f"case {case.id} names codes of another module: {sorted(named - codes)}"
        marks = [pytest.mark.xfail(strict=True, reason=raw["xfail"])] if "xfail" in raw else []
        # The codes lead the id, so that `pytest -k RUL003` runs the cases about that code.
        params.append(pytest.param(case, id=f"{'-'.join(sorted(named))}-{case.id}", marks=marks))
    return params


def coverage(module: str) -> dict[str, tuple[int, int]]:
    """For each code of the module: how many cases must fire it and how many must not."""
    counts: dict[str, tuple[int, int]] = {}
    for check in all_checks():
        if check.function.__module__ == f"checker.checks.{module}":
            counts[check.code] = (0, 0)
    for param in table(module):
        case = param.values[0]
        for code in {e.code for e in case.fires}:
            counts[code] = (counts[code][0] + 1, counts[code][1])
        for code in set(case.absent):
            counts[code] = (counts[code][0], counts[code][1] + 1)
    return counts
