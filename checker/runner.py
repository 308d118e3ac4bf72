"""Running the checker over many files: in this process or in N worker processes.

Results come back in input order whatever the number of workers, so output is identical for
-j 1 and -j 8. Each worker loads the rule base once. A file that cannot be read, or that takes
longer than the per-file time budget, becomes a FileError and the run goes on.

With a results cache, a worker answers a letter it has seen from the cache and checks the
others; the parent process stores the fresh reports a batch per transaction, so workers only
ever read the database.
"""
from __future__ import annotations

import gc
import itertools
import os
import signal
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker.discover import STDIN, Missing
from checker.engine import Limits, Selection, check_letter, parse_text
from checker.models import Report
from checker.output import FileError
from checker.profile import LetterProfile, letter_profile
from checker.reading import InputError, read_bytes, read_file_bytes
from checker.rulebase import RuleSet, load_rules

if TYPE_CHECKING:
    from checker.cache import CacheRow, ResultsCache


@dataclass(frozen=True)
class RunOptions:
    rule_paths: tuple[str, ...] = ()
    include_recalled: bool = True
    selection: Selection = Selection()
    limits: Limits = Limits()
    timeout: float | None = 10.0


# Letters handed to the workers at a time: bounds memory, however large the corpus.
BATCH_SIZE = 4096
# Fresh reports stored per cache transaction: few commits, little lost to an interruption.
CACHE_BATCH_SIZE = 256


@dataclass(frozen=True, slots=True)
class Checked:
    """One letter's result, what the corpus statistics need of it, and, when it was checked
    afresh with a cache in use, the row to store."""

    result: Report | FileError
    profile: LetterProfile | None = None
    row: CacheRow | None = None


class _Timeout(Exception):
    pass


_worker_rules: RuleSet | None = None
_worker_options: RunOptions | None = None
_worker_cache: ResultsCache | None = None


def _init_worker(options: RunOptions, cache: ResultsCache | None) -> None:
    global _worker_rules, _worker_options, _worker_cache
    # Workers leave Ctrl-C to the parent, which stops the pool.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The CLI pauses garbage collection while it starts up; a worker checks many letters.
    gc.enable()
    _worker_options = options
    _worker_cache = cache
    _worker_rules = load_rules(list(options.rule_paths), include_recalled=options.include_recalled)


def _on_alarm(signum: int, frame: object) -> None:
    raise _Timeout()


def check_one(path: str, rules: RuleSet, options: RunOptions, stdin_data: bytes | None = None) -> Report | FileError:
    return _check_letter_file(path, rules, options, stdin_data).result


def _check_letter_file(path: str, rules: RuleSet, options: RunOptions, stdin_data: bytes | None = None,
                       cache: ResultsCache | None = None) -> Checked:
    shown = "<stdin>" if path == STDIN else path
    use_alarm = options.timeout is not None and hasattr(signal, "setitimer")
    if use_alarm:
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, options.timeout)
    try:
        if path == STDIN:
            limit = options.limits.max_file_bytes
            if limit and stdin_data is not None and len(stdin_data) > limit:
                raise InputError(f"{shown}: larger than the limit of {limit} bytes (--max-file-size)")
            data = stdin_data or b""
        else:
            data = read_file_bytes(path, options.limits.max_file_bytes)
        key = cache.key(data, as_pdf=shown.lower().endswith(".pdf")) if cache is not None else None
        if cache is not None and key is not None:
            cached = cache.lookup(key, shown)
            if cached is not None:
                return Checked(cached.report, cached.profile)
        text = read_bytes(data, shown, options.limits.max_pdf_pages)
        letter = parse_text(text, shown, options.limits)
        report = check_letter(letter, rules, options.selection)
        profile = letter_profile(letter, text)
        # Built before the time budget is stopped: a letter that runs out of time while its
        # row is made is a timeout, and nothing of it is stored.
        row = cache.row(key, report, profile) if cache is not None and key is not None else None
        return Checked(report, profile, row)
    except InputError as error:
        return Checked(FileError(shown, str(error)))
    except _Timeout:
        return Checked(FileError(shown, f"{shown}: took longer than the per-file budget of {options.timeout:g}s (--timeout)"))
    except RecursionError:
        return Checked(FileError(shown, f"{shown}: too deeply nested to read"))
    except Exception as error:  # noqa: BLE001
        # A bug met on one letter must not cost the rest of the run its reports; the letter
        # is named so the bug can be reproduced (the robustness tests and fuzzing hunt these).
        detail = " ".join(f"{type(error).__name__}: {error}".split())[:300]
        return Checked(FileError(shown, f"{shown}: internal error, please report it with this letter ({detail})"))
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


