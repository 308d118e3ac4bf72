"""`imrcheck parse`, `stance`, `explain`, `rules` and `eval`: one letter, one sentence, the
checks, the rule base and the scores."""
from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from checker.cli.common import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, UsageError


def command_parse(arguments: argparse.Namespace) -> int:
    from checker.engine import Limits, parse_text
    from checker.reading import STDIN_NAME, read_bytes, read_file, read_stdin_bytes

    # The same safe limits as `check`, so parse cannot be made to read a huge file whole.
    limits = Limits()
    if arguments.path == "-":
        data = read_stdin_bytes(limits.max_file_bytes)
        letter = parse_text(read_bytes(data, STDIN_NAME, limits.max_pdf_pages), STDIN_NAME, limits)
    else:
        text = read_file(arguments.path, limits.max_file_bytes, limits.max_pdf_pages)
        letter = parse_text(text, arguments.path, limits)
    from checker.serialize import to_json

    print(to_json(letter, indent=2))
    return EXIT_CLEAN


def command_explain(arguments: argparse.Namespace) -> int:
    from checker.checks.registry import all_checks, checks_matching, get_check

    if arguments.code is None:
        _print_check_list(all_checks())
        return EXIT_CLEAN
    check = get_check(arguments.code)
    if check is None:
        # What --select accepts: a family name or a code prefix lists the checks it names.
        chosen = checks_matching(arguments.code)
        if not chosen:
            raise UsageError(f"unknown check code or family '{arguments.code}' (run 'imrcheck explain' for the list)")
        _print_check_list(chosen)
        return EXIT_CLEAN
    print(f"{check.code} {check.name} ({check.family.value}, default severity {check.severity.value})\n")
    print(check.doc)
    return EXIT_CLEAN


def _print_check_list(checks: list[Any]) -> None:
    for check in checks:
        print(f"{check.code}  {check.family.value:<10} {check.severity.value:<8} {check.summary}")


# ------------------------------------------------------------------------------ rules


def command_rules(arguments: argparse.Namespace) -> int:
    from checker.rulebase import load_rules, rules_table, run_rule_tests, validate_rules

    action = arguments.rules_command
    if action is None:
        raise UsageError("rules needs an action: list, validate or test")
    paths = arguments.rules or []
    if action == "validate":
        problems = validate_rules(paths)
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            return EXIT_ERROR
        print(f"{len(load_rules(paths, min_confidence='recalled'))} rules valid")
        return EXIT_CLEAN
    # The rule base as a whole is listed and tested; --min-confidence narrows it.
    ruleset = load_rules(paths, min_confidence=arguments.min_confidence or "recalled")
    if action == "list":
        rows = rules_table(ruleset)
        if arguments.output_format == "json":
            print(json.dumps(rows, indent=2))
        else:
            _print_table(rows)
        return EXIT_CLEAN
    results = run_rule_tests(ruleset)
    failed = [r for r in results if not r.passed and r.group != "todo"]
    for result in failed:
        print(f"FAIL {result.test_id}: expected {result.expected}, got {result.got} {result.detail}".rstrip())
    todo = sum(1 for r in results if r.group == "todo")
    print(f"{len(results) - len(failed) - todo} passed, {len(failed)} failed, {todo} todo")
    return EXIT_FINDINGS if failed else EXIT_CLEAN


def _print_table(rows: list[dict[str, str]]) -> None:
    if not rows:
        print("no rules")
        return
    columns = list(rows[0])
    widths = {c: min(60, max(len(c), *(len(str(r[c])) for r in rows))) for c in columns}
    print("  ".join(c.upper().ljust(widths[c]) for c in columns).rstrip())
    for row in rows:
        print("  ".join(str(row[c])[:60].ljust(widths[c]) for c in columns).rstrip())


def command_stance(arguments: argparse.Namespace) -> int:
    from checker.output.stance_report import render_stance

    if arguments.sentence == ["-"]:
        sentences = [line.strip() for line in sys.stdin if line.strip()]
    else:
        sentences = [" ".join(arguments.sentence)]
    sys.stdout.write(render_stance(sentences, arguments.output_format))
    return EXIT_CLEAN


def command_eval(arguments: argparse.Namespace) -> int:
    from checker.evaluation.command import run_eval

    return run_eval(arguments)
