"""Assembles a `Request` from what the grammar and the lexicons read in a request text.

The grammar (parser.py, request.lark, notation.py) gives the quantity notations in order;
the lexicons (checker.text.vocabulary) give the treatment, the drug and the body parts. This module
decides what they add up to:

* `visits` is the total of the first form that states one; the other forms must agree
  with it (`forms_agree`), as in "8 physical therapy visits 2 x 4";
* `per_week` and `weeks` come from the first form that states each; a missing one of
  visits, per week and weeks is worked out from the other two;
* `count`, `refills`, the strength and the days are the first of each that the text gives;
* a strength written without a unit ("10/325 #120") counts unless the request names a
  treatment other than a medication: in "physical therapy 2/3" it is no strength;
* what could not be read goes, quoted, into `unparsed`, and then `parsed` is False.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from checker.grammar.notation import (
    BareNumber,
    Count,
    Days,
    Frequency,
    Notation,
    Refills,
    SpinalLevel,
    Strength,
    UnreadNotation,
    Visits,
)
from checker.grammar.parser import NotationSpan, read_quantity_segments, read_segments
from checker.models import QuantityForm, Request
from checker.text.lexicon import Kind, categories, matcher
from checker.text.vocabulary import abbreviated_treatment, body_parts_of, drug_of, treatment_of

# Separates the quoted pieces of `Request.unparsed` when a text has more than one.
UNPARSED_SEPARATOR = " … "


@dataclass(frozen=True, slots=True)
class FoundQuantity:
    """A quantity form found in a fragment of text, with where it sits in the fragment."""

    form: QuantityForm
    start: int
    end: int
    # "additional 8 sessions": more on top of what came before, not the whole request.
    additional: bool = False
    # The units of a `count` form ("#60" is 60); None for visit and frequency forms.
    count: int | None = None


def quantity_form(meaning: Notation, quoted: str) -> QuantityForm | None:
    """The form a notation gives a request's size, or None when it gives none."""
    if isinstance(meaning, Visits | Frequency):
        return QuantityForm(kind="visits" if isinstance(meaning, Visits) else "frequency", visits=meaning.visits,
                            per_week=meaning.per_week, weeks=meaning.weeks, text=quoted)
    if isinstance(meaning, BareNumber) and meaning.restated:
        # "twelve (12)" alone: letters spell out and restate counts of visits.
        return QuantityForm(kind="visits", visits=meaning.value, text=quoted)
    if isinstance(meaning, Count):
        return QuantityForm(kind="count", text=quoted)
    return None


def find_quantities(text: str) -> list[FoundQuantity]:
    found = []
    for segment in read_quantity_segments(text):
        quoted = text[segment.start : segment.end]
        form = quantity_form(segment.meaning, quoted)
        if form is not None:
            meaning = segment.meaning
            found.append(
                FoundQuantity(
                    form=form,
                    start=segment.start,
                    end=segment.end,
                    additional=getattr(meaning, "additional", False),
                    count=int(meaning.count) if isinstance(meaning, Count) else None,
                )
            )
    return found


@dataclass
class _Stated:
    """What the segments of a request state; of each kind, the first stated value stands."""

    # A strength without a unit ("Norco 10/325") counts only where the request is a drug.
    unitless_strength_counts: bool
    body_parts: list[str]
    forms: list[QuantityForm] = field(default_factory=list)
    unread: list[NotationSpan] = field(default_factory=list)
    additional: bool = False
    count: int | None = None
    refills: int | None = None
    strength: Strength | None = None
    days: list[tuple[Days, str]] = field(default_factory=list)

    def add(self, segment: NotationSpan, quoted: str) -> None:
        meaning = segment.meaning
        form = quantity_form(meaning, quoted)
        if form is not None:
            self.forms.append(form)
        if isinstance(meaning, (Visits, Frequency)):
            self.additional = self.additional or meaning.additional
        elif isinstance(meaning, Count):
            self.count = self.count if self.count is not None else int(meaning.count)
            self.refills = self.refills if self.refills is not None else meaning.refills
            if meaning.unread:
                self.unread.append(segment)
        elif isinstance(meaning, Refills):
            self.refills = self.refills if self.refills is not None else meaning.refills
        elif isinstance(meaning, Strength):
            if self.strength is None and (meaning.unit is not None or self.unitless_strength_counts):
                self.strength = meaning
        elif isinstance(meaning, Days):
            self.days.append((meaning, quoted))
        elif isinstance(meaning, SpinalLevel):
            if meaning.body_part not in self.body_parts:
                self.body_parts.append(meaning.body_part)
        elif isinstance(meaning, UnreadNotation):
            self.unread.append(segment)


