"""Metric normalisation: printed metric phrases -> one canonical key, and unit compatibility.

The forms live in ``data/metrics.tsv`` (one line per canonical metric, commented), so 生产总值增长,
地区生产总值增速 and GDP增长 all become ``gdp_growth`` and a researcher adds a metric by adding a line.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from luoshi.extraction import units

__all__ = ["Metric", "metrics", "normalise_metric", "metric_by_key", "units_compatible", "resolve_metric_option"]

_STRIP = re.compile(r"[\s\"'“”‘’「」『』（）()]")


@dataclass(frozen=True)
class Metric:
    key: str
    forms: tuple[str, ...]
    measure: str  # growth | share | level
    better: str  # higher | lower
    comment: str = ""

    @property
    def label(self) -> str:
        return self.forms[0]


@cache
def metrics() -> tuple[Metric, ...]:
    text = resources.files("luoshi.research").joinpath("data", "metrics.tsv").read_text(encoding="utf-8")
    out = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.split("\t")
        if len(parts) < 4 or parts[2] not in ("growth", "share", "level") or parts[3] not in ("higher", "lower"):
            raise ValueError(f"metrics.tsv:{lineno}: expected key, forms, growth|share|level, higher|lower")
        forms = tuple(_clean(f) for f in parts[1].split("|") if f.strip())
        out.append(Metric(parts[0], forms, parts[2], parts[3], parts[4].strip() if len(parts) > 4 else ""))
    return tuple(out)


@cache
def _forms() -> tuple[tuple[str, Metric], ...]:
    """Every printed form with its metric, longest first (城镇居民人均可支配收入增长 before 收入增长)."""
    return tuple(sorted(((f, m) for m in metrics() for f in m.forms), key=lambda fm: -len(fm[0])))


# Words printed after a metric that are not part of it: 城镇调查失业率平均(为), 增加值分别(增长).
_TRAILING = re.compile(r"(平均|分别|实现|达到|为|保持在|控制在|稳定在)+$")


def _clean(text: str) -> str:
    return _TRAILING.sub("", _STRIP.sub("", unicodedata.normalize("NFKC", text)).upper())


@cache
def normalise_metric(text: str | None) -> Metric | None:
    """The canonical metric a printed metric phrase names, or None.

    The phrase must end with a known form (全省地区生产总值增长 → gdp_growth), so 生产总值 inside a
    longer phrase about something else (单位地区生产总值能耗) does not match the shorter form.
    """
    if not text:
        return None
    cleaned = _clean(text)
    for form, metric in _forms():
        if cleaned.endswith(form):
            return metric
    return None


def metric_by_key(key: str) -> Metric | None:
    return next((m for m in metrics() if m.key == key), None)


def resolve_metric_option(value: str) -> Metric | None:
    """``--metric`` as a key (gdp_growth) or any printed form (地区生产总值增长)."""
    return metric_by_key(value) or normalise_metric(value)


def units_compatible(a: str | None, b: str | None) -> bool:
    """Whether two units measure the same thing (extraction's unit families: 吨 and 斤 are both weight,
    % and 个百分点 are not). None matches only None or %: a bare growth figure is a rate."""
    if a == b:
        return True
    if a is None or b is None:
        return (a or b) == "%"
    return units.units_compatible(a, b)


def to_common_scale(value: float | None, unit: str | None) -> float | None:
    """Value in its family's base unit (weights in 吨), so 1200亿斤 and 6000万吨 compare."""
    if value is None or not unit:
        return value
    known = units.families().get(unit)
    return value * known[1] if known else value
