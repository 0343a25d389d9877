"""督查通报: the report's figures, and the .docx / .xlsx read back (python-docx, openpyxl) and via the CLI."""
from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
from docx import Document
from openpyxl import load_workbook

from luoshi.tracking.briefing import build_briefing, write_docx, write_xlsx
from luoshi.tracking.errors import ValidationFailed
from luoshi.tracking.items import create_item
from luoshi.tracking.progress import add_progress
from luoshi.tracking.workflow import transition
from tracking.ledger_fixtures import HOUSING_CLERK, HOUSING_UNIT, JOBS_UNIT, SUPERVISOR

TODAY = date(2026, 7, 1)


@pytest.fixture
def ledger(session):
    def item(unit, title, due, status="assigned"):
        made = create_item(session, SUPERVISOR, {"title": title, "lead_unit": unit, "due_date": due,
                                                 "start_date": "2026-01-01", "target_value": 100, "target_unit": "个",
                                                 "target_metric": title}, status="assigned")
        if status in ("in_progress", "closed"):
            transition(session, SUPERVISOR, made.id, "accept", today=TODAY)
            add_progress(session, SUPERVISOR, made.id, value=100 if status == "closed" else 40,
                         as_of=date(2026, 6, 28), today=TODAY)
        if status == "closed":
            transition(session, SUPERVISOR, made.id, "request_completion", today=TODAY)
            transition(session, SUPERVISOR, made.id, "close", today=TODAY)
            made.closed_at = datetime(2026, 6, 29, 8, 0, tzinfo=UTC)
        return made

    late = item(JOBS_UNIT, "建设零工市场", "2026-06-20", "in_progress")
    done = item(HOUSING_UNIT, "改造老旧小区", "2026-09-30", "closed")
    item(HOUSING_UNIT, "编制住房规划", "2026-12-31")
    create_item(session, SUPERVISOR, {"title": "待确认的事项", "lead_unit": HOUSING_UNIT})  # not in the report
    session.flush()
    return late, done


def test_briefing_counts_statuses_lights_overdue_completed_and_units(session, ledger):
    late, done = ledger
    b = build_briefing(session, SUPERVISOR, date(2026, 6, 24), date(2026, 6, 30), today=TODAY)
    assert b.total == 3 and b.by_status == {"in_progress": 1, "closed": 1, "assigned": 1}
    assert [i.serial for i in b.overdue] == [late.serial] and [i.serial for i in b.completed] == [done.serial]
    units = {r.unit: r for r in b.units}
    assert (units[HOUSING_UNIT].total, units[HOUSING_UNIT].closed, units[JOBS_UNIT].overdue) == (2, 1, 1)
    assert units[JOBS_UNIT].reports == 1 and units[JOBS_UNIT].avg_progress == pytest.approx(0.4)
    assert build_briefing(session, HOUSING_CLERK, date(2026, 6, 24), date(2026, 6, 30), today=TODAY).total == 2
    assert build_briefing(session, SUPERVISOR, date(2026, 1, 1), date(2026, 6, 30), unit=JOBS_UNIT, today=TODAY).total == 1
    with pytest.raises(ValidationFailed):
        build_briefing(session, SUPERVISOR, date(2026, 7, 1), date(2026, 6, 1))


def test_docx_and_xlsx_hold_the_same_counts(session, ledger):
    late, _ = ledger
    b = build_briefing(session, SUPERVISOR, date(2026, 6, 24), date(2026, 6, 30), today=TODAY)
    buffer = io.BytesIO()
    write_docx(b, buffer)
    doc = Document(io.BytesIO(buffer.getvalue()))
    assert doc.paragraphs[0].text == "督查通报"
    status_table = doc.tables[0]
    assert [c.text for c in status_table.rows[-1].cells] == ["合计", "3"]
    overdue_table = doc.tables[2]
    assert [c.text for c in overdue_table.rows[1].cells][:3] == [late.serial, "建设零工市场", JOBS_UNIT]
    assert overdue_table.rows[1].cells[4].text == "11"  # 20 June → 1 July
    buffer = io.BytesIO()
    write_xlsx(b, buffer)
    cells = [row for row in load_workbook(io.BytesIO(buffer.getvalue())).active.iter_rows(values_only=True)]
    assert ("合计", 3) == cells[cells.index(("状态", "事项数", None, None, None, None)) + 6][:2]


def test_cli_report_writes_the_docx(tmp_path):
    from typer.testing import CliRunner

    from luoshi.cli.main import app
    from luoshi.storage.db import make_engine, session_factory
    from luoshi.storage.migrate import upgrade_to_head

    url = f"sqlite:///{tmp_path / 'r.db'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    with session_factory(engine)() as session:
        create_item(session, SUPERVISOR, {"title": "建设零工市场", "lead_unit": JOBS_UNIT, "due_date": "2026-06-20"},
                    status="assigned")
        session.commit()
    engine.dispose()
    out = tmp_path / "通报.docx"
    result = CliRunner().invoke(app, ["report", "--from", "2026-06-01", "--to", "2026-06-30", "--format", "docx",
                                      "-o", str(out), "--db", url, "--today", "2026-07-01"])
    assert result.exit_code == 0, result.output
    assert "1 items, 1 overdue" in result.output
    assert [c.text for c in Document(str(out)).tables[0].rows[-1].cells] == ["合计", "1"]
    bad = CliRunner().invoke(app, ["report", "--from", "2026-06-01", "--to", "2026-06-30", "--format", "pdf",
                                   "-o", str(out), "--db", url])
    assert bad.exit_code != 0 and "docx or xlsx" in bad.output
