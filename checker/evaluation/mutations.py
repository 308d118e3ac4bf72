"""Mutations: variants of a labelled letter with one known change, and what the label becomes.

Each kind edits the ORIGINAL text at the offsets the parser reported (Span.start/end), so
the edit lands where the checker will look, and declares
- the target finding whose presence the edit decides (present or absent afterwards),
- a "don't care" set: findings the edit may legitimately change as a side effect (a rule
  tension depends on the outcome, so flipping the outcome may create or remove one).
The variant's expected findings are the original label's with the target toggled and the
don't-care entries dropped. Variants live in memory only; nothing is written to disk.

Kinds:
- outcome-flip:    an item's outcome word Upheld <-> Overturned (2013 letters: "not" toggled in
                   every copy of the determination sentence); OUT001 on the item toggles.
- conclusion-flip: the necessity statement of the item's conclusion sentence is negated or
                   un-negated; OUT001 on the item toggles.
- count-disagree:  the heading's visit count made to disagree with its "a x b" frequency;
                   QTY001 on the item must appear.
- age-change:      the last stated age is raised by one; FCT001 must appear.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from checker.evaluation.labels import FindingPattern, Label
from checker.evaluation.scoring import covers, family_of_code, outcome_is_decided
from checker.models import Family, Item, Letter, Stance

MUTATION_KINDS = ("outcome-flip", "conclusion-flip", "count-disagree", "age-change")

# "... has determined the request for X is (not) medically necessary and appropriate."
# The negation may be glued to the next word by PDF extraction ("notmedically").
_DETERMINATION = re.compile(
    r"has\s+determined\s+the\s+request\s+for\s+(?P<request>.{1,400}?)\s+is\s+(?P<negation>not\s*)?(?=medically\b)",
    re.IGNORECASE | re.DOTALL)
_NECESSITY = re.compile(
    r"\b(?P<verb>is|are)\s+(?P<negation>not\s*)?"
    r"(?P<predicate>medically\s+(?:necessary|reasonable|appropriate|indicated))",
    re.IGNORECASE)
# "2 x 4", "2x4", "2X's 4", "2x/week x 4 weeks": visits a week times weeks.
_FREQUENCY = re.compile(
    r"(?<![\d.#/])(?P<per_week>[1-7])\s*[xX](?:'?s)?\s*"
    r"(?:/\s*(?:week|wk)\s*(?:[xX]|for)\s*)?(?P<weeks>\d{1,2})(?![\d.%])")
# A separate visit count in a heading: "8 physical therapy visits", "Six (6) sessions".
_VISIT_COUNT = re.compile(
    r"(?P<number>(?:[A-Za-z]+\s*\(\s*\d{1,3}\s*\))|(?<![\d.#/])\d{1,3}(?![\d.%]))"
    r"\s+(?:[A-Za-z-]+\s+){0,3}?(?:visits?|sessions?|treatments?)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Mutation:
    """One variant: where it was changed, and what the checker must then report."""

    kind: str
    item: int | None
    text: str
    edits: tuple[Edit, ...]
    target: FindingPattern
    target_present: bool
    dont_care: tuple[FindingPattern, ...]
    description: str

    def name(self, path: str) -> str:
        return f"{path}#{self.kind}" + (f":item{self.item}" if self.item is not None else "")

    def expected_findings(self, label: Label) -> list[FindingPattern]:
        """The label's findings with the target toggled and the don't-care entries dropped."""
        kept = [pattern for pattern in label.findings
                if not _names_target(pattern, self.target) and not any(covers(dc, pattern) for dc in self.dont_care)]
        if self.target_present:
            kept.append(self.target)
        return kept


def _names_target(pattern: FindingPattern, target: FindingPattern) -> bool:
    if pattern.code is not None:
        return pattern.code == target.code and (target.item is None or pattern.item == target.item)
    # A family entry on the target's item stands for the target itself.
    return (target.item is not None and pattern.item == target.item and target.code is not None
            and pattern.family is family_of_code(target.code))


def apply_edits(text: str, edits: tuple[Edit, ...]) -> str:
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[:edit.start] + edit.replacement + text[edit.end:]
    return text


def generate_mutations(text: str, letter: Letter, label: Label) -> Iterator[Mutation]:
    """Every variant this letter allows, in kind order then item order."""
    # Item-level expectations name items by number; when the parser numbers items differently
    # from the label, an expectation would land on the wrong item.
    items_align = len(letter.items) == len(label.items)
    if items_align:
        for item in letter.items:
            mutation = outcome_flip(text, letter, item, label)
            if mutation:
                yield mutation
        for item in letter.items:
            mutation = conclusion_flip(text, item, label)
            if mutation:
                yield mutation
        for item in letter.items:
            mutation = count_disagree(text, item, label)
            if mutation:
                yield mutation
    mutation = age_change(text, letter, label)
    if mutation:
        yield mutation


def _expects(label: Label, target: FindingPattern) -> bool:
    return any(_names_target(pattern, target) for pattern in label.findings)


def _mutation(kind: str, item: int | None, text: str, edits: list[Edit], target: FindingPattern, present: bool,
              dont_care: list[FindingPattern], description: str) -> Mutation:
    frozen = tuple(edits)
    return Mutation(kind=kind, item=item, text=apply_edits(text, frozen), edits=frozen, target=target,
                    target_present=present, dont_care=tuple(dont_care), description=description)


def _in_case_of(sample: str, word: str) -> str:
    """`word` written the way `sample` is: UPHELD, Upheld or upheld."""
    if sample.isupper():
        return word.upper()
    if sample[:1].isupper():
        return word[:1].upper() + word[1:].lower()
    return word.lower()


def _words(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


# ------------------------------------------------------------------------------ outcome-flip


def outcome_flip(text: str, letter: Letter, item: Item, label: Label) -> Mutation | None:
    span = item.outcome_span
    if span is None or not outcome_is_decided(item.outcome) or item.conclusion is None:
        return None
    # Only a conclusion that leans either way can contradict (or agree with) the outcome.
    if item.rationale[item.conclusion].stance is Stance.NEUTRAL:
        return None
    stated = text[span.start:span.end]
    word = _words(stated)
    if word.startswith("uphe") or word.startswith("uphold"):
        edits = [Edit(span.start, span.end, _in_case_of(stated, "Overturned"))]
        description = f"'{stated}' -> '{edits[0].replacement}'"
    elif word.startswith("overturn"):
        edits = [Edit(span.start, span.end, _in_case_of(stated, "Upheld"))]
        description = f"'{stated}' -> '{edits[0].replacement}'"
    elif "necessary" in word:
        edits = _toggle_determinations(text, item)
        description = "'not' toggled in the determination"
    else:
        return None
    if not edits:
        return None
    target = FindingPattern(code="OUT001", item=item.index)
    return _mutation("outcome-flip", item.index, text, edits, target, not _expects(label, target),
                     [FindingPattern(family=Family.RULES, item=item.index)], description)


def _toggle_determinations(text: str, item: Item) -> list[Edit]:
    """Toggle 'not' in every copy of this item's determination sentence (2013 letters print it twice:
    changing one copy only would make the letter disagree with itself, a different finding)."""
    heading = _words(item.heading)
    edits = [_toggle_negation(match) for match in _DETERMINATION.finditer(text)
             if _words(match.group("request")) == heading]
    if edits or item.outcome_span is None:
        return edits
    span = item.outcome_span
    statement = re.match(r"(?P<negation>not\s*)?(?=medically)", text[span.start:span.end], re.IGNORECASE)
    if statement is None:
        return []
    return [_toggle_negation(statement, offset=span.start)]


def _toggle_negation(match: re.Match[str], offset: int = 0) -> Edit:
    """'not medically' -> 'medically' and 'medically' -> 'not medically', in the text's own case."""
    if match.group("negation"):
        return Edit(offset + match.start("negation"), offset + match.end("negation"), "")
    position = offset + match.end()
    following = match.string[match.end():match.end() + 9]
    return Edit(position, position, _in_case_of(following, "not") + " ")


