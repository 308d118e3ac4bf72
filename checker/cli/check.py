"""`imrcheck check`, `stats` and `clean`: running over letters, with the settings, baselines,
output file and results cache a run uses."""
from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from checker import __version__
from checker.cli.common import EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, MAX_TIMEOUT, UsageError
from checker.models import SEVERITIES

if TYPE_CHECKING:
    from checker.cache import ResultsCache
    from checker.runner import RunOptions


def _settings(arguments: argparse.Namespace) -> dict[str, Any]:
    """Defaults, then the config file, then the command line.

    `baseline-configured` says the baseline was named by the config file, not the command line.
    """
    from checker.config import load_config
    from checker.runner import RunOptions

    # The limits, budget and confidence default to the library's own defaults.
    defaults = RunOptions()
    settings: dict[str, Any] = {
        "select": [], "ignore": [], "extend-select": [], "fail-on": "info", "output-format": "text",
        "rules": [], "min-confidence": defaults.min_confidence, "baseline": None, "jobs": None, "color": "auto",
        "statistics": False, "exit-zero": False, "max-file-size": defaults.limits.max_file_bytes,
        "max-items": defaults.limits.max_items, "max-pdf-pages": defaults.limits.max_pdf_pages,
        "timeout": defaults.timeout, "skip-non-letters": False, "no-cache": False, "cache-dir": None,
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
    from checker.output import HUMAN_READABLE_FORMATS, make_formatter
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
    # With the report going to a file, the terminal is free for progress.
    progress = Progress(sys.stderr, enabled=(output_format in HUMAN_READABLE_FORMATS or output_file is not None)
                        and sys.stderr.isatty())
    reporter = _Reporter(formatter, progress, baselines, settings,
                         output_file.stream if output_file is not None else sys.stdout)
    try:
        reporter.write(formatter.begin())
        jobs = settings["jobs"] or default_jobs()
        for result in run(letter_paths(arguments.paths), options, jobs, _results_cache(settings, options)):
            if not gc.isenabled():
                # Frozen, the start-up objects are never scanned again: resuming would otherwise
                # begin with one long pass over all of them.
                gc.freeze()
                gc.enable()
            reporter.take(result)
        reporter.end()
        if output_file is not None:
            output_file.commit()
    except BaseException:
        if output_file is not None:
            output_file.discard()
        raise
    if output_file is not None:
        # As ruff does: the report is in the file, the one-line outcome on the terminal.
        print(summary_line(reporter.summary), file=sys.stderr)
    baselines.finish()
    if reporter.summary.errors:
        return EXIT_ERROR
    if reporter.failing and not settings["exit-zero"] and baselines.record is None:
        return EXIT_FINDINGS
    return EXIT_CLEAN


class _Reporter:
    """Each result of a run, in order, to the report: through the baseline, counted for the
    summary and the exit code, its errors also on stderr."""

    def __init__(self, formatter: Any, progress: Any, baselines: _Baselines, settings: dict[str, Any],
                 out: TextIO) -> None:
        from checker.output import RunSummary

        self.formatter, self.progress, self.baselines, self.out = formatter, progress, baselines, out
        self.skip_non_letters = settings["skip-non-letters"]
        self.fail_rank = SEVERITIES[::-1].index(settings["fail-on"])
        self.summary = RunSummary()
        self.failing = 0

    def write(self, text: str) -> None:
        if text:
            # A finding must start its own line, not follow the counter on a shared terminal.
            self.progress.clear()
            self.out.write(text)

    def take(self, result: Any) -> None:
        from checker.models import Layout, Report
        from checker.output import ShowsBaselined

        self.progress.tick()
        if not isinstance(result, Report):
            self.summary.add_error(result)
            self.progress.clear()
            print(f"imrcheck: error: {result.message}", file=sys.stderr)
            self.write(self.formatter.error(result))
            return
        if self.skip_non_letters and result.layout is Layout.UNKNOWN:
            self.progress.clear()
            print(f"imrcheck: skipped {result.path}: not laid out as an IMR letter", file=sys.stderr)
            return
        result, unchanged = self.baselines.apply(result)
        self.summary.add(result)
        self.summary.baseline_hidden += len(unchanged)
        self.failing += sum(1 for f in result.findings if f.severity.rank >= self.fail_rank)
        self.write(self.formatter.report(result))
        if unchanged and isinstance(self.formatter, ShowsBaselined):
            self.write(self.formatter.unchanged(result, unchanged))

    def end(self) -> None:
        if self.baselines.compare is not None:
            self.summary.baseline_stale = self.baselines.compare.stale
        self.write(self.formatter.end(self.summary))
        self.out.flush()


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
