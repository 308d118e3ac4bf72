"""`imrcheck stats` output: the corpus statistics as text tables, JSON or CSV.

All three render `CorpusStats.to_data()`. Text is for a terminal: one table per view, rates
as percentages. JSON is that data as it is. CSV is one long table (`table,group,measure,value`)
that a spreadsheet pivots or a database loads without knowing the views in advance.
"""
from __future__ import annotations

import csv
import io
import json
from typing import Any

STATS_FORMATS = ("text", "json", "csv")
_OUTCOME_COLUMNS = ("items", "upheld", "overturned", "unknown", "overturned_rate")


def render(data: dict[str, Any], output_format: str) -> str:
    if output_format == "json":
        return json.dumps(data, indent=2, ensure_ascii=True) + "\n"
    if output_format == "csv":
        return _csv(data)
    return _text(data)


def _text(data: dict[str, Any]) -> str:
    sections = [
        f"{data['letters']} letters, {data['items']} items, {data['unreadable']} unreadable",
        _table(["LAYOUT", "LETTERS"], [[layout, n] for layout, n in data["layouts"].items()]),
        _table(["OUTCOME", "ITEMS"], [[outcome, n] for outcome, n in data["outcomes"].items()]),
    ]
    for title, key, with_letters in (("TREATMENT", "by_treatment", False), ("DRUG CLASS", "by_drug_class", False),
                                     ("SPECIALTY", "by_specialty", True), ("UR DECISION YEAR", "by_year", True)):
        columns = (("letters",) if with_letters else ()) + _OUTCOME_COLUMNS
        rows = [[name, *(_cell(group[c]) for c in columns)] for name, group in data[key].items()]
        if rows:
            sections.append(_table([title, *(c.replace("_rate", " %").upper() for c in columns)], rows))
    codes = [[code, entry["family"], entry["findings"], entry["letters"], _cell(entry["letter_rate"])]
             for code, entry in data["findings_by_code"].items()]
    sections.append(_table(["CODE", "FAMILY", "FINDINGS", "LETTERS", "LETTERS %"], codes) if codes else "no findings")
    families = [[family, entry["findings"], _number(entry["per_letter"])]
                for family, entry in data["findings_by_family"].items()]
    if families:
        sections.append(_table(["FAMILY", "FINDINGS", "PER LETTER"], families))
    tensions = [[rule, code, entry["tension"], ", ".join(entry["treatments"]), entry["count"],
                 f"{entry['of_items']} {entry['outcome']}", _cell(entry["rate"])]
                for rule, by_code in data["tensions_by_rule"].items() for code, entry in by_code.items()]
    sections.append(_table(["RULE", "CODE", "TENSION", "TREATMENT", "COUNT", "OF ITEMS", "RATE %"], tensions)
                    if tensions else "no rule tensions")
    return "\n\n".join(sections) + "\n"


def _cell(value: Any) -> Any:
    """Rates as percentages; a rate over nothing as '-'."""
    if value is None:
        return "-"
    return f"{value * 100:.1f}" if isinstance(value, float) else value


def _number(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}"


def _table(header: list[str], rows: list[list[Any]]) -> str:
    cells = [header] + [[str(cell) for cell in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    # Names left, numbers right, as spreadsheets show them.
    numeric = [all(_numeric(row[i]) for row in cells[1:]) for i in range(len(header))]
    lines = ["  ".join(cell.rjust(w) if num else cell.ljust(w)
                       for cell, w, num in zip(row, widths, numeric, strict=True)).rstrip()
             for row in cells]
    return "\n".join(lines)


def _numeric(cell: str) -> bool:
    return cell == "-" or cell.replace(".", "", 1).isdigit()


def _csv(data: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["table", "group", "measure", "value"])
    for measure in ("letters", "items", "unreadable"):
        writer.writerow(["corpus", "", measure, data[measure]])
    for table in ("layouts", "outcomes"):
        for group, count in data[table].items():
            writer.writerow([table, group, "letters" if table == "layouts" else "items", count])
    for table in ("by_treatment", "by_drug_class", "by_specialty", "by_year", "findings_by_code", "findings_by_family"):
        for group, measures in data[table].items():
            for measure, value in measures.items():
                writer.writerow([table, group, measure, "" if value is None else value])
    for rule, by_code in data["tensions_by_rule"].items():
        for code, measures in by_code.items():
            for measure, value in measures.items():
                shown = ";".join(value) if isinstance(value, list) else value
                writer.writerow(["tensions_by_rule", f"{rule} {code}", measure, "" if shown is None else shown])
    return buffer.getvalue()
