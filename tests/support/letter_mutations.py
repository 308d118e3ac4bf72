"""Mutations of real letters, shared by the robustness tests and tests/fuzz/fuzz_letters.py.

Each operator takes a letter's text and a `random.Random` and returns a damaged copy: the
kinds of damage real files arrive with (lines lost or repeated by a bad extraction, a file
cut short, stray bytes from a wrong encoding, headings whose body went missing) and a few
that probe the parser's edges (section markers in odd places, very long lines, an item
block repeated many times). A mutation is fully determined by its seed, so a crash found
by the fuzz script is reproduced from the seed it prints.
"""
from __future__ import annotations

import random
from collections.abc import Callable

from checker.reading import decode
from tests.support.paths import ROOT, example_files, seed_files

# Lines every layout gives meaning to: markers, headings, field labels, closings.
STRUCTURE_LINES = (
    "IMR ISSUES, DECISIONS AND RATIONALES",
    "HOW THE IMR FINAL DETERMINATION WAS MADE",
    "IMR DECISION(S) AND RATIONALE(S)",
    "MAXIMUS FEDERAL SERVICES",
    "MEDICAL PROFESSIONAL REVIEW",
    "ISSUE AT DISPUTE:",
    "ISSUES AT DISPUTE: 1. Physical therapy x 12 - Upheld",
    "MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY THE REVIEWER",
    "RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS OR IS NOT MEDICALLY NECESSARY",
    "Notice of Independent Medical Review Determination",
    "INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE",
    "1) MAXIMUS Federal Services, Inc. has determined the request for 8 visits is not medically necessary.",
    "1) Regarding the request for 8 physical therapy visits: ",
    "Medical Treatment Guideline(s) Relied Upon by the Expert Reviewer:",
    "Rationale Used by the Expert Reviewer:",
    "Medical Qualifications of the Expert Reviewer:",
    "CLINICAL CASE SUMMARY",
    "Case Summary:",
    "DOCUMENTS REVIEWED",
    "Decision:",
    "Decision: Upheld",
    "Decision rationale:",
    "Rationale:",
    "Claims Administrator guideline:",
    "MAXIMUS guideline: Decision based on MTUS Chronic Pain Treatment Guidelines Page(s): 98-99.",
    "Guideline(s) relied upon:",
    "8 physical therapy visits 2 x 4 for the lumbar spine:  Upheld",
    "Norco 10/325mg #90:  Overturned",
    "Acupuncture x 6:  Partially Overturned",
    "Item #3:",
    "(2) TENS unit rental x 30 days:",
    "Upheld",
    "Overturned",
    "Sincerely,",
    "cc:",
    "Page 3 of 4",
    "- 2 -",
    "The request is not medically necessary.",
    "The request is medically necessary and appropriate.",
    "The patient is a 45-year-old male injured on 03/06/2014.",
    "The expert reviewer is Board Certified in Physical Medicine and licensed in California.",
)
# Text units that stress regexes when repeated: separators, outcome words, notation.
REPEATABLE_UNITS = (
    "ab - ", ": ", " - Upheld", "a ", "1 x ", "#", "(", ")", "/", ". A", "Dr. ", "No. 5 ", "x", "-",
    " ", "\t", "Page 1 of ", "12/12/12 ", "45 year old ", "injury ", "MTUS ", "Page(s): 1-2, ",
    "Decision based on ", "however, ", "not ", "2 x 4 for ", "twelve (12) ", "L4-5 ", "q6h ",
)


def letters() -> list[tuple[str, str]]:
    """(name, text) of every example and seed letter."""
    paths = example_files() + seed_files()
    # Read as the checker reads them: some examples are cp1252 on purpose.
    return [(str(p.relative_to(ROOT.parent)), decode(p.read_bytes(), str(p))) for p in paths]


def _lines(text: str) -> list[str]:
    return text.split("\n")


