"""Extraction: from segmented clean text to the `Letter` model every check reads."""
from __future__ import annotations

from checker.extract.citations import parse_citation, split_citations
from checker.extract.facts import extract_facts, extract_reviewer
from checker.extract.outcome import normalize_outcome
from checker.extract.prior import extract_prior_treatments
from checker.extract.sentences import split_sentences
from checker.extract.stance import classify
from checker.grammar import parse_request
from checker.models import Item, Letter, Outcome, Sentence, Unread
from checker.text.normalize import CleanText
from checker.segment import Block, RawItem, Segments

_CITATION_SOURCES = {"ca_guideline": "claims_administrator", "imr_guideline": "imr"}


def extract_letter(source: CleanText, segments: Segments, max_items: int | None = None) -> Letter:
    text = source.text
    letter = Letter(path=source.path, layout=segments.layout, content_hash=source.content_hash)
    summary = _bounds(segments.summary)
    letter.facts = extract_facts(text, source.span, summary)
    letter.reviewer = extract_reviewer(text, source.span, _bounds(segments.reviewer))
    raw_items = segments.items
    if max_items is not None and len(raw_items) > max_items:
        dropped = raw_items[max_items]
        letter.unread.append(Unread(
            reason=f"{len(raw_items) - max_items} items past the limit of {max_items} per letter were not checked",
            span=source.span(dropped.heading.start, dropped.heading.end)))
        raw_items = raw_items[:max_items]
    letter.items = [_item(source, index, raw) for index, raw in enumerate(raw_items, start=1)]
    for reason, block in segments.problems:
        letter.unread.append(Unread(reason=reason, span=source.span(block.start, block.end) if block else None))
    letter.prior_treatments = extract_prior_treatments(source, letter, summary)
    return letter


def _bounds(block: Block | None) -> tuple[int, int] | None:
    return (block.start, block.end) if block else None


def _item(source: CleanText, index: int, raw: RawItem) -> Item:
    text = source.text
    heading_text = " ".join(text[raw.heading.start:raw.heading.end].split()).strip(" :")
    heading_span = source.span(raw.heading.start, raw.heading.end)
    # Every field is worked out first and the model built once: each assignment to a
    # pydantic model costs a call of its own.
    outcome, outcome_text, outcome_span = Outcome.UNKNOWN, None, None
    if raw.outcome is not None:
        outcome_text = " ".join(text[raw.outcome.start:raw.outcome.end].split())
        outcome_span = source.span(raw.outcome.start, raw.outcome.end)
        outcome = normalize_outcome(outcome_text)
    citations = [parse_citation(text[start:end], _CITATION_SOURCES[kind], source.span(start, end))
                 for kind, block in raw.citation_fields for start, end in split_citations(text, block.start, block.end)]
    rationale: list[Sentence] = []
    conclusion = None
    block = raw.fields.get("rationale")
    if block is not None:
        for start, end in split_sentences(text[block.start:block.end], block.start):
            span = source.span(start, end)
            # The span's text is the sentence with its whitespace collapsed.
            stance = classify(span.text)
            rationale.append(Sentence(text=span.text, span=span, stance=stance.stance, concession=stance.concession,
                                      conclusive=stance.conclusive, cue=stance.cue))
        conclusion = _conclusion(rationale)
    request = parse_request(heading_text) if heading_text else None
    if request is not None:
        request.span = heading_span
    return Item(index=index, heading=heading_text, heading_span=heading_span, outcome=outcome,
                outcome_text=outcome_text, outcome_span=outcome_span, citations=citations, rationale=rationale,
                conclusion=conclusion, request=request)


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
