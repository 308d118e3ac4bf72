"""RUL001-RUL004 (checker/checks/tensions.py): the must-fire and must-not-fire cases of
cases/tensions.yaml."""
from __future__ import annotations

import pytest

from .cases import coverage, table


@pytest.mark.parametrize("case", table("tensions"))
def test_case(case):
    case.verify()


def test_every_code_has_cases_that_fire_and_cases_that_must_not():
    assert all(fire and not_fire for fire, not_fire in coverage("tensions").values()), coverage("tensions")
