"""Extraction: from a segmented letter to the `Letter` model every check reads."""
from __future__ import annotations

import re

from checker.extract.citations import parse_citation, split_citations
from checker.extract.cues import restates_request
from checker.extract.dates import letter_date, ur_decision_date
from checker.extract.facts import extract_facts, extract_reviewer
from checker.extract.prior import extract_prior_treatments
from checker.extract.quantities import SentenceQuantities
from checker.extract.stance import classify
from checker.grammar import parse_request
from checker.models import Decided, Item, LayoutChoice, Letter, Outcome, QuantityForm, SectionFound, Sentence, Unread
from checker.segment import Block, RawItem, Segments
from checker.text.letter_text import LetterText
from checker.text.lexicon import Kind
from checker.text.outcomes import normalize_outcome

_CITATION_SOURCES = {"ca_guideline": "claims_administrator", "imr_guideline": "imr"}


def extract_letter(segments: Segments, max_items: int | None = None) -> Letter:
    text = segments.text
    letter = Letter(path=text.path, layout=segments.layout, content_hash=text.clean.content_hash,
                    layout_choice=_layout_choice(segments))
    summary = _bounds(segments.summary)
    letter.facts = extract_facts(text, summary)
    letter.reviewer = extract_reviewer(text, _bounds(segments.reviewer))
    letter.decided = _decided(text)
    raw_items = segments.items
    if max_items is not None and len(raw_items) > max_items:
        dropped = raw_items[max_items]
        letter.unread.append(Unread(
            reason=f"{len(raw_items) - max_items} items past the limit of {max_items} per letter were not checked",
            span=text.span(dropped.heading.start, dropped.heading.end)))
        raw_items = raw_items[:max_items]
    quantities = SentenceQuantities(text)
    rationales: list[list[tuple[int, int]]] = []
    for index, raw in enumerate(raw_items, start=1):
        item, sentences = _item(text, quantities, index, raw)
        letter.items.append(item)
        rationales.append(sentences)
    for reason, block in segments.problems:
        letter.unread.append(Unread(reason=reason, span=text.span(block.start, block.end) if block else None))
    letter.prior_treatments = extract_prior_treatments(text, letter, summary, rationales, quantities)
    return letter


def _decided(letter: LetterText) -> Decided | None:
    """The UR decision's date, else the letter's own."""
    for source, dated in (("ur_decision", ur_decision_date(letter.text)), ("letter", letter_date(letter.text))):
        if dated is not None:
            return Decided(date=dated.date.isoformat(), source=source,  # type: ignore[arg-type]
                           span=letter.span(dated.start, dated.end))
    return None


def _layout_choice(segments: Segments) -> LayoutChoice:
    """Each layout's score and the sections found, each shown by its heading's line."""
    text = segments.text
    sections = []
    for name, start in segments.headings:
        line_end = text.text.find("\n", start)
        sections.append(SectionFound(name=name, span=text.span(start, line_end if line_end >= 0 else len(text.text))))
    return LayoutChoice(scores=dict(segments.scores), sections=sections)


def _bounds(block: Block | None) -> tuple[int, int] | None:
    return (block.start, block.end) if block else None


def _item(letter: LetterText, quantities: SentenceQuantities, index: int,
          raw: RawItem) -> tuple[Item, list[tuple[int, int]]]:
    """The item, and its rationale's sentences as clean spans."""
    text = letter.text
    heading_text = " ".join(text[raw.heading.start:raw.heading.end].split()).strip(" :")
    heading_span = letter.span(raw.heading.start, raw.heading.end)
    outcome, outcome_text, outcome_span = Outcome.UNKNOWN, None, None
    if raw.outcome is not None:
        outcome_text = " ".join(text[raw.outcome.start:raw.outcome.end].split())
        outcome_span = letter.span(raw.outcome.start, raw.outcome.end)
        outcome = normalize_outcome(outcome_text)
    citations = [parse_citation(text[start:end], _CITATION_SOURCES[kind], letter.span(start, end))
                 for kind, block in raw.citation_fields for start, end in split_citations(text, block.start, block.end)]
    rationale: list[Sentence] = []
    conclusion = None
    block = raw.fields.get("rationale")
    sentences = letter.sentences(block.start, block.end) if block is not None else []
    for start, end in sentences:
        span = letter.span(start, end)
        # The span's text is the sentence with its whitespace collapsed.
        stance = classify(span.text)
        rationale.append(Sentence(text=span.text, span=span, stance=stance.stance, concession=stance.concession,
                                  conclusive=stance.conclusive, cue=stance.cue, subject=stance.subject,
                                  restated_request=_restated_request(letter, quantities, start, end)))
    if block is not None:
        conclusion = _conclusion(rationale)
    request = parse_request(heading_text) if heading_text else None
    if request is not None:
        request.span = heading_span
    item = Item(index=index, heading=heading_text, heading_span=heading_span, outcome=outcome,
                outcome_text=outcome_text, outcome_span=outcome_span, citations=citations, rationale=rationale,
                conclusion=conclusion, request=request)
    return item, list(sentences)


# "the 18-visit total": a count made an adjective names a total or a limit, not the request.
_TOTAL_AS_ADJECTIVE = re.compile(r"\d+-[A-Za-z]")


def _restated_request(letter: LetterText, quantities: SentenceQuantities, start: int,
                      end: int) -> list[QuantityForm]:
    """The counts by which a sentence restates the request ("the requested 10 sessions")."""
    if not letter.has(Kind.REQUEST, start, end):
        return []  # spares the grammar most sentences
    return [quantity.form for quantity in quantities.of(start, end)
            if quantity.form.visits is not None and restates_request(letter, quantity.start, start)
            and not _TOTAL_AS_ADJECTIVE.match(letter.text, quantity.start)]


def _conclusion(sentences: list[Sentence]) -> int | None:
    """The last sentence that states the decision; failing that, the last that leans either way."""
    fallback = None
    for position in range(len(sentences) - 1, -1, -1):
        sentence = sentences[position]
        if sentence.stance.value == "neutral":
            continue
        if sentence.conclusive:
            return position
        if fallback is None:
            fallback = position
    return fallback
