"""The JSON format: one document that round-trips through the pydantic models.

```
{"version": "0.1.0", "results": [
{"path": ..., "layout": ..., "content_hash": ..., "items": [...], "findings": [...]},
...
], "errors": [{"path": ..., "message": ...}], "summary": {...}}
```
Each result is `serialize.to_data(report)`, so `serialize.report_from_data(result)` gives the
report back. The document is streamed: one result per line as files finish; unreadable files
are listed at the end because the results array is still open when they happen. Output is
ASCII-only (non-ASCII escaped) so any byte a letter held survives any stdout encoding.
"""
from __future__ import annotations

import json

from checker.models import Report
from checker.output import ErrorLedger, FileError, RunSummary
from checker.serialize import to_data


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=True, separators=(", ", ": "))


def summary_document(summary: RunSummary, errors: list[FileError]) -> dict[str, object]:
    document = {
        "files": summary.files,
        "items": summary.items,
        "findings": summary.findings,
        "by_severity": {s: summary.by_severity.get(s, 0) for s in ("error", "warning", "info")},
        "by_code": dict(sorted(summary.by_code.items())),
        "unreadable": len(errors),
    }
    if summary.baseline_stale is not None:
        document["baseline"] = {"hidden": summary.baseline_hidden, "stale": summary.baseline_stale}
    return document


class JsonFormatter:
    def __init__(self, *, version: str):
        self.version = version
        self._results = 0
        self._errors = ErrorLedger()

    def begin(self) -> str:
        return '{"version": ' + _dumps(self.version) + ', "results": [\n'

    def report(self, report: Report) -> str:
        separator = ",\n" if self._results else ""
        self._results += 1
        return separator + _dumps(to_data(report))

    def error(self, error: FileError) -> str:
        self._errors.add(error)
        return ""

    def end(self, summary: RunSummary) -> str:
        errors = self._errors.merged(summary)
        tail = {
            "errors": [{"path": e.path, "message": e.message} for e in errors],
            "summary": summary_document(summary, errors),
        }
        # Splice the remaining keys into the open object: drop the braces of their dump.
        return ("\n" if self._results else "") + "], " + _dumps(tail)[1:] + "\n"
