"""Case facts: the patient's age, sex and date of injury, wherever the letter states them.

Every mention is kept with its span, so a fact stated differently in two places (44 years old
in the summary, 45 in a rationale) can be reported with both.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from checker.models import CaseFacts, FactMention, Reviewer, Span
from checker.prefilter import Prefiltered, lowercase, matches_at
from checker.text.normalize import blanks_before

_SEX_WORDS = {"male": "male", "man": "male", "gentleman": "male", "m": "male",
              "female": "female", "woman": "female", "lady": "female", "f": "female"}
_AGE = re.compile(
    # "\s*(?:-\s*)?" and not "\s*-?\s*": two adjacent \s* backtrack quadratically on a long blank run.
    r"\b(?P<age>\d{1,3})\s*(?:-\s*)?(?:years?[\s-]*old|y/?o\b|y\.o\.|yo\b|yr[\s-]*old|Y\b)"
    r"(?:[\s,]+(?:\w+\s+)?(?P<sex>male|female|man|woman|gentleman|lady|M|F)\b)?",
    re.IGNORECASE)
# Every age ends in a "y" ("years old", "y/o", "yo", "yr", "Y") that follows a number, blanks and
# at most one hyphen: re finds a letter's few such y's at C speed, where _AGE, which starts with a
# digit, would be tried at each of its hundred digits.
_Y_AFTER_NUMBER = re.compile(r"y(?<=[\d\s-]y)")
_DATE = r"(?P<date>\d{1,2}[/-]\d{1,2}[/-](?:\d{4}|\d{2}))"
_INJURY_DATE = Prefiltered(
    r"(?:date\s+of\s+(?:industrial\s+)?injury|injury\s+date|\bDOI|injur(?:y|ed)|industrial\s+injury)"
    r"[^.\d]{0,40}?" + _DATE, re.IGNORECASE)
# "The injured worker is a 48 year old female who fell on her outstretched arm on 12/3/2013":
# the summary's opening sentence dates the injury by the event it describes.
_INJURY_EVENT_DATE = Prefiltered(
    r"(?:injured worker|patient|applicant|claimant|employee|individual)\s+is\s+an?\s+\d{1,3}[^.]{0,160}?"
    r"\b(?:injur\w*|fell|fall|slipp?\w*|tripp?\w*|lift\w*|struck|twist\w*|develop\w*|pull\w*|strain\w*|"
    r"hurt|accident|stepp?\w*|collision|trauma)\b[^.]{0,120}?\bon\s+" + _DATE, re.IGNORECASE)
_DIAGNOSES = Prefiltered(r"diagnos(?:es|is)\s+(?:include[sd]?|are|is|included|of)\s*:?\s*(?P<list>[^.]+(?:\.\s*\d\.[^.]+)*)",
                         re.IGNORECASE)
_SPECIALTY = Prefiltered(
    r"(?:Board Certified in|Certification\(s\)/Specialty:|Specialty:|board-certified in|specializes in)"
    r"\s*(?P<value>[A-Z][A-Za-z &/,'-]+?)(?=,| and | with |\.|\n|$)", re.IGNORECASE)
_SUBSPECIALTY = Prefiltered(r"subspecialty in\s+(?P<value>[A-Z][A-Za-z &/'-]+?)(?=,| and |\.|\n|$)", re.I)
_LICENSURE = Prefiltered(
    r"(?:licensed (?:to practice )?in|State\(s\) of Licensure:|Licensure:|license[ds]? in)"
    r"\s*(?P<value>[A-Z][A-Za-z ]+?)(?=[.,;\n]|$| and\b)", re.IGNORECASE)

Spanner = Callable[[int, int], Span]


def normalize_date(text: str) -> str:
    """'3/6/14' and '03/06/2014' both -> '2014-03-06'; letters write two-digit years freely."""
    month, day, year = (int(part) for part in re.split(r"[/-]", text))
    if year < 100:
        year += 2000 if year <= 40 else 1900
    return f"{year:04d}-{month:02d}-{day:02d}"


def _age_places(text: str, lowered: str) -> list[int]:
    """Where an age can start: at the 1-3 digits before each "y" that ends a number's gap."""
    places = set()
    for y in _Y_AFTER_NUMBER.finditer(lowered):
        end = blanks_before(text, y.start())
        if end and text[end - 1] == "-":
            end = blanks_before(text, end - 1)
        start = end
        while start > max(0, end - 3) and text[start - 1].isdecimal():
            start -= 1
        places.update(range(start, end))
    return sorted(places)



def extract_facts(text: str, span: Spanner, summary: tuple[int, int] | None) -> CaseFacts:
    facts = CaseFacts()
    lowered = lowercase(text)
    found: list[tuple[int, FactMention]] = []  # (clean offset, mention)
    ages = _AGE.finditer(text) if lowered is None else matches_at(_AGE, text, _age_places(text, lowered))
    for match in ages:
        age = int(match.group("age"))
        if 14 <= age <= 100:
            found.append((match.start(), FactMention(fact="age", value=str(age), span=span(*match.span()))))
        if match.group("sex"):
            sex = _SEX_WORDS[match.group("sex").lower()]
            found.append((match.start(), FactMention(fact="sex", value=sex, span=span(*match.span("sex")))))
    dated = [*_INJURY_DATE.finditer(text, lowered=lowered)]
    dated_at = {m.start("date") for m in dated}
    dated += [m for m in _INJURY_EVENT_DATE.finditer(text, lowered=lowered) if m.start("date") not in dated_at]
    for match in dated:
        try:
            value = normalize_date(match.group("date"))
        except ValueError:
            continue
        if 1 <= int(value[5:7]) <= 12 and 1 <= int(value[8:10]) <= 31:
            found.append((match.start(), FactMention(fact="injury_date", value=value, span=span(*match.span()))))
    found.sort(key=lambda pair: pair[0])
    facts.mentions = [mention for _, mention in found]
    # The case summary states the facts of record; elsewhere, the first mention stands in.
    in_summary = [m for offset, m in found if summary and summary[0] <= offset < summary[1]]
    for mention in in_summary + facts.mentions:
        if getattr(facts, mention.fact) is None:
            setattr(facts, mention.fact, int(mention.value) if mention.fact == "age" else mention.value)
    start, end = summary if summary else (0, len(text))
    diagnoses = _DIAGNOSES.search(text, start, end, lowered=lowered)
    if diagnoses:
        parts = re.split(r";|,\s*(?:and\s+)?|\s\d\.\s|\band\b", diagnoses.group("list"))
        facts.diagnoses = [p.strip(" .:") for p in parts if len(p.strip(" .:")) > 2][:20]
    return facts


def extract_reviewer(text: str, span: Spanner, section: tuple[int, int] | None) -> Reviewer:
    """Specialty and licensure, from the reviewer section when there is one, else anywhere."""
    reviewer = Reviewer()
    lowered = lowercase(text)
    start, end = section if section else (0, len(text))
    for attribute, pattern in (("specialty", _SPECIALTY), ("subspecialty", _SUBSPECIALTY), ("licensure", _LICENSURE)):
        match = pattern.search(text, start, end, lowered=lowered)
        if match is None and section:
            match = pattern.search(text, lowered=lowered)
        if match:
            setattr(reviewer, attribute, " ".join(match.group("value").split()))
            if reviewer.span is None:
                reviewer.span = span(match.start("value"), match.end("value"))
    return reviewer
