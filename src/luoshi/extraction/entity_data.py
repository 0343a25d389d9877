"""Loading of the entity lexicons in ``extraction/data/*.tsv`` (people, places, organisations, events, dates).

Each file is UTF-8, one entry per line, columns separated by tabs; ``#`` starts a comment line.
Files are read once per process (lru_cache) through importlib.resources so the package works when installed.
"""
from __future__ import annotations

from functools import cache, lru_cache
from importlib import resources


@cache
def load_rows(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of ``data/<name>``: comment and blank lines dropped, cells stripped."""
    text = resources.files("luoshi.extraction").joinpath("data", name).read_text(encoding="utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append(tuple(cell.strip() for cell in line.rstrip("\n").split("\t")))
    return tuple(rows)


@cache
def load_words(name: str) -> tuple[str, ...]:
    """First column of ``data/<name>``, longest first (so alternations prefer the longest match)."""
    return tuple(sorted({row[0] for row in load_rows(name) if row and row[0]}, key=lambda w: (-len(w), w)))


@cache
def load_mapping(name: str) -> dict[str, str]:
    """Two-column table as a dict: column 1 -> column 2."""
    return {row[0]: row[1] for row in load_rows(name) if len(row) >= 2}


# Traditional characters (繁体字): reports from Hong Kong-style sites or old county portals print 市委書記,
# 會議. Matching runs on a simplified fold of the text; the fold maps one character to one character, so
# every span stays valid for the original text and names/titles are reported as printed.
_TRADITIONAL_MIN = 5  # traditional-only characters a text needs before it is folded at all
_TRADITIONAL_SHARE = 0.02  # ... and their share of its Han characters (a stray 於 in a simplified text is not)


@lru_cache(maxsize=1)
def _traditional_table() -> dict[int, str]:
    """Character table from OpenCC's TSCharacters.txt (package opencc-python-reimplemented): first
    simplified candidate of each traditional character that differs from it."""
    path = resources.files("opencc").joinpath("dictionary", "TSCharacters.txt")
    table: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        trad, _, simp = line.partition("\t")
        candidates = simp.split()
        if len(trad) == 1 and candidates and len(candidates[0]) == 1 and candidates[0] != trad:
            table[ord(trad)] = candidates[0]
    return table


def fold_traditional(text: str, force: bool = False) -> str:
    """The text with traditional characters replaced by simplified ones, same length; the text itself
    (the same object) when it is not written in traditional characters, so simplified input is untouched.
    ``force`` folds a short line (a headline) whose body was found to be traditional."""
    if not text:
        return text
    table = _traditional_table()
    if force:
        folded = text.translate(table)
        return text if folded == text else folded
    sample = text[:20000]
    trad = sum(1 for ch in sample if ord(ch) in table)
    han = sum(1 for ch in sample if "\u4e00" <= ch <= "\u9fff") or 1
    if trad < _TRADITIONAL_MIN or trad / han < _TRADITIONAL_SHARE:
        return text
    return text.translate(table)


def as_printed(original: str, folded: str, piece: str | None, near: int = 0) -> str | None:
    """The original characters of ``piece`` found in the folded text (nearest occurrence at or after
    ``near``, else the first): 市委书记 -> 市委書記. Unchanged when the text was not folded."""
    if not piece or folded is original:
        return piece
    i = folded.find(piece, max(0, near))
    if i < 0:
        i = folded.find(piece)
    return original[i:i + len(piece)] if i >= 0 else piece
