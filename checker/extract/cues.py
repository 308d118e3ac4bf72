"""Cue words near a number: whether a count is the request being decided, or history.

"the request for an additional 8 sessions" states the current request; "a prior request for 6
sessions" states history; "the request is certified for 6 sessions" decides part of the
request. Prior-treatment reading and the restated-request check both ask these questions,
with the cue words of rules/lexicon/cues.yaml, found once in the letter's reading.
"""
from __future__ import annotations

from checker.text.letter_text import LetterText
from checker.text.lexicon import Kind, WordList, nearby
from checker.text.phrases import Hit

# How many words may stand between a cue and the count it is about: "the requested twelve
# (12) additional sessions" is three.
REQUEST_REACH_WORDS = 4
# How many words may stand between "prior" and the "request" it makes history.
EARLIER_REACH_WORDS = 2
# How far back (characters) a cue is looked for: the words above never span more.
_REACH = 200


def cue_before(letter: LetterText, kinds: tuple[str, ...], at: int, floor: int, reach_words: int,
               stop_words: WordList | None = None) -> Hit | None:
    """The last cue of these kinds that ends at most `reach_words` words before `at` (not
    before `floor`), with none of `stop_words` between it and `at`; None if there is none."""
    floor = max(floor, at - _REACH)
    candidates = sorted((hit for kind in kinds for hit in letter.hits(kind, floor, at)), key=lambda hit: hit.end)
    for hit in reversed(candidates):
        between = letter.words(hit.end, at)
        if len(between) > reach_words:
            break
        if stop_words is None or stop_words.position_in(between) is None:
            return hit
    return None


def names_current_request(letter: LetterText, at: int, floor: int) -> bool:
    """A request or proposal cue ("requested", "additional", "plan") stands a few words before `at`."""
    return cue_before(letter, (Kind.REQUEST, Kind.PROPOSAL), at, floor, REQUEST_REACH_WORDS) is not None


def earlier_request(letter: LetterText, start: int, end: int) -> Hit | None:
    """The first "prior request" ("a previous request for", "the earlier UR request") in [start, end)."""
    for request in letter.hits(Kind.REQUEST, start, end):
        if cue_before(letter, (Kind.EARLIER,), request.start, start, EARLIER_REACH_WORDS) is not None:
            return request
    return None


def restates_request(letter: LetterText, at: int, floor: int) -> bool:
    """The count at `at` restates the request being decided: a request cue a few words before
    it with no decision verb between ("the requested 10 sessions", not "the request is
    certified for 6 sessions"), and that request not an earlier one ("a prior request for 6")."""
    cue = cue_before(letter, (Kind.REQUEST,), at, floor, REQUEST_REACH_WORDS, stop_words=nearby("decision_verbs"))
    if cue is None:
        return False
    return cue_before(letter, (Kind.EARLIER,), cue.start, floor, EARLIER_REACH_WORDS) is None
