"""Properties of the request grammar that hold for whole families of texts (hypothesis)."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.grammar import parse_quantities, parse_request
from checker.grammar.parser import read_segments
from checker.grammar.request import build_request, quantity_form

BOUNDED = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

NUMBER_WORDS = [
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen", "twenty",
]

# Words and symbols the notation is made of, to build texts that exercise every rule.
NOTATION_PIECES = [
    "x", "X's", "times", "a", "an", "per", "/", "week", "wks", "weekly", "month", "months",
    "day", "days", "daily", "for", "over", "in", "to", "or", "-", "visits", "sessions",
    "referral", "tab", "mg", "mcg", "hr", "gm", "%", "#", "QTY", ":", "refills", "no",
    "supply", "rental", "additional", "every", "q", "h", "L", "C", "year", "old", "once",
    "twice", "twelve", "(", ")", "physical", "therapy", "the", "lumbar", "spine", ",", ".",
    "0", "2", "7.5", "12", "325", "\x00", "$",
]


@BOUNDED
@given(per_week=st.integers(1, 7), weeks=st.integers(1, 20), layout=st.sampled_from(
    ["{a} x {b}", "{a}x{b}", "{a} x {b} weeks", "{a}X's {b} weeks", "{a}x/week x {b} weeks"]
))
def test_frequency_is_per_week_times_weeks(per_week, weeks, layout):
    request = parse_request(layout.format(a=per_week, b=weeks))
    assert (request.per_week, request.weeks, request.visits) == (per_week, weeks, per_week * weeks)
    assert request.parsed


@BOUNDED
@given(value=st.integers(1, 20), capitalise=st.booleans())
def test_number_word_restated_in_digits_is_a_visit_count(value, capitalise):
    word = NUMBER_WORDS[value - 1]
    word = word.capitalize() if capitalise else word
    assert parse_request(f"{word} ({value})").visits == value
    assert parse_request(f"{word} sessions").visits == value


@BOUNDED
@given(text=st.text(alphabet=st.characters(blacklist_categories=())))
def test_any_text_gives_a_request(text):
    request = build_request(text)
    assert request.text == text
    assert request.parsed == (request.unparsed is None)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chunk=st.text(min_size=1, max_size=60), length=st.integers(5_000, 10_000))
def test_long_text_gives_a_request(chunk, length):
    # Repeating a generated chunk keeps hypothesis's examples small while the text is long.
    text = (chunk * (length // len(chunk) + 1))[:length]
    assert build_request(text).text == text


# Thirty separators, of which the first len(pieces) are used.
@BOUNDED
@given(pieces=st.lists(st.sampled_from(NOTATION_PIECES), max_size=30),
       separators=st.lists(st.sampled_from([" ", "", "\n", "\t"]), min_size=30, max_size=30))
def test_any_sequence_of_notation_pieces_gives_a_request(pieces, separators):
    text = "".join(piece + separator for piece, separator in zip(pieces, separators, strict=False))
    request = build_request(text)
    assert request.parsed == (request.unparsed is None)
    for form in request.forms:
        assert form.text and form.text in text


@BOUNDED
@given(pieces=st.lists(st.sampled_from(NOTATION_PIECES), max_size=30))
def test_found_quantities_point_at_their_text(pieces):
    text = " ".join(pieces)
    for found in parse_quantities(text):
        assert 0 <= found.start < found.end <= len(text)
        assert text[found.start : found.end] == found.form.text


@BOUNDED
@given(pieces=st.lists(st.sampled_from(NOTATION_PIECES), max_size=30))
def test_skipping_fragments_without_numbers_loses_no_quantity(pieces):
    text = " ".join(pieces)
    unskipped = []
    for segment in read_segments(text):
        form = quantity_form(segment.meaning, text[segment.start : segment.end])
        if form is not None:
            unskipped.append((form, segment.start, segment.end))
    assert [(found.form, found.start, found.end) for found in parse_quantities(text)] == unskipped


@BOUNDED
@given(text=st.text(alphabet=st.characters(whitelist_categories=("P", "S", "Z", "Cc"))))
def test_text_without_letters_or_digits_has_no_numbers(text):
    request = parse_request(text)
    assert (request.visits, request.count, request.strengths_mg) == (None, None, [])
    assert not request.parsed
