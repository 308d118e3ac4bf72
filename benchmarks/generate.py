"""Generate a corpus of realistic IMR letters for the benchmarks, deterministic by seed.

Every letter is built from the project's own example letters (examples/<layout>/*.txt) and
varied the way real letters vary: another patient age and other dates (shifted together, so a
letter's own chronology holds), other request numbers (visit counts, "a x b" frequencies,
drug quantities), an outcome word flipped now and then, item blocks swapped between letters of
the same layout, and the noise PDF extraction adds (a blank line after every line, trailing
spaces, a missing space after a period, "Page 2 of 4" footers, CRLF, cp1252). A few files are
not letters at all (the examples in examples/unknown/ and letters cut short).

    python benchmarks/generate.py --count 10000 --seed 1 --out benchmarks/out/corpus

Files are sharded into sub-folders of 1,000 (000/letter-000000.txt ...). The same seed and the
same examples give byte-identical files; each file depends only on (seed, its index), so a
larger --count extends a smaller one.
"""
from __future__ import annotations

import argparse
import datetime
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
LAYOUTS = ("imr-final", "maximus-ir", "medical-professional-review", "notice-2013")
SHARD_SIZE = 1000

# How often each variation is applied to one letter.
P_NON_LETTER = 0.02
P_TRUNCATED = 0.005
P_SWAP_ITEM = 0.35
P_FLIP_OUTCOME = 0.12
P_DOUBLE_SPACED = 0.30
P_TRAILING_SPACES = 0.40
P_GLUED_PERIODS = 0.30
P_PAGE_FOOTERS = 0.30
P_CRLF = 0.05
P_CP1252 = 0.05

_OUTCOME_FLIP = {"Upheld": "Overturned", "Overturned": "Upheld"}


@dataclass(frozen=True)
class Example:
    layout: str
    name: str
    text: str


def load_examples(folder: Path = EXAMPLES) -> tuple[dict[str, list[Example]], list[Example]]:
    """The example letters by layout, and the non-letters (examples/unknown/)."""
    letters: dict[str, list[Example]] = {layout: [] for layout in LAYOUTS}
    others: list[Example] = []
    for path in sorted(folder.glob("*/*.txt")):
        layout = path.parent.name
        example = Example(layout, path.name, _decode(path.read_bytes()))
        if layout in letters:
            letters[layout].append(example)
        else:
            others.append(example)
    missing = [layout for layout, found in letters.items() if not found]
    if missing:
        raise SystemExit(f"generate.py: no example letters for {', '.join(missing)} under {folder}")
    return letters, others


