"""The command line: `imrcheck check|parse|explain|rules|eval`.

Exit codes (as ruff's): 0 clean, 1 findings at or above --fail-on, 2 usage or input error.
Every error reaches the user as one line on stderr; no traceback is ever shown.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from pathlib import Path
from typing import Any, NoReturn, TextIO

from checker import __version__

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
SEVERITIES = ("error", "warning", "info")
# A day per letter is no budget at all; beyond it the interval timer overflows.
MAX_TIMEOUT = 86_400.0


EXIT_INTERRUPTED = 128 + 2  # as a shell reports a process ended by SIGINT
EXIT_TERMINATED = 128 + 15  # ... and by SIGTERM


class Terminated(BaseException):
    """SIGTERM, raised where the run is so that its workers are stopped on the way out."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise Terminated()


class UsageError(Exception):
    """A problem with how imrcheck was called; one line, exit 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="imrcheck", description="Audit IMR determination letters for outcomes that "
                     "contradict their own rationale or the MTUS rules.")
    parser.add_argument("--version", action="version", version=f"imrcheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    check = commands.add_parser("check", help="check letters and report findings")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files, folders, globs, or - for stdin")
    check.add_argument("--output-format", choices=("text", "json", "sarif", "github", "junit"))
    check.add_argument("--select", action="append", metavar="CODE", help="only these codes or families")
    check.add_argument("--extend-select", action="append", metavar="CODE", help="add codes or families")
    check.add_argument("--ignore", action="append", metavar="CODE", help="leave out codes or families")
    check.add_argument("--fail-on", choices=SEVERITIES, help="lowest severity that fails the run (default: info)")
    check.add_argument("--exit-zero", action="store_true", default=None, help="exit 0 even with findings")
    check.add_argument("--statistics", action="store_true", default=None, help="print counts per code")
    check.add_argument("--baseline", metavar="FILE", help="report only findings not in this baseline")
    check.add_argument("--write-baseline", metavar="FILE", help="record all findings of this run as the baseline")
    check.add_argument("-j", "--jobs", type=int, metavar="N", help="worker processes (default: all cores)")
    check.add_argument("--color", choices=("auto", "always", "never"))
    _add_rule_options(check)
    check.add_argument("--config", metavar="FILE", help="settings file (default: [tool.imrcheck] in pyproject.toml)")
    check.add_argument("--max-file-size", type=int, metavar="BYTES", help="refuse larger files (default 20000000)")
    check.add_argument("--max-items", type=int, metavar="N", help="items checked per letter (default 500)")
    check.add_argument("--max-pdf-pages", type=int, metavar="N", help="refuse longer PDFs (default 200)")
    check.add_argument("--timeout", type=float, metavar="SECONDS", help="per-file time budget (default 10)")

    parse = commands.add_parser("parse", help="print the extracted structure of a letter as JSON")
    parse.add_argument("path", metavar="FILE", help="a letter, or - for stdin")

    explain = commands.add_parser("explain", help="explain a check code")
    explain.add_argument("code", nargs="?", metavar="CODE", help="a check code; all codes when omitted")

    rules = commands.add_parser("rules", help="list, validate or test the rule base")
    rules_commands = rules.add_subparsers(dest="rules_command", metavar="ACTION", parser_class=_Parser)
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
    evaluate.add_argument("--min-recall", type=float, metavar="R", help="exit 1 when a family's recall is below R (0-1)")
    evaluate.add_argument("--family", action="append", metavar="FAMILY",
                          help="families the thresholds apply to, repeatable or comma-separated "
                               "(default: every family with data)")
    _add_rule_options(evaluate)
    return parser


def _add_rule_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--rules", action="append", metavar="DIR", help="add or override rules (files or folders)")
    parser.add_argument("--no-recalled", action="store_true", default=None,
                        help="leave out rules whose limits are recalled, not confirmed")


def main(argv: list[str] | None = None) -> int:
    import signal

    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        arguments = _parser().parse_args(argv)
        if arguments.command is None:
            _parser().print_help()
            return EXIT_ERROR
        return _COMMANDS[arguments.command](arguments)
    except UsageError as error:
        print(f"imrcheck: error: {error}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("imrcheck: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Terminated:
        print("imrcheck: terminated", file=sys.stderr)
        return EXIT_TERMINATED
    except BrokenPipeError:
        # The reader (e.g. `| head`) went away; nothing more to say.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CLEAN
    except SystemExit:
        # --version and --help exit here; naming _input_errors() below would import the
        # whole pipeline just to compare against it.
        raise
    except _input_errors() as error:
        print(f"imrcheck: error: {error}", file=sys.stderr)
        return EXIT_ERROR


def _input_errors() -> tuple[type[Exception], ...]:
    from checker.reading import InputError
    from checker.rulebase import RuleFileError

    return (InputError, RuleFileError)


# ------------------------------------------------------------------------------ check


def _settings(arguments: argparse.Namespace) -> dict[str, Any]:
    """Defaults, then the config file, then the command line."""
    from checker.config import load_config

    settings: dict[str, Any] = {
        "select": [], "ignore": [], "extend-select": [], "fail-on": "info", "output-format": "text",
        "rules": [], "no-recalled": False, "baseline": None, "jobs": None, "color": "auto", "statistics": False,
        "exit-zero": False, "max-file-size": 20_000_000, "max-items": 500, "max-pdf-pages": 200, "timeout": 10.0,
    }
    from_file, _ = load_config(getattr(arguments, "config", None), Path.cwd())
    settings.update(from_file)
    for name in settings:
        value = getattr(arguments, name.replace("-", "_"), None)
        if value is not None:
            settings[name] = value
    for name in ("select", "ignore", "extend-select"):
        settings[name] = [code.strip() for entry in settings[name] for code in entry.split(",") if code.strip()]
    return settings


def _check_codes(codes: list[str]) -> None:
    from checker.checks.registry import all_checks
    from checker.models import Family

    known = [c.code for c in all_checks()]
    families = {f.value for f in Family}
    for code in codes:
        if code.lower() not in families and not any(k.startswith(code.upper()) for k in known):
            raise UsageError(f"unknown check code or family '{code}' (see 'imrcheck explain')")


def _use_color(choice: str, stream: TextIO) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return stream.isatty()


def command_check(arguments: argparse.Namespace) -> int:
    # Start-up (the imports, the rule base, and the grammar and lexicons on the first letter)
    # makes long-lived objects, not garbage: collecting while it runs costs a one-file run
    # tens of milliseconds. Collection resumes with the first result (and in each worker).
    gc.disable()
    try:
        return _check(arguments)
    finally:
        gc.enable()


def _check(arguments: argparse.Namespace) -> int:
    from checker.baseline import Baseline
    from checker.checks.registry import all_checks
    from checker.discover import letter_paths
    from checker.engine import Limits, Selection
    from checker.models import Report
    from checker.output import HUMAN_READABLE_FORMATS, RunSummary, make_formatter
    from checker.rulebase import load_rules
    from checker.runner import RunOptions, default_jobs, run

    settings = _settings(arguments)
    if not arguments.paths:
        raise UsageError("no PATH given: name letter files, folders, globs, or - for stdin")
    for name in ("jobs", "max-file-size", "max-items", "max-pdf-pages"):
        if settings[name] is not None and settings[name] < 1:
            raise UsageError(f"--{name} must be at least 1")
    # Not "<= 0": NaN compares false with everything, and the timer refuses NaN and infinity.
    if settings["timeout"] is not None and not 0 < settings["timeout"] <= MAX_TIMEOUT:
        raise UsageError(f"--timeout must be a number of seconds above 0 and at most {MAX_TIMEOUT:g}")
    _check_codes(settings["select"] + settings["ignore"] + settings["extend-select"])
    # Broken rule files stop the run before any letter is read.
    load_rules(settings["rules"], include_recalled=not settings["no-recalled"])
    baseline = Baseline.load(settings["baseline"]) if settings["baseline"] else None
    recorded = Baseline() if arguments.write_baseline else None
    if arguments.write_baseline:
        _check_writable(arguments.write_baseline)

    options = RunOptions(
        rule_paths=tuple(settings["rules"]), include_recalled=not settings["no-recalled"],
        selection=Selection(tuple(settings["select"]), tuple(settings["ignore"]), tuple(settings["extend-select"])),
        limits=Limits(settings["max-file-size"], settings["max-items"], settings["max-pdf-pages"]),
        timeout=settings["timeout"])
    output_format = settings["output-format"]
    formatter = make_formatter(output_format, checks=all_checks(), color=_use_color(settings["color"], sys.stdout),
                               statistics=settings["statistics"], version=__version__)
    summary = RunSummary()
    progress = _Progress(enabled=output_format in HUMAN_READABLE_FORMATS and sys.stderr.isatty())
    fail_rank = SEVERITIES[::-1].index(settings["fail-on"])
    failing = 0
    out = sys.stdout
    out.write(formatter.begin())
    jobs = settings["jobs"] or default_jobs()
    for result in run(letter_paths(arguments.paths), options, jobs):
        if not gc.isenabled():
            # Frozen, the start-up objects are never scanned again: resuming would otherwise
            # begin with one long pass over all of them.
            gc.freeze()
            gc.enable()
        progress.tick()
        if isinstance(result, Report):
            if recorded is not None:
                recorded.record(result)
            if baseline is not None:
                result = baseline.filter(result)
            summary.add(result)
            failing += sum(1 for f in result.findings if f.severity.rank >= fail_rank)
            out.write(formatter.report(result))
        else:
            summary.add_error(result)
            progress.clear()
            print(f"imrcheck: error: {result.message}", file=sys.stderr)
            out.write(formatter.error(result))
    progress.clear()
    out.write(formatter.end(summary))
    out.flush()
    if recorded is not None:
        recorded.write(arguments.write_baseline)
    if summary.errors:
        return EXIT_ERROR
    if failing and not settings["exit-zero"] and recorded is None:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _check_writable(path: str) -> None:
    """Before any letter is read: a run's results are not to be lost to a target it cannot write."""
    from checker.atomic import check_writable

    try:
        check_writable(path)
    except OSError as error:
        raise UsageError(f"{path}: cannot write here ({error.strerror or error})") from None