def delete_lines(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    start = rng.randrange(len(lines))
    del lines[start:start + rng.choice((1, 1, 2, 5, 20))]
    return "\n".join(lines)


def duplicate_lines(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    start = rng.randrange(len(lines))
    block = lines[start:start + rng.choice((1, 1, 3, 10))]
    lines[start:start] = block * rng.choice((1, 1, 2, 10))
    return "\n".join(lines)


def swap_lines(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[a], lines[b] = lines[b], lines[a]
    return "\n".join(lines)


def truncate(text: str, rng: random.Random) -> str:
    return text[:rng.randrange(len(text) + 1)]


def insert_bytes(text: str, rng: random.Random) -> str:
    """Random bytes read as Latin-1: control characters, NULs, stray high characters."""
    junk = bytes(rng.randrange(256) for _ in range(rng.choice((1, 4, 16, 64)))).decode("latin-1")
    at = rng.randrange(len(text) + 1)
    return text[:at] + junk + text[at:]


def replace_characters(text: str, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(rng.choice((1, 5, 50))):
        if chars:
            chars[rng.randrange(len(chars))] = rng.choice(
                ["\n", " ", ":", "-", "x", "#", "/", ".", "(", ")", "0", "9", "\u2013", "\u201c", "\u00a0",
                 "\r", "\f", "\x00", "\ufffd", "\u0301", "\U0001f600", "\u2028", "I"])
    return "".join(chars)


def headings_without_bodies(text: str, rng: random.Random) -> str:
    """Keep a heading or field label and drop what follows it, or add a bare one."""
    lines = _lines(text)
    labelled = [i for i, line in enumerate(lines)
                if line.rstrip().endswith((":", "Upheld", "Overturned")) or (line.isupper() and line.strip())]
    if labelled and rng.random() < 0.7:
        at = rng.choice(labelled)
        end = at + 1
        while end < len(lines) and lines[end].strip() and not lines[end].rstrip().endswith(":"):
            end += 1
        if lines[at].rstrip().endswith(":") and ":" in lines[at][:-1]:
            lines[at] = lines[at][:lines[at].index(":") + 1]
        del lines[at + 1:end + rng.choice((0, 1, 2))]
    else:
        lines.insert(rng.randrange(len(lines) + 1), rng.choice(STRUCTURE_LINES).split(":")[0] + ":")
    return "\n".join(lines)


def insert_structure(text: str, rng: random.Random) -> str:
    lines = _lines(text)
    lines.insert(rng.randrange(len(lines) + 1), rng.choice(STRUCTURE_LINES))
    return "\n".join(lines)


def join_or_split_lines(text: str, rng: random.Random) -> str:
    if rng.random() < 0.5:
        # PDF extraction that loses line breaks, or puts a blank line after each one.
        return text.replace("\n", rng.choice((" ", "", "\n\n", "\r\n", "\r")), rng.choice((1, 10, -1)))
    at = rng.randrange(len(text) + 1)
    return text[:at] + "\n" * rng.choice((1, 2, 3)) + text[at:]


def long_run(text: str, rng: random.Random) -> str:
    """A long run of one repeated unit: the input that exposes super-linear regexes."""
    unit = rng.choice(REPEATABLE_UNITS)
    run = unit * (rng.choice((100, 1000, 5000)) // len(unit) + 1)
    at = rng.randrange(len(text) + 1)
    return text[:at] + run + text[at:]


def repeat_items(text: str, rng: random.Random) -> str:
    """Repeat a stretch of the letter (usually an item block) many times."""
    lines = _lines(text)
    start = rng.randrange(len(lines))
    block = lines[start:start + rng.choice((4, 8, 12))]
    lines[start:start] = block * rng.choice((5, 50))
    return "\n".join(lines)


def case_and_space(text: str, rng: random.Random) -> str:
    choice = rng.randrange(4)
    if choice == 0:
        return text.upper()
    if choice == 1:
        return text.lower()
    if choice == 2:
        return text.replace(" ", "  ")
    return "\n".join(" " * rng.choice((1, 4, 40)) + line for line in _lines(text))


Mutation = Callable[[str, random.Random], str]
MUTATIONS: tuple[Mutation, ...] = (
    delete_lines, duplicate_lines, swap_lines, truncate, insert_bytes, replace_characters,
    headings_without_bodies, insert_structure, join_or_split_lines, long_run, repeat_items, case_and_space,
)


def mutate(text: str, rng: random.Random, steps: int | None = None) -> tuple[str, list[str]]:
    """Apply one to four random mutations; returns the text and the names of those applied."""
    applied = []
    for _ in range(steps if steps is not None else rng.choice((1, 1, 2, 3, 4))):
        operator = rng.choice(MUTATIONS)
        text = operator(text, rng) if text else insert_structure(text, rng)
        applied.append(operator.__name__)
    return text, applied


def many_items_letter(count: int) -> str:
    """An imr-final letter with `count` item blocks ("N physical therapy visits:  Upheld")."""
    head = ("HOW THE IMR FINAL DETERMINATION WAS MADE\n"
            "The expert reviewer is Board Certified in Physical Medicine and Rehabilitation and is licensed "
            "to practice in California.\n\n"
            "CLINICAL CASE SUMMARY\n"
            "The patient is a 45-year-old male who injured his low back on 03/06/2014.\n\n"
            "IMR ISSUES, DECISIONS AND RATIONALES\n"
            "The Final Determination was based on decisions for the disputed items/services set forth below:\n\n")
    blocks = [f"{n % 40 + 1} physical therapy visits:  Upheld\n\n"
              f"Decision rationale: MTUS allows 9-10 visits over 8 weeks. The records do not document "
              f"functional improvement. The request is not medically necessary.\n\n" for n in range(count)]
    return head + "".join(blocks) + "Sincerely,\nMAXIMUS Federal Services\n"
