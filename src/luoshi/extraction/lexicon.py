"""The one reader of extraction's word lists and tables (``extraction/data/*.tsv``).

Every file is UTF-8 text, one entry per line, columns separated by tabs. The rules are the same for
every file, so a list can move from code to data without its meaning changing:

- a line whose first non-blank character is ``#`` is a comment; every file starts with comment lines
  that say what the list is for and how the code uses it (tests/extraction/test_data_files.py checks);
- blank lines are skipped;
- there are no inline comments: a ``#`` after an entry is part of the entry. Files that explain each
  entry do it in a last column, which the code does not read;
- cells are stripped of surrounding blanks (a tab-separated cell can never hold leading spaces).

Files are read once per process through importlib.resources (the package works when installed) and
every result is immutable (tuples, frozensets, read-only mappings), so no caller can change what the
next one reads.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType

__all__ = ["DATA_PACKAGE", "rows", "words", "word_set", "mapping", "alternation", "longest_first", "data_files",
           "is_comment", "matches_after"]

DATA_PACKAGE = "luoshi.extraction"
Row = tuple[str, ...]


def data_files() -> tuple[str, ...]:
    """Names of every data file of the stage (for the data-file tests)."""
    folder = resources.files(DATA_PACKAGE).joinpath("data")
    return tuple(sorted(p.name for p in folder.iterdir() if p.name.endswith(".tsv")))


def is_comment(line: str) -> bool:
    """The comment rule of every data file: first non-blank character ``#``."""
    return line.lstrip().startswith("#")


@cache
def rows(name: str) -> tuple[Row, ...]:
    """Data rows of ``data/<name>``: comment and blank lines dropped, cells stripped."""
    text = resources.files(DATA_PACKAGE).joinpath("data", name).read_text(encoding="utf-8")
    return tuple(tuple(cell.strip() for cell in line.split("\t"))
                 for line in text.splitlines() if line.strip() and not is_comment(line))


@cache
def words(name: str, kind: str | None = None, *, column: int = 0) -> tuple[str, ...]:
    """The entries of one column (the first by default), in file order, empty cells dropped.

    ``kind`` keeps only the rows whose second column is ``kind`` or lists it among comma-separated
    values (files that hold several lists of one meaning, such as commitment_verbs.tsv with its build /
    thing / directive words, or org_suffixes.tsv with the uses of each ending)."""
    return tuple(row[column] for row in rows(name)
                 if len(row) > column and row[column] and (kind is None or _has_kind(row, kind)))


def _has_kind(row: Row, kind: str) -> bool:
    return len(row) > 1 and kind in row[1].split(",")


@cache
def word_set(name: str, kind: str | None = None) -> frozenset[str]:
    """The entries of the first column as a set (membership tests)."""
    return frozenset(words(name, kind))


@cache
def mapping(name: str, *, value: int = 1) -> Mapping[str, str]:
    """A table read as first column -> column ``value`` (rows without that column are left out);
    a later row with the same key wins. Read-only."""
    return MappingProxyType({row[0]: row[value] for row in rows(name) if len(row) > value})


def longest_first(entries: Iterable[str]) -> tuple[str, ...]:
    """Distinct entries, longest first, then in code-point order (a stable order for every run)."""
    return tuple(sorted(set(entries), key=lambda w: (-len(w), w)))


def alternation(entries: Iterable[str]) -> str:
    """A regex alternation of literal words, escaped and longest first, so that at any position the
    longest word printed there wins (超过 before 超). Raises on an empty list: an empty alternation
    would match everywhere."""
    found = longest_first(entries)
    if not found:
        raise ValueError("alternation of no words")
    return "|".join(re.escape(w) for w in found)


def matches_after(pattern: re.Pattern[str], text: str, boundaries: str) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text)`` gives, for a pattern that matches only at the start of ``text`` or
    right after one of the characters ``boundaries`` (a sentence or line start written ``(?:^|(?<=[。\n]))``)
    and never matches the empty string: it is tried only there, not at every character (a pattern that
    opens with a look-behind keeps the regex engine from skipping ahead by itself)."""
    pos = 0
    found = pattern.match(text)
    if found is not None:
        yield found
        pos = found.end()
    for boundary in _any_of(boundaries).finditer(text):
        at = boundary.end()
        if at < pos:
            continue  # inside the match before
        found = pattern.match(text, at)
        if found is not None:
            yield found
            pos = found.end()


@cache
def _any_of(characters: str) -> re.Pattern[str]:
    return re.compile(f"[{re.escape(characters)}]")


def occurrences(text: str, word: str) -> Iterator[int]:
    """Start of every non-overlapping occurrence of the literal ``word`` in ``text``, left to right (what
    ``re.finditer(re.escape(word))`` gives, without compiling a pattern per word: one per name or marker
    overflowed re's cache and was compiled again for every article)."""
    if not word:
        return
    i = text.find(word)
    while i >= 0:
        yield i
        i = text.find(word, i + len(word))
