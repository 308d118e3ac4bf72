"""Baselines: record today's findings so that CI fails only on new ones.

A finding is keyed by the letter's content hash (whitespace-insensitive), its item and its
code, never by line numbers: re-wrapping a letter or moving its lines keeps its findings
known, while a new finding, or the same finding in a new letter, is reported.
"""
from __future__ import annotations

import dataclasses
import json
from collections import Counter

from checker.atomic import write_atomically
from checker.datafile import read_data_file
from checker.models import Finding, Report
from checker.reading import InputError

FORMAT_VERSION = 1
# More findings of one code in one item of one letter than any letter could hold.
MAX_COUNT = 1_000_000


def finding_key(report: Report, finding: Finding) -> str:
    return f"{report.content_hash}:{finding.item or 0}:{finding.code}"


class Baseline:
    def __init__(self, keys: Counter[str] | None = None) -> None:
        self.keys: Counter[str] = keys or Counter()

    @classmethod
    def load(cls, path: str) -> Baseline:
        try:
            data = json.loads(read_data_file(path, "baseline"), parse_constant=_refuse_constant)
            if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION:
                version = data.get("version") if isinstance(data, dict) else None
                raise ValueError(f"version {version!r} is not {FORMAT_VERSION}")
            return cls(Counter({_key(entry): _count(entry) for entry in data["findings"]}))
        except FileNotFoundError:
            raise InputError(f"{path}: baseline file not found") from None
        except OSError as error:
            raise InputError(f"{path}: cannot read baseline ({error.strerror or error})") from None
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
            raise InputError(f"{path}: not a valid imrcheck baseline ({error})") from None

    def filter(self, report: Report) -> Report:
        """The report without the findings the baseline already knows.

        Only this report's keys are looked up: a baseline of millions of findings costs a
        letter a few dictionary look-ups, never a copy.
        """
        matched: Counter[str] = Counter()
        kept = []
        for finding in report.findings:
            key = finding_key(report, finding)
            if matched[key] < self.keys.get(key, 0):
                matched[key] += 1
            else:
                kept.append(finding)
        return dataclasses.replace(report, findings=kept)

    def record(self, report: Report) -> None:
        for finding in report.findings:
            self.keys[finding_key(report, finding)] += 1

    def write(self, path: str) -> None:
        """Write atomically (checker.atomic): a run stopped while writing leaves the old file."""
        entries = [{"key": key, "count": count} for key, count in sorted(self.keys.items())]
        text = json.dumps({"version": FORMAT_VERSION, "findings": entries}, indent=1) + "\n"
        try:
            write_atomically(path, text.encode("utf-8"))
        except OSError as error:
            raise InputError(f"{path}: cannot write baseline ({error.strerror or error})") from None


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number a baseline holds")


def _key(entry: dict[str, object]) -> str:
    key = entry["key"]
    if not isinstance(key, str):
        raise ValueError(f"key {key!r} is not a string")
    return key


def _count(entry: dict[str, object]) -> int:
    count = entry.get("count", 1)
    # bool is an int to Python, never a count here.
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= MAX_COUNT:
        raise ValueError(f"count {str(count)[:40]!r} is not a whole number from 1 to {MAX_COUNT}")
    return count
