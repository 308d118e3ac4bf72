"""The command line: `imrcheck check|stats|clean|parse|explain|rules|eval`.

Exit codes (as ruff's): 0 clean, 1 findings at or above --fail-on, 2 usage or input error.
Every error reaches the user as one line on stderr; no traceback is ever shown.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from checker import __version__
from checker.config import COLOR_CHOICES
from checker.models import CONFIDENCES, SEVERITIES
from checker.output import FORMATS

if TYPE_CHECKING:
    from checker.cache import ResultsCache
    from checker.runner import RunOptions

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
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
    parser.add_argument("--min-confidence", choices=CONFIDENCES,
                        help="leave out rules less sure than this (default single_source: recalled rules are opt-in)")


def _add_cache_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--no-cache", action="store_true", default=None, help="check every letter afresh")
    parser.add_argument("--cache-dir", metavar="DIR", help="the results cache folder (default: IMRCHECK_CACHE_DIR, "
                        "else .imrcheck_cache in the working directory)")


def main(argv: list[str] | None = None) -> int:
    import signal

    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        arguments = _parser().parse_args(argv)
        if arguments.command is None:
            _parser().print_help()
            return EXIT_ERROR
        code = _COMMANDS[arguments.command](arguments)
        # Written here, not at interpreter exit, so a full disk is reported like any error.
        sys.stdout.flush()
        return code
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
        _die_of_broken_pipe()
    except OSError as error:
        # Letters, config and baselines report their own errors; what is left is mostly the
        # report's own stream (a full disk, a closed descriptor).
        _silence_stdout()
        where = f"{error.filename}: " if error.filename else "cannot write the output: "
        print(f"imrcheck: error: {where}{error.strerror or error}", file=sys.stderr)
        return EXIT_ERROR
    except SystemExit:
        # --version and --help exit here; naming _input_errors() below would import the
        # whole pipeline just to compare against it.
        raise
    except _input_errors() as error:
        print(f"imrcheck: error: {error}", file=sys.stderr)
        return EXIT_ERROR


def _silence_stdout() -> None:
    # Output still buffered would fail again, noisily, when the interpreter exits.
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _die_of_broken_pipe() -> NoReturn:
    """The reader (e.g. `| head`) went away: end as Unix tools do, killed by SIGPIPE.

    Returning 0 would tell a CI gate that findings it never saw passed; the letters not yet
    checked may hold more, so no exit code computed here could be trusted either.
    """
    _silence_stdout()
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGPIPE)
    sys.exit(EXIT_FINDINGS)


def _input_errors() -> tuple[type[Exception], ...]:
    from checker.reading import InputError
    from checker.rulebase import RuleFileError

    return (InputError, RuleFileError)


# ------------------------------------------------------------------------------ check


def _settings(arguments: argparse.Namespace) -> dict[str, Any]:
    """Defaults, then the config file, then the command line.

    `baseline-configured` says the baseline was named by the config file, not the command line.
    """
    from checker.config import load_config
    from checker.rulebase.load import DEFAULT_CONFIDENCE

    settings: dict[str, Any] = {
        "select": [], "ignore": [], "extend-select": [], "fail-on": "info", "output-format": "text",
        "rules": [], "min-confidence": DEFAULT_CONFIDENCE, "baseline": None, "jobs": None, "color": "auto",
        "statistics": False, "exit-zero": False, "max-file-size": 20_000_000, "max-items": 500,
        "max-pdf-pages": 200, "timeout": 10.0, "skip-non-letters": False, "no-cache": False, "cache-dir": None,
    }
    from_file, _ = load_config(getattr(arguments, "config", None), Path.cwd())
    settings.update(from_file)
    for name in settings:
        value = getattr(arguments, name.replace("-", "_"), None)
        if value is not None:
            settings[name] = value
    for name in ("select", "ignore", "extend-select"):
        settings[name] = [code.strip() for entry in settings[name] for code in entry.split(",") if code.strip()]
    settings["baseline-configured"] = "baseline" in from_file and getattr(arguments, "baseline", None) is None
    return settings


def _check_codes(codes: list[str]) -> None:
    from checker.checks.registry import checks_matching

    for code in codes:
        if not checks_matching(code):
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
    from checker.checks.registry import all_checks
    from checker.discover import letter_paths
    from checker.models import Layout, Report
    from checker.output import (
        HUMAN_READABLE_FORMATS,
        RunSummary,
        ShowsBaselined,
        make_formatter,
    )
    from checker.output.text import summary_line
    from checker.progress import Progress
    from checker.runner import default_jobs, run

    settings = _settings(arguments)
    options = _run_options(arguments, settings)
    output_format = settings["output-format"]
    if settings["statistics"] and output_format not in HUMAN_READABLE_FORMATS:
        raise UsageError(f"--statistics prints a table for people: use it with --output-format text "
                         f"({output_format} carries the counts per code in its own summary)")
    baselines = _Baselines(settings, arguments.write_baseline)
    output_file = _open_output_file(arguments.output_file)
    formatter = make_formatter(output_format, checks=all_checks(), color=_use_color(settings["color"], sys.stdout),
                               statistics=settings["statistics"], version=__version__,
                               baseline=baselines.compare is not None)
    summary = RunSummary()
    # With the report going to a file, the terminal is free for progress.
    progress = Progress(sys.stderr, enabled=(output_format in HUMAN_READABLE_FORMATS or output_file is not None)
                        and sys.stderr.isatty())
    fail_rank = SEVERITIES[::-1].index(settings["fail-on"])
    failing = 0
    out = output_file.stream if output_file is not None else sys.stdout

    def write(text: str) -> None:
        if text:
            # A finding must start its own line, not follow the counter on a shared terminal.
            progress.clear()
            out.write(text)

    try:
        write(formatter.begin())
        jobs = settings["jobs"] or default_jobs()
        for result in run(letter_paths(arguments.paths), options, jobs, _results_cache(settings, options)):
            if not gc.isenabled():
                # Frozen, the start-up objects are never scanned again: resuming would otherwise
                # begin with one long pass over all of them.
                gc.freeze()
                gc.enable()
            progress.tick()
            if isinstance(result, Report):
                if settings["skip-non-letters"] and result.layout is Layout.UNKNOWN:
                    progress.clear()
                    print(f"imrcheck: skipped {result.path}: not laid out as an IMR letter", file=sys.stderr)
                    continue
                result, unchanged = baselines.apply(result)
                summary.add(result)
                summary.baseline_hidden += len(unchanged)
                failing += sum(1 for f in result.findings if f.severity.rank >= fail_rank)
                write(formatter.report(result))
                if unchanged and isinstance(formatter, ShowsBaselined):
                    write(formatter.unchanged(result, unchanged))
            else:
                summary.add_error(result)
                progress.clear()
                print(f"imrcheck: error: {result.message}", file=sys.stderr)
                write(formatter.error(result))
        if baselines.compare is not None:
            summary.baseline_stale = baselines.compare.stale
        write(formatter.end(summary))
        out.flush()
        if output_file is not None:
            output_file.commit()
    except BaseException:
        if output_file is not None:
            output_file.discard()
        raise
    if output_file is not None:
        # As ruff does: the report is in the file, the one-line outcome on the terminal.
        print(summary_line(summary), file=sys.stderr)
    baselines.finish()
    if summary.errors:
        return EXIT_ERROR
    if failing and not settings["exit-zero"] and baselines.record is None:
        return EXIT_FINDINGS
    return EXIT_CLEAN


def _run_options(arguments: argparse.Namespace, settings: dict[str, Any]) -> RunOptions:
    """The options of a run over letters, every one checked before any letter is read."""
    from checker.engine import Limits, Selection
    from checker.rulebase import load_rules
    from checker.runner import RunOptions

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
    load_rules(settings["rules"], min_confidence=settings["min-confidence"])
    return RunOptions(
        rule_paths=tuple(settings["rules"]), min_confidence=settings["min-confidence"],
        selection=Selection(tuple(settings["select"]), tuple(settings["ignore"]), tuple(settings["extend-select"])),
        limits=Limits(settings["max-file-size"], settings["max-items"], settings["max-pdf-pages"]),
        timeout=settings["timeout"])


def _results_cache(settings: dict[str, Any], options: RunOptions) -> ResultsCache | None:
    if settings["no-cache"]:
        return None
    from checker.cache import open_for_run

    return open_for_run(options, settings["cache-dir"])


def _open_output_file(target: str | None) -> Any:
    """The --output-file writer, or None for stdout; an unwritable target is a usage error."""
    if target is None:
        return None
    from checker.output_file import AtomicOutputFile, OutputFileError

    try:
        return AtomicOutputFile(target)
    except OutputFileError as error:
        raise UsageError(f"--output-file {error}") from None


class _Baselines:
    """The baseline a run is compared with, and the one it records (--write-baseline).

    Writing a baseline never needs one: the run records every finding and compares with
    nothing. A baseline named in the config that does not exist yet is a warning (the first
    run of a new project has none); named on the command line, a missing file is an error.
    """

    def __init__(self, settings: dict[str, Any], write_to: str | None) -> None:
        from checker.baseline import Baseline, check_writable

        self.write_to = write_to
        self.record = Baseline() if write_to else None
        self.compare = None
        if write_to:
            check_writable(write_to)
            return
        path = settings["baseline"]
        if path and settings["baseline-configured"] and not Path(path).exists():
            print(f"imrcheck: warning: {path}: configured baseline does not exist yet "
                  f"(create it with --write-baseline {path}); every finding is reported", file=sys.stderr)
        elif path:
            self.compare = Baseline.load(path)

    def apply(self, report: Any) -> tuple[Any, list[Any]]:
        """The report with only new findings, and the findings the baseline knew."""
        if self.record is not None:
            self.record.record(report)
        if self.compare is None:
            return report, []
        return self.compare.split(report)

    def finish(self) -> None:
        if self.record is not None and self.write_to:
            self.record.write(self.write_to)
            print(f"imrcheck: wrote {self.record.size} finding(s) to the baseline {self.write_to}", file=sys.stderr)


# ------------------------------------------------------------------------------ stats, clean


def command_stats(arguments: argparse.Namespace) -> int:
    from checker.discover import letter_paths
    from checker.models import Report
    from checker.output.stats_report import render
    from checker.runner import default_jobs, run_checked
    from checker.stats import CorpusStats

    settings = _settings(arguments)
    options = _run_options(arguments, settings)
    corpus = CorpusStats()
    jobs = settings["jobs"] or default_jobs()
    for checked in run_checked(letter_paths(arguments.paths), options, jobs, _results_cache(settings, options)):
        if isinstance(checked.result, Report):
            corpus.add(checked.result, checked.profile)
        else:
            corpus.add_unreadable()
            print(f"imrcheck: error: {checked.result.message}", file=sys.stderr)
    sys.stdout.write(render(corpus.to_data(), arguments.output_format))
    return EXIT_ERROR if corpus.unreadable else EXIT_CLEAN


def command_clean(arguments: argparse.Namespace) -> int:
    from checker.cache import cache_folder, clean

    folder = cache_folder(arguments.cache_dir)
    try:
        removed = clean(folder)
    except OSError as error:
        raise UsageError(f"{folder}: cannot remove the cache ({error.strerror or error})") from None
    print(f"removed the results cache in {folder}" if removed else f"no results cache in {folder}")
    return EXIT_CLEAN


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


_COMMANDS = {"check": command_check, "parse": command_parse, "explain": command_explain,
             "rules": command_rules, "eval": command_eval, "stats": command_stats, "clean": command_clean,
             "stance": command_stance}


if __name__ == "__main__":
    sys.exit(main())
