"""Stance of rationale sentences: does a sentence support the request, oppose it, or neither?

Cue phrases are data (rules/lexicon/stance.yaml). A concession ("While X, Y", "X; however,
Y") makes the clause after the turn the sentence's point, so supporting background followed
by a denial reads as a denial, not as a contradiction.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from checker.models import Stance
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


@dataclass(frozen=True)
class _Lexicon:
    patterns: tuple[tuple[Stance, bool, re.Pattern[str]], ...]
    negator: re.Pattern[str]
    doubt: re.Pattern[str]
    leading: re.Pattern[str]
    inner: re.Pattern[str]
    # All cue patterns in one: most clauses hold no cue, and one search says so at a
    # fraction of the cost of trying each pattern. None when the cues use groups, which
    # could not be joined without changing what they mean.
    any_cue: re.Pattern[str] | None = None


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
                patterns.append((stance, group == "conclusive", re.compile(regex, re.I)))
    negator = re.compile(r"\b(?:" + _phrase_pattern(data["negators"]) + r")\b|n't\b", re.I)
    doubt = re.compile(r"\b(?:" + "|".join(d.replace(" ", r"\s+") for d in data["doubts"]) + r")\b", re.I)
    concessions = data["concessions"]
    leading = re.compile(r"^\W*(?:and\s+|so\s+)?(?:" + _phrase_pattern(concessions["leading"]) + r")\b", re.I)
    inner = re.compile(r"(?:^|[,;:]\s*|\s)(?:" + _phrase_pattern(concessions["inner"]) + r")\b,?", re.I)
    any_cue = None
    if patterns and all(pattern.groups == 0 for _, _, pattern in patterns):
        any_cue = re.compile("|".join(f"(?:{pattern.pattern})" for _, _, pattern in patterns), re.I)
    return _Lexicon(tuple(patterns), negator, doubt, leading, inner, any_cue)


def main_clause(sentence: str) -> tuple[str, bool]:
    """The clause that carries the sentence's point, and whether a concession preceded it."""
    lex = _lexicon()
    if lex.leading.match(sentence):
        comma = re.search(r"[,;]", sentence)
        return (sentence[comma.end():], True) if comma else (sentence, True)
    turns = list(lex.inner.finditer(sentence))
    if turns:
        return sentence[turns[-1].end():], True
    return sentence, False


def find_cues(clause: str) -> list[Cue]:
    lex = _lexicon()
    # No cue starts before the first place where any cue matches.
    first = lex.any_cue.search(clause) if lex.any_cue is not None else None
    if lex.any_cue is not None and first is None:
        return []
    scan_from = first.start() if first is not None else 0
    cues: list[Cue] = []
    taken: list[tuple[int, int]] = []
    for stance, conclusive, pattern in lex.patterns:
        for match in pattern.finditer(clause, scan_from):
            if any(match.start() < end and start < match.end() for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            cue_stance = stance
            if not lex.negator.search(match.group()) and _negated(clause, match.start(), stance):
                cue_stance = Stance.OPPOSES if stance is Stance.SUPPORTS else Stance.SUPPORTS
            cues.append(Cue(cue_stance, conclusive, match.start(), match.end(), match.group()))
    return sorted(cues, key=lambda cue: cue.start)


def _negated(clause: str, position: int, stance: Stance) -> bool:
    """A negator in the three words before a cue; for a supporting cue, also doubt earlier in
    the same clause ("no evidence that ... is medically necessary")."""
    before = re.split(r"[,;:()]", clause[:position])[-1]
    window = " ".join(before.split()[-3:])
    if _lexicon().negator.search(window):
        return True
    return stance is Stance.SUPPORTS and bool(_lexicon().doubt.search(before))


def classify(sentence: str) -> SentenceStance:
    clause, concession = main_clause(sentence)
    cues = find_cues(clause)
    if not cues:
        return SentenceStance(Stance.NEUTRAL, concession, False, None)
    # The last cue decides: "X is not supported, so the request is medically necessary" is rare,
    # while a closing "... is not medically necessary" is how letters state their decision.
    decisive = cues[-1]
    conclusive = any(cue.conclusive and cue.stance is decisive.stance for cue in cues)
    return SentenceStance(decisive.stance, concession, conclusive, decisive.text)
