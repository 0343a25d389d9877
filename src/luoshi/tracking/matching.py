"""Similarity of metrics and compatibility of units — used to propose statistics as evidence for items
and to propose merging duplicate items. Lexicons are data files in ``tracking/data/``."""
from __future__ import annotations

from collections import Counter
from functools import lru_cache
from importlib import resources


def _data_lines(name: str) -> list[list[str]]:
    text = resources.files("luoshi.tracking").joinpath("data", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def unit_table() -> dict[str, tuple[str, float]]:
    """unit -> (family, factor to the family's base unit)."""
    return {row[0]: (row[1], float(row[2])) for row in _data_lines("unit_families.tsv")}


@lru_cache(maxsize=1)
def year_end_phrases() -> tuple[str, ...]:
    return tuple(row[0] for row in _data_lines("year_end_periods.tsv"))


def means_year_end(period_text: str | None) -> bool:
    """全年 / 年底前 / 年内 … : the period ends on 31 December of the report's year."""
    return bool(period_text) and any(p in period_text for p in year_end_phrases())


def unit_family(unit: str | None) -> str | None:
    if not unit:
        return None
    known = unit_table().get(unit)
    return known[0] if known else f"unit:{unit}"  # an unknown unit is its own family


def units_compatible(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and unit_family(a) == unit_family(b)


def convert(value: float, unit: str | None, to_unit: str | None) -> float:
    """Convert between units of one family (亩 -> 平方米); identity when unknown or equal."""
    if unit == to_unit or not unit or not to_unit:
        return value
    table = unit_table()
    if unit in table and to_unit in table:
        return value * table[unit][1] / table[to_unit][1]
    return value


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


@lru_cache(maxsize=262144)
def metric_similarity(a: str | None, b: str | None) -> float:
    """Character-overlap (Dice) similarity of the cores of two metric strings, 0..1, order-insensitive:
    新增城镇就业 vs 城镇新增就业 = 1.0; 开展职业技能培训 vs 职业技能培训 ≈ 0.86; a metric whose core is
    shorter than two characters (同比增长) is similar to nothing."""
    core_a, core_b = metric_core(a), metric_core(b)
    if len(core_a) < MIN_CORE_CHARS or len(core_b) < MIN_CORE_CHARS:
        return 0.0
    ca, cb = Counter(core_a), Counter(core_b)
    common = sum((ca & cb).values())
    total = sum(ca.values()) + sum(cb.values())
    return 2 * common / total if total else 0.0


def _normalise(text: str) -> str:
    return "".join(ch for ch in text if not ch.isspace() and ch not in "，。、“”\"'（）()《》")
