"""A layout is told by the sections a letter shows, in order, and `imrcheck parse` explains
the choice: the score of every layout and the sections found, each with its line."""
from __future__ import annotations

import json

from checker.engine import parse_letter, parse_text
from checker.models import Layout
from tests.support.cli import imrcheck
from tests.support.paths import EXAMPLES

MAXIMUS_WITH_NOTICE_TITLE = EXAMPLES / "maximus-ir" / "clean-notice-title-in-opening.txt"


def test_a_maximus_letter_naming_the_notice_in_its_opening_is_read_as_maximus():
    letter = parse_letter(MAXIMUS_WITH_NOTICE_TITLE)
    assert letter.layout is Layout.MAXIMUS_IR
    assert [item.outcome.value for item in letter.items] == ["upheld", "overturned"]
    assert letter.unread == []
    scores = letter.layout_choice.scores
    assert scores["maximus-ir"] > scores["notice-2013"] > 0


def test_parse_names_each_layouts_score_and_the_sections_found_with_their_lines():
    shown = json.loads(imrcheck("parse", str(MAXIMUS_WITH_NOTICE_TITLE)).stdout)
    choice = shown["layout_choice"]
    assert set(choice["scores"]) == {layout.value for layout in Layout if layout is not Layout.UNKNOWN}
    assert max(choice["scores"], key=choice["scores"].get) == shown["layout"] == "maximus-ir"
    found = [(section["name"], section["span"]["line"]) for section in choice["sections"]]
    assert found == [("title_maximus", 1), ("title_notice", 6), ("documents_reviewed", 23), ("case_summary", 29),
                     ("decisions_maximus", 38)]


def test_the_notice_title_alone_still_makes_a_notice():
    letter = parse_text("NOTICE OF INDEPENDENT MEDICAL REVIEW DETERMINATION\n\n"
                        "1) MAXIMUS Federal Services, Inc. has determined the request for Norco 10/325mg #60 is not "
                        "medically necessary and appropriate.\n")
    assert letter.layout is Layout.NOTICE_2013
    assert letter.layout_choice.scores["notice-2013"] > letter.layout_choice.scores["maximus-ir"]


def test_shared_sections_alone_choose_no_layout():
    # A case summary and a documents list belong to several layouts: they prove none.
    letter = parse_text("DOCUMENTS REVIEWED\nProgress notes.\n\nCASE SUMMARY\nThe patient is a 40 year old male.\n")
    assert letter.layout is Layout.UNKNOWN
    assert [section.name for section in letter.layout_choice.sections] == ["documents_reviewed", "case_summary"]
    assert letter.layout_choice.scores["maximus-ir"] == 2
