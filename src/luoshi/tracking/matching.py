"""Similarity of metrics — used to propose statistics as evidence for items and to propose merging
duplicate items. Lexicons are data files in ``tracking/data/``. What units and periods mean is
extraction's (:mod:`luoshi.extraction.units`, :mod:`luoshi.extraction.periods`); ``units_compatible`` is
re-exported here for the ledger's callers."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from luoshi.extraction.units import units_compatible

__all__ = ["metric_core", "metric_similarity", "similar_metrics", "units_compatible"]


def _data_lines(name: str) -> list[list[str]]:
    text = resources.files("luoshi.tracking").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def generic_metric_words() -> tuple[str, ...]:
    words = [row[0] for row in _data_lines("generic_metric_words.tsv")]
    return tuple(sorted(words, key=len, reverse=True))


MIN_CORE_CHARS = 2


@lru_cache(maxsize=65536)
def metric_core(metric: str | None) -> str:
    """The part of a metric that says what is counted: 1—8月全市外贸进出口总额 -> 外贸进出口总额,
    实际使用外资同比增长 -> 实际使用外资, 同比增长 -> "" (words in data/generic_metric_words.tsv)."""
    text = _normalise(metric or "")
    text = "".join(ch for ch in text if not ch.isdigit() and ch not in "—–-~～.．%％")
    for word in generic_metric_words():
        text = text.replace(word, "")
    return text


def metric_similarity(a: str | None, b: str | None) -> float:
    """Character-overlap (Dice) similarity of the cores of two metric strings, 0..1, order-insensitive:
    新增城镇就业 vs 城镇新增就业 = 1.0; 开展职业技能培训 vs 职业技能培训 ≈ 0.86; a metric whose core is
    shorter than two characters (同比增长) is similar to nothing."""
    return _core_similarity(metric_core(a), metric_core(b))


def similar_metrics(metrics: Iterable[str | None], candidates: Iterable[str | None], minimum: float) -> set[str]:
    """The ``candidates`` whose similarity to one of ``metrics`` is ``minimum`` or more (as
    :func:`metric_similarity` computes it). Works on cores, and remembers for each core of ``metrics``
    which cores it was compared with and which of them are similar: a place's vocabulary comes back with
    every report, so most of a call is two set operations per core, not a comparison per pair."""
    wanted = {core for m in metrics if len(core := metric_core(m)) >= MIN_CORE_CHARS}
    by_core: dict[str, list[str]] = {}
    for candidate in candidates:
        if candidate:
            by_core.setdefault(metric_core(candidate), []).append(candidate)
    found_cores: set[str] = set()
    if not wanted or not by_core:
        return set()
    cores = by_core.keys()
    if len(_SIMILAR_CORES) > _MEMO_MAX:
        _SIMILAR_CORES.clear()
    for core in wanted:
        compared, similar = _SIMILAR_CORES.setdefault((core, minimum), (set(), set()))
        for other in cores - compared:
            compared.add(other)
            if _similar_cores(core, other, minimum):
                similar.add(other)
        found_cores |= similar & cores
    return {candidate for core in found_cores for candidate in by_core[core]}


# (core, minimum) -> (cores compared with it, those similar to it); cleared when it holds too many cores
_SIMILAR_CORES: dict[tuple[str, float], tuple[set[str], set[str]]] = {}
_MEMO_MAX = 4096


def _similar_cores(a: str, b: str, minimum: float) -> bool:
    """Pairs whose lengths alone rule the threshold out (Dice ≤ 2·shorter/(both)) are not compared."""
    if len(a) < MIN_CORE_CHARS or len(b) < MIN_CORE_CHARS:
        return False
    if 2 * min(len(a), len(b)) < minimum * (len(a) + len(b)) - 1e-9:
        return False
    return _core_similarity(a, b) >= minimum


@lru_cache(maxsize=262144)
def _core_similarity(core_a: str, core_b: str) -> float:
    """Remembered per pair of cores, not of metric strings: reports print the same core with other
    numbers and prefixes (1—8月全市…, 1—9月全市…), so pairs of cores repeat where pairs of metrics do not."""
    if len(core_a) < MIN_CORE_CHARS or len(core_b) < MIN_CORE_CHARS:
        return 0.0
    ca, cb = _char_counts(core_a), _char_counts(core_b)
    if len(ca) > len(cb):
        ca, cb = cb, ca
    common = sum(min(n, cb.get(ch, 0)) for ch, n in ca.items())
    return 2 * common / (len(core_a) + len(core_b))


@lru_cache(maxsize=65536)
def _char_counts(core: str) -> dict[str, int]:
    return dict(Counter(core))


def _normalise(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace() and ch not in "，。、“”\"'（）()《》")
