"""Reads text into quantity segments with the request grammar (request.lark).

The Lark LALR parser is built on first use and kept in memory for the life of the process;
Lark's analysis of the grammar is also kept between runs in the user's cache folder (see
`_analysis_cache`). `notation.NotationTransformer` gives each segment its
meaning as the parser reads it; each comes back with its character span, so callers can
quote exactly the words a number came from.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from lark import Lark, Token

from checker.grammar.lexer import PROSE_TERMINAL, Lexed, RequestLexer, number_words
from checker.grammar.notation import NOTATIONS, Located, Notation, NotationTransformer
from checker.resources import cache_dir

GRAMMAR_FILE = Path(__file__).with_name("request.lark")


@dataclass(frozen=True, slots=True)
class NotationSpan:
    """One notation the grammar read: its meaning and where it sits in the text."""

    meaning: Notation
    start: int
    end: int


@functools.cache
def request_parser() -> Lark:
    """The compiled request grammar, built once per process."""
    return Lark(
        GRAMMAR_FILE.read_text(encoding="utf-8"),
        parser="lalr",
        # The lexer tokenises without looking at the parser state: every word is a word
        # wherever it stands, which is what keeps "a" or "for" filler outside notation.
        lexer=RequestLexer,
        # The transformer runs as the parser reduces, so no tree is built; keeping every
        # token lets it locate each value by its first and last token. (A tree with Lark's
        # propagate_positions, transformed afterwards, took three times as long.)
        transformer=NotationTransformer(number_words()),
        keep_all_tokens=True,
        maybe_placeholders=True,
        cache=_analysis_cache(),
    )


def _analysis_cache() -> str | bool:
    """The file Lark keeps its analysis of the grammar in between runs, or False for none.

    Analysing request.lark is the largest part of `imrcheck check one.txt`; loading the
    analysis takes a fifth of the time. Lark stamps the file with the grammar, the options
    and its own version, and analyses afresh (and rewrites the file) when any differs. The
    file is a pickle, so it lives only in `resources.cache_dir()`, the user's own folder.
    """
    folder = cache_dir()
    return str(folder / "request-grammar.lark-cache") if folder is not None else False


# Every quantity form has one of these tokens: a number in digits or words, or a service
# counted one at a time ("a referral"). A fragment without any needs no parse.
QUANTITY_TOKENS = frozenset({"NUMBER", "NUMBER_WORD", "TIMES_WORD", "_SERVICE"})


@functools.cache
def _lexer() -> RequestLexer:
    return RequestLexer(request_parser().lexer_conf)


def read_segments(text: str) -> list[NotationSpan]:
    """Every notation in `text`, in order, with character offsets into `text`; unread ones too."""
    return _parse(text, text)


def read_quantity_segments(text: str) -> list[NotationSpan]:
    """The notations in `text` that can state a quantity, in order, with offsets into `text`.

    A run of more than `GAP_WORDS` ordinary words (`_PROSE`) ends every notation, so the
    stretches between such runs read independently, and only those with a number, a number
    word or a service noun can hold a quantity. Rationale sentences are mostly prose; the
    parser sees only the few stretches that matter (each still followed by its prose run,
    which keeps two kept stretches apart).
    """
    kept: list[Token] = []
    stretch: list[tuple[str, int, int]] = []
    holds_quantity = False
    for token in _lexer().scan(text):
        stretch.append(token)
        if token[0] == PROSE_TERMINAL:
            if holds_quantity:
                kept.extend(_tokens(text, stretch))
            stretch, holds_quantity = [], False
        elif token[0] in QUANTITY_TOKENS:
            holds_quantity = True
    if holds_quantity:
        kept.extend(_tokens(text, stretch))
    return _parse(text, Lexed(kept)) if kept else []


def _tokens(text: str, scanned: list[tuple[str, int, int]]) -> list[Token]:
    return [Token(kind, text[start:end], start, None, None, None, None, end) for kind, start, end in scanned]


def _parse(text: str, tokens: str | Lexed) -> list[NotationSpan]:
    """The segments of `text`, read by the parser from `tokens`: the text itself, for the
    lexer to read, or the tokens already read from it."""
    segments = []
    for child in request_parser().parse(tokens).children:
        if isinstance(child, Located) and isinstance(child.value, NOTATIONS):
            start, end = _with_parentheses(text, child.start, child.end)
            segments.append(NotationSpan(child.value, start, end))
    return segments


def _with_parentheses(text: str, start: int, end: int) -> tuple[int, int]:
    """Widens a span to the parentheses the grammar ignores: "(6) sessions", "twelve (12)"."""
    quoted = text[start:end]
    if quoted.count("(") > quoted.count(")") and text[end:].lstrip().startswith(")"):
        end = text.index(")", end) + 1
    if quoted.count(")") > quoted.count("(") and text[:start].rstrip().endswith("("):
        start = text.rindex("(", 0, start)
    return start, end
