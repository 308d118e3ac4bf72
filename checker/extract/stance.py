"""Stance of rationale sentences: does a sentence support the request, oppose it, or neither?

Cue phrases are data (rules/lexicon/stance.yaml). A concession ("While X, Y", "X; however,
Y") makes the clause after the turn the sentence's point, so supporting background followed
by a denial reads as a denial, not as a contradiction.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import NamedTuple

from checker.models import Stance
from checker.prefilter import StartIndex, lowercase, matches_at
from checker.resources import lexicon


@dataclass(frozen=True)
class Cue:
    stance: Stance
    conclusive: bool
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class SentenceStance:
    stance: Stance
    concession: bool
    conclusive: bool
    cue: str | None


class Clause(NamedTuple):
    """The part of a sentence that carries its point."""

    text: str
    # Whether a concession ("While X, Y", "X; however, Y") preceded it.
    concession: bool
    # Where each cue can start in it, as `StartIndex.candidates` gives them.
    starts: dict[int, list[int] | None]


@dataclass(frozen=True)
class _Lexicon:
    # Each cue's stance, whether it states the decision, and its pattern (see _compiled).
    patterns: tuple[tuple[Stance, bool, str], ...]
    # Where each cue, and (at index `turn`) an inner concession's words, can start in a text:
    # one scan for the words they start with, where a search per cue would read every clause
    # once for each of them, and a search for a turn every sentence once more.
    starts: StartIndex
    turn: int
    negator: re.Pattern[str]
    doubt: re.Pattern[str]
    leading: _Phrases
    inner: _Phrases


@dataclass(frozen=True)
class _Phrases:
    """A pattern of literal phrases matched case-insensitively.

    `lowered` is the same pattern with the phrases lowercased, matched case-sensitively on
    lowercased text (after `pad`): the same matches, found several times faster. It needs the
    template's own letters lowercase, and is None when a phrase is not ASCII (lowercase() folds
    the letters re.IGNORECASE equates with ASCII ones, not every letter).
    """

    pattern: re.Pattern[str]
    lowered: re.Pattern[str] | None
    pad: str = ""

    @classmethod
    def build(cls, template: str, phrases: list[str], lowered_template: str | None = None,
              pad: str = "") -> _Phrases:
        lowered = None
        if all(phrase.isascii() for phrase in phrases):
            lowered = re.compile((lowered_template or template).format(
                _phrase_pattern([phrase.lower() for phrase in phrases])))
        return cls(re.compile(template.format(_phrase_pattern(phrases)), re.I), lowered, pad)

    def matcher(self, text: str, lowered: str | None) -> tuple[re.Pattern[str], str, int]:
        """The pattern to use on text, the text to use it on, and how far that text's offsets
        are ahead of text's; lowered is `lowercase(text)`."""
        if self.lowered is None or lowered is None:
            return self.pattern, text, 0
        return self.lowered, self.pad + lowered, len(self.pad)


def _phrase_pattern(words: list[str]) -> str:
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@functools.cache
def _lexicon() -> _Lexicon:
    data = lexicon("stance")
    patterns = []
    # Opposing cues first: they often contain a supporting phrase ("not medically necessary").
    for stance, key in ((Stance.OPPOSES, "opposes"), (Stance.SUPPORTS, "supports")):
        for group in ("conclusive", "reasoning"):
            for cue in data[key][group]:
                regex = r"\b" + cue.replace(" ", r"\s+") + r"\b"
                patterns.append((stance, group == "conclusive", regex))
    negator = re.compile(r"\b(?:" + _phrase_pattern(data["negators"]) + r")\b|n't\b", re.I)
    doubt = re.compile(r"\b(?:" + "|".join(d.replace(" ", r"\s+") for d in data["doubts"]) + r")\b", re.I)
    concessions = data["concessions"]
    # The phrases go where {} is; the templates' own letters are lowercase, as _Phrases needs.
    leading = _Phrases.build(r"^\W*(?:and\s+|so\s+)?(?:{})\b", concessions["leading"])
    # On lowercased text a turn is found faster still, re skipping from separator to separator:
    # a space put in front stands for "^", and one class for the separators, the lookbehind
    # giving [,;:] its trailing blanks. The same matches, one character later.
    inner = _Phrases.build(r"(?:^|[,;:]\s*|\s)(?:{})\b,?", concessions["inner"],
                           lowered_template=r"[,;:\s](?:(?<=[,;:])\s*)?(?:{})\b,?", pad=" ")
    # Every turn holds one of the inner phrases as words: a sentence without them has none.
    turn_words = r"\b(?:" + _phrase_pattern(concessions["inner"]) + r")\b"
    starts = StartIndex([*(pattern for _, _, pattern in patterns), turn_words], re.I)
    return _Lexicon(tuple(patterns), starts, len(patterns), negator, doubt, leading, inner)