def build_request(text: str) -> Request:
    hits = matcher().find(text)
    treatment = treatment_of(hits) or abbreviated_treatment(text)
    drug = drug_of(hits)
    stated = _Stated(unitless_strength_counts=treatment in (None, "medication"), body_parts=body_parts_of(hits))
    # A number inside a drug's name ("Tylenol #3") is no quantity of the request.
    names = [(hit.start, hit.end) for hit in hits if hit.kind == Kind.DRUG]
    for segment in read_segments(text):
        if not any(start <= segment.start and segment.end <= end for start, end in names):
            stated.add(segment, text[segment.start : segment.end])
    forms, days, strength = stated.forms, stated.days, stated.strength

    days_mean = categories()[treatment].days_mean if treatment in categories() else None
    supply_days = _first_days(days, "supply", days_mean)
    rental_days = _first_days(days, "rental", days_mean)
    if days_mean == "sessions":
        # A programme day is one session: "Functional restoration x 10 days" is 10 visits.
        forms.extend(
            QuantityForm(kind="visits", visits=days_stated.days, text=quoted)
            for days_stated, quoted in days
            if days_stated.use is None
        )

    visits, per_week, weeks = _size(forms)
    totals = {round(form.visits, 6) for form in forms if form.visits is not None}
    unparsed = _quote_unread(text, stated.unread)
    if not any(character.isalnum() for character in text):
        unparsed = text.strip() or text
    return Request(
        text=text,
        parsed=unparsed is None,
        unparsed=unparsed,
        treatment=treatment,
        drug=drug.generic if drug else None,
        drug_class=drug.drug_class if drug else None,
        visits=visits,
        per_week=per_week,
        weeks=weeks,
        count=stated.count,
        strengths_mg=list(strength.values) if strength else [],
        strength_unit=strength.unit if strength else None,
        refills=stated.refills,
        supply_days=supply_days,
        rental_days=rental_days,
        additional=stated.additional,
        body_parts=stated.body_parts,
        forms=forms,
        forms_agree=len(totals) <= 1,
    )


def _first_days(days: list[tuple[Days, str]], use: str, days_mean: str | None) -> int | None:
    for stated, _quoted in days:
        if stated.use == use or (stated.use is None and days_mean == use):
            return int(stated.days)
    return None


def _size(forms: list[QuantityForm]) -> tuple[float | None, float | None, float | None]:
    """Visits, visits per week and weeks, each from the first form stating it."""
    visits = next((form.visits for form in forms if form.visits is not None), None)
    per_week = next((form.per_week for form in forms if form.per_week is not None), None)
    weeks = next((form.weeks for form in forms if form.weeks is not None), None)
    if visits is None and per_week is not None and weeks is not None:
        visits = per_week * weeks
    elif visits is not None and per_week is None and weeks:
        per_week = visits / weeks
    elif visits is not None and weeks is None and per_week:
        weeks = visits / per_week
    return visits, per_week, weeks


def _quote_unread(text: str, unread: list[NotationSpan]) -> str | None:
    """The unread segments, quoted; neighbours with only spaces between are one quote."""
    if not unread:
        return None
    pieces: list[list[int]] = []
    for segment in unread:
        if pieces and not text[pieces[-1][1] : segment.start].strip():
            pieces[-1][1] = segment.end
        else:
            pieces.append([segment.start, segment.end])
    return UNPARSED_SEPARATOR.join(text[start:end] for start, end in pieces)
