"""`--output-file`: the report is written whole or not at all.

It is written to a temporary file beside the target (same folder, so same file system), then
flushed, synced and moved over the target with `os.replace`, which is atomic: a reader never
sees half a report, and a run that fails or is interrupted leaves the old file as it was.
The temporary file is created before any letter is read, so an unwritable target stops the
run at once with one line.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TextIO

from checker.atomic import refuse_special


class OutputFileError(Exception):
    """The target cannot be written; its message is one line for the user."""


class AtomicOutputFile:
    def __init__(self, target: str):
        self.target = Path(target)
        if self.target.is_dir():
            raise OutputFileError(f"{target}: is a directory, not a file to write the report to")
        try:
            refuse_special(self.target)
        except OSError as error:
            raise OutputFileError(f"{target}: {error.strerror}") from None
        if self.target.exists() and not os.access(self.target, os.W_OK):
            raise OutputFileError(f"{target}: not writable")
        folder = self.target.parent
        try:
            descriptor, self._temporary = tempfile.mkstemp(dir=folder, prefix=f".{self.target.name}.", suffix=".tmp")
        except FileNotFoundError:
            raise OutputFileError(f"{target}: its folder {str(folder)!r} does not exist") from None
        except OSError as error:
            raise OutputFileError(f"{target}: cannot write in {str(folder)!r} ({error.strerror or error})") from None
        # mkstemp makes the file private; a report gets the permissions any new file would.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(descriptor, 0o666 & ~umask)
        # newline="" keeps formats' own line ends; UTF-8 whatever the locale.
        self.stream: TextIO = os.fdopen(descriptor, "w", encoding="utf-8", newline="")

    def commit(self) -> None:
        """Make the written report the target."""
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.stream.close()
        refuse_special(self.target)  # made one while the report was written? leave it be
        os.replace(self._temporary, self.target)

    def discard(self) -> None:
        """Drop the temporary file; the target is left as it was."""
        self.stream.close()
        try:
            os.unlink(self._temporary)
        except FileNotFoundError:
            pass