_LEADING_CLAUSE_END = re.compile(r"[,;]")
_CLAUSE_BREAK = re.compile(r"[,;:()]")


@functools.cache
def _compiled(cue: str) -> re.Pattern[str]:
    """A cue's pattern, compiled when a sentence first may hold it: most letters hold few of
    the cues, and compiling them all was several milliseconds of checking one letter."""
    return re.compile(cue, re.I)


def main_clause(sentence: str) -> Clause:
    """The clause that carries the sentence's point, whether a concession preceded it, and
    where its cues can start."""
    lex = _lexicon()
    lowered = lowercase(sentence)
    leading, text, _ = lex.leading.matcher(sentence, lowered)
    if leading.match(text):
        comma = _LEADING_CLAUSE_END.search(sentence)
        return _after_concession(sentence[comma.end():] if comma else sentence)
    starts = lex.starts.candidates(sentence, lowered)
    if lex.turn in starts:
        inner, text, shift = lex.inner.matcher(sentence, lowered)
        turns = list(inner.finditer(text))
        if turns:
            return _after_concession(sentence[turns[-1].end() - shift:])
    # Nearly every sentence is its own main clause, its cues' places found by the scan made.
    return Clause(sentence, False, starts)


def _after_concession(text: str) -> Clause:
    return Clause(text, True, _lexicon().starts.candidates(text, lowercase(text)))


def find_cues(clause: Clause) -> list[Cue]:
    lex = _lexicon()
    text = clause.text
    cues: list[Cue] = []
    taken: list[tuple[int, int]] = []
    for index in sorted(clause.starts):
        if index == lex.turn:
            continue
        stance, conclusive, source = lex.patterns[index]
        pattern = _compiled(source)
        places = clause.starts[index]
        for match in pattern.finditer(text) if places is None else matches_at(pattern, text, places):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            cue_stance = stance
            if not lex.negator.search(match.group()) and _negated(text, match.start(), stance):
                cue_stance = Stance.OPPOSES if stance is Stance.SUPPORTS else Stance.SUPPORTS
            cues.append(Cue(cue_stance, conclusive, match.start(), match.end(), match.group()))
    return sorted(cues, key=lambda cue: cue.start)


def _negated(clause: str, position: int, stance: Stance) -> bool:
    """A negator in the three words before a cue; for a supporting cue, also doubt earlier in
    the same clause ("no evidence that ... is medically necessary")."""
    before = _CLAUSE_BREAK.split(clause[:position])[-1]
    window = " ".join(before.split()[-3:])
    if _lexicon().negator.search(window):
        return True
    return stance is Stance.SUPPORTS and bool(_lexicon().doubt.search(before))


def classify(sentence: str) -> SentenceStance:
    clause = main_clause(sentence)
    cues = find_cues(clause)
    if not cues:
        return SentenceStance(Stance.NEUTRAL, clause.concession, False, None)
    # The last cue decides: "X is not supported, so the request is medically necessary" is rare,
    # while a closing "... is not medically necessary" is how letters state their decision.
    decisive = cues[-1]
    conclusive = any(cue.conclusive and cue.stance is decisive.stance for cue in cues)
    return SentenceStance(decisive.stance, clause.concession, conclusive, decisive.text)
