"""FCT001, FCT002, FCT003 (checker/checks/facts.py): the must-fire and must-not-fire cases of cases/facts.yaml."""
from __future__ import annotations

import pytest

from .cases import coverage, table


@pytest.mark.parametrize("case", table("facts"))
def test_case(case):
    case.verify()


def test_every_code_has_cases_that_fire_and_cases_that_must_not():
    assert all(fire and not_fire for fire, not_fire in coverage("facts").values()), coverage("facts")
