"""Segmentation: layout detection and item blocks in each of the four layouts."""
from __future__ import annotations

import pytest

from checker.models import Layout
from checker.segment import segment
from checker.text.letter_text import read_text

IMR_FINAL, MAXIMUS_IR, NOTICE_2013 = Layout.IMR_FINAL, Layout.MAXIMUS_IR, Layout.NOTICE_2013
MEDICAL_PROFESSIONAL_REVIEW, UNKNOWN = Layout.MEDICAL_PROFESSIONAL_REVIEW, Layout.UNKNOWN


def detect_layout(text: str) -> Layout:
    return segment(read_text(text)).layout

IMR_FINAL_LETTER = """\
HOW THE IMR FINAL DETERMINATION WAS MADE
The expert reviewer is Board Certified in Orthopaedic Surgery and is licensed to practice in Oregon.

CLINICAL CASE SUMMARY
The patient is a 38 year old female injured on 2/2/2012.

IMR ISSUES, DECISIONS AND RATIONALES
The Final Determination was based on decisions for the disputed items/services set forth below:

Aquatic therapy 2 x 6 for the lumbar
spine (twelve visits):  Overturned

Claims Administrator guideline: Decision based on MTUS Chronic Pain Treatment Guidelines.

MAXIMUS guideline: Decision based on MTUS Chronic Pain Treatment Guidelines Aquatic therapy Page(s): 22.

Decision rationale: Reduced weight bearing is needed. The request is medically necessary.

Tramadol 50mg #90:
Upheld

Decision rationale: There is no documentation of the 4 A's. The request is not medically necessary.

Knee brace:

Claims Administrator guideline: Decision based on ACOEM.

Decision rationale: A brace is not needed. The request is not medically necessary.
"""


def _items(letter: str):
    segments = segment(read_text(letter))
    text = segments.text.text
    return segments, [(text[i.heading.start:i.heading.end].replace("\n", " ").rstrip(":"),
                       text[i.outcome.start:i.outcome.end].strip() if i.outcome else None) for i in segments.items]


def test_layouts_are_detected_by_their_markers():
    assert detect_layout(IMR_FINAL_LETTER) == IMR_FINAL
    maximus = "MAXIMUS FEDERAL SERVICES, INC.\nIndependent Medical Review\n\nIMR DECISION(S) AND RATIONALE(S)\n"
    assert detect_layout(maximus) == MAXIMUS_IR
    assert detect_layout("MEDICAL PROFESSIONAL REVIEW\nISSUE AT DISPUTE:\n") == MEDICAL_PROFESSIONAL_REVIEW
    assert detect_layout("Notice of Independent Medical Review Determination\n") == NOTICE_2013
    assert detect_layout("PROGRESS REPORT\nSubjective: low back pain.\n") == UNKNOWN


def test_wrapped_heading_outcome_on_next_line_and_missing_outcome():
    segments, items = _items(IMR_FINAL_LETTER)
    assert items == [
        ("Aquatic therapy 2 x 6 for the lumbar spine (twelve visits)", "Overturned"),
        ("Tramadol 50mg #90", "Upheld"),
        ("Knee brace", None),
    ]
    assert "rationale" in segments.items[1].fields
    assert [kind for kind, _ in segments.items[0].citation_fields] == ["ca_guideline", "imr_guideline"]


def test_numbered_items_with_a_decision_line():
    letter = ("MAXIMUS FEDERAL SERVICES, INC.\nIndependent Medical Review\n\nIMR DECISION(S) AND RATIONALE(S)\n\n"
              "Item 1: Soma 350mg #90\nDecision: Overturned\n\nGuideline(s) relied upon:\n"
              "Claims Administrator guideline: Decision based on MTUS.\nMAXIMUS guideline: Decision based on MTUS "
              "Carisoprodol Page(s): 29.\n\nRationale: It is medically necessary.\n\n"
              "2. Lidoderm 5% patch #30: Upheld\n\nRationale: It is not medically necessary.\n\nSincerely,\nMAXIMUS\n")
    segments, items = _items(letter)
    assert items == [("Soma 350mg #90", "Overturned"), ("Lidoderm 5% patch #30", "Upheld")]
    assert [item.number for item in segments.items] == [1, 2]
    assert len(segments.items[0].citation_fields) == 2


