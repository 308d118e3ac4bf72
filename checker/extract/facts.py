"""Case facts: the patient's age, sex and date of injury, wherever the letter states them.

Every mention is kept with its span, so a fact stated differently in two places (44 years old
in the summary, 45 in a rationale) can be reported with both. Only statements about the
patient count: an age followed by "daughter" or after "her" ("her 16-year-old son") is
someone else's. Cue words come from rules/lexicon/facts.yaml; the numbers and dates
themselves are read character by character.
"""
from __future__ import annotations

import re

from checker.models import CaseFacts, FactMention, Reviewer
from checker.text.letter_text import LetterText
from checker.text.lexicon import Kind
from checker.text.normalize import blanks_before

_SEX_WORDS = {"male": "male", "man": "male", "gentleman": "male", "m": "male",
              "female": "female", "woman": "female", "lady": "female", "f": "female"}
_AGE = re.compile(
    # "\s*(?:-\s*)?" and not "\s*-?\s*": two adjacent \s* backtrack quadratically on a long blank run.
    r"(?P<age>\d{1,3})\s*(?:-\s*)?(?:years?[\s-]*old|y/?o\b|y\.o\.|yo\b|yr[\s-]*old|Y\b)"
    r"(?:[\s,]+(?:\w+\s+)?(?P<sex>male|female|man|woman|gentleman|lady|M|F)\b)?",
    re.IGNORECASE)
# Every age ends in a "y" ("years old", "y/o", "yo", "yr", "Y") that follows a number, blanks and
# at most one hyphen: re finds a letter's few such y's at C speed (the pattern starts with a
# literal), where _AGE, which starts with a digit, would be tried at each position.
_Y_AFTER_NUMBER = re.compile(r"y(?<=[\d\s-]y)")
# How many words after an age may name another person it belongs to.
_OTHER_PERSON_REACH = 3
# How many words after an age may tell it was the age at an earlier time ("at the time of injury").
_PAST_AGE_REACH = 6
_WORD = re.compile(r"\S+")
_LAST_WORD = re.compile(r"([^\W_]+)[\W_]*$")
# A person named just before an age it is given in apposition or by a copula: "her husband,
# who is 71 years old", "his mother, a 90-year-old", "her mother (90 years old)", "her son is
# 30 years old", "her sister is a 60 year old". Only those few joining words may stand between
# the person and the age.
_PERSON_BEFORE_AGE = re.compile(r"([^\W\d_]+)[\s,(]*(?:(?:who\s+)?(?:is|was)\s+(?:now\s+)?)?(?:an?\s+)?$",
                                re.IGNORECASE)
_APPOSITION_REACH = 40
_DATE = r"(?P<date>\d{1,2}[/-]\d{1,2}[/-](?:\d{4}|\d{2}))"
# After an injury cue: the date within 40 characters, with no period or digit before it.
_DATE_AFTER_CUE = re.compile(r"[^.\d]{0,40}?" + _DATE)
# After "the patient is a": the age, then an event word within 160 characters of the sentence.
_AGE_AFTER_SUBJECT = re.compile(r"\s*\d{1,3}")
_EVENT_REACH = 160
_DATE_AFTER_EVENT = re.compile(r"[^.]{0,120}?\bon\s+" + _DATE)
_DIAGNOSIS_LIST = re.compile(r"\s*:?\s*(?P<list>[^.]+(?:\.\s*\d\.[^.]+)*)")
_DIAGNOSIS_SEPARATOR = re.compile(r";|,\s*(?:and\s+)?|\s\d\.\s|\band\b")
# A specialty may hold "and" between capitalised words ("Physical Medicine and Rehabilitation",
# "Obstetrics and Gynecology"); "and is licensed" ends it.
_SPECIALTY_VALUE = re.compile(r"\s*(?P<value>[A-Z][A-Za-z &/,'-]+?)(?=,|(?-i: and (?![A-Z]))| with |\.|\n|$)",
                              re.IGNORECASE)
_LICENSURE_VALUE = re.compile(r"\s*(?P<value>[A-Z][A-Za-z ]+?)(?=[.,;\n]|$| and\b)", re.IGNORECASE)
_COLON = re.compile(r"[ )]*:")


def normalize_date(text: str) -> str:
    """'3/6/14' and '03/06/2014' both -> '2014-03-06'; letters write two-digit years freely."""
    month, day, year = (int(part) for part in re.split(r"[/-]", text))
    if year < 100:
        year += 2000 if year <= 40 else 1900
    return f"{year:04d}-{month:02d}-{day:02d}"


def _age_places(text: str) -> list[int]:
    """Where an age can start: at the 1-3 digits before each "y" that ends a number's gap."""
    places = set()
    for y in _Y_AFTER_NUMBER.finditer(text.lower()):
        end = blanks_before(text, y.start())
        if end and text[end - 1] == "-":
            end = blanks_before(text, end - 1)
        start = end
        while start > max(0, end - 3) and text[start - 1].isdecimal():
            start -= 1
        if start == end or (start and text[start - 1].isalnum()):
            continue
        places.add(start)
    return sorted(places)


def _about_someone_else(letter: LetterText, start: int, end: int) -> bool:
    """An age right after a possessive, given to another person named just before it, or with
    another person named in the next words."""
    text = letter.text
    previous = _LAST_WORD.search(text, max(0, start - 20), start)
    if previous and letter.has(Kind.POSSESSIVE, previous.start(1), previous.end(1)):
        return True
    person = _PERSON_BEFORE_AGE.search(text, max(0, start - _APPOSITION_REACH), start)
    if person and letter.has(Kind.OTHER_PERSON, person.start(1), person.end(1)):
        return True
    words = list(_WORD.finditer(text, end, min(len(text), end + 80)))[:_OTHER_PERSON_REACH]
    return bool(words) and letter.has(Kind.OTHER_PERSON, end, words[-1].end())