class _Progress:
    """A one-line counter on stderr for long runs on a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.count = 0
        self.shown = False

    def tick(self) -> None:
        self.count += 1
        if self.enabled and self.count >= 50 and self.count % 25 == 0:
            sys.stderr.write(f"\r{self.count} files checked...")
            sys.stderr.flush()
            self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * 40 + "\r")
            self.shown = False


# ------------------------------------------------------------------------------ parse, explain


def command_parse(arguments: argparse.Namespace) -> int:
    from checker.engine import Limits, parse_text
    from checker.reading import read_bytes, read_file

    # The same safe limits as `check`, so parse cannot be made to read a huge file whole.
    limits = Limits()
    if arguments.path == "-":
        from checker.datafile import read_stream

        data = read_stream(sys.stdin.buffer, limits.max_file_bytes + 1)
        if len(data) > limits.max_file_bytes:
            raise UsageError(f"<stdin>: larger than the limit of {limits.max_file_bytes} bytes")
        letter = parse_text(read_bytes(data, "<stdin>", limits.max_pdf_pages), "<stdin>", limits)
    else:
        text = read_file(arguments.path, limits.max_file_bytes, limits.max_pdf_pages)
        letter = parse_text(text, arguments.path, limits)
    from checker.serialize import to_json

    print(to_json(letter, indent=2))
    return EXIT_CLEAN


def command_explain(arguments: argparse.Namespace) -> int:
    from checker.checks.registry import all_checks, get_check

    if arguments.code is None:
        for check in all_checks():
            print(f"{check.code}  {check.family.value:<10} {check.severity.value:<8} {check.summary}")
        return EXIT_CLEAN
    check = get_check(arguments.code)
    if check is None:
        raise UsageError(f"unknown check code '{arguments.code}' (run 'imrcheck explain' for the list)")
    print(f"{check.code} {check.name} ({check.family.value}, default severity {check.severity.value})\n")
    print(check.doc)
    return EXIT_CLEAN


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
        print(f"{len(load_rules(paths))} rules valid")
        return EXIT_CLEAN
    ruleset = load_rules(paths, include_recalled=not arguments.no_recalled)
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


def command_eval(arguments: argparse.Namespace) -> int:
    from checker.evaluate import run_eval

    return run_eval(arguments)


_COMMANDS = {"check": command_check, "parse": command_parse, "explain": command_explain,
             "rules": command_rules, "eval": command_eval}


if __name__ == "__main__":
    sys.exit(main())
