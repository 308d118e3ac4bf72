"""Baselines: record today's findings so that CI fails only on new ones.

A finding is keyed by the letter's content hash (whitespace-insensitive), its item and its
code, never by line numbers: re-wrapping a letter or moving its lines keeps its findings
known, while a new finding, or the same finding in a new letter, is reported.

A baseline also says what it hid: how many findings it matched in this run, and how many of
its entries no finding matched any more (stale: the letter changed, or was fixed).
"""
from __future__ import annotations

import dataclasses
import json
import re
from collections import Counter
from pathlib import Path

from checker import atomic
from checker.atomic import write_atomically
from checker.datafile import read_data_file
from checker.models import Finding, Report
from checker.reading import InputError

FORMAT_VERSION = 1
# content hash : item : code, as finding_key() writes it.
_KEY = re.compile(r"[^:\s]*:\d+:[A-Z]{3}\d{3}")
# More findings of one code in one item of one letter than any letter could hold.
MAX_COUNT = 1_000_000


def finding_key(report: Report, finding: Finding) -> str:
    return f"{report.content_hash}:{finding.item or 0}:{finding.code}"


class Baseline:
    def __init__(self, keys: Counter[str] | None = None) -> None:
        self.keys: Counter[str] = keys or Counter()
        # Findings of this run the baseline matched, by key.
        self.matched: Counter[str] = Counter()

    @classmethod
    def load(cls, path: str) -> Baseline:
        try:
            data = json.loads(read_data_file(path, "baseline"), parse_constant=_refuse_constant)
        except FileNotFoundError:
            raise InputError(f"{path}: baseline file not found") from None
        except IsADirectoryError:
            raise InputError(f"{path}: is a directory, not a baseline file") from None
        except OSError as error:
            raise InputError(f"{path}: cannot read baseline ({error.strerror or error})") from None
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            raise InputError(f"{path}: not a valid imrcheck baseline ({error})") from None
        return cls(Counter(_entries(data, path)))

    def split(self, report: Report) -> tuple[Report, list[Finding]]:
        """The report with only the findings this baseline does not know, and those it knows
        (each entry matches as many findings as its count, across the whole run)."""
        # Only this report's keys are looked up: a baseline of millions of findings costs a
        # letter a few dictionary look-ups, never a copy.
        new, known = [], []
        for finding in report.findings:
            key = finding_key(report, finding)
            if self.matched[key] < self.keys.get(key, 0):
                self.matched[key] += 1
                known.append(finding)
            else:
                new.append(finding)
        return dataclasses.replace(report, findings=new), known

    @property
    def stale(self) -> int:
        """Entries (counted with their multiplicity) that no finding of the run matched."""
        return sum((self.keys - self.matched).values())

    def record(self, report: Report) -> None:
        for finding in report.findings:
            self.keys[finding_key(report, finding)] += 1

    @property
    def size(self) -> int:
        return sum(self.keys.values())

    def write(self, path: str) -> None:
        """Write atomically (checker.atomic): a run stopped while writing leaves the old file."""
        entries = [{"key": key, "count": count} for key, count in sorted(self.keys.items())]
        text = json.dumps({"version": FORMAT_VERSION, "findings": entries}, indent=1) + "\n"
        try:
            write_atomically(path, text.encode("utf-8"))
        except OSError as error:
            raise InputError(f"{path}: cannot write the baseline ({error.strerror or error})") from None


def check_writable(path: str) -> None:
    """Refuse, before any letter is read, a baseline path that cannot be written."""
    target = Path(path)
    if target.is_dir():
        raise InputError(f"{path}: is a directory; name the baseline file to write")
    if not target.parent.is_dir():
        raise InputError(f"{path}: cannot write the baseline (no folder {target.parent})")
    try:
        atomic.check_writable(target)
    except OSError as error:
        raise InputError(f"{path}: cannot write the baseline ({error.strerror or error})") from None


def _entries(data: object, path: str) -> dict[str, int]:
    """The entries of a baseline document; InputError naming the first one of the wrong shape."""
    def invalid(problem: str) -> InputError:
        return InputError(f"{path}: not a valid imrcheck baseline ({problem})")

    if not isinstance(data, dict):
        raise invalid("expected a JSON object with 'version' and 'findings'")
    if data.get("version") != FORMAT_VERSION:
        raise invalid(f"version {data.get('version')!r} is not {FORMAT_VERSION}")
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise invalid("'findings' should be a list")
    entries: dict[str, int] = {}
    for index, entry in enumerate(findings):
        if not isinstance(entry, dict) or set(entry) - {"key", "count"}:
            raise invalid(f"findings[{index}] should be an object with 'key' and 'count'")
        key, count = entry.get("key"), entry.get("count", 1)
        if not isinstance(key, str) or not _KEY.fullmatch(key):
            raise invalid(f"findings[{index}].key should be 'content-hash:item:CODE', not {key!r}")
        # bool is an int to Python, never a count here.
        if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_COUNT:
            raise invalid(f"findings[{index}].count should be a whole number from 1 to {MAX_COUNT}, "
                          f"not {str(count)[:40]!r}")
        entries[key] = entries.get(key, 0) + count
    return entries


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number a baseline holds")
