"""Traditional -> simplified character folding (繁简), one table for reading, extraction and evaluation.

Mainland reports re-published by Hong Kong / Taiwan / overseas sites, and old county portals, print
市委書記, 會議, 萬元. Patterns and word lists are written in simplified characters, so a traditional text
is matched on its fold: every character mapped to one character, so the fold has the same length and
every offset found in it is an offset of the printed text (names and figures are then sliced from the
printed text at those offsets).

The table is OpenCC's TSCharacters.txt (package opencc-python-reimplemented; first simplified candidate
of each traditional character that differs from it), completed by ``data/traditional.tsv`` (variants
OpenCC leaves out), built once into a ``str.maketrans`` table.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources

__all__ = ["fold", "fold_table", "has_traditional", "is_traditional", "TRADITIONAL_MIN", "TRADITIONAL_SHARE"]

TRADITIONAL_MIN = 5  # traditional-only characters a text needs before it is folded at all
TRADITIONAL_SHARE = 0.02  # ... and their share of its Han characters (a stray 於 in a simplified text is not)
_SAMPLE = 20000  # characters looked at to decide
_HAN = re.compile(r"[\u4e00-\u9fff]")


@cache
def fold_table() -> dict[int, int]:
    """The one-to-one table (code point -> code point), built once."""
    pairs: dict[str, str] = {}
    path = resources.files("opencc").joinpath("dictionary", "TSCharacters.txt")
    for line in path.read_text(encoding="utf-8").splitlines():
        trad, _, simp = line.partition("\t")
        candidates = simp.split()
        if len(trad) == 1 and candidates and len(candidates[0]) == 1 and candidates[0] != trad:
            pairs[trad] = candidates[0]
    extra = resources.files("luoshi.reading").joinpath("data", "traditional.tsv").read_text(encoding="utf-8")
    for raw in extra.splitlines():
        if raw.strip() and not raw.startswith("#"):
            trad, simp = (part.strip() for part in raw.split("\t")[:2])
            pairs.setdefault(trad, simp)
    return {ord(trad): ord(simp) for trad, simp in pairs.items() if len(trad) == len(simp) == 1}  # length-preserving


@cache
def _traditional_chars() -> frozenset[str]:
    """The table's traditional characters, as a set: membership tests run at C speed."""
    return frozenset(chr(c) for c in fold_table())


@cache
def _traditional_bmp() -> re.Pattern[str]:
    """The table's traditional characters of the Basic Multilingual Plane as one character class, which
    the regex engine compiles to a bitmap (with the table's 354 astral characters in it, it would test a
    list for every character of the text instead)."""
    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(fold_table()) if c <= 0xFFFF) + "]")


@cache
def _traditional_astral() -> frozenset[str]:
    return frozenset(chr(c) for c in fold_table() if c > 0xFFFF)


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def has_traditional(text: str) -> bool:
    """Any character the table folds (a bitmap search in C; astral characters, rare, by the set)."""
    if _traditional_bmp().search(text):
        return True
    return _ASTRAL.search(text) is not None and not _traditional_astral().isdisjoint(text)


def is_traditional(text: str) -> bool:
    """Whether ``text`` is written in traditional characters: at least TRADITIONAL_MIN of them, and at
    least TRADITIONAL_SHARE of its Han characters, in its first 20,000 characters."""
    return _is_traditional_sample(text[:_SAMPLE])


@lru_cache(maxsize=64)
def _is_traditional_sample(sample: str) -> bool:
    """Memoised: every extraction stage asks it of the same article text (a pure function of the
    string; hashing and comparing the string is a memcmp, the set intersection a walk per character)."""
    if not has_traditional(sample):
        return False  # a simplified text: told without making a string of each of its characters
    present = _traditional_chars().intersection(sample)
    trad = sum(sample.count(ch) for ch in present)
    if trad < TRADITIONAL_MIN:
        return False
    return trad / (len(_HAN.findall(sample)) or 1) >= TRADITIONAL_SHARE


def fold(text: str) -> str:
    """``text`` with every traditional character replaced by its simplified one (same length); the same
    object when nothing changes."""
    if not has_traditional(text):
        return text
    return text.translate(fold_table())
