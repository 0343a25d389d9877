"""Exports read back: CSV (with BOM, for Excel), JSON Lines, Parquet and xlsx carry the same rows."""
from __future__ import annotations

import csv
import json
from datetime import date

import pyarrow.parquet as pq
import pytest
from openpyxl import load_workbook
from storage_samples import make_extractions, make_read

from luoshi.storage.db import transaction
from luoshi.storage.exports import cell_text, write_rows
from luoshi.storage.ingest import store_document
from luoshi.storage.queries import ArticleFilter, article_summaries, export_columns, item_rows


@pytest.fixture
def stored(factory):
    doc, articles = make_read()
    with transaction(factory) as session:
        store_document(session, doc, articles, make_extractions(articles))
    return factory


def _rows(factory, what, filters=None):
    with transaction(factory) as session:
        return list(item_rows(session, what, filters))


def test_every_kind_exports_one_row_per_item_with_its_article(stored):
    articles = _rows(stored, "articles")
    assert [a["headline"] for a in articles] == ["全县重点项目推进会召开", "柳溪镇推进农村公路提档升级"]
    by_id = {a["article_id"]: a for a in articles}
    for what in ("people", "events", "commitments", "statistics", "formulations"):
        rows = _rows(stored, what)
        assert len(rows) == sum(a[what] for a in articles), what
        for row in rows:
            assert set(row) == set(export_columns(what))
            assert row["headline"] == by_id[row["article_id"]]["headline"]
            assert row["published"] == date(2026, 3, 13)


def test_csv_has_bom_and_chinese_reads_back(stored, tmp_path):
    rows = _rows(stored, "commitments")
    assert rows, "the invented report has commitments"
    out = tmp_path / "c.csv"
    assert write_rows(rows, export_columns("commitments"), "csv", out) == len(rows)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    back = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert [r["text"] for r in back] == [r["text"] for r in rows]
    assert back[0]["published"] == "2026-03-13"


def test_jsonl_keeps_types(stored, tmp_path):
    rows = _rows(stored, "people")
    out = tmp_path / "p.jsonl"
    write_rows(rows, export_columns("people"), "jsonl", out)
    back = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [b["name"] for b in back] == [r["name"] for r in rows]
    assert all(isinstance(b["mentions"], list) for b in back)


def test_parquet_reads_back_with_typed_columns(stored, tmp_path):
    rows = _rows(stored, "statistics")
    out = tmp_path / "s.parquet"
    write_rows(rows, export_columns("statistics"), "parquet", out)
    table = pq.read_table(out)
    assert table.num_rows == len(rows)
    assert table.column("value").to_pylist() == [r["value"] for r in rows]
    assert table.column("published").to_pylist()[0] == date(2026, 3, 13)
    articles = _rows(stored, "articles")
    write_rows(articles, export_columns("articles"), "parquet", tmp_path / "a.parquet")
    back = pq.read_table(tmp_path / "a.parquet").to_pylist()
    assert back[0]["reporters"] == articles[0]["reporters"]


def test_xlsx_reads_back(stored, tmp_path):
    rows = _rows(stored, "articles")
    out = tmp_path / "a.xlsx"
    write_rows(rows, export_columns("articles"), "xlsx", out)
    sheet = load_workbook(out).active
    values = list(sheet.values)
    assert values[0] == export_columns("articles")
    assert [v[values[0].index("headline")] for v in values[1:]] == [r["headline"] for r in rows]


def test_failed_export_leaves_no_partial_file(tmp_path):
    def broken_rows():
        yield {"a": 1}
        raise RuntimeError("database went away")

    out = tmp_path / "x.csv"
    with pytest.raises(RuntimeError):
        write_rows(broken_rows(), ("a",), "csv", out)
    assert list(tmp_path.iterdir()) == []


def test_place_and_date_filters(stored):
    with transaction(stored) as session:
        assert len(article_summaries(session, ArticleFilter(place="青川"))) == 2
        assert article_summaries(session, ArticleFilter(place="不存在市")) == []
        assert article_summaries(session, ArticleFilter(since=date(2026, 3, 14))) == []
        assert len(article_summaries(session, ArticleFilter(until=date(2026, 3, 13)))) == 2


def test_cell_text_renders_lists_dates_and_whole_numbers():
    assert cell_text(["张三", "李四"]) == "张三、李四"
    assert cell_text(date(2026, 1, 2)) == "2026-01-02"
    assert cell_text(120.0) == "120"
    assert cell_text([[1, 2]]) == "[[1, 2]]"
    assert cell_text(None) == ""
