"""The checks, one module per family; importing this package registers them all."""
from checker.checks import citation, facts, outcome, quantity, reasoning, structure, tensions  # noqa: F401
