"""Issue 11, command line: hostile inputs end in one line naming the file, a non-zero exit, nothing
lost; two ``ingest`` processes on one SQLite file both finish cleanly."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from hostile import REPORT_SENTENCE, docx_bomb
from luoshi.cli.main import app
from luoshi.storage.db import make_engine, session_factory, transaction
from luoshi.storage.ledger_models import AuditEntry
from luoshi.storage.models import Document

LUOSHI = str(Path(sys.executable).with_name("luoshi"))


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


_TOPICS = ("老旧小区改造", "农村公路养护", "中小学扩容", "社区养老服务", "河道清淤整治", "菜市场提升",
           "公共停车场建设", "口袋公园建设", "供水管网更新", "夜间经济街区", "职业技能培训", "乡镇卫生院改造")


def _report(i: int) -> str:
    """A short report of its own per ``i`` (distinct enough that the near-duplicate detector keeps them apart)."""
    topic = _TOPICS[i % len(_TOPICS)]
    return (f"第{i}次{topic}推进会召开\n本报讯 会议听取了{topic}进展汇报，要求，{REPORT_SENTENCE}"
            f"{topic}第{i}项工作年底前完成，{topic}相关单位逐项抓好落实。\n")


def _count(url: str, stmt) -> int:
    engine = make_engine(url)
    with transaction(session_factory(engine)) as s:
        n = s.scalar(stmt) or 0
    engine.dispose()
    return n


def test_extract_dev_zero_is_refused_by_name(runner):
    result = runner.invoke(app, ["extract", "/dev/zero"])
    assert result.exit_code == 1
    assert result.stderr.strip() == "error: /dev/zero: not a regular file: a character device"


def test_extract_zip_bomb_is_one_line_and_fast(runner, tmp_path):
    bomb = tmp_path / "bomb.docx"
    bomb.write_bytes(docx_bomb())
    started = time.perf_counter()
    result = runner.invoke(app, ["extract", str(bomb)])
    assert time.perf_counter() - started < 10
    assert result.exit_code == 1 and len(result.stderr.strip().splitlines()) == 1
    assert "inflates to 1,024 MB" in result.stderr


def test_folder_holding_a_fifo_ingests_the_rest_and_names_the_fifo(runner, sqlite_url, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(_report(1), encoding="utf-8")
    os.mkfifo(folder / "b.txt")
    result = runner.invoke(app, ["ingest", str(folder), "--db", sqlite_url])
    assert result.exit_code == 1
    assert "ingested 1 document(s)" in result.stdout
    assert f"failed: {folder / 'b.txt'}: not a regular file: a FIFO" in " ".join(result.stderr.split())
    assert _count(sqlite_url, select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "ingest")) == 1


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_published_outside_1900_2100_is_a_usage_error(runner, sqlite_url, tmp_path, command):
    path = tmp_path / "a.txt"
    path.write_text(_report(1), encoding="utf-8")
    extra = ["--db", sqlite_url] if command == "ingest" else []
    result = runner.invoke(app, [command, str(path), "--published", "9999-12-31", *extra])
    assert result.exit_code == 2
    assert "outside 1900–2100" in result.stderr and "Traceback" not in result.stderr


def test_two_ingest_processes_on_one_sqlite_file_both_exit_0(sqlite_url, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(12):
        (folder / f"{i:02d}.txt").write_text(_report(i), encoding="utf-8")
    subprocess.run([LUOSHI, "articles", "--db", sqlite_url], check=True, capture_output=True)  # migrate once
    procs = [subprocess.Popen([LUOSHI, "ingest", str(folder), "--db", sqlite_url], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    assert "internal error" not in "".join(err for _out, err in outs)
    assert _count(sqlite_url, select(func.count()).select_from(Document)) == 12
    # every file stored once by one process and counted a duplicate by the other (row 13 of issue 11)
    counts = [re.search(r"ingested (\d+) document\(s\).*; (\d+) duplicate\(s\); (\d+) failed", out) for out, _ in outs]
    assert all(counts), outs
    assert sum(int(m[1]) for m in counts) == 12 and sum(int(m[2]) for m in counts) == 12
    assert [int(m[3]) for m in counts] == [0, 0]
    assert _count(sqlite_url, select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "ingest")) == 24
