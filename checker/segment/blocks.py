"""What segmentation finds: blocks of clean text, the raw items, and the sections of a letter."""
from __future__ import annotations

from dataclasses import dataclass, field

from checker.models import Layout
from checker.text.letter_text import LetterText


@dataclass(slots=True)
class Block:
    """A piece of clean text: [start, end)."""

    start: int
    end: int


@dataclass(slots=True)
class RawItem:
    """One disputed item as the layout shows it: its number, heading, outcome and labelled fields."""

    number: int | None
    heading: Block
    outcome: Block | None = None
    fields: dict[str, Block] = field(default_factory=dict)
    # Several citation fields can exist (the Claims Administrator's and the reviewer's).
    citation_fields: list[tuple[str, Block]] = field(default_factory=list)


@dataclass(slots=True)
class Segments:
    """A letter's layout, sections and items, in the offsets of `text` (the letter's reading,
    which segmentation may have re-broken into lines when the letter came as one line)."""

    layout: Layout
    text: LetterText
    summary: Block | None = None
    reviewer: Block | None = None
    items: list[RawItem] = field(default_factory=list)
    problems: list[tuple[str, Block | None]] = field(default_factory=list)
    # How the layout was chosen: each layout's score and the headings found, in order.
    scores: dict[str, int] = field(default_factory=dict)
    headings: list[tuple[str, int]] = field(default_factory=list)