def _told_for_earlier_time(letter: LetterText, end: int) -> bool:
    """An age followed by when it was the patient's: "47 years old at the time of injury"."""
    words = list(_WORD.finditer(letter.text, end, min(len(letter.text), end + 120)))[:_PAST_AGE_REACH]
    told = letter.first(Kind.PAST_AGE, end)
    return bool(words) and told is not None and told.start < words[-1].end()


def extract_facts(letter: LetterText, summary: tuple[int, int] | None) -> CaseFacts:
    """The patient's age, sex, date of injury (each mention, and the value of record) and the
    diagnoses of the case summary."""
    facts = CaseFacts()
    found = sorted([*_age_and_sex(letter), *_injury_dates(letter)], key=lambda pair: pair[0])
    facts.mentions = [mention for _, mention in found]
    # The case summary states the facts of record; elsewhere, the first mention stands in.
    in_summary = [m for offset, m in found if summary and summary[0] <= offset < summary[1]]
    for mention in in_summary + facts.mentions:
        if getattr(facts, mention.fact) is None:
            setattr(facts, mention.fact, int(mention.value) if mention.fact == "age" else mention.value)
    facts.diagnoses = _diagnoses(letter, summary)
    return facts


Found = list[tuple[int, FactMention]]  # (clean offset, mention)


def _age_and_sex(letter: LetterText) -> Found:
    text = letter.text
    found: Found = []
    for place in _age_places(text):
        match = _AGE.match(text, place)
        if match is None or _about_someone_else(letter, match.start(), match.end("age")):
            continue
        age = int(match.group("age"))
        if 14 <= age <= 100 and not _told_for_earlier_time(letter, match.end()):
            found.append((match.start(), FactMention(fact="age", value=str(age), span=letter.span(*match.span()))))
        if match.group("sex"):
            sex = _SEX_WORDS[match.group("sex").lower()]
            found.append((match.start(), FactMention(fact="sex", value=sex, span=letter.span(*match.span("sex")))))
    return found


def _injury_dates(letter: LetterText) -> Found:
    text = letter.text
    dated: dict[int, tuple[int, int, str]] = {}  # date start -> (mention start, end, date)
    for cue in letter.hits(Kind.INJURY_DATE_CUE):
        match = _DATE_AFTER_CUE.match(text, cue.end)
        if match and match.start("date") not in dated:
            dated[match.start("date")] = (cue.start, match.end(), match.group("date"))
    for subject in letter.hits(Kind.EVENT_SUBJECT):
        event = _event_date(letter, subject.end)
        if event and event[2] not in dated:
            dated[event[2]] = (subject.start, event[1], event[0])
    found: Found = []
    for mention_start, mention_end, date in sorted(dated.values()):
        try:
            value = normalize_date(date)
        except ValueError:
            continue
        if 1 <= int(value[5:7]) <= 12 and 1 <= int(value[8:10]) <= 31:
            found.append((mention_start, FactMention(fact="injury_date", value=value,
                                                     span=letter.span(mention_start, mention_end))))
    return found


def _diagnoses(letter: LetterText, summary: tuple[int, int] | None) -> list[str]:
    start, end = summary if summary else (0, len(letter.text))
    cue = letter.first(Kind.DIAGNOSES, start, end)
    diagnoses = _DIAGNOSIS_LIST.match(letter.text, cue.end, end) if cue else None
    if not diagnoses:
        return []
    parts = _DIAGNOSIS_SEPARATOR.split(diagnoses.group("list"))
    return [p.strip(" .:") for p in parts if len(p.strip(" .:")) > 2][:20]


def _event_date(letter: LetterText, end: int) -> tuple[str, int, int] | None:
    """(date, mention end, date start) of the injury event told by the sentence whose
    subject ("The patient is a") ends at `end`: its age, an event word within the next
    160 characters of the sentence, and "on DATE" after it."""
    text = letter.text
    age = _AGE_AFTER_SUBJECT.match(text, end)
    if age is None:
        return None
    period = text.find(".", age.end(), age.end() + _EVENT_REACH)
    reach = period if period >= 0 else age.end() + _EVENT_REACH
    for event in letter.hits(Kind.EVENT_WORD, age.end(), len(text)):
        if event.start > reach:
            break
        match = _DATE_AFTER_EVENT.match(text, event.end)
        if match:
            return match.group("date"), match.end(), match.start("date")
    return None


def extract_reviewer(letter: LetterText, section: tuple[int, int] | None) -> Reviewer:
    """Specialty and licensure, from the reviewer section when there is one, else anywhere."""
    reviewer = Reviewer()
    start, end = section if section else (0, len(letter.text))
    for attribute in ("specialty", "subspecialty", "licensure"):
        match = _reviewer_value(letter, attribute, start, end)
        if match is None and section:
            match = _reviewer_value(letter, attribute, 0, len(letter.text))
        if match:
            setattr(reviewer, attribute, " ".join(match.group("value").split()))
            if reviewer.span is None:
                reviewer.span = letter.span(match.start("value"), match.end("value"))
    return reviewer


def _reviewer_value(letter: LetterText, attribute: str, start: int, end: int) -> re.Match[str] | None:
    value = _LICENSURE_VALUE if attribute == "licensure" else _SPECIALTY_VALUE
    for cue in letter.hits(Kind.REVIEWER_CUE, start, end):
        name, needs_colon = cue.value
        if name != attribute:
            continue
        after = cue.end
        if needs_colon:
            colon = _COLON.match(letter.text, after)
            if colon is None:
                continue
            after = colon.end()
        match = value.match(letter.text, after, end)
        if match:
            return match
    return None
