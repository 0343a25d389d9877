"""The research commands end to end (in this process, ``--workers 0``): corpus run, outcomes,
compare (csv/json/xlsx + chart), glossary, query — on the dataset and on the database."""
from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from luoshi.cli.main import app

DATA = Path(__file__).resolve().parents[1] / "research" / "data"


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    folder = tmp_path_factory.mktemp("reports")
    for name in ("jiangnan-2025.txt", "jiangnan-2026.txt"):
        shutil.copy(DATA / name, folder / name)
    (folder / "list.jsonl").write_text(
        '{"path": "jiangnan-2025.txt", "published": "2025-01-15", "place": "江南省", "source": "省政府网站"}\n'
        '{"path": "jiangnan-2026.txt", "published": "2026-01-20", "place": "江南省", "source": "省政府网站"}\n',
        encoding="utf-8")
    out = folder / "ds"
    result = CliRunner().invoke(app, ["corpus", "run", "--manifest", str(folder / "list.jsonl"), "--out", str(out),
                                      "--workers", "0"])
    assert result.exit_code == 0, result.output
    return out


def _run(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


def test_outcomes_table_written_and_queryable(dataset):
    rows = list(csv.DictReader(io.StringIO(_run("outcomes", "--dataset", str(dataset)).stdout.lstrip("\ufeff"))))
    gdp = next(r for r in rows if r["metric"] == "gdp_growth" and r["year"] == "2025")
    assert (gdp["value"], gdp["result_value"], gdp["verdict"]) == ("5.5", "5.6", "met")
    sql = "SELECT verdict, count(*) AS n FROM outcomes WHERE year = 2025 GROUP BY verdict ORDER BY verdict"
    out = _run("query", "--dataset", str(dataset), sql, "--format", "json").stdout
    assert {r["verdict"]: r["n"] for r in json.loads(out)} == {"met": 5, "not met": 1, "unclear": 1}


def test_compare_formats_and_chart(dataset, tmp_path):
    base = ["compare", "--dataset", str(dataset), "--metric", "地区生产总值增长", "--year", "2025"]
    rows = json.loads(_run(*base, "--format", "json").stdout)
    assert [(r["place"], r["value"], r["result_value"], r["verdict"]) for r in rows] == [("江南省", 5.5, 5.6, "met")]
    _run(*base, "--format", "xlsx", "-o", str(tmp_path / "t.xlsx"), "--chart", str(tmp_path / "c.png"))
    sheet = openpyxl.load_workbook(tmp_path / "t.xlsx").active
    assert [c.value for c in sheet[1]][:5] == ["place", "year", "metric", "comparator", "value"]
    assert (tmp_path / "c.png").read_bytes().startswith(b"\x89PNG")


def test_compare_refuses_unknown_metric_and_bad_chart(dataset, tmp_path):
    bad = CliRunner().invoke(app, ["compare", "--dataset", str(dataset), "--metric", "幸福指数", "--year", "2025"])
    assert bad.exit_code == 2 and "not a known metric" in bad.output
    chart = CliRunner().invoke(app, ["compare", "--dataset", str(dataset), "--metric", "gdp_growth", "--year", "2025",
                                     "--chart", str(tmp_path / "c.gif")])
    assert chart.exit_code == 2


def test_outcomes_on_the_database_match_the_dataset(dataset, tmp_path):
    db = f"sqlite:///{tmp_path / 'office.db'}"
    for name, day in (("jiangnan-2025.txt", "2025-01-15"), ("jiangnan-2026.txt", "2026-01-20")):
        _run("ingest", str(DATA / name), "--published", day, "--place", "江南省", "--db", db)
    from_db = _run("outcomes", "--db", db, "--format", "json").stdout
    from_ds = _run("outcomes", "--dataset", str(dataset), "--format", "json").stdout
    assert json.loads(from_db) == json.loads(from_ds)  # same ids, same rows


def test_query_errors_are_one_line(dataset, tmp_path):
    bad = CliRunner().invoke(app, ["query", "--dataset", str(dataset), "SELECT nothing FROM nowhere"])
    assert bad.exit_code == 1 and bad.stderr.count("\n") == 1 and "query failed" in bad.stderr
    missing = CliRunner().invoke(app, ["query", "--dataset", str(tmp_path), "SELECT 1"])
    assert missing.exit_code == 1 and "not a corpus dataset" in missing.stderr


def test_corpus_run_reports_failures_and_exits_non_zero(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "cut.docx").write_bytes(b"PK\x03\x04 cut short")
    result = CliRunner().invoke(app, ["corpus", "run", str(tmp_path / "in"), "--out", str(tmp_path / "ds"),
                                      "--workers", "0"])
    assert result.exit_code == 1 and "1 failed" in result.stderr
    rows = json.loads(_run("query", "--dataset", str(tmp_path / "ds"), "SELECT path, reason FROM failures",
                           "--format", "json").stdout)
    assert len(rows) == 1 and rows[0]["reason"].startswith(rows[0]["path"])


def test_glossary_command(dataset):
    out = _run("glossary", "--dataset", str(dataset), "--format", "json").stdout
    assert isinstance(json.loads(out), list)