Entry = str | Missing | tuple[str, bytes]


def _check_entry(entry: Entry, rules: RuleSet, options: RunOptions, cache: ResultsCache | None) -> Checked:
    if isinstance(entry, Missing):
        return Checked(FileError(entry.path, entry.message))
    if isinstance(entry, tuple):
        return _check_letter_file(entry[0], rules, options, entry[1], cache)
    return _check_letter_file(entry, rules, options, cache=cache)


def _check_in_worker(entry: Entry) -> Checked:
    assert _worker_rules is not None and _worker_options is not None
    return _check_entry(entry, _worker_rules, _worker_options, _worker_cache)


def _with_stdin(paths: Iterable[str | Missing], max_bytes: int | None = None) -> Iterator[Entry]:
    """Standard input is read once, in this process, where it is named; at most one byte past
    --max-file-size is read, enough to refuse it."""
    read = False
    for path in paths:
        if path == STDIN:
            yield (STDIN, b"" if read else sys.stdin.buffer.read(max_bytes + 1 if max_bytes else -1))
            read = True
        else:
            yield path


def run(paths: Iterable[str | Missing], options: RunOptions, jobs: int,
        cache: ResultsCache | None = None) -> Iterator[Report | FileError]:
    """Reports (or errors) for every path, in the order given."""
    for checked in run_checked(paths, options, jobs, cache):
        yield checked.result


def run_checked(paths: Iterable[str | Missing], options: RunOptions, jobs: int,
                cache: ResultsCache | None = None) -> Iterator[Checked]:
    """Every path's result with its profile, in the order given; fresh reports go to the cache."""
    pending: list[CacheRow] = []
    try:
        for checked in _checked_in_order(paths, options, jobs, cache):
            if cache is not None and checked.row is not None:
                pending.append(checked.row)
                if len(pending) >= CACHE_BATCH_SIZE:
                    cache.store(pending)
                    pending = []
            yield checked
    finally:
        # Also when the run is interrupted: every row pending is a letter checked to the end.
        if cache is not None:
            cache.store(pending)


def _checked_in_order(paths: Iterable[str | Missing], options: RunOptions, jobs: int,
                      cache: ResultsCache | None) -> Iterator[Checked]:
    entries = _with_stdin(paths, options.limits.max_file_bytes)
    if jobs > 1:
        # Starting workers costs more than checking one letter: a run of one file stays here.
        first = list(itertools.islice(entries, 2))
        entries = itertools.chain(first, entries)
        if len(first) < 2:
            jobs = 1
    if jobs <= 1:
        rules = load_rules(list(options.rule_paths), include_recalled=options.include_recalled)
        for entry in entries:
            yield _check_entry(entry, rules, options, cache)
        return
    import multiprocessing

    context = multiprocessing.get_context("fork" if sys.platform != "win32" else "spawn")
    with context.Pool(jobs, initializer=_init_worker, initargs=(options, cache)) as pool:
        # Bounded batches keep memory flat however many letters the run has. The next batch
        # is queued before the last one's results are read, so the workers never wait while
        # a batch drains.
        queued: Iterator[Checked] = iter(())
        for batch in _batched(entries, BATCH_SIZE):
            following = pool.imap(_check_in_worker, batch, chunksize=max(1, min(64, len(batch) // (jobs * 8))))
            yield from queued
            queued = following
        yield from queued


def _batched(entries: Iterator[Entry], size: int) -> Iterator[list[Entry]]:
    while batch := list(itertools.islice(entries, size)):
        yield batch


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
