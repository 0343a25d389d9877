"""Backup/restore round trip (SQLite ⇄ PostgreSQL) and the ledger CLI commands."""
from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from luoshi.cli.main import app
from luoshi.storage.db import make_engine, session_factory
from luoshi.storage.migrate import upgrade_to_head
from luoshi.tracking.backup import restore_backup, write_backup
from luoshi.tracking.errors import ValidationFailed
from luoshi.tracking.evidence import accept_evidence, list_evidence
from luoshi.tracking.intake import after_ingest
from luoshi.tracking.items import split_item
from luoshi.tracking.progress import UploadedFile, add_attachment
from luoshi.tracking.workflow import transition
from tracking.ledger_fixtures import PLENUM, RESULTS, SUPERVISOR, store

TABLES = ["documents", "articles", "commitments", "statistics", "items", "item_transitions", "item_revisions",
          "item_links", "progress_reports", "evidence", "attachments", "audit_log", "item_counters"]


def _fill(engine) -> None:
    with session_factory(engine)() as session:
        ids = after_ingest(session, store(session, PLENUM).id).item_ids
        after_ingest(session, store(session, RESULTS).id)
        for proposal in list_evidence(session, SUPERVISOR):
            accept_evidence(session, SUPERVISOR, proposal.id, today=date(2026, 9, 10))
        transition(session, SUPERVISOR, ids[0], "assign", due_date="2026-11-30", why="提前")
        split_item(session, SUPERVISOR, ids[1], [{"title": "东区"}, {"title": "西区"}])
        add_attachment(session, SUPERVISOR, ids[0], UploadedFile("表.xlsx", bytes(range(256)) * 4))
        session.commit()


def _snapshot(engine) -> dict[str, list[tuple]]:
    with engine.connect() as conn:
        return {t: sorted(map(tuple, conn.execute(sa.text(f"SELECT * FROM {t}")).all()), key=repr) for t in TABLES}


def test_backup_restores_into_an_empty_database_of_the_other_kind(engine, tmp_path, request):
    _fill(engine)
    archive = tmp_path / "ledger.zip"
    counts = write_backup(engine, archive)
    assert counts["items"] == 5 and counts["attachments"] == 1
    other_url = f"sqlite:///{tmp_path / 'restored.db'}"
    if engine.dialect.name == "sqlite":
        from pgtools import make_pg_database

        other_url, drop = make_pg_database()
        request.addfinalizer(drop)
    other = make_engine(other_url)
    try:
        restored = restore_backup(other, archive)
        assert restored == {k: v for k, v in counts.items() if k in restored}
        before, after = _snapshot(engine), _snapshot(other)
        for table in TABLES:
            if table != "audit_log":
                assert len(after[table]) == len(before[table]), table
        with engine.connect() as a, other.connect() as b:
            from luoshi.storage.ledger_models import Item

            query = sa.select(Item.serial, Item.status, Item.light, Item.progress_value, Item.due_date,
                              Item.parent_id, Item.supporting_units).order_by(Item.id)
            assert a.execute(query).all() == b.execute(query).all()
            blob = sa.text("SELECT data FROM attachments")  # bytes on both backends
            assert a.scalar(blob) == b.scalar(blob) == bytes(range(256)) * 4
            assert b.scalar(sa.text("SELECT count(*) FROM audit_log")) == a.scalar(
                sa.text("SELECT count(*) FROM audit_log")) + 1
        with session_factory(other)() as session:  # ids continue after the restored ones
            assert after_ingest(session, store(session, PLENUM.__class__(published=date(2026, 5, 1), commitments=[
                *PLENUM.commitments[:1]])).id).item_ids[0] > 5
        with pytest.raises(ValidationFailed, match="不为空"):
            restore_backup(other, archive)
    finally:
        other.dispose()


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    bad = tmp_path / "x.zip"
    bad.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(ValidationFailed, match="x.zip"):
        restore_backup(make_engine(f"sqlite:///{tmp_path / 'e.db'}"), bad)


