"""Running the checker over many files, in supervised worker processes.

Results come back in input order whatever the number of workers, so output is identical for
-j 1 and -j 8. A file that cannot be read becomes a FileError and the run goes on. With a
per-file time budget, letters are always checked in worker processes the parent kills when
they overrun it (`checker.workers`): a budget kept by the process doing the work could be
swallowed by any `except Exception` on the way, or never checked inside a long C loop. A
killed worker takes its in-process caches with it, so nothing of an interrupted letter is
ever reused.

With a results cache, this process reads each letter's bytes and answers it from the cache
when it can; only the letters the cache does not hold go to the workers, with their bytes, and
their fresh reports are stored a batch per transaction. Workers never open the database.
"""
from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from checker.discover import STDIN, Missing
from checker.engine import Limits, Selection, check_letter, parse_text
from checker.models import Confidence, Report
from checker.output import FileError
from checker.profile import LetterProfile, letter_profile
from checker.reading import STDIN_NAME, InputError, read_bytes, read_file_bytes, read_stdin_bytes, within_limit
from checker.rulebase import RuleSet, load_rules
from checker.rulebase.load import DEFAULT_CONFIDENCE
from checker.workers import Supervisor

if TYPE_CHECKING:
    from checker.cache import CacheRow, ResultsCache


@dataclass(frozen=True)
class RunOptions:
    rule_paths: tuple[str, ...] = ()
    min_confidence: Confidence = DEFAULT_CONFIDENCE
    selection: Selection = Selection()
    limits: Limits = Limits()
    timeout: float | None = 10.0


# Letters read ahead of the one reported next: bounds memory, however large the corpus.
BATCH_SIZE = 4096
# More workers than this many per core only add start-up cost and memory.
MAX_JOBS_PER_CORE = 4
# Fresh reports stored per cache transaction: few commits, little lost to an interruption.
CACHE_BATCH_SIZE = 256
# Bytes larger than this are read again by the worker rather than carried to it, so a batch
# of large PDFs does not sit in this process's memory.
CARRIED_BYTES = 1 << 20


@dataclass(frozen=True, slots=True)
class Checked:
    """One letter's result, what the corpus statistics need of it, and, when it was checked
    afresh with a cache in use, the row to store."""

    result: Report | FileError
    profile: LetterProfile | None = None
    row: CacheRow | None = None


@dataclass(frozen=True, slots=True)
class _ToCheck:
    """A letter to check: its name as shown, its bytes when already read, its cache key."""

    path: str
    data: bytes | None = None
    key: bytes | None = None


def check_one(path: str, rules: RuleSet, options: RunOptions, stdin_data: bytes | None = None) -> Report | FileError:
    known = _prepare((path, stdin_data or b"") if path == STDIN else path, options, cache=None)
    return known.result if isinstance(known, Checked) else _check(known, rules, options).result


def _check(letter_file: _ToCheck, rules: RuleSet, options: RunOptions) -> Checked:
    shown = letter_file.path
    try:
        data = letter_file.data if letter_file.data is not None else _letter_bytes(letter_file.path, None, options)
        text = read_bytes(data, shown, options.limits.max_pdf_pages)
        letter = parse_text(text, shown, options.limits)
        report = check_letter(letter, rules, options.selection)
        profile = letter_profile(letter)
        row = None
        if letter_file.key is not None:
            from checker.cache import encode_row

            row = encode_row(letter_file.key, report, profile)
        return Checked(report, profile, row)
    except InputError as error:
        return Checked(FileError(shown, str(error)))
    except RecursionError:
        return Checked(FileError(shown, f"{shown}: too deeply nested to read"))
    except Exception as error:  # noqa: BLE001
        # A bug met on one letter must not cost the rest of the run its reports; the letter
        # is named so the bug can be reproduced (the robustness tests and fuzzing hunt these).
        # The time budget is not an exception here: it is kept from outside (checker.workers).
        detail = " ".join(f"{type(error).__name__}: {error}".split())[:300]
        return Checked(FileError(shown, f"{shown}: internal error, please report it with this letter ({detail})"))


def _letter_bytes(path: str, stdin_data: bytes | None, options: RunOptions) -> bytes:
    """A letter's bytes, refused (InputError) over --max-file-size."""
    limit = options.limits.max_file_bytes
    if stdin_data is None:
        return read_file_bytes(path, limit)
    return within_limit(stdin_data, path, limit)


