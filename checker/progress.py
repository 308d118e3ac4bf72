"""The one-line counter a long run shows on a terminal: "250 files checked...".

It shares the terminal with the findings, so whoever prints a line clears it first; it is
drawn again at the next count.
"""
from __future__ import annotations

from typing import TextIO

# Short runs finish before a counter would help; then it is redrawn every so many files.
FIRST_SHOWN_AT = 50
SHOWN_EVERY = 25


class Progress:
    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.count = 0
        self.width = 0

    def tick(self) -> None:
        self.count += 1
        if self.enabled and self.count >= FIRST_SHOWN_AT and self.count % SHOWN_EVERY == 0:
            text = f"{self.count} files checked..."
            self.stream.write("\r" + text)
            self.stream.flush()
            self.width = len(text)

    def clear(self) -> None:
        """Erase the counter so the next line starts at the left margin on a clean line."""
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
            self.width = 0
