"""`imrcheck stance`: how the reader took a sentence, part by part, for a reviewer to see and
a lexicon author to debug (checker/extract/stance.py reads it)."""
from __future__ import annotations

import json
from typing import Any

from checker.extract.stance import SentenceStance, classify


def stance_data(sentence: str, reading: SentenceStance) -> dict[str, Any]:
    return {
        "sentence": sentence,
        "stance": reading.stance.value,
        "conclusive": reading.conclusive,
        "predicate": reading.predicate,
        "subject": reading.subject,
        "operators": list(reading.operators),
        "cue": reading.cue,
        "attributed": reading.attributed,
        "conditional": reading.conditional,
        "general": reading.general,
        "history": reading.history,
        "concession": reading.concession,
    }


def render_stance(sentences: list[str], output_format: str) -> str:
    """One reading per sentence: a JSON object each (one document for one sentence, a list for
    several), or a few lines of text each."""
    readings = [stance_data(sentence, classify(sentence)) for sentence in sentences]
    if output_format == "json":
        return json.dumps(readings[0] if len(readings) == 1 else readings, indent=2) + "\n"
    return "\n".join(_text(reading) for reading in readings)


_SUBJECTS = {"request": "the request", "necessity": "medical necessity", "guideline": "a guideline",
             "review_decision": "the UR decision (so the request's stance is its opposite)",
             "person": "someone other than the reviewer", "reviewer": "the reviewer",
             "this_case": "this patient's case"}


def _text(reading: dict[str, Any]) -> str:
    kind = "states the decision" if reading["conclusive"] else "does not state the decision"
    lines = [f"{reading['sentence']}", f"  stance: {reading['stance']} ({kind})"]
    if reading["predicate"] is None:
        lines.append("  no decision predicate found")
    else:
        operators = ", ".join(reading["operators"]) or "none"
        subject = _SUBJECTS.get(reading["subject"], "not named")
        lines.append(f"  predicate: \"{reading['predicate']}\"  subject: {subject}"
                     f"  operators: {operators}")
        why = [name for name in ("attributed", "conditional", "general", "history") if reading[name]]
        if why:
            lines.append("  not the reviewer's own conclusion: " + ", ".join(why))
    if reading["concession"]:
        lines.append("  read after a concession (the clause that carries the point)")
    return "\n".join(lines) + "\n"
