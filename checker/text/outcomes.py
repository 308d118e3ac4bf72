"""The stated outcome of an item: the IMR outcome vocabulary (rules/lexicon/outcomes.yaml).

Upheld means the UR denial stands (not medically necessary); Overturned means it is reversed
(medically necessary). 2013 letters state the outcome as a sentence. A word or sentence the
vocabulary does not know normalises to `unknown` and is kept raw for the report.
"""
from __future__ import annotations

import functools
import re
import string

from checker.models import Outcome
from checker.text.lexicon import lexicon

# "...lumbar spine:  Upheld" / "... - Overturned": a short trailing phrase after the last colon.
_TRAILING_OUTCOME = re.compile(r"^(?P<heading>.*\S)\s*(?::|\s-|\s\u2013)\s*(?P<word>[A-Za-z][A-Za-z\- ]{1,40}?)\s*$",
                               re.DOTALL)

_WORD_ENDINGS = frozenset(string.ascii_letters + "-")


def _canonical(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.lower())


@functools.cache
def _vocabulary() -> dict[str, Outcome]:
    words = lexicon("outcomes")
    table = {}
    for key, outcome in (("upheld", Outcome.UPHELD), ("overturned", Outcome.OVERTURNED),
                         ("sentence_upheld", Outcome.UPHELD), ("sentence_overturned", Outcome.OVERTURNED)):
        for phrase in words.get(key) or []:
            # Letters glue words ("notmedically"), so spaces and punctuation never matter.
            table[_canonical(phrase)] = outcome
    return table


def normalize_outcome(text: str | None) -> Outcome:
    if not text:
        return Outcome.UNKNOWN
    return _vocabulary().get(_canonical(text), Outcome.UNKNOWN)


def is_outcome_word(text: str) -> bool:
    return bool(text) and len(text) < 40 and _canonical(text) in _vocabulary()


def split_trailing_outcome(heading: str) -> tuple[str, str | None]:
    """'8 PT visits 2 x 4 for the lumbar spine:  Upheld' -> ('8 PT visits ... spine', 'Upheld').

    A trailing phrase of one to four words with no digits counts as an outcome word even when
    the vocabulary does not know it, so that a new word is reported rather than lost.
    """
    # Leading blanks stay: the heading part's length is an offset from the heading's start.
    stripped = heading.rstrip()
    # The word ends the heading: a heading ending otherwise (in "." or a digit, as most lines
    # do) cannot match, and the pattern would backtrack through all of it to find that out.
    match = _TRAILING_OUTCOME.match(stripped) if stripped[-1:] in _WORD_ENDINGS else None
    if not match:
        return heading.rstrip().rstrip(":").rstrip(), None
    word = match.group("word").strip()
    if is_outcome_word(word) or (len(word.split()) <= 4 and word[:1].isupper()):
        return match.group("heading").rstrip().rstrip(":").rstrip(), word
    return heading.rstrip().rstrip(":").rstrip(), None
