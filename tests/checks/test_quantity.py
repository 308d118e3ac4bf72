"""QTY001, QTY002 (checker/checks/quantity.py): the must-fire and must-not-fire cases of cases/quantity.yaml."""
from __future__ import annotations

import pytest

from .cases import coverage, table


@pytest.mark.parametrize("case", table("quantity"))
def test_case(case):
    case.verify()


def test_every_code_has_cases_that_fire_and_cases_that_must_not():
    assert all(fire and not_fire for fire, not_fire in coverage("quantity").values()), coverage("quantity")