# ------------------------------------------------------------------------------ conclusion-flip


def conclusion_flip(text: str, item: Item, label: Label) -> Mutation | None:
    if item.conclusion is None or not outcome_is_decided(item.outcome):
        return None
    span = item.rationale[item.conclusion].span
    statements = list(_NECESSITY.finditer(text, span.start, span.end))
    if not statements:
        return None
    # The decisive statement closes the sentence ("While X is medically necessary, Y is not ...").
    statement = statements[-1]
    if statement.group("negation"):
        edit = Edit(statement.start("negation"), statement.end("negation"), "")
    else:
        position = statement.start("predicate")
        edit = Edit(position, position, _in_case_of(statement.group("verb"), "not") + " ")
    before = " ".join(statement.group(0).split())
    after = " ".join(apply_edits(statement.group(0), (Edit(edit.start - statement.start(),
                                                           edit.end - statement.start(), edit.replacement),)).split())
    target = FindingPattern(code="OUT001", item=item.index)
    return _mutation("conclusion-flip", item.index, text, [edit], target, not _expects(label, target),
                     [FindingPattern(code="RSN001", item=item.index)], f"'{before}' -> '{after}'")


# ------------------------------------------------------------------------------ count-disagree


def count_disagree(text: str, item: Item, label: Label) -> Mutation | None:
    request = item.request
    if request is None:
        return None
    span = item.heading_span
    heading = text[span.start:span.end]
    frequency = _frequency_in(heading, item)
    if frequency is None:
        return None
    per_week, weeks = int(frequency.group("per_week")), int(frequency.group("weeks"))
    # Four more than the frequency gives: never equal to it, and not a round limit by accident.
    disagreeing = per_week * weeks + 4
    count = next((m for m in _VISIT_COUNT.finditer(heading)
                  if m.end() <= frequency.start() or m.start() >= frequency.end()), None)
    if count is not None:
        edit = Edit(span.start + count.start("number"), span.start + count.end("number"), str(disagreeing))
        description = f"count '{count.group('number')}' -> '{disagreeing}' beside '{frequency.group(0)}'"
    elif any(form.kind == "visits" for form in request.forms):
        # The grammar read a count the pattern cannot locate: editing blind could hit anything.
        return None
    else:
        edit = Edit(span.start + frequency.start(), span.start + frequency.start(), f"{disagreeing} visits ")
        description = f"'{disagreeing} visits' inserted before '{frequency.group(0)}'"
    target = FindingPattern(code="QTY001", item=item.index)
    dont_care = [FindingPattern(family=Family.RULES, item=item.index), FindingPattern(code="QTY002", item=item.index)]
    return _mutation("count-disagree", item.index, text, [edit], target, True, dont_care, description)


