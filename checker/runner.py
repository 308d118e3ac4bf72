"""Running the checker over many files, in supervised worker processes.

Results come back in input order whatever the number of workers, so output is identical for
-j 1 and -j 8. A file that cannot be read becomes a FileError and the run goes on. With a
per-file time budget, letters are always checked in worker processes the parent kills when
they overrun it (`checker.workers`): a budget kept by the process doing the work could be
swallowed by any `except Exception` on the way, or never checked inside a long C loop.
"""
from __future__ import annotations

import functools
import itertools
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from checker.datafile import read_stream
from checker.discover import STDIN, Missing
from checker.engine import Limits, Selection, check_letter, parse_text
from checker.models import Report
from checker.output import FileError
from checker.reading import InputError, read_bytes, read_file
from checker.rulebase import RuleSet, load_rules
from checker.workers import Supervisor


@dataclass(frozen=True)
class RunOptions:
    rule_paths: tuple[str, ...] = ()
    include_recalled: bool = True
    selection: Selection = Selection()
    limits: Limits = Limits()
    timeout: float | None = 10.0


# Letters read ahead of the one reported next: bounds memory, however large the corpus.
BATCH_SIZE = 4096
# More workers than this many per core only add start-up cost and memory.
MAX_JOBS_PER_CORE = 4


def check_one(path: str, rules: RuleSet, options: RunOptions, stdin_data: bytes | None = None) -> Report | FileError:
    shown = "<stdin>" if path == STDIN else path
    try:
        if path == STDIN:
            limit = options.limits.max_file_bytes
            if limit and stdin_data is not None and len(stdin_data) > limit:
                raise InputError(f"{shown}: larger than the limit of {limit} bytes (--max-file-size)")
            text = read_bytes(stdin_data or b"", shown, options.limits.max_pdf_pages)
        else:
            text = read_file(path, options.limits.max_file_bytes, options.limits.max_pdf_pages)
        return check_letter(parse_text(text, shown, options.limits), rules, options.selection)
    except InputError as error:
        return FileError(shown, str(error))
    except RecursionError:
        return FileError(shown, f"{shown}: too deeply nested to read")
    except Exception as error:  # noqa: BLE001
        # A bug met on one letter must not cost the rest of the run its reports; the letter
        # is named so the bug can be reproduced (the robustness tests and fuzzing hunt these).
        # The time budget is not an exception here: it is kept from outside (checker.workers).
        detail = " ".join(f"{type(error).__name__}: {error}".split())[:300]
        return FileError(shown, f"{shown}: internal error, please report it with this letter ({detail})")


Entry = str | Missing | tuple[str, bytes]


def _check_entry(entry: Entry, rules: RuleSet, options: RunOptions) -> Report | FileError:
    if isinstance(entry, Missing):
        return FileError(entry.path, entry.message)
    if isinstance(entry, tuple):
        return check_one(entry[0], rules, options, entry[1])
    return check_one(entry, rules, options)


def _shown(entry: Entry) -> str:
    path = entry if isinstance(entry, str) else entry.path if isinstance(entry, Missing) else entry[0]
    return "<stdin>" if path == STDIN else path


def _with_stdin(paths: Iterable[str | Missing], max_bytes: int | None = None) -> Iterator[Entry]:
    """Standard input is read once, in this process, where it is named; at most one byte past
    --max-file-size is read, enough to refuse it."""
    read = False
    for path in paths:
        if path == STDIN:
            yield (STDIN, b"" if read else read_stream(sys.stdin.buffer, max_bytes + 1 if max_bytes else None))
            read = True
        else:
            yield path


def worker_count(jobs: int, files: int) -> int:
    """Workers for a run: as asked, but no more than the files to check or a few per core."""
    return max(1, min(jobs, files, MAX_JOBS_PER_CORE * default_jobs()))


def run(paths: Iterable[str | Missing], options: RunOptions, jobs: int) -> Iterator[Report | FileError]:
    """Reports (or errors) for every path, in the order given."""
    entries = _with_stdin(paths, options.limits.max_file_bytes)
    first = list(itertools.islice(entries, max(1, min(jobs, MAX_JOBS_PER_CORE * default_jobs()))))
    jobs = worker_count(jobs, len(first))
    entries = itertools.chain(first, entries)
    rules = load_rules(list(options.rule_paths), include_recalled=options.include_recalled)
    if options.timeout is None and jobs == 1:
        for entry in entries:
            yield _check_entry(entry, rules, options)
        return
    budget = options.timeout
    supervisor: Supervisor[Entry, Report | FileError] = Supervisor(
        functools.partial(_check_entry, rules=rules, options=options), jobs, budget,
        timed_out=lambda entry: FileError(_shown(entry), f"{_shown(entry)}: took longer than the per-file budget "
                                                         f"of {budget:g}s (--timeout)"),
        died=lambda entry, cause: FileError(_shown(entry), f"{_shown(entry)}: the worker checking this letter "
                                                           f"{cause}; the rest of the run went on"),
        window=BATCH_SIZE)
    yield from supervisor.run(entries)


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
