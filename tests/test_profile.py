"""The letter profile kept for statistics: the UR decision's year, only where the letter dates it."""
from __future__ import annotations

import pytest

from checker.engine import parse_text
from checker.profile import LetterProfile, letter_profile


def ur_decision_year(text: str) -> int | None:
    return letter_profile(parse_text(text)).ur_decision_year


@pytest.mark.parametrize(("text", "year"), [
    ("The utilization review determination being challenged is dated 11/6/14 and denies", 2014),
    ("On 01/07/2015, Utilization Review non-certified a request for 12 sessions", 2015),
    ("Date of UR Decision: 11/06/2013\n", 2013),
    ("The utilization review letter dated 11/29/12 noted that 22 visits", 2012),
    # PDF text: the sentence wrapped, a blank line between its lines.
    ("The Utilization Review \n \ndecision dated 3/4/2016 was appealed.", 2016),
])
def test_the_ur_decision_year_is_read_where_the_letter_dates_it(text, year):
    assert ur_decision_year(text) == year


@pytest.mark.parametrize("text", [
    "The request was reviewed in U.R. and denied. A progress report dated 7/31/13 noted pain.",
    "The patient is a 43 Y, F with a date of injury on 3/5/12.",
    "Utilization review denied the request.",
    "The utilization review letter dated 11/29/1812 is a typo.",
    "",
])
def test_no_year_when_no_date_belongs_to_the_ur_decision(text):
    assert ur_decision_year(text) is None


def test_profile_data_round_trips_and_wrong_types_are_refused():
    profile = LetterProfile("Physical Medicine & Rehabilitation", 2014)
    assert LetterProfile.from_data(profile.to_data()) == profile
    for bad in ([], {"specialty": 3}, {"ur_decision_year": "2014"}, {"ur_decision_year": True}):
        with pytest.raises(ValueError):
            LetterProfile.from_data(bad)
