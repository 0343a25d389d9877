"""Matching rules between gold annotations and predictions (documented in docs/evaluation.md).

- Text is compared after Unicode NFKC with all whitespace removed (``norm``), so "," equals "，"; pinyin
  glosses (長(zhǎng)) are left out and traditional characters folded to simplified ones, so a name or
  title annotated as printed on a converted page (副市長(zhǎng), 張金倫) equals the same words read
  without the gloss or written in simplified characters (副市长, 张金伦).
- Articles are aligned in page order by headline similarity (``align_articles``).
- Items are matched one-to-one on a key (``match_items``); quantities compare values with a
  relative tolerance of 1e-6 (``same_value``).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from difflib import SequenceMatcher
from typing import TypeVar

from luoshi.reading.normalise import strip_glosses
from luoshi.reading.traditional import fold

__all__ = ["norm", "norm_keep_lines", "same_value", "headline_similarity", "align_articles",
           "match_items", "MIN_HEADLINE_SIMILARITY", "VALUE_TOLERANCE"]

G = TypeVar("G")
P = TypeVar("P")

VALUE_TOLERANCE = 1e-6  # relative
MIN_HEADLINE_SIMILARITY = 0.4  # below this two headlines are different articles
_WHITESPACE = re.compile(r"\s+")
_WHITESPACE_BUT_NEWLINE = re.compile(r"[^\S\n]+")


def norm(text: str | None) -> str:
    """NFKC, glosses left out, traditional folded, all whitespace removed: the form in which gold and
    predicted text are compared."""
    return _WHITESPACE.sub("", _comparable(text))


def norm_keep_lines(text: str | None) -> str:
    """Like ``norm`` but keeps line breaks: a passage broken across paragraphs must not match."""
    return _WHITESPACE_BUT_NEWLINE.sub("", _comparable(text))


def _comparable(text: str | None) -> str:
    return fold(strip_glosses(unicodedata.normalize("NFKC", text or "")))


def same_value(a: float | int | None, b: float | int | None) -> bool:
    """Equal within a relative tolerance of 1e-6 (3.07万亿 computed in floats still equals 3.07e12)."""
    if a is None or b is None:
        return a is None and b is None
    a, b = float(a), float(b)
    return abs(a - b) <= VALUE_TOLERANCE * max(abs(a), abs(b)) or a == b


def headline_similarity(gold: str, predicted: str) -> float:
    """0..1; containment of one normalised headline in the other counts as 0.9 (a reader may keep a
    kicker line or the first body line that the annotator trimmed), else difflib's ratio."""
    g, p = norm(gold), norm(predicted)
    if not g or not p:
        return 0.0
    if g == p:
        return 1.0
    shorter = min(len(g), len(p))
    if shorter >= 4 and (g in p or p in g):
        return 0.9
    return SequenceMatcher(None, g, p, autojunk=False).ratio()


def align_articles(gold: Sequence[str], predicted: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs (gold index, predicted index), increasing in both (page order), maximising the total
    headline similarity over pairs with similarity >= MIN_HEADLINE_SIMILARITY. A page with exactly
    one gold and one predicted article is always aligned (the headline field still scores it)."""
    if len(gold) == 1 and len(predicted) == 1:
        return [(0, 0)]
    n, m = len(gold), len(predicted)
    sim = [[headline_similarity(g, p) for p in predicted] for g in gold]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = sim[i][j] + best[i + 1][j + 1] if sim[i][j] >= MIN_HEADLINE_SIMILARITY else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        if sim[i][j] >= MIN_HEADLINE_SIMILARITY and best[i][j] == sim[i][j] + best[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def match_items(
    gold: Sequence[G],
    predicted: Sequence[P],
    same: Callable[[G, P], bool],
    prefer: Callable[[G, P], bool] | None = None,
) -> tuple[list[tuple[G, P]], list[G], list[P]]:
    """One-to-one matching: (pairs, unmatched gold, unmatched predicted).

    Pairs satisfying ``prefer`` as well as ``same`` are made first (e.g. targets whose owner also
    agrees), so that two gold items with the same value but different owners pair up correctly.
    """
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[tuple[int, int]] = []
    passes = [lambda g, p: same(g, p) and prefer(g, p), same] if prefer else [same]
    for accept in passes:
        for pi, p in enumerate(predicted):
            if pi in used_pred:
                continue
            for gi, g in enumerate(gold):
                if gi not in used_gold and accept(g, p):
                    used_gold.add(gi)
                    used_pred.add(pi)
                    pairs.append((gi, pi))
                    break
    pairs.sort()
    return (
        [(gold[gi], predicted[pi]) for gi, pi in pairs],
        [g for gi, g in enumerate(gold) if gi not in used_gold],
        [p for pi, p in enumerate(predicted) if pi not in used_pred],
    )
