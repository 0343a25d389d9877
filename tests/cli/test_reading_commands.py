"""The reading-side CLI: ingest (batches, duplicates, bad input), articles, show, extract, export."""
from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from luoshi.cli import reading_commands
from luoshi.cli.main import app
from luoshi.storage.db import make_engine, session_factory, transaction
from luoshi.storage.queries import count_rows

# An invented evening-paper report (names and figures are made up).
REPORT = """柳河县召开民生实事推进会

本报讯（记者 顾晓岚）4月8日上午，县长陆承泽主持召开全县民生实事推进会。会议听取了各牵头部门工作情况汇报。

会议要求，县住建局要确保年底前完成老旧小区改造32个，县人社局力争全年新增城镇就业1.2万人以上。

据统计，一季度全县新增城镇就业3100人，完成老旧小区改造9个。
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "in" / "2026-04-09_liuhe.txt"
    path.parent.mkdir()
    path.write_bytes(REPORT.encode("gb18030"))
    return path


def _counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with transaction(session_factory(engine)) as session:
        counts = count_rows(session)
    engine.dispose()
    return counts


def _ingest(runner, url, *paths, extra=()):
    return runner.invoke(app, ["ingest", *map(str, paths), "--db", url, "--published", "2026-04-09",
                               "--place", "柳河县", *extra])


def test_ingest_then_list_show_and_deduplicate(runner, db_url, good_file):
    first = _ingest(runner, db_url, good_file)
    assert first.exit_code == 0, first.output
    assert "ingested 1 document(s)" in first.stdout
    again = _ingest(runner, db_url, good_file)
    assert again.exit_code == 0 and "1 duplicate(s)" in again.stdout
    assert _counts(db_url)["documents"] == 1

    listing = runner.invoke(app, ["articles", "--db", db_url])
    assert listing.exit_code == 0 and "柳河县召开民生实事推进会" in listing.stdout
    assert "2026-04-09" in listing.stdout

    shown = runner.invoke(app, ["show", "1", "--db", db_url])
    assert shown.exit_code == 0, shown.output
    assert "柳河县召开民生实事推进会" in shown.stdout and "确保年底前完成老旧小区改造32个" in shown.stdout
    for section in ("people", "events", "commitments", "statistics", "formulations"):
        assert section in shown.stdout
    missing = runner.invoke(app, ["show", "999", "--db", db_url])
    assert missing.exit_code == 1 and "article 999 not found" in missing.stderr


def _bad_inputs(tmp_path):
    """Every kind of bad input named in the brief, each in its own file."""
    from docx import Document as Docx
    from reportlab.pdfgen import canvas

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (bad / "undecodable.txt").write_bytes(b"\x81\x20\xfe\x30\xc3\x28 abc " * 40)  # no Chinese encoding fits
    pdf = canvas.Canvas(str(bad / "scanned.pdf"))
    pdf.rect(100, 100, 200, 300, fill=1)  # a page with a picture and no text layer
    pdf.showPage()
    pdf.save()
    buf = io.BytesIO()
    doc = Docx()
    doc.add_paragraph("柳河县召开民生实事推进会")
    doc.save(buf)
    (bad / "truncated.docx").write_bytes(buf.getvalue()[: len(buf.getvalue()) // 2])
    with open(bad / "huge.txt", "wb") as fh:  # sparse: 200 MB on paper, nothing on disk
        fh.truncate(200 * 1024 * 1024)
    no_reports = tmp_path / "no_reports"
    no_reports.mkdir()
    (no_reports / "notes.xyz").write_text("not a report")
    return bad, no_reports


def test_bad_inputs_fail_one_line_each_and_the_batch_goes_on(runner, sqlite_url, good_file, tmp_path, monkeypatch):
    monkeypatch.setenv("LUOSHI_OCR_DPI", "72")  # scanned.pdf is read by OCR (and found empty): coarse will do
    bad, no_reports = _bad_inputs(tmp_path)
    missing = tmp_path / "does-not-exist.txt"
    result = _ingest(runner, sqlite_url, bad, missing, no_reports, good_file)
    assert result.exit_code == 1
    assert "ingested 1 document(s)" in result.stdout and "8 failed" in result.stdout
    failures = [line for line in result.stderr.splitlines() if line.startswith("failed: ")]
    named = ["empty.txt", "binary.txt", "undecodable.txt", "scanned.pdf", "truncated.docx", "huge.txt",
             "does-not-exist.txt", "no_reports"]
    assert len(failures) == len(named)
    for name in named:
        assert sum(name in line for line in failures) == 1, (name, failures)
    assert not any("internal error" in line for line in failures), failures
    assert _counts(sqlite_url)["documents"] == 1


def test_failure_after_rows_were_written_leaves_nothing(runner, db_url, good_file, monkeypatch):
    from luoshi.storage import ingest as ingest_module

    def explode(*_args, **_kwargs):
        raise RuntimeError("injected after the document row was flushed")

    monkeypatch.setattr(ingest_module, "_article_row", explode)
    result = _ingest(runner, db_url, good_file)
    assert result.exit_code == 1
    assert "injected after the document row was flushed" in result.stderr
    assert set(_counts(db_url).values()) == {0}


def test_ledger_proposal_runs_in_the_same_transaction(runner, sqlite_url, good_file, monkeypatch):
    seen = []

    class Result:
        items_proposed = 2
        evidence_proposed = 1

    def fake_after_ingest(session, document_id):
        from luoshi.storage.models import Document

        seen.append(session.get(Document, document_id).sha256)
        return Result()

    monkeypatch.setattr(reading_commands, "_after_ingest", lambda: fake_after_ingest)
    result = _ingest(runner, sqlite_url, good_file)
    assert result.exit_code == 0, result.output
    assert len(seen) == 1
    assert "proposed 2 ledger item(s) and 1 piece(s) of evidence" in result.stdout
    again = _ingest(runner, sqlite_url, good_file)  # duplicates propose nothing new
    assert len(seen) == 1 and "1 duplicate(s)" in again.stdout


def test_failing_ledger_proposal_rolls_back_the_document(runner, sqlite_url, good_file, monkeypatch):
    def broken(session, document_id):
        raise RuntimeError("intake failed")

    monkeypatch.setattr(reading_commands, "_after_ingest", lambda: broken)
    result = _ingest(runner, sqlite_url, good_file)
    assert result.exit_code == 1 and "intake failed" in result.stderr
    assert _counts(sqlite_url)["documents"] == 0


def test_ingest_from_standard_input(runner, sqlite_url):
    result = runner.invoke(app, ["ingest", "-", "--db", sqlite_url], input=REPORT.encode("utf-8"))
    assert result.exit_code == 0, result.output
    assert _counts(sqlite_url)["documents"] == 1


def test_database_url_from_environment(runner, sqlite_url, good_file, monkeypatch):
    monkeypatch.setenv("LUOSHI_DATABASE_URL", sqlite_url)
    assert runner.invoke(app, ["ingest", str(good_file)]).exit_code == 0
    assert _counts(sqlite_url)["documents"] == 1


def test_bad_date_option_is_rejected(runner, sqlite_url, good_file):
    result = _ingest(runner, sqlite_url, good_file, extra=["--published", "15/03/2026"])
    assert result.exit_code == 2 and "15/03/2026" in result.output


def test_extract_prints_the_json_contract_without_a_database(runner, good_file, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["extract", str(good_file), "--published", "2026-04-09", "--place", "柳河县"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["schema"] == "luoshi.extraction/1"
    assert payload["articles"][0]["headline"] == "柳河县召开民生实事推进会"
    assert not (tmp_path / "luoshi.db").exists()
    table = runner.invoke(app, ["extract", str(good_file), "--format", "table"])
    assert table.exit_code == 0 and "article" in table.stdout


def test_extract_bad_file_is_one_line_and_non_zero(runner, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = runner.invoke(app, ["extract", str(empty)])
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "empty.txt" in result.stderr


def test_export_formats_read_back(runner, db_url, good_file, tmp_path):
    assert _ingest(runner, db_url, good_file).exit_code == 0
    out = runner.invoke(app, ["export", "--db", db_url, "--format", "jsonl"])
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert rows[0]["headline"] == "柳河县召开民生实事推进会" and rows[0]["published"] == "2026-04-09"

    csv_path = tmp_path / "commitments.csv"
    res = runner.invoke(app, ["export", "--db", db_url, "--what", "commitments", "--format", "csv", "-o", str(csv_path)])
    assert res.exit_code == 0, res.output
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    back = list(csv.DictReader(raw.decode("utf-8-sig").splitlines()))
    assert all(r["headline"] == "柳河县召开民生实事推进会" for r in back)
    assert {"article_id", "span_start", "span_end", "place", "published"} <= set(back[0] if back else
                                                                              reading_commands_columns("commitments"))

    pq_path = tmp_path / "articles.parquet"
    res = runner.invoke(app, ["export", "--db", db_url, "--format", "parquet", "-o", str(pq_path)])
    assert res.exit_code == 0, res.output
    assert pq.read_table(pq_path).column("headline").to_pylist() == ["柳河县召开民生实事推进会"]


def reading_commands_columns(what):
    from luoshi.storage.queries import export_columns

    return export_columns(what)


def test_export_binary_format_needs_an_output_file(runner, sqlite_url):
    result = runner.invoke(app, ["export", "--db", sqlite_url, "--what", "articles", "--format", "parquet"])
    assert result.exit_code == 2 and "--output" in result.output


def test_export_of_the_ledger_defaults_for_xlsx(runner, sqlite_url, good_file, tmp_path):
    pytest.importorskip("luoshi.tracking.excel", reason="the ledger's Excel writer is not installed yet")
    from openpyxl import load_workbook

    assert _ingest(runner, sqlite_url, good_file).exit_code == 0
    out = tmp_path / "ledger.xlsx"
    result = runner.invoke(app, ["export", "--db", sqlite_url, "--format", "xlsx", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert load_workbook(out).active.max_row >= 1


def test_ledger_export_refuses_article_date_filters(runner, sqlite_url):
    result = runner.invoke(app, ["export", "--db", sqlite_url, "--what", "items", "--since", "2026-01-01"])
    assert result.exit_code == 2 and "--since" in result.output


def test_unopenable_database_is_one_line_and_non_zero(runner, tmp_path, good_file):
    url = f"sqlite:///{tmp_path / 'no-such-folder' / 'x.db'}"
    result = runner.invoke(app, ["ingest", str(good_file), "--db", url])
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1 and "cannot open database" in result.stderr


def test_extract_internal_error_is_one_line(runner, good_file, monkeypatch):
    from luoshi.extraction import pipeline

    def broken(*_args, **_kwargs):
        raise KeyError("lexicon entry")

    monkeypatch.setattr(pipeline, "extract_document", broken)
    result = runner.invoke(app, ["extract", str(good_file)])
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1 and good_file.name in result.stderr and "KeyError" in result.stderr


def test_no_progress_bar_when_stderr_is_not_a_terminal(monkeypatch):
    monkeypatch.setattr("sys.stderr.isatty", lambda: False)
    assert isinstance(reading_commands._progress(100), reading_commands._NoProgress)
