"""The request lexer: request.lark's own terminals, with keywords found by table lookup.

Lark's basic lexer tells a keyword ("weeks", "x", "refills") from an ordinary word by
matching every word against one regular expression of all the grammar's keywords. Request
text is mostly words, so that match was most of the parsing time. This lexer scans with the
same terminals, taken from the compiled grammar, and looks each word up in a dictionary
instead: first among the grammar's keywords, then among the number words of
rules/lexicon/numbers.yaml ("twelve" is a NUMBER_WORD, "twice" a TIMES_WORD).

Ordinary words only ever separate notations or sit between a count and its noun ("8
physical therapy visits"), so a run of them is one token: `_WORDS` for up to
`GAP_WORDS` words, `_PROSE` for more. Rationale sentences are mostly such runs, and the
parser's work grows with the number of tokens.
"""
from __future__ import annotations

import functools
import re
from typing import Iterator

from lark import Token
from lark.lexer import Lexer, PatternStr

from checker.resources import lexicon

WORD_TERMINAL = "_WORDS"
PROSE_TERMINAL = "_PROSE"
# The most words a count and its noun can be apart: "12 chiropractic manipulation
# treatments" is a count of treatments, "44 ... she attended physical therapy visits" is not.
GAP_WORDS = 3


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


class RequestLexer(Lexer):
    """Tokens for request.lark; plugged into Lark as a custom lexer."""

    def __init__(self, lexer_conf):
        word = lexer_conf.terminals_by_name[WORD_TERMINAL].pattern.to_regexp()
        self._keywords: dict[str, str] = {}
        self._exact_keywords: dict[str, str] = {}
        symbols = []
        patterns = []
        for terminal in lexer_conf.terminals:
            pattern = terminal.pattern
            if isinstance(pattern, PatternStr) and re.fullmatch(word, pattern.value):
                if "i" in pattern.flags:
                    self._keywords[pattern.value.lower()] = terminal.name
                else:
                    self._exact_keywords[pattern.value] = terminal.name
            elif isinstance(pattern, PatternStr):
                symbols.append(terminal)
            else:
                patterns.append(terminal)
        # Literal symbols ("#", "/") before the patterns, then the patterns by priority, so
        # the catch-all SYMBOL (lowest priority) only takes what nothing else does.
        symbols.sort(key=lambda terminal: -len(terminal.pattern.value))
        patterns.sort(key=lambda terminal: -terminal.priority)
        self._scanner = re.compile(
            "|".join(
                f"(?P<{terminal.name}>{terminal.pattern.to_regexp()})"
                for terminal in [*symbols, *patterns]
            )
        )
        self._ignored = frozenset(lexer_conf.ignore)
        self._number_words = number_words()

    def lex(self, text: str) -> Iterator[Token]:
        keywords, exact_keywords = self._keywords, self._exact_keywords
        number_words, ignored = self._number_words, self._ignored
        run_start = run_end = run_length = 0
        # The scanner ends in a one-character catch-all, so finditer skips nothing.
        for match in self._scanner.finditer(text):
            kind = match.lastgroup
            if kind in ignored:
                continue
            value = match.group()
            if kind == WORD_TERMINAL:
                lowered = value.lower()
                kind = exact_keywords.get(value) or keywords.get(lowered) or kind
                if kind == WORD_TERMINAL and lowered in number_words:
                    kind = number_words[lowered][0]
                if kind == WORD_TERMINAL:
                    if not run_length:
                        run_start = match.start()
                    run_end, run_length = match.end(), run_length + 1
                    continue
            if run_length:
                yield _word_run(text, run_start, run_end, run_length)
                run_length = 0
            yield Token(kind, value, match.start(), None, None, None, None, match.end())
        if run_length:
            yield _word_run(text, run_start, run_end, run_length)


def _word_run(text: str, start: int, end: int, length: int) -> Token:
    kind = WORD_TERMINAL if length <= GAP_WORDS else PROSE_TERMINAL
    return Token(kind, text[start:end], start, None, None, None, None, end)
