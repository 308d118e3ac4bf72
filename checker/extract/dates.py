"""The letter's decisive date: when the decision under review was made.

Guidelines changed over the years, so which rules apply depends on when the case was decided.
The decisive date is the utilization review (UR) decision's ("UR Denial Date: 05/06/2015",
"The utilization review determination being challenged is dated 11/6/14", "On 01/07/2015,
Utilization Review non-certified ..."); a letter that names none is dated by its own date
("Dated: 06/09/2015", "Determination Date: 08/02/2016"). A letter with neither has no date,
never one guessed from other dates. Dates are character-level things: regular expressions
find them.
"""
from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass

_UR = r"(?:utilization\s+review|U\.\s?R\.|\bUR\b)"


def _date(prefix: str) -> str:
    return rf"(?P<{prefix}month>\d{{1,2}})/(?P<{prefix}day>\d{{1,2}})/(?P<{prefix}year>\d{{4}}|\d{{2}})\b"


# The date follows the UR cue within a short stretch of the same sentence, lines wrapped or not
# ("... letter dated DATE", "decision: DATE"), or precedes it as "On DATE, UR ...".
_UR_DATE = re.compile(
    rf"{_UR}[^.]{{0,60}}?(?:dated|of|on|date|decision)\s*:?\s*{_date('')}"
    rf"|\bon\s+{_date('b_')},?\s+(?:the\s+)?{_UR}",
    re.IGNORECASE,
)
# The letter's own date, as its header gives it.
_LETTER_DATE = re.compile(rf"\b(?:dated|date\s+of\s+letter|determination\s+date|letter\s+date)\s*:\s*{_date('')}",
                          re.IGNORECASE)
# Two-digit years: letters began with the IMR programme in 2013.
_CENTURY_PIVOT = 70
_FIRST_YEAR, _LAST_YEAR = 1990, 2100


@dataclass(frozen=True, slots=True)
class DatedAt:
    """A date the letter states, and where: [start, end) of its text."""

    date: datetime.date
    start: int
    end: int


def ur_decision_date(text: str) -> DatedAt | None:
    """The first UR decision date the letter states, or None."""
    return next(_dates(_UR_DATE, text), None)


def letter_date(text: str) -> DatedAt | None:
    """The letter's own date ("Dated: 06/09/2015"), or None."""
    return next(_dates(_LETTER_DATE, text), None)


def _dates(pattern: re.Pattern[str], text: str) -> Iterator[DatedAt]:
    for match in pattern.finditer(text):
        prefix = "" if match.group("year") else "b_"
        year = int(match.group(prefix + "year"))
        if year < 100:
            year += 2000 if year < _CENTURY_PIVOT else 1900
        if not _FIRST_YEAR <= year <= _LAST_YEAR:
            continue
        try:
            date = datetime.date(year, int(match.group(prefix + "month")), int(match.group(prefix + "day")))
        except ValueError:
            continue
        yield DatedAt(date, match.start(prefix + "month"), match.end(prefix + "year"))
