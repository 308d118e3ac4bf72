"""The README's worked rule-authoring example works as the README says."""
from __future__ import annotations

import re

from conftest import ROOT

from checker.engine import check_text
from checker.rulebase import load_rules, run_rule_tests

LETTER = ("HOW THE IMR FINAL DETERMINATION WAS MADE\nThe expert reviewer is Board Certified in Family Medicine.\n\n"
          "CLINICAL CASE SUMMARY\nThe patient is a 39 year old male.\n\nIMR ISSUES, DECISIONS AND RATIONALES\n\n"
          "Gym membership x 6 months:  {outcome}\n\nDecision rationale: The request is {conclusion}.\n")


def test_worked_rule_example_validates_tests_and_applies(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rule_yaml = re.search(r"`local-rules/gym\.yaml`:\n\n```yaml\n(.*?)```", readme, re.DOTALL).group(1)
    (tmp_path / "gym.yaml").write_text(rule_yaml)
    rules = load_rules([tmp_path])
    results = [r for r in run_rule_tests(rules) if r.rule == "local.gym.not-recommended"]
    assert results and all(r.passed for r in results)
    approved = check_text(LETTER.format(outcome="Overturned", conclusion="medically necessary"), rules=rules)
    assert [f.rule for f in approved.findings if f.code == "RUL003"] == ["local.gym.not-recommended"]
    denied = check_text(LETTER.format(outcome="Upheld", conclusion="not medically necessary"), rules=rules)
    assert not [f for f in denied.findings if f.code == "RUL003"]
