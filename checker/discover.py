"""Which files a run checks: files, folders (recursively, .txt and .pdf), globs and stdin.

Paths are yielded lazily and in a stable order (sorted within each folder), so a run over a
year of letters never holds the corpus listing in memory and its output order is fixed.
"""
from __future__ import annotations

import fnmatch
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
            matched = usable = False
            for match, is_folder in _glob(argument):
                matched = True
                if is_folder:
                    usable = True
                    yield from _walk(match)
                elif match.lower().endswith(LETTER_SUFFIXES):
                    usable = True
                    yield match
            if not matched:
                yield Missing(argument, f"{argument}: no file matches this pattern")
            elif not usable:
                yield Missing(argument, f"{argument}: no letter file (.txt or .pdf) matches this pattern")
        else:
            yield Missing(argument, f"{argument}: no such file or directory")


def _glob(pattern: str) -> Iterator[tuple[str, bool]]:
    """(path, is a folder) for what a glob pattern matches, streamed folder by folder.

    `glob.glob` follows symbolic links to folders under `**`, so a folder holding a link to
    itself is walked forever (and lists every path it finds before returning). Here the walk
    is `os.walk`, which never follows a linked folder, and a matched folder is not descended
    again by the pattern (it is walked whole by the caller), so no file comes out twice.
    """
    parts = pattern.split(os.sep)
    fixed = 0
    while fixed < len(parts) - 1 and not glob.has_magic(parts[fixed]):
        fixed += 1
    base = os.sep.join(parts[:fixed]) or (os.sep if pattern.startswith(os.sep) else "")
    rest = [part for part in parts[fixed:] if part]
    if base and not os.path.isdir(base):
        return
    states = {base or os.curdir: _closure({0}, rest)}
    for root, folders, files in os.walk(base or os.curdir):
        here = states.pop(root)
        shown = "" if root == os.curdir and not base else root.removeprefix(os.curdir + os.sep) if not base else root
        for name in sorted(files):
            if len(rest) in _advance(here, name, rest):
                yield os.path.join(shown, name), False
        descend = []
        for name in sorted(folders):
            if os.path.islink(os.path.join(root, name)):
                continue  # os.walk lists a linked folder but never enters it; nor do we
            reached = _advance(here, name, rest)
            if len(rest) in reached:
                yield os.path.join(shown, name), True
            elif reached:
                states[os.path.join(root, name)] = reached
                descend.append(name)
        folders[:] = descend


def _closure(states: set[int], rest: list[str]) -> set[int]:
    """The states reachable without reading a name: `**` may match no folder at all."""
    reached = set(states)
    for state in sorted(states):
        while state < len(rest) and rest[state] == "**":
            state += 1
            reached.add(state)
    return reached


def _advance(states: set[int], name: str, rest: list[str]) -> set[int]:
    """The pattern positions reached after one more path component `name`."""
    reached = set()
    for state in states:
        if state >= len(rest):
            continue
        part = rest[state]
        # As glob: wildcards never match a hidden name; a part starting with "." may.
        if name.startswith(".") and not part.startswith("."):
            continue
        if part == "**":
            reached.add(state)
        elif fnmatch.fnmatchcase(name, part):
            reached.add(state + 1)
    return _closure(reached, rest)


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
