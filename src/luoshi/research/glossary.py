"""Formulations glossary (提法): first seen where and when, and how far each one spread.

Noise removed: extraction keeps every quoted phrase that looks like a slogan, but a researcher's
glossary wants named formulations. Numeric codes (63222), plus formulas (3+3+X) and slogans with a
count (三个新) are always formulations. A ``quoted_slogan`` is kept only when it is at least four
characters and not one ordinary dictionary word (jieba's dictionary): a quoted 施工图 or 扩围 is an
ordinary word in quotation marks. ``data/glossary_noise.tsv`` lists what that rule cannot tell.
"""
from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["GLOSSARY_COLUMNS", "glossary", "is_formulation"]

GLOSSARY_COLUMNS = ("text", "kind", "first_seen", "first_place", "first_document", "places", "reports",
                    "mentions", "per_year", "contexts")
ALWAYS = ("numeric_code", "plus_formula", "numbered_slogan")
MIN_SLOGAN = 4


@cache
def _noise() -> tuple[re.Pattern[str], ...]:
    text = resources.files("luoshi.research").joinpath("data", "glossary_noise.tsv").read_text(encoding="utf-8")
    return tuple(re.compile(line.split("\t")[0]) for line in text.splitlines()
                 if line.strip() and not line.startswith("#"))


@cache
def _dictionary_word(text: str) -> bool:
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()
    return text in jieba.dt.FREQ and jieba.dt.FREQ[text] > 0


def is_formulation(text: str, kind: str | None) -> bool:
    """Whether a quoted formulation belongs in the glossary (see the module docstring)."""
    if not text:
        return False
    if kind in ALWAYS:
        return not any(p.fullmatch(text) for p in _noise())
    if len(text) < MIN_SLOGAN or any(p.fullmatch(text) for p in _noise()):
        return False
    return not _dictionary_word(text)


def glossary(formulations: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """One row per formulation text (``GLOSSARY_COLUMNS``), most widespread first."""
    by_text: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in formulations:
        if is_formulation(f.get("text") or "", f.get("kind")):
            by_text[f["text"]].append(f)
    rows = []
    for text, found in by_text.items():
        found.sort(key=lambda f: (f.get("published") or date.max, f.get("place") or "", f.get("document_id") or ""))
        first = found[0]
        years = Counter(f["published"].year for f in found if isinstance(f.get("published"), date))
        contexts = Counter(str(f["context"]) for f in found if f.get("context"))
        rows.append({
            "text": text, "kind": first.get("kind"), "first_seen": first.get("published"),
            "first_place": first.get("place"), "first_document": first.get("document_id"),
            "places": len({f.get("place") for f in found if f.get("place")}),
            "reports": len({f.get("document_id") for f in found}), "mentions": len(found),
            "per_year": json.dumps({str(y): n for y, n in sorted(years.items())}),
            "contexts": "、".join(c for c, _ in contexts.most_common(3)),
        })
    return sorted(rows, key=lambda r: (-r["places"], -r["reports"], -r["mentions"], r["text"]))
