"""The MTUS rule base: YAML rules (rules/mtus/*.yaml) validated by pydantic, merged with the
rule files a user names, and held against one disputed item.

One job per module: `model` (what a rule file says), `load` (reading and merging rule
files), `evaluate` (a rule against an item), `selftest` (each rule's own test cases) and
`schema` (the JSON Schema and the `rules list` table).
"""
from checker.rulebase.evaluate import ItemFacts, RuleSet, Tension, evaluate
from checker.rulebase.load import (
    RuleFileError,
    builtin_rules_dir,
    load_rules,
    validate_rules,
)
from checker.rulebase.model import Confidence, Rule, TensionKind
from checker.rulebase.schema import (
    export_schema,
    rule_file_schema,
    rules_table,
    schema_text,
)
from checker.rulebase.selftest import (
    RuleTestResult,
    rule_cases,
    run_rule_case,
    run_rule_tests,
)

__all__ = [
    "Confidence", "ItemFacts", "Rule", "RuleFileError", "RuleSet", "RuleTestResult", "Tension", "TensionKind",
    "builtin_rules_dir", "evaluate", "export_schema", "load_rules", "rule_cases", "rule_file_schema",
    "rules_table", "run_rule_case", "run_rule_tests", "schema_text", "validate_rules",
]
