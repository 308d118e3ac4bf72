"""What a check may consult besides the letter: the rule base in force, and what checks of
the same letter have already worked out (one context is made per letter)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from checker.rulebase import RuleSet


@dataclass(frozen=True)
class CheckContext:
    rules: RuleSet
    # Results several checks share, such as an item's rule tensions (RUL001-RUL003).
    shared: dict[Any, Any] = field(default_factory=dict)
