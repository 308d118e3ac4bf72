"""Which layout a letter is in, told by its structure: the sections it has, in their order.

Each layout is a sequence of sections (sections.yaml `layouts`). A letter scores, for each
layout, the longest run of that layout's sections it shows in the layout's order; the section
that holds the decisions counts double, since without it nothing can be read. The best score
wins; a letter that shows none of the sections only one layout has (its title, its
decisions section) is of no known layout. One
phrase never decides a layout: a MAXIMUS letter that mentions "Notice of Independent Medical
Review Determination" in its opening still has the MAXIMUS sections.
"""
from __future__ import annotations

from checker.models import Layout
from checker.segment.lines import Lines
from checker.text.lexicon import Kind, lexicon

# The pseudo-section of a 2013 notice: its numbered "has determined the request for" lines.
DETERMINATIONS = "determinations"


def layout_sections() -> dict[Layout, tuple[list[str], str]]:
    """For each layout, its sections in order and the one that holds the decisions."""
    layouts = lexicon("sections")["layouts"]
    return {Layout(name): (spec["sections"], spec["decisions"]) for name, spec in layouts.items()}


def found_sections(lines: Lines) -> list[tuple[str, int]]:
    """The sections a letter shows, in order: (heading name, clean offset)."""
    found = [(name, lines[index].start) for index, name in sorted(lines.headings.items())]
    statements = [hit for hit in lines.letter.hits(Kind.NOTICE_STATEMENT) if hit.value == "determination"]
    if statements:
        found.append((DETERMINATIONS, statements[0].start))
        found.sort(key=lambda pair: pair[1])
    return found


def score(sections: list[str], decisions: str, found: list[str]) -> int:
    """The longest run of `sections`, in their order, within `found`; the decisions count twice."""
    # A longest common subsequence, weighted; the lists are a handful of names long.
    weights = [2 if name == decisions else 1 for name in sections]
    best = [0] * (len(sections) + 1)
    for name in found:
        diagonal = 0
        for position, section in enumerate(sections, start=1):
            longest = max(best[position], best[position - 1])
            if section == name:
                longest = max(longest, diagonal + weights[position - 1])
            diagonal, best[position] = best[position], longest
    return best[-1]


def detect(lines: Lines) -> tuple[Layout, dict[str, int], list[tuple[str, int]]]:
    """The letter's layout, each layout's score, and the sections found."""
    found = found_sections(lines)
    names = set(name for name, _ in found)
    ordered = [name for name, _ in found]
    layouts = layout_sections()
    scores: dict[str, int] = {}
    best, best_score = Layout.UNKNOWN, 0
    for layout, (sections, decisions) in layouts.items():
        shown = score(sections, decisions, ordered)
        scores[layout.value] = shown
        # A layout is read only when the letter shows a section no other layout has (its
        # title, its decisions heading): shared letterhead or a case summary prove nothing.
        own = set(sections).difference(*(other for name, (other, _) in layouts.items() if name is not layout))
        if own & names and shown > best_score:
            best, best_score = layout, shown
    return best, scores, found