def test_professional_review_items_map_their_numbered_rationales():
    letter = ("MEDICAL PROFESSIONAL REVIEW\n\nISSUE AT DISPUTE:\n1. Massage therapy x 6 - Upheld\n"
              "2. Home exercise kit: Overturned\n\nCASE SUMMARY:\nA 40 year old male.\n\n"
              "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:\n"
              "1. MTUS Chronic Pain Massage therapy Page(s): 60.\n2. MTUS Exercise Page(s): 46-47.\n\n"
              "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:\n"
              "1. Massage is passive. It is not medically necessary.\n2. A kit helps. It is medically necessary.\n\n"
              "MEDICAL REVIEWER QUALIFICATIONS:\nBoard Certified in Family Medicine.\n")
    segments, items = _items(letter)
    assert items == [("Massage therapy x 6", "Upheld"), ("Home exercise kit", "Overturned")]
    source_text = read_text(letter).text
    rationale = segments.items[1].fields["rationale"]
    assert "A kit helps" in source_text[rationale.start:rationale.end]


def test_notice_lists_printed_twice_are_one_set_and_glued_words_are_read():
    letter = ("Notice of Independent Medical Review Determination\n\n"
              "1) MAXIMUS Federal Services, Inc. has determined the request for physical therapy 12\n"
              "visits is notmedically "
              "necessary and appropriate.\n2) MAXIMUS Federal Services, Inc. has determined the request for an MRI of "
              "the knee is medically necessary and appropriate.\n\nA decision has been made for each of the treatment "
              "and/or services that were in dispute:\n"
              "1) MAXIMUS Federal Services, Inc. has determined the request for physical therapy 12 visits is not "
              "medically necessary and appropriate.\n2) MAXIMUS Federal Services, Inc. has determined the request for "
              "an MRI of the knee is medically necessary and appropriate.INDEPENDENT MEDICAL REVIEW DECISION AND "
              "RATIONALE\nCase Summary: A 50 year old.\n1) Regarding the request for physical therapy 12 visits:\n"
              "Rationale Used by Expert Reviewer: Too many. The request is not medically necessary and appropriate.\n")
    segments, items = _items(letter)
    assert [(h, o.replace("\n", " ")) for h, o in items] == [
        ("physical therapy 12 visits", "notmedically necessary and appropriate"),
        ("an MRI of the knee", "medically necessary and appropriate")]
    assert "rationale" in segments.items[0].fields and "rationale" not in segments.items[1].fields


def test_unknown_layout_has_no_items():
    assert segment(read_text("Dear Sir,\nPlease find enclosed.\n")).items == []


def test_notice_sections_end_at_the_next_heading_whatever_their_order():
    # The reviewer's qualifications after the first rationale once gave a block that ended
    # before it began (found by the robustness property tests).
    letter = ("Notice of Independent Medical Review Determination\n\n"
              "1) MAXIMUS Federal Services, Inc. has determined the request for an MRI of the knee is not "
              "medically necessary and appropriate.\n"
              "INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE\n"
              "Case Summary: A 50 year old with knee pain.\n"
              "1) Regarding the request for an MRI of the knee:\n"
              "Rationale Used by Expert Reviewer: No red flags. The request is not medically necessary.\n"
              "Medical Qualifications of the Expert Reviewer: Board Certified in Orthopaedic Surgery.\n")
    segments = segment(read_text(letter))
    text = segments.text.text
    assert segments.reviewer is not None and segments.summary is not None
    assert text[segments.reviewer.start:segments.reviewer.end].strip() == "Board Certified in Orthopaedic Surgery."
    assert text[segments.summary.start:segments.summary.end].strip() == "A 50 year old with knee pain."


@pytest.mark.parametrize("odd", ["", " \u0130"], ids=["ascii", "text-lowercase-cannot-fold"])
def test_notice_statements_are_found_however_their_numbers_are_spaced(odd):
    letter = ("Notice of Independent Medical Review Determination" + odd + "\n\n"
              "1 ) MAXIMUS Federal Services, Inc. has determined the request for an MRI of the knee is not "
              "medically necessary and appropriate.\n"
              "12)maximus federal services, inc. has determined the request for a knee brace is medically "
              "necessary and appropriate.\n"
              "A) MAXIMUS Federal Services, Inc. has determined the request for nothing is medically necessary.\n"
              "INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE\n"
              "12 )  Regarding the request for a knee brace:\n"
              "Rationale Used by Expert Reviewer: It helps. The request is medically necessary and appropriate.\n")
    segments, items = _items(letter)
    assert [heading for heading, _ in items] == ["an MRI of the knee", "a knee brace"]
    assert [item.number for item in segments.items] == [1, 12]
    assert "rationale" in segments.items[1].fields and "rationale" not in segments.items[0].fields
