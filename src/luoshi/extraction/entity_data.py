"""Loading of the entity lexicons in ``extraction/data/*.tsv`` (people, places, organisations, events, dates).

Each file is UTF-8, one entry per line, columns separated by tabs; ``#`` starts a comment line.
Files are read once per process (lru_cache) through importlib.resources so the package works when installed.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load_rows(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of ``data/<name>``: comment and blank lines dropped, cells stripped."""
    text = resources.files("luoshi.extraction").joinpath("data", name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append(tuple(cell.strip() for cell in line.rstrip("\n").split("\t")))
    return tuple(rows)


@lru_cache(maxsize=None)
def load_words(name: str) -> tuple[str, ...]:
    """First column of ``data/<name>``, longest first (so alternations prefer the longest match)."""
    return tuple(sorted({row[0] for row in load_rows(name) if row and row[0]}, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=None)
def load_mapping(name: str) -> dict[str, str]:
    """Two-column table as a dict: column 1 -> column 2."""
    return {row[0]: row[1] for row in load_rows(name) if len(row) >= 2}