def _decode(data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return text.replace("\r\n", "\n")


# ------------------------------------------------------------------------------ item blocks
# An item is one or more spans of a letter, keyed by its number (or position); swapping an
# item replaces all of its spans with those of an item from another letter of the layout.

_HEADED_ITEM_START = re.compile(
    r"^[ \t]*(?:Item\s*\d+\s*:.*|(?!(?:IMR\s+)?(?:Decision|Determination|Outcome)\s*:)(?:\d{1,2}\.\s+)?\S[^\n]*:"
    r"[ \t]+(?:Upheld|Overturned)[ \t]*)$", re.M)
_HEADED_CLOSING = re.compile(
    r"^[ \t]*(?:The (?:physician|expert) reviewer|This determination|Sincerely|cc\s*:|Effect of the Decision|"
    r"Appeal|REVIEWER QUALIFICATIONS|MEDICAL REVIEWER QUALIFICATIONS)", re.M)
_MPR_SECTION = re.compile(r"^[ \t]*(ISSUES? AT DISPUTE|MEDICAL TREATMENT GUIDELINE|RATIONALE FOR WHY)[^\n]*\n", re.M)
_MPR_ANY_HEADING = re.compile(r"^[ \t]*[A-Z][A-Z()/' ,\-]{6,}:[ \t]*$", re.M)
_NUMBERED = re.compile(r"^[ \t]*(\d{1,2})\.[ \t]", re.M)
_NOTICE_DETERMINATION = re.compile(
    r"^(\d{1,2})\)\s*MAXIMUS\s+Federal\s+Services,\s+Inc\.\s+has\s+determined\s+the\s+request\s+for\s"
    r".*?(?:appropriate|necessary)\s*\.", re.M | re.S)
_NOTICE_REGARDING = re.compile(r"^(\d{1,2})\)\s*Regarding\s+the\s+request\s+for", re.M)
_NOTICE_CLOSING = re.compile(r"^[ \t]*(?:Sincerely|cc\s*:|Effect of the Decision|Appeal)", re.M)


def item_spans(layout: str, text: str) -> dict[int, list[tuple[int, int]]]:
    if layout in ("imr-final", "maximus-ir"):
        return _headed_items(text)
    if layout == "medical-professional-review":
        return _review_items(text)
    return _notice_items(text)


def _headed_items(text: str) -> dict[int, list[tuple[int, int]]]:
    starts = [m.start() for m in _HEADED_ITEM_START.finditer(text)]
    items: dict[int, list[tuple[int, int]]] = {}
    for position, start in enumerate(starts):
        end = starts[position + 1] if position + 1 < len(starts) else len(text)
        closing = _HEADED_CLOSING.search(text, start + 1, end)
        items[position + 1] = [(start, closing.start() if closing else end)]
    return items


def _review_items(text: str) -> dict[int, list[tuple[int, int]]]:
    items: dict[int, list[tuple[int, int]]] = {}
    for section in _MPR_SECTION.finditer(text):
        following = _MPR_ANY_HEADING.search(text, section.end())
        end = following.start() if following else len(text)
        numbers = list(_NUMBERED.finditer(text, section.end(), end))
        for position, number in enumerate(numbers):
            stop = numbers[position + 1].start() if position + 1 < len(numbers) else end
            items.setdefault(int(number.group(1)), []).append((number.start(), stop))
    return items


def _notice_items(text: str) -> dict[int, list[tuple[int, int]]]:
    items: dict[int, list[tuple[int, int]]] = {}
    for match in _NOTICE_DETERMINATION.finditer(text):
        items.setdefault(int(match.group(1)), []).append(match.span())
    regarding = list(_NOTICE_REGARDING.finditer(text))
    for position, match in enumerate(regarding):
        end = regarding[position + 1].start() if position + 1 < len(regarding) else len(text)
        closing = _NOTICE_CLOSING.search(text, match.start(), end)
        items.setdefault(int(match.group(1)), []).append((match.start(), closing.start() if closing else end))
    return items


def _renumber(part: str, old: int, new: int) -> str:
    """The donor's item number at the start of a part becomes the target's."""
    return re.sub(rf"^(\s*(?:Item\s*)?){old}(?=[.):\s])", lambda m: f"{m.group(1)}{new}", part, count=1)


def swap_item(layout: str, text: str, donor: str, rng: random.Random) -> str:
    targets = item_spans(layout, text)
    donors = item_spans(layout, donor)
    choices = [(k, j) for k in sorted(targets) for j in sorted(donors) if len(targets[k]) == len(donors[j])]
    if not choices:
        return text
    k, j = rng.choice(choices)
    # The last part of a block keeps the target's own separation from what follows it.
    for (start, end), (d_start, d_end) in reversed(list(zip(targets[k], donors[j]))):
        part = donor[d_start:d_end]
        tail = text[start:end][len(text[start:end].rstrip()):]
        text = text[:start] + _renumber(part.rstrip(), j, k) + tail + text[end:]
    return text


# ------------------------------------------------------------------------------ variations

_AGE = re.compile(r"\b(\d{2})(?=(?:\s*-?\s*years?[\s-]*old|\s*y/?o\b|\s*-?\s*year-old))")
_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b")
_FREQUENCY = re.compile(r"\b(\d{1,2})(\s*x\s*)(\d{1,2})\b(?!\s*(?:mg|cm|mm|ml))")
_VISITS = re.compile(r"\b(\d{1,2})(?=\s+(?:visits|sessions|treatments)\b)")
_QUANTITY = re.compile(r"#(\d{1,3})\b")
_CASE_NUMBER = re.compile(r"\bCM(\d{2})-(\d{7})\b")
_OUTCOME_WORD = re.compile(r"(?<=[:\s])(Upheld|Overturned)(?=[ \t]*$)", re.M)
_NOTICE_OUTCOME = re.compile(r"(has\s+determined\s+the\s+request\s+for\s.*?\sis\s+)(not\s*)?(medically)", re.S)


def vary_numbers(text: str, rng: random.Random) -> str:
    """Ages, dates and request numbers replaced consistently inside one letter."""
    ages: dict[str, str] = {}

    def age(match: re.Match[str]) -> str:
        old = match.group(1)
        if old not in ages:
            ages[old] = str(min(79, max(19, int(old) + rng.randint(-12, 12))))
        return ages[old]

    shift = datetime.timedelta(days=rng.randint(-900, 900))

    def date(match: re.Match[str]) -> str:
        month, day, year_text = match.groups()
        year = int(year_text) + (2000 if len(year_text) == 2 else 0)
        try:
            moved = datetime.date(year, int(month), int(day)) + shift
        except ValueError:
            return match.group()
        month_out = f"{moved.month:02d}" if len(month) == 2 else str(moved.month)
        day_out = f"{moved.day:02d}" if len(day) == 2 else str(moved.day)
        year_out = f"{moved.year % 100:02d}" if len(year_text) == 2 else str(moved.year)
        return f"{month_out}/{day_out}/{year_out}"

    frequencies: dict[tuple[str, str], tuple[int, int]] = {}

    def frequency(match: re.Match[str]) -> str:
        key = (match.group(1), match.group(3))
        if key not in frequencies:
            frequencies[key] = (rng.choice((1, 2, 2, 3, 3)), rng.choice((2, 3, 4, 4, 6, 8)))
        per_week, weeks = frequencies[key]
        return f"{per_week}{match.group(2)}{weeks}"

    visits: dict[str, str] = {}

    def visit_count(match: re.Match[str]) -> str:
        old = match.group(1)
        if old not in visits:
            visits[old] = str(rng.choice((4, 6, 6, 8, 10, 12, 12, 16, 18, 24)))
        return visits[old]

    quantities: dict[str, str] = {}

    def quantity(match: re.Match[str]) -> str:
        old = match.group(1)
        if old not in quantities:
            quantities[old] = str(rng.choice((10, 30, 30, 60, 60, 90, 120, 180, 240)))
        return "#" + quantities[old]

    case = f"CM{rng.randint(13, 19)}-{rng.randint(0, 9_999_999):07d}"
    text = _AGE.sub(age, text)
    text = _DATE.sub(date, text)
    if rng.random() < 0.7:
        text = _FREQUENCY.sub(frequency, text)
    if rng.random() < 0.7:
        text = _VISITS.sub(visit_count, text)
    if rng.random() < 0.7:
        text = _QUANTITY.sub(quantity, text)
    return _CASE_NUMBER.sub(case, text)


def flip_outcome(layout: str, text: str, rng: random.Random) -> str:
    if layout == "notice-2013":
        matches = list(_NOTICE_OUTCOME.finditer(text))
        if not matches:
            return text
        chosen = rng.choice(matches)
        replacement = chosen.group(1) + ("" if chosen.group(2) else "not ") + chosen.group(3)
        return text[:chosen.start()] + replacement + text[chosen.end():]
    matches = list(_OUTCOME_WORD.finditer(text))
    if not matches:
        return text
    chosen = rng.choice(matches)
    return text[:chosen.start()] + _OUTCOME_FLIP[chosen.group()] + text[chosen.end():]


# ------------------------------------------------------------------------------ noise


def _is_double_spaced(text: str) -> bool:
    lines = text.split("\n")
    return sum(1 for line in lines if not line.strip()) > 0.35 * len(lines)


def add_noise(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    if rng.random() < P_PAGE_FOOTERS:
        every = rng.randint(35, 55)
        pages = max(2, -(-len(lines) // every))
        case = _CASE_NUMBER.search(text)
        prefix = f"{case.group()} " if case and rng.random() < 0.5 else ""
        with_footers = []
        for number, line in enumerate(lines, start=1):
            with_footers.append(line)
            if number % every == 0 and number // every < pages:
                with_footers.append(f"{prefix}Page {number // every} of {pages}")
        lines = with_footers
    if rng.random() < P_TRAILING_SPACES:
        lines = [line + " " * rng.choice((1, 1, 1, 2)) if line and rng.random() < 0.8 else line for line in lines]
    text = "\n".join(lines)
    if rng.random() < P_GLUED_PERIODS:
        text = re.sub(r"(?<=[a-z])\. (?=[A-Z][a-z])", lambda m: "." if rng.random() < 0.15 else m.group(), text)
    if rng.random() < P_DOUBLE_SPACED and not _is_double_spaced(text):
        text = "\n\n".join(line + " " for line in text.split("\n"))
    return text


def _encode(text: str, rng: random.Random) -> bytes:
    if rng.random() < P_CRLF:
        text = text.replace("\n", "\r\n")
    if rng.random() < P_CP1252:
        try:
            return text.encode("cp1252")
        except UnicodeEncodeError:
            pass
    return text.encode("utf-8")


# ------------------------------------------------------------------------------ letters


def make_letter(index: int, seed: int, letters: dict[str, list[Example]], others: list[Example],
                min_bytes: int, max_bytes: int) -> bytes:
    """The bytes of letter number `index`: a function of (seed, index, the examples) only."""
    rng = random.Random(f"imrcheck-corpus:{seed}:{index}")
    if others and rng.random() < P_NON_LETTER:
        return _encode(add_noise(vary_numbers(rng.choice(others).text, rng), rng), rng)
    data = b""
    for _attempt in range(12):
        layout = rng.choice(LAYOUTS)
        base = rng.choice(letters[layout])
        text = base.text
        if rng.random() < P_TRUNCATED:
            lines = text.split("\n")
            return _encode("\n".join(lines[:max(8, len(lines) // rng.randint(3, 5))]) + "\n", rng)
        if rng.random() < P_SWAP_ITEM and len(letters[layout]) > 1:
            donor = rng.choice([e for e in letters[layout] if e is not base])
            text = swap_item(layout, text, donor.text, rng)
        text = vary_numbers(text, rng)
        if rng.random() < P_FLIP_OUTCOME:
            text = flip_outcome(layout, text, rng)
        data = _encode(add_noise(text, rng), rng)
        if min_bytes <= len(data) <= max_bytes:
            return data
    return data


def shard_path(out: Path, index: int) -> Path:
    return out / f"{index // SHARD_SIZE:03d}" / f"letter-{index:06d}.txt"


def generate(count: int, seed: int, out: Path, min_bytes: int = 2000, max_bytes: int = 9000,
             examples: Path = EXAMPLES) -> int:
    letters, others = load_examples(examples)
    total = 0
    for index in range(count):
        path = shard_path(out, index)
        if index % SHARD_SIZE == 0:
            path.parent.mkdir(parents=True, exist_ok=True)
        data = make_letter(index, seed, letters, others, min_bytes, max_bytes)
        path.write_bytes(data)
        total += len(data)
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10000, help="letters to write (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out" / "corpus")
    parser.add_argument("--min-bytes", type=int, default=2000, help="smallest letter (default 2000)")
    parser.add_argument("--max-bytes", type=int, default=9000, help="largest letter (default 9000)")
    parser.add_argument("--examples", type=Path, default=EXAMPLES, help="folder of example letters by layout")
    arguments = parser.parse_args(argv)
    total = generate(arguments.count, arguments.seed, arguments.out, arguments.min_bytes, arguments.max_bytes,
                     arguments.examples)
    print(f"wrote {arguments.count} letters ({total / 1e6:.1f} MB, mean {total / max(1, arguments.count) / 1e3:.1f} KB)"
          f" to {arguments.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
