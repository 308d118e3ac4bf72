"""Reading files within bounds: only regular files, never more than a size limit.

Letters, and the data files a repository names (config, baselines, rules, labels), may come
from a pull request: a link to /dev/zero would be read until memory ran out, and a FIFO would
block the run forever at open(). So a file is opened without blocking, refused unless it is a
regular file, and read in chunks up to a limit, never into a buffer the size of the limit.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

# Rule, label, config and baseline files are a few kilobytes; a baseline of two million
# findings is some 150 MB. Anything larger is not one of ours.
MAX_DATA_FILE_BYTES = 256_000_000
_CHUNK = 1 << 16


class NotReadable(OSError):
    """A file refused before or while reading; str() is one line for the user."""


def read_regular(path: str | Path, limit: int | None) -> bytes:
    """The bytes of a regular file, at most `limit + 1` of them (enough to tell it is too big)."""
    # O_NONBLOCK: opening a FIFO would otherwise wait for a writer; on a regular file it is
    # a no-op.
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(descriptor, "rb", buffering=0) as handle:
        mode = os.fstat(descriptor).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError("is a directory")
        if not stat.S_ISREG(mode):
            raise NotReadable("not a regular file: a device, FIFO or socket is never read")
        return read_stream(handle, limit + 1 if limit is not None else None)


def read_stream(handle: BinaryIO, limit: int | None) -> bytes:
    """At most `limit` bytes of a stream (all of it when None), read in chunks: read(limit)
    would allocate the whole limit up front, however little the stream holds."""
    chunks: list[bytes] = []
    size = 0
    while limit is None or size < limit:
        chunk = handle.read(_CHUNK if limit is None else min(_CHUNK, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def read_data_file(path: str | Path, what: str, limit: int = MAX_DATA_FILE_BYTES) -> str:
    """The UTF-8 text of a data file; NotReadable (one line, without the path: callers name
    it) when it is not a regular file, is over `limit` bytes or is not UTF-8. FileNotFoundError
    and other OSErrors pass through."""
    data = read_regular(path, limit)
    if len(data) > limit:
        raise NotReadable(f"{what} larger than the limit of {limit} bytes")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise NotReadable(f"{what} is not UTF-8 text (byte {error.start})") from None
