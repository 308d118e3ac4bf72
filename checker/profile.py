"""What the corpus statistics need of a letter beyond its Report: who decided, and when.

A `Report` is the lint result; `imrcheck stats` also groups letters by the reviewer's
specialty and by the year of the utilization review (UR) decision under review. Both are
kept in the results cache beside the report, so statistics over a checked corpus need no
second reading of any letter.

Letters date the UR decision in a handful of ways ("The utilization review determination
being challenged is dated 11/6/14", "On 01/07/2015, Utilization Review non-certified ...",
"Date of UR Decision: 11/6/2014"); a date is a character-level thing, so a regular
expression finds it (`checker.extract.dates`). A letter that names no UR date has no year: it
is counted as "not stated", never guessed from other dates.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checker.models import Letter


@dataclass(frozen=True, slots=True)
class LetterProfile:
    specialty: str | None = None
    ur_decision_year: int | None = None

    def to_data(self) -> dict[str, Any]:
        return {"specialty": self.specialty, "ur_decision_year": self.ur_decision_year}

    @classmethod
    def from_data(cls, data: Any) -> LetterProfile:
        """The profile stored in the cache; ValueError when the data is not one."""
        if not isinstance(data, dict):
            raise ValueError("profile is not an object")
        specialty, year = data.get("specialty"), data.get("ur_decision_year")
        if not (specialty is None or isinstance(specialty, str)):
            raise ValueError("specialty is not text")
        if not (year is None or (isinstance(year, int) and not isinstance(year, bool))):
            raise ValueError("ur_decision_year is not a whole number")
        return cls(specialty, year)


def letter_profile(letter: Letter) -> LetterProfile:
    """The reviewer's specialty (as the letter states it) and the year of the UR decision the
    letter dates (extraction read it already, as the date that decides the guideline edition)."""
    decided = letter.decided
    year = int(decided.date[:4]) if decided is not None and decided.source == "ur_decision" else None
    return LetterProfile(letter.reviewer.specialty, year)
