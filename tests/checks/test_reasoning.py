"""RSN001 (checker/checks/reasoning.py): the must-fire and must-not-fire cases of cases/reasoning.yaml."""
from __future__ import annotations

import pytest

from .cases import coverage, table


@pytest.mark.parametrize("case", table("reasoning"))
def test_case(case):
    case.verify()


def test_every_code_has_cases_that_fire_and_cases_that_must_not():
    assert all(fire and not_fire for fire, not_fire in coverage("reasoning").values()), coverage("reasoning")
