"""The prefilter finds exactly what the pattern finds by itself, only faster."""
from __future__ import annotations

import importlib
import pkgutil
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import checker
from checker.extract import facts, prior
from checker.prefilter import Prefiltered, StartIndex, literal_starts, literal_texts, lowercase

# The project's own case-insensitive patterns, which start with a \b, a lookbehind, an
# alternation, optional groups.
PATTERNS = [prior._PRIOR, prior._NEGATION, prior._CURRENT_REQUEST, prior._NOT_ABOUT_ABSENCE,
            facts._INJURY_DATE, facts._SPECIALTY, facts._LICENSURE]
# Text made of the patterns' own words, in any case, glued or spaced, with digits and dates.
PIECES = ["prior", "PREVIOUSLY", "non-", "board ", "Authorized", "had", "has had", "not", "n't", "no",
          "request", "requested for", "Additional", "Date of injury", "DOI", "injured", "12/3/2013",
          "Board Certified in", "Licensed in", "California", "since 5", "İ", "ſ", " ", ", ", ".", "\n", "x"]
texts = st.lists(st.sampled_from(PIECES), max_size=25).map("".join)


def test_every_prefiltered_pattern_of_the_package_compiles():
    # Patterns compile on first use; one that would not must fail here, not on some letter.
    found = []
    for module_info in pkgutil.walk_packages(checker.__path__, "checker."):
        module = importlib.import_module(module_info.name)
        found += [value for value in vars(module).values() if isinstance(value, Prefiltered)]
    assert len(found) > 20
    for prefiltered in found:
        assert isinstance(prefiltered.regex, re.Pattern)


def test_an_invalid_pattern_fails_when_first_used():
    broken = Prefiltered(r"(?:unclosed", re.I)
    with pytest.raises(re.error):
        list(broken.finditer("an unclosed group"))


def spans(matches) -> list[tuple[int, int]]:
    return [match.span() for match in matches]


@settings(max_examples=300, deadline=None)
@given(texts, st.data())
def test_prefiltered_finds_what_the_pattern_finds(text, data):
    prefiltered = data.draw(st.sampled_from(PATTERNS))
    assert spans(prefiltered.finditer(text)) == spans(prefiltered.regex.finditer(text))
    pos = data.draw(st.integers(0, len(text)))
    endpos = data.draw(st.integers(pos, len(text)))
    found = prefiltered.search(text, pos, endpos)
    expected = prefiltered.regex.search(text, pos, endpos)
    assert (found and found.span()) == (expected and expected.span())


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_lowercase_keeps_offsets_or_declines(text):
    lowered = lowercase(text)
    if lowered is not None:
        assert len(lowered) == len(text)
    else:
        assert any(character in text for character in "\u0130\u0131\u017f")


@pytest.mark.parametrize("pattern, flags, starts", [
    (r"\b(?:prior|previous(?:ly)?)\b", re.I, ["previous", "prior"]),
    (r"(?<!non-)(?:authori[sz]ed|approved)", re.I, ["approved", "authori"]),
    (r"DOI|Date\s+of", 0, ["DOI", "Date"]),
    (r"[a-z]+ed", 0, None),  # a class first: any place can start a match
    (r"(?i)prior", 0, None),  # inline flags are not read
])
def test_literal_starts(pattern, flags, starts):
    found = literal_starts(pattern, flags)
    assert (None if found is None else sorted(start.text for start in found)) == starts


def test_literal_texts_pass_over_what_is_not_plain_text():
    assert literal_texts(r"^\s*(?:IMR DECISION|ISSUES? AT DISPUTE)", re.I) == (
        "imr decision", "issue at dispute", "issues at dispute")


def test_prefiltered_without_starts_still_finds_everything():
    pattern = Prefiltered(r"[0-9]+\s*visits", re.I)
    assert spans(pattern.finditer("had 12 VISITS and 3 visits")) == [(4, 13), (18, 26)]


def test_start_index_gives_each_pattern_the_places_it_can_start():
    index = StartIndex([r"\bnot\s+medically\s+necessary\b", r"\bmedically\s+necessary\b", r"[0-9]+ visits"], re.I)
    text = "It is Not  medically necessary; 8 visits."
    candidates = index.candidates(text, lowercase(text))
    assert candidates[0] == [6]
    assert candidates[1] == [11]
    assert candidates[2] is None  # not indexed: searched everywhere
