"""The request grammar: what a disputed item asks for, read from its heading.

`parse_request("Flexeril 7.5 mg #60")` gives a `checker.models.Request`: treatment
`medication`, drug `cyclobenzaprine` (a `muscle_relaxant`), strength [7.5] mg, count 60.
The quantity notation ("2 x 4", "three times a week for two months", "#90 with 2 refills")
is read by a Lark LALR grammar, request.lark; the treatment, drug and body-part words by
the lexicons in rules/lexicon/. Reading never fails: text the grammar cannot read comes
back quoted in `Request.unparsed` with `parsed=False`, and no number is guessed for it.

The engine also reads rationale sentences with the same pieces: `parse_quantities` finds
the quantity forms in a fragment ("the additional 8 sessions"), `find_treatment` and
`find_drug` say which treatment or drug a sentence is about ("22 chiropractic visits were
authorized").
"""
from __future__ import annotations

import dataclasses
import functools

from checker.grammar.request import FoundQuantity, build_request, find_quantities
from checker.models import Request
from checker.text.lexicon import matcher
from checker.text.vocabulary import drug_of, treatment_of

__all__ = ["FoundQuantity", "find_drug", "find_treatment", "parse_quantities", "parse_request"]

# Headings repeat across letters ("Flexeril 7.5mg #60"), so parsed requests are cached by
# text. Longer texts are rare and would only crowd the cache.
CACHED_TEXT_LENGTH = 300
CACHED_REQUESTS = 8192


def parse_request(text: str) -> Request:
    """The request a heading states. Never raises.

    Each call returns a new `Request` the caller may change; equal texts share the work of
    parsing, not the object.
    """
    if len(text) <= CACHED_TEXT_LENGTH:
        return _copy(_cached_request(text))
    return _request_or_unparsed(text)


@functools.lru_cache(maxsize=CACHED_REQUESTS)
def _cached_request(text: str) -> Request:
    return _request_or_unparsed(text)


def _copy(request: Request) -> Request:
    # The forms themselves are never changed after parsing; only the lists and scalars are
    # the caller's to change.
    return dataclasses.replace(request, strengths_mg=list(request.strengths_mg),
                               body_parts=list(request.body_parts), forms=list(request.forms))


def _request_or_unparsed(text: str) -> Request:
    try:
        return build_request(text)
    except Exception:  # noqa: BLE001
        # The grammar accepts every token sequence by construction (tested on its parse
        # table), so this is a bug; it must cost one item a structure finding, not the
        # whole letter its report.
        return Request(text=text, parsed=False, unparsed=text)


def parse_quantities(text: str) -> list[FoundQuantity]:
    """The visit, frequency and count forms in a fragment, with offsets into it.

    "the additional 8 sessions" gives one `visits` form of 8 marked `additional`;
    "authorized 22 visits between 5/25/12 and 10/2/12" gives 22 visits and nothing for the
    dates. Offsets are character positions in `text`, end exclusive.
    """
    return find_quantities(text)


def find_treatment(text: str) -> str | None:
    """The treatment category (treatments.yaml) a phrase names; a drug alone is `medication`."""
    return treatment_of(matcher().find(text))


def find_drug(text: str) -> tuple[str, str] | None:
    """The (generic, drug_class) a phrase names, or None."""
    drug = drug_of(matcher().find(text))
    return (drug.generic, drug.drug_class) if drug else None
