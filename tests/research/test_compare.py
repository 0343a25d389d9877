"""Comparison tables from real work reports (../shared): one row per place, the place's own expected
target; ``levels`` puts a province above its cities; the chart is a real PNG/SVG."""
from __future__ import annotations

from datetime import date

import pytest

from luoshi.research.compare import COMPARE_COLUMNS, compare_table, write_chart
from luoshi.research.corpus import collect_inputs, run_corpus
from luoshi.research.metrics import resolve_metric_option
from luoshi.research.sources import DatasetSource

PLACES = ("上海市", "吉林省", "广东省", "湖南省")
GDP = resolve_metric_option("地区生产总值增长")


@pytest.fixture(scope="module")
def workreports(workreports_manifest, dask_client, tmp_path_factory):
    inputs = [i for i in collect_inputs([], str(workreports_manifest))[0] if any(p in i.path for p in PLACES)]
    assert len(inputs) == len(PLACES)
    out = tmp_path_factory.mktemp("workreports")
    run_corpus(inputs, out, client=dask_client, batch_size=1)
    return DatasetSource(out)


def test_one_row_per_place_with_its_expected_target(workreports):
    rows = compare_table(workreports.commitments(), workreports.outcomes(), GDP, 2026)
    assert [r["place"] for r in rows] == sorted(PLACES)
    for r in rows:
        assert set(COMPARE_COLUMNS) <= set(r) and r["year"] == 2026 and r["unit"] == "%"
        assert 3 <= (r["value"] or 0) <= 7 and "生产总值增长" in r["text"]  # from the 主要预期目标 paragraph
        assert r["verdict"] == "no later report"
    guangdong = next(r for r in rows if r["place"] == "广东省")
    assert guangdong["comparator"] == "between" and guangdong["low"] < guangdong["high"]


def test_levels_put_cities_under_their_province():
    base = {"metric": "地区生产总值增长", "unit": "%", "comparator": "~", "published": date(2026, 1, 20),
            "period_end": date(2026, 12, 31), "text": "地区生产总值增长5%左右", "span_start": 0, "span_end": 9}
    rows = [
        {**base, "commitment_id": "a-0-c0", "document_id": "a", "place": "江城市", "province": "江南省", "value": 6.0},
        {**base, "commitment_id": "b-0-c0", "document_id": "b", "place": "江南省", "province": "江南省", "value": 5.0},
        {**base, "commitment_id": "c-0-c0", "document_id": "c", "place": "东川市", "province": "江南省", "value": 6.5},
        {**base, "commitment_id": "d-0-c0", "document_id": "d", "place": "北湖省", "province": "北湖省", "value": 5.5},
    ]
    out = compare_table(rows, [], GDP, 2026, levels=True)
    assert [(r["place"], r["level"]) for r in out] == [
        ("北湖省", "province"), ("江南省", "province"), ("东川市", "city"), ("江城市", "city")]


@pytest.mark.parametrize("suffix, magic", [(".png", b"\x89PNG"), (".svg", b"<?xml")])
def test_chart_files(workreports, tmp_path, suffix, magic):
    rows = compare_table(workreports.commitments(), workreports.outcomes(), GDP, 2026)
    path = write_chart(rows, tmp_path / f"chart{suffix}", title="地区生产总值增长 2026")
    data = path.read_bytes()
    assert data.startswith(magic) and len(data) > 2000
    if suffix == ".svg":
        assert "上海市" in data.decode("utf-8")  # text kept as text
