"""Writing a file so that it is never seen half-written.

The new content goes to a temporary file in the target's own folder (a rename is atomic only
within one file system), is flushed and fsynced, then renamed over the target: a kill, a full
disk or a file-size limit at any moment leaves the old file whole or the new one complete,
never a truncated mix.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def check_writable(path: str | Path) -> None:
    """OSError (with a reason for the user) unless `write_atomically(path, ...)` can succeed:
    asked before a long run, so its results are not lost to a target that cannot be written."""
    target = Path(path)
    refuse_special(target)
    # Trying is the only sure test: permissions, read-only mounts and ACLs all decide.
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=_folder(target))
    os.close(descriptor)
    os.unlink(temporary)


def refuse_special(target: Path) -> None:
    """OSError unless `target` is a regular file or does not exist yet. A rename over a
    device (/dev/full, /dev/null), a FIFO or a folder would replace it, not write to it."""
    if target.is_dir():
        raise IsADirectoryError(21, "is a directory")
    if target.exists() and not target.is_file():
        raise OSError(22, "not a regular file (a device, FIFO or socket is never replaced)")


def write_atomically(path: str | Path, data: bytes) -> None:
    """Replace `path` with `data` all at once; OSError when it cannot, the old file untouched."""
    target = Path(path)
    refuse_special(target)
    folder = _folder(target)
    descriptor, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private; the target keeps the permissions a plain write gives.
        os.chmod(temporary, _mode_for(target))
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    _sync_folder(folder)


def _folder(target: Path) -> str:
    return str(target.parent) if str(target.parent) else "."


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _sync_folder(folder: str) -> None:
    # The rename itself is durable only once the folder is synced; not every system allows it.
    with contextlib.suppress(OSError, AttributeError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
