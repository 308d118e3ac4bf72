"""The results cache: a letter's report is remembered and reused while nothing that decides it changed.

An SQLite database (`results.sqlite`, WAL mode) in `.imrcheck_cache/` of the working
directory, or the folder `--cache-dir` or IMRCHECK_CACHE_DIR names. A letter's key is the
SHA-256 of its bytes (and whether it is read as a PDF) together with the run's fingerprint:
imrcheck's version and code, Python's version, every built-in rule and lexicon file, the
user's rule files, the checks selected and the limits. Anything else changed means another
key, so the letter is checked again.

Reports are stored as JSON (`checker.serialize`, compressed) and validated on the way back, never
unpickled: the database is a file anyone with access to the folder could edit, so what it
holds is data, and data that does not validate is a miss. A file that is not an SQLite
database, or one written by another program, is reported with a warning and rebuilt.

Many readers and one writer at a time is what WAL gives: the workers of `-j N` only read,
the parent process writes the new rows in transactions of a batch each, and a second run at
the same time waits its turn (busy timeout) to write. A row is written only for a letter
that was checked to the end: an interrupted or timed-out letter has no report to store.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import sys
import time
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from checker import __version__
from checker.models import Report
from checker.profile import LetterProfile

if TYPE_CHECKING:
    from checker.runner import RunOptions

FOLDER_NAME = ".imrcheck_cache"
ENVIRONMENT_VARIABLE = "IMRCHECK_CACHE_DIR"
DATABASE_NAME = "results.sqlite"
# Bumped when the table layout or the stored JSON changes shape.
FORMAT = "imrcheck-results-1"
# The files imrcheck puts in a cache folder; `imrcheck clean` removes these and nothing else.
OWN_FILES = (DATABASE_NAME, f"{DATABASE_NAME}-wal", f"{DATABASE_NAME}-shm", ".gitignore", "CACHEDIR.TAG")
# A second run writing at the same moment waits this long for its turn.
BUSY_TIMEOUT_SECONDS = 60.0
_CACHEDIR_TAG = ("Signature: 8a477f597d28d172789f06886806bc55\n"
                 "# This file is a cache directory tag created by imrcheck.\n")


@dataclass(frozen=True, slots=True)
class CacheRow:
    """A freshly checked letter, ready to be stored: its report as zlib-compressed JSON."""

    key: bytes
    report: bytes
    profile: str


@dataclass(frozen=True, slots=True)
class CachedLetter:
    report: Report
    profile: LetterProfile


def encode_row(key: bytes, report: Report, profile: LetterProfile) -> CacheRow:
    """A checked letter as the JSON the cache stores."""
    from checker.serialize import to_json

    # Compressed, a report takes about a fifth of the room: a tenth of the disk at 1.5 million
    # letters, for some 20 microseconds a letter. Level 1: most of the gain, least of the cost.
    return CacheRow(key, zlib.compress(to_json(report).encode(), 1), json.dumps(profile.to_data()))


def warn(message: str) -> None:
    print(f"imrcheck: warning: {message}", file=sys.stderr)


def cache_folder(explicit: str | None = None) -> Path:
    """--cache-dir, else IMRCHECK_CACHE_DIR, else .imrcheck_cache in the working directory."""
    chosen = explicit or os.environ.get(ENVIRONMENT_VARIABLE)
    return Path(chosen) if chosen else Path.cwd() / FOLDER_NAME


def fingerprint(*, rule_paths: Iterable[str], min_confidence: str, selected_codes: Iterable[str],
                limits: Iterable[object]) -> str:
    """What, besides a letter's bytes, decides its report."""
    from checker.resources import rules_dir

    digest = hashlib.sha256()

    def add(part: str | bytes) -> None:
        data = part.encode() if isinstance(part, str) else part
        # Lengths keep ("ab", "c") and ("a", "bc") apart.
        digest.update(len(data).to_bytes(8, "little") + data)

    add(f"{FORMAT}\0{__version__}\0{sys.version_info[0]}.{sys.version_info[1]}")
    # An editable install changes code without changing its version: the sizes and times of
    # the package's modules say when it did, for the cost of a stat call each.
    package = Path(__file__).resolve().parent
    for module in sorted(package.rglob("*.py")):
        status = module.stat()
        add(f"{module.relative_to(package)}\0{status.st_size}\0{status.st_mtime_ns}")
    for source in (rules_dir(), package / "grammar"):
        for path in _data_files(source, (".yaml", ".yml", ".lark")):
            add(str(path.relative_to(source)))
            add(path.read_bytes())
    for given in rule_paths:
        add(f"rules:{given}")
        for path in _data_files(Path(given), (".yaml", ".yml")):
            add(path.read_bytes())
    add(f"min-confidence:{min_confidence}")
    add("checks:" + ",".join(sorted(selected_codes)))
    add("limits:" + repr(tuple(limits)))
    return digest.hexdigest()


