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
    :func:`metric_similarity` computes it): each core compared once, and pairs whose lengths alone rule
    the similarity out (Dice ≤ 2·shorter/(both)) are not compared at all."""
    cores = {core for m in metrics if len(core := metric_core(m)) >= MIN_CORE_CHARS}
    found: set[str] = set()
    if not cores:
        return found
    verdicts: dict[str, bool] = {}
    for candidate in candidates:
        if not candidate or candidate in found:
            continue
        core = metric_core(candidate)
        if core not in verdicts:
            size = len(core)
            verdicts[core] = size >= MIN_CORE_CHARS and any(
                2 * min(size, len(other)) >= minimum * (size + len(other)) - 1e-9 and _core_similarity(other, core) >= minimum
                for other in cores)
        if verdicts[core]:
            found.add(candidate)
    return found


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
