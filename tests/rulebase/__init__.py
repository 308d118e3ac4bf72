"""Tests of checker/rulebase: loading, evaluating and self-testing the MTUS rules."""
