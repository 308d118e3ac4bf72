"""Segmentation: which layout a letter is in, its sections, and its disputed items' blocks.

Works on the letter's reading (`checker.text.LetterText`): lines, and the heading and label
phrases already found in it. The layout is told by the sections a letter has, in order
(`layout`); each layout's items are cut out by its own module. An unrecognised layout is
reported as such and nothing is guessed from it.
"""
from __future__ import annotations

from checker.models import Layout
from checker.segment.blocks import Block, RawItem, Segments
from checker.segment.headed import segment_headed_items
from checker.segment.layout import detect
from checker.segment.lines import Lines
from checker.segment.notice import segment_notice
from checker.segment.professional_review import segment_professional_review
from checker.segment.rebreak import rebreak
from checker.text.letter_text import LetterText

__all__ = ["Block", "RawItem", "Segments", "segment"]

_REVIEWER_HEADINGS = ("how_determination_was_made", "reviewer_qualifications", "expert_reviewer_qualifications")


def segment(letter: LetterText) -> Segments:
    # A letter whose line breaks were lost is read with breaks put back where its structure
    # shows; the segments (and every later stage) work in that reading.
    letter = rebreak(letter)
    lines = Lines(letter)
    layout, scores, found = detect(lines)
    segments = Segments(layout=layout, text=letter, scores=scores, headings=found)
    if layout is Layout.NOTICE_2013:
        # A notice is read by its numbered statements, not by its lines.
        segment_notice(letter, segments)
        return segments
    if layout is Layout.UNKNOWN:
        return segments
    segments.summary = lines.section_after(lines.first_heading("case_summary"))
    segments.reviewer = lines.section_after(lines.first_heading(*_REVIEWER_HEADINGS))
    if layout is Layout.MEDICAL_PROFESSIONAL_REVIEW:
        segment_professional_review(lines, segments)
    else:
        segment_headed_items(lines, segments)
    return segments
