"""Promised vs delivered: targets linked to the later report's figures, with verdicts and rules.

Two pairs of reports: an invented province (江南省, both years written for this test) and a real one
— the 2026 上海市 work report of ../shared — whose 2025 results answer an invented 2025 target
paragraph of the same place."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from luoshi.research.corpus import collect_inputs, run_corpus
from luoshi.research.metrics import normalise_metric, units_compatible
from luoshi.research.outcomes import link_outcomes, statistic_year, verdict
from luoshi.research.sources import DatasetSource

DATA = Path(__file__).parent / "data"


def _manifest(folder: Path, rows: list[dict]) -> Path:
    path = folder / "manifest.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def jiangnan(tmp_path_factory):
    folder = tmp_path_factory.mktemp("jiangnan")
    for name in ("jiangnan-2025.txt", "jiangnan-2026.txt"):
        shutil.copy(DATA / name, folder / name)
    manifest = _manifest(folder, [{"path": "jiangnan-2025.txt", "published": "2025-01-15", "place": "江南省"},
                                  {"path": "jiangnan-2026.txt", "published": "2026-01-20", "place": "江南省"}])
    run_corpus(collect_inputs([], str(manifest))[0], folder / "ds", workers=0)
    return {(o.metric, o.year): o for o in DatasetSource(folder / "ds").outcomes()}


def test_verdicts_follow_comparator_and_direction(jiangnan):
    assert jiangnan[("gdp_growth", 2025)].verdict == "met"  # 5.5%左右 -> 5.6
    assert jiangnan[("budget_revenue_growth", 2025)].verdict == "not met"  # 3% -> 2.1
    assert jiangnan[("unemployment", 2025)].verdict == "met"  # 5.5%以内 -> 5.1: a ceiling
    assert jiangnan[("cpi", 2025)].verdict == "met"  # 2%左右 -> 0.3: lower is better
    assert jiangnan[("urban_jobs", 2025)].verdict == "met"  # 60万人以上 -> 62.5万人


def test_scales_are_compared_not_printed_units(jiangnan):
    grain = jiangnan[("grain", 2025)]  # 3000万吨以上 -> 612亿斤 (= 3060万吨)
    assert (grain.unit, grain.result_unit, grain.verdict) == ("吨", "斤", "met")


def test_no_figure_is_unclear_and_no_later_report_is_said(jiangnan):
    assert jiangnan[("industry_growth", 2025)].verdict == "unclear"
    assert jiangnan[("gdp_growth", 2026)].verdict == "no later report"


def test_outcome_keeps_both_spans_and_the_rule(jiangnan):
    gdp = jiangnan[("gdp_growth", 2025)]
    assert gdp.rule == "gdp_growth; section_year" and gdp.result_value == 5.6
    target = (DATA / "jiangnan-2025.txt").read_text(encoding="utf-8")
    assert "5.5%左右" in (gdp.target_text or "") and gdp.target_span_end > gdp.target_span_start
    assert gdp.result_document != gdp.target_document and gdp.result_span_end > gdp.result_span_start
    assert "5.6%" in (DATA / "jiangnan-2026.txt").read_text(encoding="utf-8") and target


def test_real_work_report_answers_last_years_target(workreports_manifest, tmp_path):
    """The 2026 上海市 report (real) reports 2025's growth; an invented 2025 target is linked to it."""
    real = next(i for i in collect_inputs([], str(workreports_manifest))[0] if "上海市" in i.path)
    shutil.copy(DATA / "shanghai-2025-invented.txt", tmp_path / "sh-2025.txt")
    manifest = _manifest(tmp_path, [{"path": "sh-2025.txt", "published": "2025-01-20", "place": "上海市"}])
    inputs = collect_inputs([], str(manifest))[0] + [real]
    run_corpus(inputs, tmp_path / "ds", workers=0)
    found = {o.metric: o for o in DatasetSource(tmp_path / "ds").outcomes() if o.year == 2025}
    gdp = found["gdp_growth"]
    assert gdp.verdict in ("met", "not met") and gdp.result_value is not None and 0 < gdp.result_value < 10
    assert gdp.result_document != gdp.target_document and gdp.rule.startswith("gdp_growth; ")
    assert gdp.verdict == ("met" if gdp.result_value >= 5 * 0.98 else "not met")


def test_metric_normalisation():
    assert normalise_metric("生产总值增长").key == normalise_metric("地区生产总值增速").key == "gdp_growth"
    assert normalise_metric("GDP增长").key == normalise_metric("全省地区生产总值增长").key == "gdp_growth"
    assert normalise_metric("人均地区生产总值增长").key == "gdp_per_capita_growth"
    assert normalise_metric("城镇调查失业率平均").key == "unemployment"
    assert normalise_metric("单位地区生产总值能耗").key == "energy_intensity"
    assert normalise_metric("新建公园") is None


def test_outcomes_compare_units_by_the_extraction_families():
    """One table of unit families (extraction/data/units.tsv) for the ledger and for research."""
    from luoshi.extraction import units
    from luoshi.research.metrics import to_common_scale

    for a, b in [("吨", "斤"), ("亩", "公顷"), ("人", "人次"), ("人", "名"), ("元", "%")]:
        assert units_compatible(a, b) == units.units_compatible(a, b)
    assert to_common_scale(612e8, "斤") == to_common_scale(3060e4, "吨")


def test_units_and_ranges():
    assert units_compatible("%", "%") and units_compatible("吨", "斤") and not units_compatible("%", "个百分点")
    assert not units_compatible("元", "%")
    gdp = normalise_metric("地区生产总值增长")
    assert verdict(gdp, {"comparator": "between", "value": 4.5, "low": 4.5, "high": 5.0}, 4.6) == "met"
    assert verdict(gdp, {"comparator": "between", "value": 4.5, "low": 4.5, "high": 5.0}, 4.4) == "not met"
    cpi = normalise_metric("居民消费价格涨幅")
    assert verdict(cpi, {"comparator": "between", "value": 1.0, "low": 1.0, "high": 3.0}, 2.5) == "met"
    assert verdict(cpi, {"comparator": "~", "value": 2.0}, 2.5) == "not met"


def test_statistic_year_rules():
    from datetime import date

    assert statistic_year({"as_of": "2024年", "published": date(2026, 1, 5)}) == (2024, "as_of_year")
    assert statistic_year({"as_of": "去年", "published": date(2026, 1, 5)}) == (2025, "as_of_last_year")
    assert statistic_year({"section": "一、过去一年工作回顾", "published": date(2026, 1, 5)}) == (2025, "review_section")
    assert statistic_year({"as_of": "上半年", "published": date(2026, 8, 5)}) == (None, "none")


def test_ranges_printed_as_two_targets_are_one(tmp_path):
    rows = [{"commitment_id": f"d-0-c{i}", "document_id": "d", "article_id": "d-0", "span_start": 5, "span_end": 30,
             "metric": "地区生产总值增长", "unit": "%", "comparator": cmp, "value": v, "place": "江南省",
             "published": __import__("datetime").date(2026, 1, 20), "text": "地区生产总值增长4.5%—5%"}
            for i, (cmp, v) in enumerate(((">=", 4.5), ("<=", 5.0)))]
    out = link_outcomes(rows, [], [])
    assert len(out) == 1 and (out[0].comparator, out[0].low, out[0].high) == ("between", 4.5, 5.0)
