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


@dataclass(frozen=True)
class _Lexicon:
    patterns: tuple[tuple[Stance, bool, re.Pattern[str]], ...]
    # Where each cue can start in a clause: one scan for the words the cues start with, where
    # a search per cue would read every clause once for each of them.
    cue_starts: StartIndex
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

    def matcher(self, text: str) -> tuple[re.Pattern[str], str, int]:
        """The pattern to use on text, the text to use it on, and how far that text's offsets
        are ahead of text's."""
        lowered = lowercase(text) if self.lowered is not None else None
        if lowered is None:
            return self.pattern, text, 0
        return self.lowered, self.pad + lowered, len(self.pad)  # type: ignore[return-value]


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
    cue_starts = StartIndex([pattern.pattern for _, _, pattern in patterns], re.I)
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
    return _Lexicon(tuple(patterns), cue_starts, negator, doubt, leading, inner)


def main_clause(sentence: str) -> tuple[str, bool]:
    """The clause that carries the sentence's point, and whether a concession preceded it."""
    lex = _lexicon()
    leading, text, _ = lex.leading.matcher(sentence)
    if leading.match(text):
        comma = re.search(r"[,;]", sentence)
        return (sentence[comma.end():], True) if comma else (sentence, True)
    inner, text, shift = lex.inner.matcher(sentence)
    turns = list(inner.finditer(text))
    if turns:
        return sentence[turns[-1].end() - shift:], True
    return sentence, False


def find_cues(clause: str) -> list[Cue]:
    lex = _lexicon()
    candidates = lex.cue_starts.candidates(clause, lowercase(clause))
    cues: list[Cue] = []
    taken: list[tuple[int, int]] = []
    for index in sorted(candidates):
        stance, conclusive, pattern = lex.patterns[index]
        starts = candidates[index]
        for match in pattern.finditer(clause) if starts is None else matches_at(pattern, clause, starts):
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
