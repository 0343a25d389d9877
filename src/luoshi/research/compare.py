"""Comparison tables: one row per place for one metric and year, and a chart to put in a paper.

The row of a place is its own expected target of that year: among the place's targets for the metric
(metrics.py), the one marked ``role == "expected"`` (the 主要预期目标 paragraph of a work report, once
extraction marks it), else the first printed in the place's earliest report of the year. The result
columns come from ``outcomes`` (the later report's figure). ``levels=True`` sorts each province first
and its cities under it (层层加码: a city's target beside its province's).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any

from luoshi.research.metrics import Metric
from luoshi.research.outcomes import Outcome, is_review, merge_ranges, target_metric, target_year

__all__ = ["COMPARE_COLUMNS", "compare_table", "write_chart"]

COMPARE_COLUMNS = ("place", "year", "metric", "comparator", "value", "low", "high", "unit", "text",
                   "result_value", "verdict", "document", "span")
LEVEL_COLUMNS = ("province", "level")


def _rank(c: dict[str, Any]) -> tuple:
    """Which of a place's targets is its expected one: ``role == "expected"`` first; until extraction marks
    roles, a target with a period of its own (今年, 2026年) and a 左右/range comparator before a bare "="
    figure (in a work report those are mostly last year's results); then the earliest report, first printed."""
    published = c.get("published") if isinstance(c.get("published"), date) else date.max
    return (c.get("role") != "expected", c.get("period_end") is None, c.get("comparator") == "=", published,
            c.get("document_id") or "", c.get("span_start") or 0)


def compare_table(
    commitments: Iterable[dict[str, Any]], outcomes: Iterable[Outcome], metric: Metric, year: int,
    *, levels: bool = False,
) -> list[dict[str, Any]]:
    """Rows of ``COMPARE_COLUMNS`` (plus ``province``/``level`` with ``levels``), one per place."""
    by_commitment = {o.commitment_id: o for o in outcomes}
    best: dict[str, dict[str, Any]] = {}
    for c in merge_ranges(commitments):
        place = c.get("place")
        if not place or is_review(c) or (c.get("value") is None and c.get("low") is None):
            continue
        found = target_metric(c.get("metric"), c.get("unit"), c.get("text"))
        if found is None or found.key != metric.key or target_year(c) != year:
            continue
        if place not in best or _rank(c) < _rank(best[place]):
            best[place] = c
    rows = []
    for place, c in best.items():
        outcome = by_commitment.get(c.get("commitment_id") or "")
        rows.append({
            "place": place, "year": year, "metric": metric.label, "comparator": c.get("comparator"),
            "value": c.get("value"), "low": c.get("low"), "high": c.get("high"), "unit": c.get("unit"),
            "text": c.get("text"), "result_value": outcome.result_value if outcome else None,
            "verdict": outcome.verdict if outcome else None, "document": c.get("document_id"),
            "span": f"{c.get('span_start')}-{c.get('span_end')}" if c.get("span_start") is not None else None,
            "province": c.get("province"), "level": _level(place, c.get("province")),
        })
    if levels:
        return _by_levels(rows)
    return sorted(rows, key=lambda r: r["place"])


def _level(place: str, province: str | None) -> str:
    if province and place == province:
        return "province"
    return "city" if place.endswith(("市", "州", "盟", "地区")) else "county"


def _by_levels(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each province's row, then its cities, then its counties (places without a province last)."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[r.get("province") or "~"].append(r)
    order = {"province": 0, "city": 1, "county": 2}
    out = []
    for province in sorted(groups):
        out.extend(sorted(groups[province], key=lambda r: (order[r["level"]], r["place"])))
    return out


def write_chart(rows: list[dict[str, Any]], path: str | Path, *, title: str = "") -> Path:
    """A horizontal bar chart of the targets (a range drawn as a bar from low to high) with the later
    result as a dot: PNG or SVG by the file's suffix. SVG keeps its text as text (searchable, and the
    reader's fonts show the 汉字)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = Path(path)
    if path.suffix.lower() not in (".png", ".svg"):
        raise ValueError(f"{path}: a chart is .png or .svg")
    plt.rcParams["font.sans-serif"] = ["Noto Sans CJK SC", "Noto Serif CJK SC", "WenQuanYi Micro Hei",
                                       "Source Han Sans SC", "SimHei", "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    plt.rcParams["svg.fonttype"] = "none"
    plotted = [r for r in rows if r.get("value") is not None or r.get("low") is not None]
    fig, ax = plt.subplots(figsize=(7, 0.45 * max(3, len(plotted)) + 1.2), dpi=150)
    labels = [r["place"] for r in plotted]
    for i, r in enumerate(plotted):
        low = r["low"] if r.get("low") is not None else r["value"]
        high = r["high"] if r.get("high") is not None else r["value"]
        ax.barh(i, low, color="#9bb7d4", height=0.6)
        if high > low:
            ax.barh(i, high - low, left=low, color="#4a78a8", height=0.6)
        ax.text(high, i, f" {_fmt(r)}", va="center", fontsize=8)
        if r.get("result_value") is not None:
            ax.plot(r["result_value"], i, "o", color="#c0392b", markersize=5)
    ax.set_yticks(range(len(plotted)), labels)
    ax.invert_yaxis()
    unit = next((r.get("unit") for r in plotted if r.get("unit")), "")
    ax.set_xlabel(f"{plotted[0]['metric'] if plotted else ''} {unit}".strip())
    if title:
        ax.set_title(title)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, metadata={"Date": None} if path.suffix.lower() == ".svg" else None)
    plt.close(fig)
    return path


def _fmt(r: dict[str, Any]) -> str:
    def num(v: float) -> str:
        return f"{v:g}"
    if r.get("low") is not None and r.get("high") is not None and r["high"] != r["low"]:
        return f"{num(r['low'])}–{num(r['high'])}"
    return num(r["value"]) + ("左右" if r.get("comparator") == "~" else "")
