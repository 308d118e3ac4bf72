"""Rule files and rule inputs written by hand, so the rule engine is tested apart from the
request grammar."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from checker.models import Outcome, Request
from checker.rulebase import ItemFacts, RuleFileError, load_rules

GOOD_RULE = """\
id: local.chiro.trial
title: A local chiropractic trial
applies_to: {treatments: [chiropractic]}
limit: {visits: 4}
tensions: [denial_within_limit]
counts_prior_visits: true
confidence: confirmed
fact: "3.1"
citation:
  guideline: Local guideline
  topic: Manual therapy
  pages: [1]
message: "Denied although {tally} is within {limit}"
"""


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def chiro(visits: float | None, **fields) -> Request:
    return Request(text=f"{visits} chiropractic visits", treatment="chiropractic", visits=visits, **fields)


def facts(request: Request, outcome: Outcome, prior_visits: float | None = None, prior_stated_none: bool = False,
          context_text: str = "") -> ItemFacts:
    return ItemFacts(request=request, outcome=outcome, prior_visits=prior_visits,
                     prior_stated_none=prior_stated_none, context=context_text)


def load_error(tmp_path: Path, text: str) -> RuleFileError:
    path = write(tmp_path, "broken.yaml", text)
    with pytest.raises(RuleFileError) as caught:
        load_rules([path])
    message = str(caught.value)
    assert "\n" not in message
    assert "broken.yaml:" in message
    return caught.value
