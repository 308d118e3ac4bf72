"""Guideline citations: guideline, topic and pages."""
from __future__ import annotations

import pytest

from checker.extract.citations import parse_citation, parse_pages, split_citations


@pytest.mark.parametrize("text, pages", [("58-59", [58, 59]), ("46 & 99", [46, 99]), ("58-59, 8", [58, 59, 8]),
                                         ("63-66", [63, 64, 65, 66]), ("1", [1]),
                                         ("111-113 and 28", [111, 112, 113, 28])])
def test_pages(text, pages):
    assert parse_pages(text) == pages


def test_guideline_topic_and_pages():
    citation = parse_citation("Decision based on MTUS Chronic Pain Treatment Guidelines Physical Medicine "
                              "Page(s): 98-99.", "imr", None)
    assert citation.guideline == "MTUS Chronic Pain Treatment Guidelines"
    assert citation.topic == "Physical Medicine"
    assert citation.pages == [98, 99]
    assert not citation.non_mtus


def test_glued_topics_are_separated_and_non_mtus_is_marked():
    glued = parse_citation("Decision based on MTUS Chronic Pain Treatment Guidelines Lidoderm (lidocaine patch)Topical "
                           "Analgesics Page(s): 56-57, 111-113.", "imr", None)
    assert "Topical Analgesics" in glued.topic and glued.pages[:2] == [56, 57]
    odg = parse_citation("Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Knee, Continuous "
                         "passive motion", "claims_administrator", None)
    assert odg.non_mtus and "Knee" in odg.topic


def test_a_field_with_two_citations_is_split():
    text = ("Decision based on MTUS Chronic Pain Treatment Guidelines Exercise. Decision based on Non-MTUS Citation "
            "ODG Low Back.")
    assert len(split_citations(text, 0, len(text))) == 2


def test_a_guideline_after_other_words_is_still_found():
    citation = parse_citation("Decision based on the reviewer's reading of MTUS Chronic Pain Treatment Guidelines "
                              "Opioids.", "imr", None)
    assert citation.guideline == "MTUS Chronic Pain Treatment Guidelines"
    assert citation.topic == "Opioids"


def test_a_guideline_too_far_in_is_part_of_the_topic():
    citation = parse_citation("Decision based on a long discussion of several unrelated matters before the MTUS.",
                              "imr", None)
    assert citation.guideline == ""
    assert citation.topic.endswith("before the MTUS")
