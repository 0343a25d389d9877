"""Promised vs delivered: link each target (place, metric, period) to a later report's statistic.

A target of year Y (its period's end, else the year its report was published) in place P is linked
to a statistic about year Y printed by a *later* report of P with the same canonical metric
(research/metrics.py: 生产总值增长 ≈ 地区生产总值增速 ≈ GDP增长) and a compatible unit. The year a
statistic is about comes from, in order: a year in its ``as_of`` (``2025年``) — rule ``as_of_year``;
``去年/上年/过去一年`` — ``as_of_last_year``; a review section (the contract's optional ``section``
naming 回顾/过去一年/上年; a year in that heading — ``section_year`` — else the year before publication —
``review_section``); else a report published in the first half of the next year without a time of its
own (a work report looking back) — ``next_year_report``. A clause extraction took for a target but
printed in a review section is a result, not a target (``is_review``).

Verdicts: ``met`` / ``not met`` by the target's comparator and the metric's better direction (a
ceiling such as a CPI or unemployment rate is met at or below it), ``between`` ranges met from the
bound on the better side; ``no later report`` when no report of P was published after the target's
year; ``unclear`` when later reports exist but none states the metric for that year (or only in
another unit). Every outcome keeps both spans and the rule that matched.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from luoshi.research.metrics import Metric, normalise_metric, to_common_scale, units_compatible

__all__ = ["Outcome", "link_outcomes", "merge_ranges", "target_metric", "statistic_year", "verdict", "OUTCOME_COLUMNS"]

_YEAR = re.compile(r"(20\d{2})年")
_LAST_YEAR = ("去年", "上年", "过去一年", "上一年", "2024-2025")
_REVIEW = ("回顾", "过去一年", "过去的一年", "上年", "去年", "工作总结", "完成情况")
# "About" tolerance of a ~ target, relative to its value: 5%左右 is met from 4.9 (2% of 5) up.
APPROX_TOLERANCE = 0.02


@dataclass
class Outcome:
    commitment_id: str
    place: str | None
    metric: str
    metric_label: str
    year: int
    comparator: str | None
    value: float | None
    low: float | None
    high: float | None
    unit: str | None
    target_text: str | None
    target_document: str | None
    target_span_start: int | None
    target_span_end: int | None
    statistic_id: str | None
    result_value: float | None
    result_unit: str | None
    result_text: str | None
    result_document: str | None
    result_published: date | None
    result_span_start: int | None
    result_span_end: int | None
    verdict: str
    rule: str


OUTCOME_COLUMNS = tuple(Outcome.__dataclass_fields__)


def target_metric(metric: str | None, unit: str | None, text: str | None = None) -> Metric | None:
    """The canonical metric of a target or statistic. A level metric printed with % and 增长/增速 in
    its clause is the growth of that level (地区生产总值 + 增长5% → gdp_growth)."""
    found = normalise_metric(metric)
    if found is not None and found.measure == "level" and unit == "%":
        grown = normalise_metric(f"{metric}增长")
        if grown is not None and grown.measure == "growth":
            return grown
    if found is None and text:
        head = re.split(r"[0-9０-９]", text, maxsplit=1)[0]  # the words before the number
        found = normalise_metric(re.sub(r"(实现|达到|保持|为|了|约|左右)$", "", head))
        if found is not None and found.measure == "level" and unit == "%":
            found = normalise_metric(f"{head}增长") or found
    return found


def _published(row: dict[str, Any]) -> date | None:
    value = row.get("published")
    return value if isinstance(value, date) else None


def is_review(row: dict[str, Any]) -> bool:
    """Printed in a review section (一、2025年工作回顾, 过去一年…): a result, even if extraction took the
    clause for a target (a work report's review reads like its targets: 地区生产总值增长5.6%)."""
    section = row.get("section") or ""
    return bool(section) and any(w in section for w in _REVIEW)


def _section_year(row: dict[str, Any]) -> int | None:
    years = _YEAR.findall(row.get("section") or "")
    return int(years[-1]) if years else None


def target_year(row: dict[str, Any]) -> int | None:
    """The period's end year, else a year in the section heading (二、2026年主要目标任务), else the
    year of publication (a work report's 今年)."""
    end = row.get("period_end")
    if isinstance(end, date):
        return end.year
    year = _section_year(row)
    if year is not None:
        return year
    pub = _published(row)
    return pub.year if pub else None


def statistic_year(row: dict[str, Any]) -> tuple[int | None, str]:
    """The year a statistic reports on, and the rule that said so (``none`` when it cannot be told)."""
    pub = _published(row)
    as_of = row.get("as_of") or ""
    years = _YEAR.findall(as_of)
    if years:
        return int(years[-1]), "as_of_year"
    if pub is None:
        return None, "none"
    if any(w in as_of for w in _LAST_YEAR):
        return pub.year - 1, "as_of_last_year"
    if is_review(row):
        year = _section_year(row)
        return (year, "section_year") if year is not None else (pub.year - 1, "review_section")
    if not as_of and pub.month <= 6:
        return pub.year - 1, "next_year_report"
    return None, "none"


def verdict(metric: Metric, target: dict[str, Any], result: float) -> str:
    """``met`` or ``not met`` for one result against one target."""
    comparator = target.get("comparator") or "="
    value, low, high = target.get("value"), target.get("low"), target.get("high")
    lower_better = metric.better == "lower"
    if comparator == "between" and low is not None and high is not None:
        ok = result <= high if lower_better else result >= low
    elif value is None:
        return "unclear"
    elif comparator == ">=":
        ok = result >= value
    elif comparator == ">":
        ok = result > value
    elif comparator == "<=":
        ok = result <= value
    elif comparator == "<":
        ok = result < value
    else:  # "~" and "=": the better side, with a small tolerance for 左右/约
        slack = abs(value) * APPROX_TOLERANCE
        ok = result <= value + slack if lower_better else result >= value - slack
    return "met" if ok else "not met"


def merge_ranges(commitments: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """A ``>=`` and a ``<=`` target on the same clause (4.5%—5% printed as two targets by an extraction
    without ``between``) become one ``between`` target with ``low``/``high`` (value = low, as the contract
    has it). Targets that already carry ``low``/``high`` pass unchanged."""
    rows = list(commitments)
    by_clause: dict[tuple, list[dict[str, Any]]] = defaultdict(list)
    for c in rows:
        by_clause[(c.get("document_id"), c.get("article_id"), c.get("span_start"), c.get("metric"))].append(c)
    out = []
    for c in rows:
        group = by_clause[(c.get("document_id"), c.get("article_id"), c.get("span_start"), c.get("metric"))]
        lows = [g for g in group if g.get("comparator") in (">=", ">") and g.get("value") is not None]
        highs = [g for g in group if g.get("comparator") in ("<=", "<") and g.get("value") is not None]
        if len(group) == 2 and len(lows) == 1 and len(highs) == 1 and lows[0]["value"] < highs[0]["value"]:
            if c is lows[0]:
                out.append({**c, "comparator": "between", "low": c["value"], "high": highs[0]["value"]})
            continue
        out.append(c)
    return out


def link_outcomes(
    commitments: Iterable[dict[str, Any]], statistics: Iterable[dict[str, Any]],
    documents: Iterable[dict[str, Any]],
) -> list[Outcome]:
    """One outcome per target (commitments with a quantified target whose metric normalises).

    ``documents`` are ``{document_id, place, published}`` rows of every report (of its articles'
    places): they tell whether a later report of the place exists at all.
    """
    commitments = merge_ranges(commitments)
    results = list(statistics) + [c for c in commitments if is_review(c)]
    stats_by_key: dict[tuple[str | None, str, int], list[tuple[dict[str, Any], str]]] = defaultdict(list)
    for s in results:
        if s.get("value") is None:
            continue
        metric = target_metric(s.get("metric"), s.get("unit"), s.get("text"))
        year, rule = statistic_year(s)
        if metric is None or year is None:
            continue
        stats_by_key[(s.get("place"), metric.key, year)].append((s, rule))
    reports: dict[str | None, list[date]] = defaultdict(list)
    for d in documents:
        if isinstance(d.get("published"), date):
            reports[d.get("place")].append(d["published"])
    out = []
    for c in commitments:
        if is_review(c) or (c.get("value") is None and c.get("low") is None):
            continue
        metric = target_metric(c.get("metric"), c.get("unit"), c.get("text"))
        year = target_year(c)
        if metric is None or year is None:
            continue
        out.append(_link_one(c, metric, year, stats_by_key, reports))
    return sorted(out, key=lambda o: (o.place or "", o.year, o.metric, o.commitment_id))


def _link_one(c: dict[str, Any], metric: Metric, year: int,
              stats_by_key: dict[Any, list[tuple[dict[str, Any], str]]], reports: dict[Any, list[date]]) -> Outcome:
    place = c.get("place")
    target_doc_published = _published(c)
    candidates = [(s, rule) for s, rule in stats_by_key.get((place, metric.key, year), [])
                  if s.get("document_id") != c.get("document_id")
                  and (_published(s) or date.min) > (target_doc_published or date.min)]
    same_unit = [(s, r) for s, r in candidates if units_compatible(c.get("unit"), s.get("unit"))]
    base = _base(c, metric, year)
    if same_unit:
        rank = {"as_of_year": 0, "section_year": 1, "as_of_last_year": 2, "review_section": 3, "next_year_report": 4}
        s, rule = min(same_unit, key=lambda sr: (rank.get(sr[1], 9), _published(sr[0]) or date.max,
                                                  _item_id(sr[0])))
        result = to_common_scale(s.get("value"), s.get("unit"))
        target = {**c, "value": to_common_scale(c.get("value"), c.get("unit")),
                  "low": to_common_scale(c.get("low"), c.get("unit")),
                  "high": to_common_scale(c.get("high"), c.get("unit"))}
        return Outcome(**base, statistic_id=_item_id(s), result_value=s.get("value"),
                       result_unit=s.get("unit"), result_text=s.get("text"), result_document=s.get("document_id"),
                       result_published=_published(s), result_span_start=s.get("span_start"),
                       result_span_end=s.get("span_end"), verdict=verdict(metric, target, result or 0.0),
                       rule=f"{metric.key}; {rule}")
    later = [p for p in reports.get(place, []) if p.year > year]
    if not later:
        why, rule = "no later report", f"no report of {place} published after {year}"
    elif candidates:
        why, rule = "unclear", "later report states the metric in another unit"
    else:
        why, rule = "unclear", f"later report of {min(later).isoformat()} does not state {metric.label} for {year}"
    return Outcome(**base, statistic_id=None, result_value=None, result_unit=None, result_text=None,
                   result_document=None, result_published=None, result_span_start=None, result_span_end=None,
                   verdict=why, rule=rule)


def _item_id(row: dict[str, Any]) -> str:
    """A statistic's id, or the id of the review-section commitment that reports the result."""
    return row.get("statistic_id") or row.get("commitment_id") or ""


def _base(c: dict[str, Any], metric: Metric, year: int) -> dict[str, Any]:
    return {"commitment_id": c.get("commitment_id"), "place": c.get("place"), "metric": metric.key,
            "metric_label": metric.label, "year": year, "comparator": c.get("comparator"), "value": c.get("value"),
            "low": c.get("low"), "high": c.get("high"), "unit": c.get("unit"), "target_text": c.get("text"),
            "target_document": c.get("document_id"), "target_span_start": c.get("span_start"),
            "target_span_end": c.get("span_end")}


def outcome_rows(outcomes: list[Outcome]) -> list[dict[str, Any]]:
    return [asdict(o) for o in outcomes]
