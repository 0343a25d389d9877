"""Political formulations (提法): “84211”攻坚行动, “2+4+N”现代产业体系, “三个新”, “争先创优”.

Formulations are printed in quotation marks; the quoted text decides the kind (data file
``formulation_patterns.tsv``) and the noun phrase right after the closing quote is what it names
(``context``: 攻坚行动). The span covers the quoted text without its quotation marks, so
``text[span] == formulation.text``.
"""
from __future__ import annotations

import re
from functools import cache

from luoshi.extraction import lexicon
from luoshi.extraction.model import ArticleMeta, Formulation

__all__ = ["extract_formulations", "formulation_kind"]

QUOTED = re.compile(r"“([^“”\n]{1,24})”|「([^「」\n]{1,24})」|\"([^\"\n]{1,24})\"")
CONTEXT = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,12}?(?=[^\u4e00-\u9fffA-Za-z]|的|等|和|与|及|$)")
NOT_A_NOUN_START = "和与及等由向的变为在上了是"  # “链长制”和…, “施工图”变为…: a particle, no context
MAX_CONTEXT = 12


@cache
def _kinds() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((row[0], re.compile(row[1])) for row in lexicon.rows("formulation_patterns.tsv"))


@cache
def _excluded() -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(row[0]) for row in lexicon.rows("formulation_excluded.tsv"))


def formulation_kind(quoted: str) -> str | None:
    """numeric_code | plus_formula | numbered_slogan | quoted_slogan, or None for other quotes."""
    if any(p.fullmatch(quoted) for p in _excluded()):
        return None
    return next((kind for kind, pattern in _kinds() if pattern.fullmatch(quoted)), None)


def extract_formulations(text: str, meta: ArticleMeta, warnings: list[str] | None = None) -> list[Formulation]:
    """Every quoted formulation of ``text`` in order; repeated ones are kept once (first mention)."""
    found: list[Formulation] = []
    seen: set[str] = set()
    for m in QUOTED.finditer(text):
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        quoted = m.group(group)
        kind = formulation_kind(quoted)
        if kind is None or quoted in seen:
            continue
        seen.add(quoted)
        found.append(Formulation(text=quoted, kind=kind, context=_context(text, m.end()),
                                 span=(m.start(group), m.end(group))))
    return found


def _context(text: str, end: int) -> str | None:
    """The noun phrase right after the closing quote: “13579”发展路径 -> 发展路径."""
    if end >= len(text) or text[end] in NOT_A_NOUN_START:
        return None
    m = CONTEXT.match(text, end, end + MAX_CONTEXT + 1)
    return m.group() if m else None