@pytest.fixture
def cli_db(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    with session_factory(engine)() as session:
        after_ingest(session, store(session, PLENUM).id)
        after_ingest(session, store(session, RESULTS).id)
        session.commit()
    engine.dispose()
    return url


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_cli_lists_shows_and_moves_items(cli_db):
    listing = run("items", "--db", cli_db, "--q", "老旧小区")
    assert listing.exit_code == 0 and "DB-2026-0002" in listing.output and "DB-2026-0001" not in listing.output
    moved = run("item", "DB-2026-0001", "--db", cli_db, "--transition", "assign", "--unit", "临江市就业局",
                "--why", "全会部署")
    assert moved.exit_code == 0 and "已交办" in moved.output and "全会部署" in moved.output
    refused = run("item", "DB-2026-0001", "--db", cli_db, "--transition", "close")
    assert refused.exit_code == 1 and "不能销号" in refused.output
    stale = run("item", "1", "--db", cli_db, "--set", "title=新", "--version", "1")
    assert stale.exit_code == 1 and "版本" in stale.output


def test_cli_evidence_remind_scorecard_backup(cli_db, tmp_path):
    assert "同一地点临江市" in run("evidence", "--db", cli_db).output
    assert run("evidence", "--db", cli_db, "--accept", "1").exit_code == 0
    run("item", "3", "--db", cli_db, "--transition", "assign")
    reminders = run("remind", "--db", cli_db, "--today", "2026-07-01", "--send")
    assert reminders.exit_code == 0 and "已逾期1天" in reminders.output and "recorded as sent" in reminders.output
    card = run("scorecard", "--db", cli_db, "--period", "2026", "--today", "2026-07-01", "--json")
    assert card.exit_code == 0 and '"overdue": 1' in card.output
    archive = tmp_path / "b.zip"
    assert run("backup", str(archive), "--db", cli_db).exit_code == 0
    target = f"sqlite:///{tmp_path / 'r.db'}"
    restored = run("restore", str(archive), "--db", target)
    assert restored.exit_code == 0 and "restored" in restored.output
    assert run("restore", str(archive), "--db", target).exit_code == 1


def test_cli_import_reports_row_errors(cli_db, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["编号", "督办事项", "完成时限", "版本"])
    workbook.active.append(["DB-2026-0001", "新增就业", "下个月", 1])
    path = tmp_path / "台账.xlsx"
    workbook.save(path)
    result = run("import", str(path), "--db", cli_db)
    assert result.exit_code == 1 and "第2行" in result.output and "nothing imported" in result.output
    assert "“完成时限”列" in result.output and "due_date" not in result.output


def test_cli_as_a_unit_user_sees_and_does_only_their_units_work(cli_db):
    from luoshi.storage.auth_models import User
    from tracking.ledger_fixtures import HOUSING_UNIT, assign_all

    engine = make_engine(cli_db)
    with session_factory(engine)() as session:
        session.add(User(username="zj_sun", role="unit", unit=HOUSING_UNIT, is_active=True))
        assign_all(session, [2])  # the other proposal of the unit stays with the office (not listed)
        session.commit()
    engine.dispose()
    listing = run("items", "--db", cli_db, "--as", "zj_sun", "--json")
    assert listing.exit_code == 0 and '"total": 1' in listing.output and "DB-2026-0001" not in listing.output
    denied = run("item", "DB-2026-0001", "--db", cli_db, "--as", "zj_sun")
    assert denied.exit_code == 1 and "无权查看" in denied.output
    refused = run("item", "DB-2026-0002", "--db", cli_db, "--as", "zj_sun", "--transition", "close")
    assert refused.exit_code == 1 and "无权" in refused.output
    assert run("items", "--db", cli_db, "--as", "nobody").exit_code == 1
