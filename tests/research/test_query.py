"""``luoshi query``: DuckDB views over the dataset; copies left out of the views; every example query
of docs/research.md runs."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from luoshi.research.corpus import collect_inputs, run_corpus
from luoshi.research.outcomes import outcome_rows
from luoshi.research.query import run_query
from luoshi.research.sources import DatasetSource

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    """The invented 江南省 pair, plus a GB18030 copy of the 2026 report (a near-duplicate)."""
    folder = tmp_path_factory.mktemp("q")
    for name in ("jiangnan-2025.txt", "jiangnan-2026.txt"):
        shutil.copy(DATA / name, folder / name)
    text = (DATA / "jiangnan-2026.txt").read_text(encoding="utf-8")
    (folder / "mirror-2026.txt").write_bytes(text.encode("gb18030"))
    (folder / "list.jsonl").write_text(
        '{"path": "jiangnan-2025.txt", "published": "2025-01-15", "place": "江南省"}\n'
        '{"path": "jiangnan-2026.txt", "published": "2026-01-20", "place": "江南省"}\n'
        '{"path": "mirror-2026.txt", "published": "2026-01-21", "place": "江南省"}\n', encoding="utf-8")
    out = folder / "ds"
    run_corpus(collect_inputs([], str(folder / "list.jsonl"))[0], out, workers=0)
    source = DatasetSource(out)
    source.save("outcomes", outcome_rows(source.outcomes()))
    return out


def _one(root, sql):
    return run_query(root, sql)[1][0][0]


def test_copies_are_counted_once(dataset):
    assert _one(dataset, "SELECT count(*) FROM raw_articles") == 3
    assert _one(dataset, "SELECT count(*) FROM articles") == 2
    assert _one(dataset, "SELECT count(*) FROM raw_commitments") > _one(dataset, "SELECT count(*) FROM commitments")
    groups = run_query(dataset, "SELECT canonical, count(*) FROM duplicate_groups GROUP BY 1 ORDER BY 1")[1]
    assert groups == [(False, 1), (True, 1)]


def test_partitions_are_columns(dataset):
    assert run_query(dataset, "SELECT DISTINCT year, province FROM articles ORDER BY year")[1] == [
        (2025, "江南省"), (2026, "江南省")]


def test_outcome_links_to_its_evidence(dataset):
    """The evidence id is a statistic's, or a review-section clause's that extraction took for a target."""
    sql = ("SELECT o.verdict, coalesce(s.text, r.text) FROM outcomes o JOIN commitments c USING (commitment_id) "
           "LEFT JOIN statistics s ON s.statistic_id = o.statistic_id "
           "LEFT JOIN commitments r ON r.commitment_id = o.statistic_id "
           "WHERE o.metric = 'gdp_growth' AND o.year = 2025")
    (verdict, text), = run_query(dataset, sql)[1]
    assert verdict == "met" and "5.6%" in text


def test_every_example_query_in_the_docs_runs(dataset):
    doc = (ROOT / "docs" / "research.md").read_text(encoding="utf-8")
    queries = re.findall(r"```sql\n(.*?)```", doc, re.S)
    assert len(queries) >= 6
    for sql in queries:
        columns, _rows = run_query(dataset, sql)
        assert columns, sql
