"""Tests of the checks, one module per check module, each driven by its table in cases/."""