def _data_files(source: Path, suffixes: tuple[str, ...]) -> list[Path]:
    if source.is_file():
        return [source]
    if not source.is_dir():
        return []
    return sorted(p for p in source.rglob("*") if p.suffix in suffixes and p.is_file())


class ResultsCache:
    """The cache database of one folder, for runs of one fingerprint.

    Each process opens its own connection on first use (a connection must not cross a fork);
    a cache that fails mid-run is dropped for the rest of the run with one warning.
    """

    def __init__(self, folder: Path, run_fingerprint: str) -> None:
        self.folder = folder
        self.path = folder / DATABASE_NAME
        self.fingerprint = run_fingerprint
        self._connection: sqlite3.Connection | None = None
        self._pid = 0
        self.broken = False

    def __getstate__(self) -> dict[str, object]:
        # Sent to spawned workers: the connection stays behind, each worker opens its own.
        return {**self.__dict__, "_connection": None, "_pid": 0}

    @classmethod
    def open(cls, folder: Path, run_fingerprint: str) -> ResultsCache | None:
        """The cache in `folder`, created or rebuilt as needed; None (with a warning) when the
        folder cannot hold one, and the run goes on without it."""
        cache = cls(folder, run_fingerprint)
        try:
            _prepare_folder(folder)
            try:
                cache._initialise()
            except sqlite3.DatabaseError as error:
                if isinstance(error, sqlite3.OperationalError) and not _is_damage(error):
                    raise
                warn(f"{cache.path}: not an imrcheck results cache ({error}); ignoring it and starting a new one")
                cache.close()
                cache._remove_files()
                cache._initialise()
        except (OSError, sqlite3.Error) as error:
            warn(f"{cache.path}: cannot use the results cache ({error}); checking every letter")
            return None
        finally:
            # Workers forked later open their own connections; so does this process, on use.
            cache.close()
        return cache

    def key(self, data: bytes, as_pdf: bool) -> bytes:
        digest = hashlib.sha256(self.fingerprint.encode())
        digest.update(b"pdf\0" if as_pdf else b"text\0")
        digest.update(data)
        return digest.digest()

    def lookup(self, key: bytes, path: str) -> CachedLetter | None:
        """The stored report for `key`, as if just checked at `path`; None on a miss or when
        the stored data does not validate (the letter is then checked and stored again)."""
        if self.broken:
            return None
        try:
            row = self._connect().execute("SELECT report, profile FROM letters WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error as error:
            self._give_up(error)
            return None
        if row is None:
            return None
        try:
            from checker.serialize import report_from_data

            report = report_from_data(json.loads(zlib.decompress(row[0])))
            profile = LetterProfile.from_data(json.loads(row[1]))
        except Exception:  # noqa: BLE001  (pydantic's ValidationError, bad zlib or JSON, wrong types: all a miss)
            return None
        # A letter's bytes decide its report; only the name it is found under differs.
        report.path = path
        return CachedLetter(report, profile)

    def store(self, rows: list[CacheRow]) -> None:
        """The rows in one transaction: all of them are stored, or none."""
        if self.broken or not rows:
            return
        try:
            connection = self._connect()
            with _transaction(connection):
                connection.executemany("INSERT OR REPLACE INTO letters (key, report, profile) VALUES (?, ?, ?)",
                                       [(r.key, r.report, r.profile) for r in rows])
        except sqlite3.Error as error:
            self._give_up(error)

    def close(self) -> None:
        if self._connection is not None and self._pid == os.getpid():
            self._connection.close()
        self._connection = None

    def _connect(self) -> sqlite3.Connection:
        if self._connection is None or self._pid != os.getpid():
            # isolation_level=None: transactions are begun explicitly, so each is one batch.
            connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
            _use_wal(connection)
            # In WAL mode NORMAL loses at most the last transactions on power loss, never
            # consistency; a lost row is only a letter checked again.
            connection.execute("PRAGMA synchronous=NORMAL")
            self._connection, self._pid = connection, os.getpid()
        return self._connection

    def _initialise(self) -> None:
        connection = self._connect()
        with _transaction(connection):
            tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and "imrcheck_meta" not in tables:
                raise sqlite3.DatabaseError("it holds tables of another program")
            connection.execute("CREATE TABLE IF NOT EXISTS imrcheck_meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
            connection.execute("CREATE TABLE IF NOT EXISTS letters "
                               "(key BLOB PRIMARY KEY, report BLOB NOT NULL, profile TEXT NOT NULL)")
            meta = dict(connection.execute("SELECT name, value FROM imrcheck_meta").fetchall())
            if meta and meta.get("format") != FORMAT:
                raise sqlite3.DatabaseError(f"it is of format {meta.get('format')!r}, not {FORMAT!r}")
            if meta.get("version") != __version__:
                # Every key of another version is unreachable: make room instead of keeping them.
                connection.execute("DELETE FROM letters")
                connection.executemany("INSERT OR REPLACE INTO imrcheck_meta VALUES (?, ?)",
                                       [("format", FORMAT), ("version", __version__)])

    def _remove_files(self) -> None:
        for name in (DATABASE_NAME, f"{DATABASE_NAME}-wal", f"{DATABASE_NAME}-shm"):
            try:
                (self.folder / name).unlink()
            except FileNotFoundError:
                pass

    def _give_up(self, error: sqlite3.Error) -> None:
        self.broken = True
        if _is_damage(error):
            warn(f"{self.path}: the results cache is damaged ({error}); it is ignored and will be rebuilt")
            self.close()
            self._remove_files()
        else:
            warn(f"{self.path}: the results cache cannot be used ({error}); checking without it")


def _use_wal(connection: sqlite3.Connection) -> None:
    """Switch the database to WAL (it stays so), waiting for a run that holds it to let go.

    The switch needs the database to itself, and SQLite reports "locked" at once instead of
    waiting as it does for writes: two runs starting together on a new cache would collide.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    while True:
        try:
            if connection.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                connection.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def _is_damage(error: sqlite3.Error) -> bool:
    """Whether the database file itself is bad (as opposed to locked, read-only or full)."""
    if not isinstance(error, sqlite3.DatabaseError):
        return False
    if isinstance(error, sqlite3.OperationalError):
        return "malformed" in str(error) or "not a database" in str(error)
    return True


class _transaction:
    """BEGIN IMMEDIATE ... COMMIT, rolled back on any error: a batch is stored whole or not at all."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def __enter__(self) -> None:
        # IMMEDIATE takes the write lock at once, so two runs creating the tables or writing
        # the same batch wait for each other instead of failing half-way.
        self.connection.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind: object, value: object, traceback: object) -> None:
        if kind is None:
            self.connection.execute("COMMIT")
        elif self.connection.in_transaction:
            self.connection.execute("ROLLBACK")


def _prepare_folder(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    # Version control never picks up the cache; backup tools that honour the tag skip it.
    for name, content in ((".gitignore", "*\n"), ("CACHEDIR.TAG", _CACHEDIR_TAG)):
        marker = folder / name
        if not marker.exists():
            marker.write_text(content, encoding="utf-8")


def clean(folder: Path) -> list[Path]:
    """Remove imrcheck's own files from the cache folder (and the folder once empty); the files
    removed. Other files are left alone: --cache-dir may name a folder that holds more."""
    removed = []
    for name in OWN_FILES:
        path = folder / name
        if path.is_file():
            path.unlink()
            removed.append(path)
    if folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
    return removed


def open_for_run(options: RunOptions, cache_dir: str | None) -> ResultsCache | None:
    """The results cache for a run with these options (None, with a warning, if unusable)."""
    from checker.checks.registry import all_checks

    run_fingerprint = fingerprint(
        rule_paths=options.rule_paths, min_confidence=options.min_confidence,
        selected_codes=[check.code for check in all_checks() if options.selection.includes(check)],
        # The time budget too: a letter that took 9 s must time out under --timeout 5, as it
        # would without the cache.
        limits=(options.limits, options.timeout))
    return ResultsCache.open(cache_folder(cache_dir), run_fingerprint)
