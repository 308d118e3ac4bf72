"""Property tests of the reading stages: the normalizer, the segmenter and the request grammar
hold their promises on any text, not just on the letters we have seen."""
from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker.segment import segment
from checker.text.letter_text import read_text
from checker.text.normalize import CHARACTER_FOLDS, normalize
from tests.support.strategies import any_text, lined_text, mutated_letters

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
texts = st.one_of(any_text, lined_text)


def _as_lf(original: str) -> str:
    """The text with each line end a LF: a CR alone ends a line too (one character for one)."""
    return re.sub(r"\r(?!\n)", "\n", original)


def _expected_line_column(original: str, offset: int) -> tuple[int, int]:
    lf = _as_lf(original)
    line_start = lf.rfind("\n", 0, offset) + 1
    return lf.count("\n", 0, offset) + 1, offset - line_start + 1


@SETTINGS
@given(texts)
def test_every_clean_character_maps_back_to_the_same_character_in_the_original(original):
    source = normalize(original)
    previous = 0
    for offset, character in enumerate(source.text):
        origin = source.to_original(offset)
        assert 0 <= origin <= len(original)
        # The map never runs backwards: clean text keeps the original's order.
        assert origin >= previous
        previous = origin
        # Only line breaks and the space after a glued sentence are inserted; all else is copied.
        if character not in " \n":
            assert original[origin].translate(CHARACTER_FOLDS) == character


@SETTINGS
@given(texts, st.data())
def test_spans_lie_within_the_original_with_valid_lines_and_columns(original, data):
    source = normalize(original)
    length = len(source.text)
    start = data.draw(st.integers(min_value=0, max_value=length))
    end = data.draw(st.integers(min_value=start, max_value=length))
    span = source.span(start, end)
    assert 0 <= span.start <= span.end <= len(original)
    line_count = _as_lf(original).count("\n") + 1
    assert 1 <= span.line <= span.end_line <= line_count
    assert (span.line, span.column) == _expected_line_column(original, span.start)
    assert (span.end_line, span.end_column) == _expected_line_column(original, span.end)
    assert "\n" not in span.text


@SETTINGS
@given(texts)
def test_clean_text_has_no_trailing_spaces_and_no_edge_blank_lines(original):
    text = normalize(original).text
    for line in text.split("\n"):
        assert line == line.rstrip(" \r\t\f\v\u00a0")
    assert not text.startswith("\n") and not text.endswith("\n")
    assert "\n\n\n" not in text


@SETTINGS
@given(mutated_letters())
def test_normalizing_a_mutated_letter_keeps_the_map_valid(case):
    _, original, _ = case
    source = normalize(original)
    for offset in range(0, len(source.text), max(1, len(source.text) // 200)):
        assert 0 <= source.to_original(offset) <= len(original)
    span = source.span(0, len(source.text))
    assert 0 <= span.start <= span.end <= len(original)


def _blocks_of(segments):
    for block in (segments.summary, segments.reviewer):
        if block is not None:
            yield block
    for item in segments.items:
        yield item.heading
        if item.outcome is not None:
            yield item.outcome
        yield from item.fields.values()
        yield from (block for _, block in item.citation_fields)
    yield from (block for _, block in segments.problems if block is not None)


@SETTINGS
@given(st.one_of(texts, mutated_letters().map(lambda case: case[1])))
def test_segment_never_raises_and_every_block_lies_in_the_text(original):
    reading = read_text(original)
    text = reading.text
    segments = segment(reading)
    for block in _blocks_of(segments):
        assert 0 <= block.start <= block.end <= len(text)


@SETTINGS
@given(st.one_of(st.text(max_size=200), st.lists(st.sampled_from(
    ["8", "2", "x", "X", "4", "visits", "for", "the", "lumbar", "spine", "#", "60", "/", "325", "mg", "twelve", "(",
     "12", ")", "times", "a", "week", "weeks", "months", "refills", ":", "-", "qty", "q6h", "L4-5", "additional",
     "every", "days", "supply", "rental", "%", "\u00d7", "\u2013", "\x00", "\U0001f600", "physical", "therapy",
     "Norco", "10/325mg", "1x6", "2x4", "x12", ".5", "0", "999999999999999999999"]), max_size=30).map(" ".join)))
def test_parse_request_never_raises(text):
    from checker.grammar import parse_request

    request = parse_request(text)
    assert request.text is not None
    if not request.parsed and text.strip():
        # What could not be read is quoted, so STR004 can show it.
        assert request.unparsed
    for value in (request.visits, request.per_week, request.weeks):
        assert value is None or value >= 0
