"""The command line's arguments: one subcommand each for check, stats, clean, parse,
stance, explain, rules and eval."""
from __future__ import annotations

import argparse
from typing import NoReturn

from checker import __version__
from checker.cli.common import UsageError
from checker.config import COLOR_CHOICES
from checker.models import CONFIDENCES, SEVERITIES
from checker.output import FORMATS


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="imrcheck", description="Audit IMR determination letters for outcomes that "
                     "contradict their own rationale or the MTUS rules.")
    parser.add_argument("--version", action="version", version=f"imrcheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)

    check = commands.add_parser("check", help="check letters and report findings")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files, folders, globs, or - for stdin")
    check.add_argument("--output-format", choices=FORMATS)
    check.add_argument("--output-file", metavar="FILE",
                       help="write the report to FILE (whole or not at all); the summary line goes to stderr")
    check.add_argument("--select", action="append", metavar="CODE", help="only these codes or families")
    check.add_argument("--extend-select", action="append", metavar="CODE", help="add codes or families")
    check.add_argument("--ignore", action="append", metavar="CODE", help="leave out codes or families")
    check.add_argument("--fail-on", choices=SEVERITIES, help="lowest severity that fails the run (default: info)")
    check.add_argument("--exit-zero", action="store_true", default=None, help="exit 0 even with findings")
    check.add_argument("--statistics", action="store_true", default=None,
                       help="print counts per code (text format; the others carry them in their summary)")
    check.add_argument("--baseline", metavar="FILE", help="report only findings not in this baseline")
    check.add_argument("--write-baseline", metavar="FILE", help="record all findings of this run as the baseline")
    check.add_argument("-j", "--jobs", type=int, metavar="N", help="worker processes (default: all cores)")
    check.add_argument("--color", choices=COLOR_CHOICES)
    check.add_argument("--skip-non-letters", action="store_true", default=None,
                       help="skip, with a notice, files whose layout is not an IMR letter's (instead of STR005)")
    _add_rule_options(check)
    check.add_argument("--config", metavar="FILE", help="settings file (default: [tool.imrcheck] in pyproject.toml)")
    check.add_argument("--max-file-size", type=int, metavar="BYTES", help="refuse larger files (default 20000000)")
    check.add_argument("--max-items", type=int, metavar="N", help="items checked per letter (default 500)")
    check.add_argument("--max-pdf-pages", type=int, metavar="N", help="refuse longer PDFs (default 200)")
    check.add_argument("--timeout", type=float, metavar="SECONDS", help="per-file time budget (default 10)")
    _add_cache_options(check)

    stats = commands.add_parser("stats", help="corpus statistics: outcomes by treatment, specialty and year, "
                                "findings by code, rule tensions by rule")
    stats.add_argument("paths", nargs="*", metavar="PATH", help="files, folders, globs, or - for stdin")
    stats.add_argument("--output-format", choices=("text", "json", "csv"), default="text")
    stats.add_argument("-j", "--jobs", type=int, metavar="N", help="worker processes (default: all cores)")
    _add_rule_options(stats)
    stats.add_argument("--config", metavar="FILE", help="settings file (default: [tool.imrcheck] in pyproject.toml)")
    _add_cache_options(stats)

    clean = commands.add_parser("clean", help="remove the results cache")
    clean.add_argument("--cache-dir", metavar="DIR", help="the cache folder (default: IMRCHECK_CACHE_DIR, "
                       "else .imrcheck_cache in the working directory)")

    parse = commands.add_parser("parse", help="print the extracted structure of a letter as JSON")
    parse.add_argument("path", metavar="FILE", help="a letter, or - for stdin")

    stance = commands.add_parser("stance", help="show how a rationale sentence is read (its stance and why)")
    stance.add_argument("sentence", nargs="+", metavar="SENTENCE", help="the sentence (its words may be split "
                        "across arguments), or - to read one sentence per line from stdin")
    stance.add_argument("--output-format", choices=("text", "json"), default="text")

    explain = commands.add_parser("explain", help="explain a check code")
    explain.add_argument("code", nargs="?", metavar="CODE",
                         help="a check code, a code prefix or a family name; all codes when omitted")

    rules = commands.add_parser("rules", help="list, validate or test the rule base")
    rules_commands = rules.add_subparsers(dest="rules_command", metavar="ACTION", parser_class=Parser)
    for action, text in (("list", "list the rules in force"), ("validate", "validate rule files"),
                         ("test", "run every rule's own tests")):
        _add_rule_options(rules_commands.add_parser(action, help=text))
    rules_commands.choices["list"].add_argument("--output-format", choices=("text", "json"), default="text")

    evaluate = commands.add_parser("eval", help="score the checks on labelled letters")
    evaluate.add_argument("paths", nargs="+", metavar="PATH",
                          help="letters or folders; each letter x.txt needs its label x.expected.yaml beside it")
    evaluate.add_argument("--mutate", action="store_true", help="also score generated mutations of each letter")
    evaluate.add_argument("--output-format", choices=("text", "json"), default="text")
    evaluate.add_argument("--min-precision", type=float, metavar="P",
                          help="exit 1 when a family's precision is below P (0-1)")
    evaluate.add_argument("--min-recall", type=float, metavar="R",
                          help="exit 1 when a family's recall is below R (0-1)")
    evaluate.add_argument("--family", action="append", metavar="FAMILY",
                          help="families the thresholds apply to, repeatable or comma-separated "
                               "(default: every family with data)")
    _add_rule_options(evaluate)
    return parser


def _add_rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules", action="append", metavar="DIR", help="add or override rules (files or folders)")
    parser.add_argument("--min-confidence", choices=CONFIDENCES,
                        help="leave out rules less sure than this (default single_source: recalled rules are opt-in)")


def _add_cache_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-cache", action="store_true", default=None, help="check every letter afresh")
    parser.add_argument("--cache-dir", metavar="DIR", help="the results cache folder (default: IMRCHECK_CACHE_DIR, "
                        "else .imrcheck_cache in the working directory)")


