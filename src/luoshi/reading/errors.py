"""The one error type of the reading stage.

Every refusal (missing file, too big, binary, scanned PDF, broken .docx …) is a ``ReadError`` whose
``str`` is one line ``"<path>: <reason>"`` so the CLI can print it as-is and exit non-zero.
"""
from __future__ import annotations


class ReadError(Exception):
    """A file could not be read as a report; ``path`` names it, ``reason`` says why (one line)."""

    def __init__(self, path: str | None, reason: str) -> None:
        self.path = str(path) if path is not None else "<input>"
        self.reason = " ".join(str(reason).split())  # always a single line
        super().__init__(f"{self.path}: {self.reason}")

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"
