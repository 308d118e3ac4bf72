"""Escaping for the HTML report: everything a letter holds is untrusted input.

Text and attribute values go through `text()`; data handed to the page's script goes through
`script_json()`, which leaves no `<`, `>` or `&` that could close the script element. Output
is ASCII-only (other characters become references), so the report survives any stdout
encoding, as the JSON format does. Control characters are shown as `\\xNN`, never sent raw.
"""
from __future__ import annotations

import html
import json

from checker.output.text import printable


def text(value: object) -> str:
    """A value as HTML text or a quoted attribute value."""
    escaped = html.escape(printable(str(value)), quote=True)
    return escaped.encode("ascii", "xmlcharrefreplace").decode("ascii")


def script_json(value: object) -> str:
    """JSON to place inside `<script type="application/json">`."""
    dumped = json.dumps(value, ensure_ascii=True, separators=(",", ":"))
    return dumped.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
