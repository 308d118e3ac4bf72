"""The names a rule's `applies_to` may use: those the lexicons give requests.

A rule is matched to a request by the treatment category, drug class or generic drug name
the request was read as (rules/lexicon/treatments.yaml and drugs.yaml). A name no lexicon
gives can never match, so a misspelt one would silently switch its rule off: it is refused,
with the closest known name as a hint.
"""
from __future__ import annotations

import difflib
import functools

# applies_to field -> what one of its names is called in a message.
KINDS = {"treatments": "treatment category", "drug_classes": "drug class", "drugs": "generic drug name"}


@functools.cache
def known_names(field: str) -> frozenset[str]:
    from checker.text.lexicon import categories, drug_classes, lexicon

    if field == "treatments":
        return frozenset(categories())
    if field == "drug_classes":
        return drug_classes()
    return frozenset(entry["generic"].lower() for entry in lexicon("drugs")["drugs"])


def unknown_name(field: str, names: list[str]) -> str | None:
    """A message for the first name of `names` the lexicons do not know, or None."""
    known = known_names(field)
    for name in names:
        if name.lower() in known:
            continue
        close = difflib.get_close_matches(name.lower(), sorted(known), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f" (see rules/lexicon/{_lexicon_of(field)}.yaml)"
        return f"unknown {KINDS[field]} '{name}'{hint}"
    return None


def _lexicon_of(field: str) -> str:
    return "treatments" if field == "treatments" else "drugs"