def _frequency_in(heading: str, item: Item) -> re.Match[str] | None:
    request = item.request
    assert request is not None
    frequencies = [(form.per_week, form.weeks) for form in request.forms
                   if form.kind == "frequency" and form.per_week and form.weeks]
    for match in _FREQUENCY.finditer(heading):
        found = (float(match.group("per_week")), float(match.group("weeks")))
        if frequencies and found in frequencies:
            return match
        # Without a frequency form from the grammar, trust the pattern only on visit-based
        # treatments: '#30 x 2' on a drug is not a frequency.
        if not frequencies and request.drug is None and request.treatment not in (None, "medication"):
            return match
    return None


# ------------------------------------------------------------------------------ age-change


def age_change(text: str, letter: Letter, label: Label) -> Mutation | None:
    ages = [mention for mention in letter.facts.mentions if mention.fact == "age"]
    if len(ages) < 2:
        return None
    # A label that already expects an age (or any facts) finding leaves nothing to inject.
    if any(p.code == "FCT001" or (p.code is None and p.family is Family.FACTS) for p in label.findings):
        return None
    last = ages[-1]
    # The mention's span may cover the whole phrase ("52 year old female"); only its number changes.
    number = re.search(r"\d{1,3}", text[last.span.start:last.span.end])
    if number is None or number.group(0) != last.value:
        return None
    start, end = last.span.start + number.start(), last.span.start + number.end()
    changed = str(int(number.group(0)) + 1)
    return _mutation("age-change", None, text, [Edit(start, end, changed)], FindingPattern(code="FCT001"), True, [],
                     f"age '{number.group(0)}' (line {last.span.line}) -> '{changed}'")
