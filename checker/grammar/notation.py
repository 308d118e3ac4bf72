"""What each request notation means: the transformer that gives request.lark's rules values.

The grammar names every notation with an `->` alias; each alias is one method here, and
the method does the arithmetic ("2 x 4" is 2 a week for 4 weeks, 8 visits). The values are
small frozen records (`Visits`, `Frequency`, `Count`, ...) that `checker.grammar.request`
assembles into a `Request`. A method that returns None marks a notation that carries no
quantity the checker uses: a dose ("1 tab"), a date, an age, a drug-taking interval.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal, Union

from lark import Token, Transformer, v_args

# Letters count a month as 4 weeks ("three times a week for two months" is 24 visits), but a
# month of supply or rental as 30 days, as prescriptions and rentals are written.
WEEKS_PER_MONTH = 4
DAYS_PER_MONTH = 30
DAYS_PER_WEEK = 7
# A count of visits or services is below this; a larger number before "treatment" is a year
# or a code ("2015 Medical Treatment Utilization Schedule").
VISITS_LIMIT = 1000


@dataclass(frozen=True, slots=True)
class Number:
    value: float
    # Spelled out and repeated in digits, "twelve (12)": letters restate only counts.
    restated: bool = False


@dataclass(frozen=True, slots=True)
class Period:
    weeks: float
    days: float


@dataclass(frozen=True, slots=True)
class TimesRate:
    times: float
    # "2 x" rather than "2 times": a multiplication sign with nothing after it is a
    # notation cut short, while "3 times" alone is plain English.
    symbolic: bool


@dataclass(frozen=True, slots=True)
class Tail:
    """What follows a count or a rate: "for 6 weeks", "x 4", "for 6 visits"."""

    weeks: float | None = None
    visits: float | None = None


# A link word followed by nothing the tail can use: "12 visits for the lumbar spine".
OPEN_TAIL = Tail()


@dataclass(frozen=True, slots=True)
class Visits:
    """A stated number of visits: "12 sessions", "x 12", "twelve (12)", "additional 8"."""

    visits: float
    per_week: float | None = None
    weeks: float | None = None
    additional: bool = False


@dataclass(frozen=True, slots=True)
class Frequency:
    """Visits per week and for how long: "2 x 4", "three times a week", "x 6 weeks"."""

    per_week: float | None
    weeks: float | None
    visits: float | None = None
    additional: bool = False


@dataclass(frozen=True, slots=True)
class Count:
    """Units dispensed or requested: "#60", "QTY: 90", "a referral"."""

    count: float
    refills: int | None = None
    # "#60 x 2": the count is read, what the "x 2" multiplies is not.
    unread: bool = False


@dataclass(frozen=True, slots=True)
class Refills:
    refills: int


@dataclass(frozen=True, slots=True)
class Strength:
    """A drug strength, "7.5 mg", "10/325mg", "5%"; `unit` is None when only "10/325"."""

    values: tuple[float, ...]
    unit: str | None


@dataclass(frozen=True, slots=True)
class Days:
    """A number of days, "30 day supply", "30 day rental", "x 10 days"."""

    days: float
    use: Literal["supply", "rental"] | None


@dataclass(frozen=True, slots=True)
class SpinalLevel:
    body_part: str


@dataclass(frozen=True, slots=True)
class BareNumber:
    """A number with no unit the grammar knows, "Page 58", "3-6"."""

    value: float
    restated: bool


class UnreadNotation:
    """A notation cut short ("2 x", "#") or a symbol no request uses ("%%%")."""


Notation = Union[
    Visits, Frequency, Count, Refills, Strength, Days, SpinalLevel, BareNumber, UnreadNotation
]
NOTATIONS = (Visits, Frequency, Count, Refills, Strength, Days, SpinalLevel, BareNumber, UnreadNotation)


def _frequency(per_week: float, tail: Tail | None, additional: bool = False) -> Frequency:
    if tail is not None and tail.visits is not None:
        return Frequency(per_week, tail.visits / per_week, tail.visits, additional)
    weeks = tail.weeks if tail is not None else None
    visits = per_week * weeks if weeks is not None else None
    return Frequency(per_week, weeks, visits, additional)


def _tail_of(parts: tuple) -> Tail | None:
    return next((part for part in parts if isinstance(part, Tail)), None)


def _has_additional(parts: tuple) -> bool:
    return any(isinstance(part, Token) and part.type == "ADDITIONAL" for part in parts)


# Tokens whose text the arithmetic needs; every other token is a keyword ("x", "weeks",
# "#") that has already done its work by choosing the alternative.
MEANINGFUL_TOKENS = frozenset({"NUMBER", "NUMBER_WORD", "TIMES_WORD", "ADDITIONAL"})


@dataclass(frozen=True, slots=True)
class Located:
    """What a rule of the grammar read, and the span of text it read it from."""

    value: object
    start: int
    end: int


# Rules whose value is their first child's, a word after it left dangling: "#60 to" in
# "reduced from #60 to #45" is quoted as "#60".
QUOTED_AS_FIRST_CHILD = frozenset({"number_phrase"})


def _inline_located(method, rule, children, meta) -> Located:
    """Calls a transformer method with its children inline, and locates the result.

    This is `v_args(inline=True)` for a parser that keeps every token and transforms as it
    parses (see parser.py): keywords are left out of the call, values are unwrapped from
    their `Located`, and the result spans from the first child to the last. A link word that
    led nowhere ("for" in "12 visits for the lumbar spine") is not part of the span.
    """
    if rule in QUOTED_AS_FIRST_CHILD:
        children = children[:1]
    arguments: list[Any] = []
    start: int | None = None
    end: int | None = None
    for child in children:
        if isinstance(child, Token):
            if child.type in MEANINGFUL_TOKENS:
                arguments.append(child)
            child_start, child_end = child.start_pos, child.end_pos
        elif isinstance(child, Located):
            arguments.append(child.value)
            if child.value is OPEN_TAIL:
                continue
            child_start, child_end = child.start, child.end
        else:
            arguments.append(child)  # None for an optional part left out
            continue
        if start is None:
            start = child_start
        end = child_end
    assert start is not None and end is not None, f"rule {rule} matched no token"  # every rule reads one
    return Located(method(*arguments), start, end)


@v_args(wrapper=_inline_located)
class NotationTransformer(Transformer):
    """Turns each rule the parser reduces into its value; a segment's value is a `Notation`."""

    def __init__(self, number_words: dict[str, tuple[str, int]]):
        super().__init__()
        self._number_words = number_words

    # ------------------------------------------------------------ numbers
    def numeral(self, digits: Token) -> Number:
        return Number(float(digits))

    def number_word(self, word: Token) -> Number:
        return Number(float(self._number_words[word.lower()][1]))

    def restated(self, word: Token, digits: Token) -> Number:
        # The digits are what the letter's arithmetic uses; the word only repeats them.
        return Number(float(digits), restated=True)

    def restated_backwards(self, digits: Token, word: Token) -> Number:
        return Number(float(digits), restated=True)

    def range(self, low: Number, high: Number) -> Number:
        return Number(max(low.value, high.value))

    def number_phrase(self, amount: Number) -> Number:
        # "30-" of "30-day", "6 to" cut short: the number stands alone.
        return amount

    def times_symbol(self, number: Number) -> TimesRate:
        return TimesRate(number.value, symbolic=True)

    def times_words(self, number: Number) -> TimesRate:
        return TimesRate(number.value, symbolic=False)

    def times_adverb(self, word: Token) -> TimesRate:
        return TimesRate(float(self._number_words[word.lower()][1]), symbolic=False)

    # ------------------------------------------------------------ periods and tails
    def weeks(self) -> Period:
        return Period(weeks=1, days=DAYS_PER_WEEK)

    def months(self) -> Period:
        return Period(weeks=WEEKS_PER_MONTH, days=DAYS_PER_MONTH)

    # "a week", "/month", "daily": the alternative that matched says which; the method only
    # gives the words a span.
    def per_week(self) -> None:
        return None

    def per_month(self) -> None:
        return None

    def per_day(self) -> None:
        return None

    def open_tail(self) -> Tail:
        return OPEN_TAIL

    def duration_tail(self, number: Number, period: Period | None) -> Tail:
        return Tail(weeks=number.value * (period.weeks if period else 1))

    def visits_tail(self, number: Number) -> Tail:
        return Tail(visits=number.value)

    # ------------------------------------------------------------ visits and frequencies
    def bare_number(self, number: Number, *gap: Token) -> BareNumber:
        return BareNumber(number.value, number.restated)

    def visits(self, number: Number, *rest) -> Visits | BareNumber:
        if number.value >= VISITS_LIMIT:
            return BareNumber(number.value, restated=False)
        tail = _tail_of(rest)
        weeks = tail.weeks if tail is not None else None
        per_week = number.value / weeks if weeks else None
        return Visits(number.value, per_week, weeks, _has_additional(rest))

    def visit_rate(self, number: Number, *rest) -> Frequency:
        return _frequency(number.value, _tail_of(rest), _has_additional(rest))

    def times_alone(self, rate: TimesRate) -> UnreadNotation | None:
        return UnreadNotation() if rate.symbolic else None

    def compact_frequency(self, rate: TimesRate, weeks: Number, period: Period | None) -> Frequency:
        # "2 x 4": the second number is weeks unless a unit says otherwise ("2 x 2 months").
        return _frequency(rate.times, Tail(weeks=weeks.value * (period.weeks if period else 1)))

    def frequency(self, rate: TimesRate, *rest) -> Frequency:
        return _frequency(rate.times, _tail_of(rest))

    def slash_rate(self, number: Number, tail: Tail | None) -> Frequency:
        return _frequency(number.value, tail)

    def monthly_frequency(self, rate: TimesRate, per_month: None, tail: Tail | None) -> Frequency:
        return _frequency(rate.times / WEEKS_PER_MONTH, tail)

    def duration(self, number: Number, period: Period) -> Frequency:
        return Frequency(per_week=None, weeks=number.value * period.weeks)

    def times_visits(self, number: Number) -> Visits:
        return Visits(number.value)

    def times_duration(self, number: Number, period: Period) -> Frequency:
        return self.duration(number, period)

    def additional(self, marker: Token, measure: Notation | None) -> Notation | None:
        if isinstance(measure, (Visits, Frequency)):
            return replace(measure, additional=True)
        if isinstance(measure, BareNumber):
            # "additional 8": a number of more visits, the unit left to the heading.
            return Visits(measure.value, additional=True)
        return measure

    # ------------------------------------------------------------ dispensing
    def count(self, number: Number) -> Count:
        return Count(number.value)

    def count_unread(self, number: Number, *rest) -> Count:
        return Count(number.value, unread=True)

    def count_refills(self, number: Number, refills: Number) -> Count:
        return Count(number.value, refills=int(refills.value))

    def unit_count(self, number: Number, *gap: Token) -> Count | BareNumber:
        if number.value >= VISITS_LIMIT:
            return BareNumber(number.value, restated=False)
        return Count(number.value)

    def one_unit(self, *gap: Token) -> Count:
        return Count(1)

    def refill_count(self, number: Number) -> Refills:
        return Refills(int(number.value))

    def times_refills(self, number: Number) -> Refills:
        return Refills(int(number.value))

    def no_refills(self) -> Refills:
        return Refills(0)

    def strength(self, number: Number, unit: str) -> Strength:
        return Strength((number.value,), unit)

    def slashed(self, first: Number, *rest) -> Strength | None:
        numbers = [first, *(part for part in rest if isinstance(part, Number))]
        if len(numbers) > 2:
            return None  # a date, "7/31/13"
        unit = next((part for part in rest if isinstance(part, str)), None)
        return Strength(tuple(number.value for number in numbers), unit)

    def days(self, number: Number) -> Days:
        return Days(number.value, None)

    def times_days(self, number: Number) -> Days:
        return Days(number.value, None)

    def supply_days(self, number: Number) -> Days:
        return Days(number.value, "supply")

    def rental_days(self, number: Number) -> Days:
        return Days(number.value, "rental")

    def supply_period(self, number: Number, period: Period) -> Days:
        return Days(number.value * period.days, "supply")

    def rental_period(self, number: Number, period: Period) -> Days:
        return Days(number.value * period.days, "rental")

    def strength_unit(self, mass: str) -> str:
        return mass

    def per_hour(self, mass: str) -> str:
        return f"{mass}/hr"

    def per_unit(self, mass: str, per: str) -> str:
        return f"{mass}/{per}"

    def percent(self) -> str:
        return "%"

    def milligrams(self) -> str:
        return "mg"

    def micrograms(self) -> str:
        return "mcg"

    def grams(self) -> str:
        return "gm"

    def millilitres(self) -> str:
        return "ml"

    # ------------------------------------------------------------ the rest
    def cervical_level(self, number: Number) -> SpinalLevel:
        return SpinalLevel("cervical_spine")

    def thoracic_level(self, number: Number) -> SpinalLevel:
        return SpinalLevel("thoracic_spine")

    def lumbar_level(self, number: Number) -> SpinalLevel:
        return SpinalLevel("lumbar_spine")

    def dose(self, *parts) -> None:
        return None

    def ignored(self, *parts) -> None:
        return None

    def cut(self, *parts) -> UnreadNotation:
        return UnreadNotation()

    def unreadable(self, *parts) -> UnreadNotation:
        return UnreadNotation()
