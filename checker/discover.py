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
            for match in matches:
                if os.path.isdir(match):
                    yield from _walk(match)
                elif match.lower().endswith(LETTER_SUFFIXES):
                    yield match
        else:
            yield Missing(argument, f"{argument}: no such file or directory")


def _walk(folder: str) -> Iterator[str]:
    # Symbolic links to folders are not followed: a link loop cannot trap the walk.
    for root, folders, files in os.walk(folder, onerror=None):
        folders.sort()
        for name in sorted(files):
            if name.lower().endswith(LETTER_SUFFIXES):
                yield os.path.join(root, name)
