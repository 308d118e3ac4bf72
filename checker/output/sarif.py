"""The SARIF 2.1.0 format, for GitHub code scanning and other SARIF viewers.

One run; `tool.driver.rules` holds a reportingDescriptor per registered check (its docstring
is the help text), and each finding is a result pointing at its first evidence span, with
the other evidence spans as relatedLocations. The rules are known before the first letter
is read, so the document streams like the JSON format: results are written as files finish
and only unreadable files (for toolExecutionNotifications) are kept until the end.

Columns are counted in Unicode code points (Python string indexing), which the run declares
with `columnKind` so viewers do not assume UTF-16 code units.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING
from urllib.parse import quote

from checker.models import Finding, Report, Severity, Span
from checker.output import ErrorLedger, FileError, RunSummary

if TYPE_CHECKING:
    from checker.checks.registry import Check

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
TOOL_NAME = "imrcheck"
INFORMATION_URI = "https://github.com/imrcheck/imrcheck"
FINGERPRINT_KEY = "imrcheck/v1"

SARIF_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=True, separators=(",", ":"))


def artifact_uri(path: str) -> str:
    """A URI reference for a path as the user gave it: relative paths stay relative.

    Backslashes become slashes and characters a URI cannot hold are percent-encoded; an
    absolute path becomes a file:// URI (SARIF wants URIs, not bare absolute paths).
    """
    posix = path.replace("\\", "/")
    if PureWindowsPath(path).is_absolute():
        drive_path = PureWindowsPath(path).as_posix()
        return "file:///" + quote(drive_path, safe="/:")
    if PurePosixPath(posix).is_absolute():
        return "file://" + quote(posix, safe="/")
    return quote(posix, safe="/")


def _doc_before(doc: str, section: str) -> str:
    head, _, _ = doc.partition(section)
    return head.strip()


def reporting_descriptor(check: Check) -> dict[str, object]:
    doc = check.doc
    return {
        "id": check.code,
        "name": check.name,
        "shortDescription": {"text": check.summary},
        # The summary and its "Why:" section: what it finds and why that matters.
        "fullDescription": {"text": _doc_before(doc, "Fires:") or check.summary},
        "help": {"text": doc or check.summary},
        "defaultConfiguration": {"level": SARIF_LEVELS[check.severity]},
        "properties": {"family": check.family.value, "tags": [check.family.value]},
    }


def _region(start_line: int, start_column: int, span: Span | None) -> dict[str, object]:
    region: dict[str, object] = {
        "startLine": max(start_line, 1),
        "startColumn": max(start_column, 1),
    }
    if span is not None:
        end = (span.end_line, span.end_column)
        # An end before the start would make the region invalid; keep the start alone then.
        if end >= (region["startLine"], region["startColumn"]):
            region["endLine"] = span.end_line
            region["endColumn"] = span.end_column
        region["snippet"] = {"text": span.text}
        if span.page is not None:
            # SARIF regions have no page; a PDF's lines count from the top of this page.
            region["properties"] = {"page": span.page}
    return region


def _location(uri: str, region: dict[str, object]) -> dict[str, object]:
    return {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}


def fingerprint(report: Report, finding: Finding, occurrence: int) -> str:
    """A path-independent key for the finding: same letter, same check, same item.

    The letter's content hash stands in for the path (a letter moved to another folder keeps
    its alerts); a second finding of the same code on the same item gets its occurrence
    number so the two are not merged into one alert.
    """
    key = (report.content_hash or report.path) + finding.code + str(finding.item)
    if occurrence > 1:
        key += f"#{occurrence}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class SarifFormatter:
    def __init__(self, *, checks: list[Check], version: str, baseline: bool = False):
        self.checks = checks
        self.version = version
        # Compared with a baseline, every result says whether it is new or was known.
        self.baseline = baseline
        self._rule_index = {check.code: i for i, check in enumerate(checks)}
        self._results = 0
        self._occurrences: dict[tuple[str, int | None], int] = {}
        self._errors = ErrorLedger()

    def begin(self) -> str:
        driver = {
            "name": TOOL_NAME,
            "version": self.version,
            "semanticVersion": self.version,
            "informationUri": INFORMATION_URI,
            "rules": [reporting_descriptor(check) for check in self.checks],
        }
        head = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION}
        run_head = {"tool": {"driver": driver}, "columnKind": "unicodeCodePoints"}
        # Open objects are written as their dump minus the closing brace, then the open array.
        return _dumps(head)[:-1] + ',"runs":[' + _dumps(run_head)[:-1] + ',"results":[\n'

    def result(self, report: Report, finding: Finding, occurrence: int, state: str = "new") -> dict[str, object]:
        uri = artifact_uri(report.path)
        evidence = list(finding.evidence)
        # The primary region is the evidence span the finding points at, when there is one.
        primary = next(
            (s for s in evidence if (s.line, s.column) == (finding.line, finding.column)), None
        )
        related = [s for s in evidence if s is not primary]
        properties: dict[str, object] = {"item": finding.item, "family": finding.family.value}
        if finding.rule is not None:
            properties["rule"] = finding.rule
        if finding.citation is not None:
            properties["citation"] = str(finding.citation)
        if finding.confidence is not None:
            properties["confidence"] = finding.confidence
        if finding.page is not None:
            properties["page"] = finding.page
        result: dict[str, object] = {"ruleId": finding.code}
        if finding.code in self._rule_index:
            result["ruleIndex"] = self._rule_index[finding.code]
        result["level"] = SARIF_LEVELS[finding.severity]
        result["message"] = {"text": finding.message}
        result["locations"] = [_location(uri, _region(finding.line, finding.column, primary))]
        if related:
            result["relatedLocations"] = [
                {
                    "id": i,
                    **_location(uri, _region(s.line, s.column, s)),
                    "message": {"text": "evidence"},
                }
                for i, s in enumerate(related, start=1)
            ]
        if self.baseline:
            result["baselineState"] = state
        result["partialFingerprints"] = {FINGERPRINT_KEY: fingerprint(report, finding, occurrence)}
        result["properties"] = properties
        return result

    def report(self, report: Report) -> str:
        self._occurrences = {}
        return self._results_of(report, report.findings, "new")

    def unchanged(self, report: Report, findings: list[Finding]) -> str:
        """The findings of the report just written that the baseline knew (counted on from
        its new ones, so no two results of a letter share a fingerprint)."""
        return self._results_of(report, findings, "unchanged")

    def _results_of(self, report: Report, findings: list[Finding], state: str) -> str:
        chunks: list[str] = []
        occurrences = self._occurrences
        for finding in findings:
            key = (finding.code, finding.item)
            occurrences[key] = occurrences.get(key, 0) + 1
            separator = ",\n" if self._results else ""
            self._results += 1
            chunks.append(separator + _dumps(self.result(report, finding, occurrences[key], state)))
        return "".join(chunks)

    def error(self, error: FileError) -> str:
        self._errors.add(error)
        return ""

    def end(self, summary: RunSummary) -> str:
        errors = self._errors.merged(summary)
        invocation = {
            # An unreadable file is a failed part of the run (the CLI exits 2 for it).
            "executionSuccessful": not errors,
            "toolExecutionNotifications": [
                {
                    "level": "error",
                    "message": {"text": e.message},
                    "locations": [
                        {"physicalLocation": {"artifactLocation": {"uri": artifact_uri(e.path)}}}
                    ],
                }
                for e in errors
            ],
        }
        return ("\n" if self._results else "") + '],"invocations":' + _dumps([invocation]) + "}]}\n"
