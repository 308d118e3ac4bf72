"""Which files a run checks: files, folders (recursively, .txt and .pdf), globs and stdin.

Paths are yielded lazily and in a stable order (sorted within each folder), so a run over a
year of letters never holds the corpus listing in memory and its output order is fixed.
"""
from __future__ import annotations

import glob
import os
from collections.abc import Iterator
from dataclasses import dataclass

LETTER_SUFFIXES = (".txt", ".pdf")
STDIN = "-"


@dataclass(frozen=True)
class Missing:
    """A path argument that names nothing: reported as an input error."""

    path: str
    message: str


def letter_paths(arguments: list[str]) -> Iterator[str | Missing]:
    for argument in arguments:
        if argument == STDIN:
            yield STDIN
        elif os.path.isdir(argument):
            yield from _walk(argument)
        elif os.path.lexists(argument):
            yield argument
        elif glob.has_magic(argument):
            matches = sorted(glob.iglob(argument, recursive=True))
            if not matches:
                yield Missing(argument, f"{argument}: no file matches this pattern")
            usable = [m for m in matches if os.path.isdir(m) or m.lower().endswith(LETTER_SUFFIXES)]
            if matches and not usable:
                yield Missing(argument, f"{argument}: no letter file (.txt or .pdf) matches this pattern")
            for match in usable:
                if os.path.isdir(match):
                    yield from _walk(match)
                else:
                    yield match
        else:
            yield Missing(argument, f"{argument}: no such file or directory")


def _walk(folder: str) -> Iterator[str | Missing]:
    """The letters under a folder; a folder that cannot be listed, or holds no letter, is
    reported rather than passed over in silence."""
    errors: list[OSError] = []
    found = failed = False
    # Symbolic links to folders are not followed: a link loop cannot trap the walk.
    for root, folders, files in os.walk(folder, onerror=errors.append):
        failed = failed or bool(errors)
        yield from _unlisted(errors)
        folders.sort()
        for name in sorted(files):
            if name.lower().endswith(LETTER_SUFFIXES):
                found = True
                yield os.path.join(root, name)
    failed = failed or bool(errors)
    yield from _unlisted(errors)
    if not found and not failed:
        yield Missing(folder, f"{folder}: no letter files (.txt or .pdf) in this folder")


def _unlisted(errors: list[OSError]) -> Iterator[Missing]:
    while errors:
        error = errors.pop(0)
        name = str(error.filename or "?")
        yield Missing(name, f"{name}: cannot list folder ({error.strerror or error})")
