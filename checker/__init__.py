"""imrcheck: audit IMR determination letters for outcomes that contradict their own reasoning.

The library API. Every function returns pydantic models (checker.models):

    from checker import check_file, check_text, parse_letter, parse_request, load_rules
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["check_file", "check_text", "check_letter", "parse_letter", "parse_request", "load_rules",
           "InputError", "RuleFileError", "__version__"]

if TYPE_CHECKING:
    from checker.engine import check_file, check_letter, check_text, parse_letter
    from checker.grammar import parse_request
    from checker.reading import InputError
    from checker.rulebase import RuleFileError, load_rules

# Imported on first use so that `imrcheck --version` and the CLI start quickly.
_LOCATIONS = {
    "check_file": "checker.engine", "check_text": "checker.engine", "check_letter": "checker.engine",
    "parse_letter": "checker.engine", "parse_request": "checker.grammar", "load_rules": "checker.rulebase",
    "InputError": "checker.reading", "RuleFileError": "checker.rulebase",
}


def __getattr__(name: str) -> Any:
    if name in _LOCATIONS:
        import importlib

        return getattr(importlib.import_module(_LOCATIONS[name]), name)
    raise AttributeError(f"module 'checker' has no attribute {name!r}")
