"""Minimal letters in the supported layouts, built from a few items, for the check tables.

A case names its items (heading, outcome, rationale, optional cited guideline) and the layout
to wrap them in; the letter around them holds only what that layout needs to be recognised,
so a finding can only come from what the case itself says.
"""
from __future__ import annotations

from dataclasses import dataclass

DEFAULT_SUMMARY = "The patient is a 50 year old male injured on 3/3/2013."


@dataclass(frozen=True)
class LetterItem:
    heading: str
    outcome: str
    rationale: str | None = None
    guideline: str | None = None


def imr_final(items: list[LetterItem], summary: str = DEFAULT_SUMMARY) -> str:
    """The IMR Final Determination layout: 'Heading:  Outcome' then guideline and rationale."""
    parts = ["HOW THE IMR FINAL DETERMINATION WAS MADE",
             "The expert reviewer is Board Certified in Family Medicine and is licensed in California.", "",
             "CLINICAL CASE SUMMARY", summary, "",
             "IMR ISSUES, DECISIONS AND RATIONALES",
             "The Final Determination was based on decisions for the disputed items/services set forth below:", ""]
    for item in items:
        parts += [f"{item.heading}:  {item.outcome}".rstrip(), ""]
        if item.guideline:
            parts += [f"MAXIMUS guideline: Decision based on {item.guideline}", ""]
        if item.rationale:
            parts += [f"Decision rationale: {item.rationale}", ""]
    return "\n".join(parts)


def maximus_ir(items: list[LetterItem], summary: str = DEFAULT_SUMMARY) -> str:
    """The MAXIMUS Independent Medical Review letter: 'Item N: heading', 'Decision: outcome'."""
    parts = ["MAXIMUS FEDERAL SERVICES, INC.", "Independent Medical Review", "", "Final Determination Letter", "",
             "Dated: 06/09/2015", "",
             "MAXIMUS Federal Services has finished its Independent Medical Review of the treatment in dispute.", "",
             "CLINICAL CASE SUMMARY", summary, "",
             "IMR DECISION(S) AND RATIONALE(S)", ""]
    for number, item in enumerate(items, 1):
        parts += [f"Item {number}: {item.heading}", f"Decision: {item.outcome}".rstrip(), ""]
        if item.guideline:
            parts += ["Guideline(s) relied upon:", f"MAXIMUS guideline: Decision based on {item.guideline}", ""]
        if item.rationale:
            parts += [f"Rationale: {item.rationale}", ""]
    parts += ["The physician reviewer is Board Certified in Internal Medicine and is licensed in California.", ""]
    return "\n".join(parts)


LAYOUTS = {"imr-final": imr_final, "maximus-ir": maximus_ir}


def letter(items: list[LetterItem], layout: str = "imr-final", summary: str = DEFAULT_SUMMARY) -> str:
    return LAYOUTS[layout](items, summary)
