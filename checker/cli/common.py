"""What every part of the command line shares: exit codes and the errors that end a run."""
from __future__ import annotations

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 128 + 2  # as a shell reports a process ended by SIGINT
EXIT_TERMINATED = 128 + 15  # ... and by SIGTERM
# A day per letter is no budget at all.
MAX_TIMEOUT = 86_400.0


class Terminated(BaseException):
    """SIGTERM, raised where the run is so that its workers are stopped on the way out."""


class UsageError(Exception):
    """A problem with how imrcheck was called; one line, exit 2."""
