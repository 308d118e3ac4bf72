"""STR001-STR006 (checker/checks/structure.py): the must-fire and must-not-fire cases of
cases/structure.yaml."""
from __future__ import annotations

import pytest

from .cases import coverage, table


@pytest.mark.parametrize("case", table("structure"))
def test_case(case):
    case.verify()


def test_every_code_has_cases_that_fire_and_cases_that_must_not():
    assert all(fire and not_fire for fire, not_fire in coverage("structure").values()), coverage("structure")
