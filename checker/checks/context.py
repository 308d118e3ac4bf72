"""What a check may consult besides the letter: the rule base in force."""
from __future__ import annotations

from dataclasses import dataclass

from checker.rulebase import RuleSet


@dataclass(frozen=True)
class CheckContext:
    rules: RuleSet
