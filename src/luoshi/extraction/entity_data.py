"""Traditional-character folding for the entity extractors (people, places, organisations, events).

The word lists themselves are read by ``extraction/lexicon.py``, the one loader of ``extraction/data``.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType

# Traditional characters (繁体字): reports from Hong Kong-style sites or old county portals print 市委書記,
# 會議. Matching runs on a simplified fold of the text; the fold maps one character to one character, so
# every span stays valid for the original text and names/titles are reported as printed.
_TRADITIONAL_MIN = 5  # traditional-only characters a text needs before it is folded at all
_TRADITIONAL_SHARE = 0.02  # ... and their share of its Han characters (a stray 於 in a simplified text is not)


@cache
def _traditional_table() -> Mapping[int, str]:
    """Character table from OpenCC's TSCharacters.txt (package opencc-python-reimplemented): first
    simplified candidate of each traditional character that differs from it."""
    path = resources.files("opencc").joinpath("dictionary", "TSCharacters.txt")
    table: dict[int, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        trad, _, simp = line.partition("\t")
        candidates = simp.split()
        if len(trad) == 1 and candidates and len(candidates[0]) == 1 and candidates[0] != trad:
            table[ord(trad)] = candidates[0]
    return MappingProxyType(table)


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
