"""The CSV format: one row per disputed item, for a spreadsheet or a database load.

```
path,item,heading,treatment,drug,drug_class,visits,per_week,weeks,count,strengths_mg,refills,supply_days,outcome,codes,severity,letter_codes,error
letters/000.txt,1,5 chiropractic treatments with physiotherapy,chiropractic,,,5,,,,,,,upheld,RSN001 RUL001,error,,
```
`codes` are the findings on the item, `severity` the highest of them; `letter_codes` the
findings that belong to the letter as a whole (a fact stated two ways, an unknown layout),
repeated on each of its rows so that every row stands alone. A letter with no item is one
row with the item empty; a letter that cannot be read is one row with its `error`. Quoting
follows RFC 4180 (the `csv` module: CRLF line ends, fields with commas, quotes or line breaks
quoted), and a cell that a spreadsheet would run as a formula is not altered: letter text
rarely starts with "=", and changing data would make the file lie about the letter.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from checker.models import Finding, ItemSummary, Report
from checker.output import FileError, RunSummary

COLUMNS = ("path", "item", "heading", "treatment", "drug", "drug_class", "visits", "per_week", "weeks", "count",
           "strengths_mg", "refills", "supply_days", "outcome", "codes", "severity", "letter_codes", "error")


class CsvFormatter:
    def begin(self) -> str:
        return _rows([COLUMNS])

    def report(self, report: Report) -> str:
        letter_codes = _codes(f for f in report.findings if f.item is None)
        if not report.items:
            return _rows([_row(report.path, None, [], letter_codes)])
        by_item: dict[int, list[Finding]] = {}
        for finding in report.findings:
            if finding.item is not None:
                by_item.setdefault(finding.item, []).append(finding)
        return _rows([_row(report.path, item, by_item.get(item.index, []), letter_codes) for item in report.items])

    def error(self, error: FileError) -> str:
        return _rows([[error.path, *[""] * (len(COLUMNS) - 2), error.message]])

    def end(self, summary: RunSummary) -> str:
        return ""


def _row(path: str, item: ItemSummary | None, findings: list[Finding], letter_codes: str) -> list[object]:
    severity = max((f.severity for f in findings), key=lambda s: s.rank).value if findings else ""
    request = item.request if item is not None else None
    fields: list[object] = [path, item.index if item else "", item.heading if item else ""]
    if request is None:
        fields += [""] * 7
    else:
        fields += [request.treatment, request.drug, request.drug_class, _number(request.visits),
                   _number(request.per_week), _number(request.weeks), request.count]
    fields += [" ".join(_number(s) for s in request.strengths_mg) if request else "",
               request.refills if request else "", request.supply_days if request else "",
               item.outcome.value if item else "", _codes(findings), severity, letter_codes, ""]
    return ["" if value is None else value for value in fields]


def _codes(findings: Iterable[Finding]) -> str:
    return " ".join(sorted({f.code for f in findings}))


def _number(value: float | None) -> str:
    """8.0 as '8': counts read back as the whole numbers the letter wrote."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _rows(rows: Iterable[Iterable[object]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()
