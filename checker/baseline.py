"""Baselines: record today's findings so that CI fails only on new ones.

A finding is keyed by the letter's content hash (whitespace-insensitive), its item and its
code, never by line numbers: re-wrapping a letter or moving its lines keeps its findings
known, while a new finding, or the same finding in a new letter, is reported.
"""
from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path

from checker.models import Finding, Report
from checker.reading import InputError

FORMAT_VERSION = 1


def finding_key(report: Report, finding: Finding) -> str:
    return f"{report.content_hash}:{finding.item or 0}:{finding.code}"


class Baseline:
    def __init__(self, keys: Counter[str] | None = None) -> None:
        self.keys: Counter[str] = keys or Counter()

    @classmethod
    def load(cls, path: str) -> Baseline:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
            if data.get("version") != FORMAT_VERSION:
                raise ValueError(f"version {data.get('version')!r} is not {FORMAT_VERSION}")
            return cls(Counter({entry["key"]: int(entry.get("count", 1)) for entry in data["findings"]}))
        except FileNotFoundError:
            raise InputError(f"{path}: baseline file not found") from None
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
            raise InputError(f"{path}: not a valid imrcheck baseline ({error})") from None

    def filter(self, report: Report) -> Report:
        """The report without the findings the baseline already knows."""
        remaining = Counter(self.keys)
        kept = []
        for finding in report.findings:
            key = finding_key(report, finding)
            if remaining[key] > 0:
                remaining[key] -= 1
            else:
                kept.append(finding)
        return dataclasses.replace(report, findings=kept)

    def record(self, report: Report) -> None:
        for finding in report.findings:
            self.keys[finding_key(report, finding)] += 1

    def write(self, path: str) -> None:
        entries = [{"key": key, "count": count} for key, count in sorted(self.keys.items())]
        Path(path).write_text(json.dumps({"version": FORMAT_VERSION, "findings": entries}, indent=1) + "\n",
                              encoding="utf-8")