Entry = str | Missing | tuple[str, bytes]


def _prepare(entry: Entry, options: RunOptions, cache: ResultsCache | None) -> Checked | _ToCheck:
    """What is known of an entry before checking it: an error, the cache's answer, or a letter to check."""
    if isinstance(entry, Missing):
        return Checked(FileError(entry.path, entry.message))
    path, stdin_data = (STDIN, entry[1]) if isinstance(entry, tuple) else (entry, None)
    shown = STDIN_NAME if path == STDIN else path
    if cache is None and stdin_data is None:
        return _ToCheck(shown)  # read by the worker, within its time budget
    try:
        data = _letter_bytes(shown, stdin_data, options)
    except InputError as error:
        return Checked(FileError(shown, str(error)))
    if cache is None:
        return _ToCheck(shown, data)
    key = cache.key(data, as_pdf=shown.lower().endswith(".pdf"))
    cached = cache.lookup(key, shown)
    if cached is not None:
        return Checked(cached.report, cached.profile)
    return _ToCheck(shown, data if len(data) <= CARRIED_BYTES or stdin_data is not None else None, key)


def _with_stdin(paths: Iterable[str | Missing], max_bytes: int | None = None) -> Iterator[Entry]:
    """Standard input is read once, in this process, where it is named; at most one byte past
    --max-file-size is read, enough to refuse it."""
    read = False
    for path in paths:
        if path == STDIN:
            try:
                yield (STDIN, b"" if read else read_stdin_bytes(max_bytes))
            except InputError as error:
                yield Missing(STDIN_NAME, str(error))
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
            # The last connection to close folds the write-ahead log back into the database.
            cache.close()


def worker_count(jobs: int, files: int) -> int:
    """Workers for a run: as asked, but no more than the files to check or a few per core."""
    return max(1, min(jobs, files, MAX_JOBS_PER_CORE * default_jobs()))


def _checked_in_order(paths: Iterable[str | Missing], options: RunOptions, jobs: int,
                      cache: ResultsCache | None) -> Iterator[Checked]:
    entries = _with_stdin(paths, options.limits.max_file_bytes)
    prepared: Iterator[Checked | _ToCheck] = (_prepare(entry, options, cache) for entry in entries)
    # Bounded batches keep memory flat however many letters the run has; only the letters the
    # cache does not answer are checked, so a warm run starts no worker and loads no rule.
    rules: RuleSet | None = None
    for batch in _batched(prepared, BATCH_SIZE):
        to_check = [known for known in batch if isinstance(known, _ToCheck)]
        checked: Iterator[Checked] = iter(())
        if to_check:
            if rules is None:
                rules = load_rules(list(options.rule_paths), min_confidence=options.min_confidence)
            checked = _checked(to_check, rules, options, worker_count(jobs, len(to_check)))
        yield from _in_order(batch, checked)


def _checked(to_check: list[_ToCheck], rules: RuleSet, options: RunOptions, jobs: int) -> Iterator[Checked]:
    """The letters checked in order: here when there is neither a budget nor a second worker,
    else in supervised workers (see the module's docstring)."""
    if options.timeout is None and jobs == 1:
        return (_check(letter_file, rules, options) for letter_file in to_check)
    budget = options.timeout
    supervisor: Supervisor[_ToCheck, Checked] = Supervisor(
        functools.partial(_check, rules=rules, options=options), jobs, budget,
        timed_out=lambda letter: Checked(FileError(letter.path, f"{letter.path}: took longer than the per-file "
                                                                f"budget of {budget:g}s (--timeout)")),
        died=lambda letter, cause: Checked(FileError(letter.path, f"{letter.path}: the worker checking this letter "
                                                                  f"{cause}; the rest of the run went on")),
        window=BATCH_SIZE)
    return supervisor.run(iter(to_check))


def _in_order(batch: list[Checked | _ToCheck], checked: Iterator[Checked]) -> Iterator[Checked]:
    """The batch's results in its order: known ones as they are, the rest as they are checked."""
    for known in batch:
        yield next(checked) if isinstance(known, _ToCheck) else known


def _batched(items: Iterator[Checked | _ToCheck], size: int) -> Iterator[list[Checked | _ToCheck]]:
    while batch := list(itertools.islice(items, size)):
        yield batch


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
