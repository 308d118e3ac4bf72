"""The request lexer: request.lark's own terminals, with keywords found by lookup.

Lark's basic lexer would tell a keyword ("weeks", "x", "refills") from an ordinary word by
matching every word against a regular expression of all the grammar's keywords; request
text is mostly words, so that match was most of the parsing time. This lexer scans with the
grammar's other terminals and looks each word up instead: among the keyword terminals (the
ones request.lark ranks above ordinary words), then among the number words of
rules/lexicon/numbers.yaml ("twelve" is a NUMBER_WORD, "twice" a TIMES_WORD). What a word
is, once found, is remembered.

Ordinary words only ever separate notations or sit between a count and its noun ("8
physical therapy visits"), so a run of them is one token: `_WORDS` for up to `GAP_WORDS`
words, `_PROSE` for more. Rationale sentences are mostly such runs, and the parser's work
grows with the number of tokens.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterator

from lark import Token
from lark.lexer import Lexer, PatternRE

from checker.text.lexicon import lexicon

WORD_TERMINAL = "_WORDS"
PROSE_TERMINAL = "_PROSE"
# The most words a count and its noun can be apart: "12 chiropractic manipulation
# treatments" is a count of treatments, "44 ... she attended physical therapy visits" is not.
GAP_WORDS = 3
# Distinct words remembered before the memory starts afresh: far more than a year of letters
# uses, and a bound all the same.
REMEMBERED_WORDS = 100_000


@functools.cache
def number_words() -> dict[str, tuple[str, int]]:
    """Each number word of numbers.yaml with the terminal and the value it stands for.

    Hyphenated tens-and-units words ("twenty-four") are composed here so that the lexicon
    lists only the parts.
    """
    data = lexicon("numbers")
    words: dict[str, tuple[str, int]] = {}
    for word, value in {**data["cardinals"], **data["tens"]}.items():
        words[word] = ("NUMBER_WORD", value)
    for tens_word, tens in data["tens"].items():
        for unit_word, unit in data["cardinals"].items():
            if unit < 10:
                words[f"{tens_word}-{unit_word}"] = ("NUMBER_WORD", tens + unit)
    for word, value in data["times"].items():
        words[word] = ("TIMES_WORD", value)
    return words


@dataclass(frozen=True, slots=True)
class Lexed:
    """Tokens already read from a text: the parser is handed these instead of the text, so
    a caller that has looked at the tokens first does not lex twice."""

    tokens: list[Token]


class RequestLexer(Lexer):
    """Tokens for request.lark; plugged into Lark as a custom lexer."""

    def __init__(self, lexer_conf):
        word_priority = lexer_conf.terminals_by_name[WORD_TERMINAL].priority
        # A keyword is a terminal that outranks an ordinary word: it is looked up, not scanned.
        keywords = [terminal for terminal in lexer_conf.terminals if terminal.priority > word_priority]
        scanned = [terminal for terminal in lexer_conf.terminals if terminal.priority <= word_priority]
        # Literal symbols ("#", "/") before the patterns, then the patterns by priority, so
        # the catch-all SYMBOL (lowest priority) only takes what nothing else does.
        scanned.sort(key=lambda terminal: (isinstance(terminal.pattern, PatternRE), -terminal.priority))
        self._scanner = re.compile(
            "|".join(f"(?P<{terminal.name}>{terminal.pattern.to_regexp()})" for terminal in scanned)
        )
        self._keyword_pattern = re.compile(
            "|".join(f"(?P<{terminal.name}>{terminal.pattern.to_regexp()})" for terminal in keywords)
        )
        self._ignored = frozenset(lexer_conf.ignore)
        self._word_kinds: dict[str, str] = {}

    def _kind_of_word(self, lowered: str) -> str:
        kind = self._word_kinds.get(lowered)
        if kind is None:
            keyword = self._keyword_pattern.fullmatch(lowered)
            if keyword is not None:
                kind = keyword.lastgroup
            elif lowered in number_words():
                kind = number_words()[lowered][0]
            else:
                kind = WORD_TERMINAL
            if len(self._word_kinds) >= REMEMBERED_WORDS:
                self._word_kinds.clear()
            self._word_kinds[lowered] = kind
        return kind

    # Lark's interface for a custom lexer class without `__future_interface__`: it is given
    # the text alone (see lark.parser_frontends), not the lexer and parser states.
    def lex(self, text: str | Lexed) -> Iterator[Token]:  # type: ignore[override]
        if isinstance(text, Lexed):
            yield from text.tokens
            return
        for kind, start, end in self.scan(text):
            yield Token(kind, text[start:end], start, None, None, None, None, end)

    def scan(self, text: str) -> Iterator[tuple[str, int, int]]:
        """The tokens of `text` as (terminal, start, end): what `lex` yields, before the
        Token objects, which a caller that keeps few tokens need not make."""
        ignored, kind_of_word = self._ignored, self._kind_of_word
        run_start = run_end = run_length = 0
        # The scanner ends in a one-character catch-all, so finditer skips nothing.
        for match in self._scanner.finditer(text):
            kind = match.lastgroup
            if kind in ignored:
                continue
            if kind == WORD_TERMINAL:
                kind = kind_of_word(match.group().lower())
                if kind == WORD_TERMINAL:
                    if not run_length:
                        run_start = match.start()
                    run_end, run_length = match.end(), run_length + 1
                    continue
            if run_length:
                yield (WORD_TERMINAL if run_length <= GAP_WORDS else PROSE_TERMINAL), run_start, run_end
                run_length = 0
            yield kind, match.start(), match.end()
        if run_length:
            yield (WORD_TERMINAL if run_length <= GAP_WORDS else PROSE_TERMINAL), run_start, run_end
