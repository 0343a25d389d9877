"""The machinery that keeps the ledger fast at 100,000 items gives the same answers as the plain rules:
the SQL light equals compute_light, the full-text index and the supporting-unit table follow every write,
refresh_lights writes only what changed and runs once a day."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import product

import pytest
from sqlalchemy import delete, func, insert, select

from luoshi.storage.ledger_models import Item, ItemSupportingUnit
from luoshi.tracking.items import create_item, list_items, update_item
from luoshi.tracking.lights import compute_light, last_refresh, light_sql, refresh_if_stale, refresh_lights
from luoshi.tracking.settings import get_settings
from tracking.ledger_fixtures import HOUSING_CLERK, HOUSING_UNIT, JOBS_CLERK, JOBS_UNIT, SUPERVISOR

TODAY = date(2026, 7, 1)


def _row(seq: int, **values) -> dict:
    base = {"serial": f"DB-2026-{9000 + seq:04d}", "year": 2026, "seq": 9000 + seq, "title": f"事项{seq}",
            "source_text": "", "kind": "target", "supporting_units": [], "support_key": "", "tags": [],
            "status": "in_progress", "outcome": "not_rated", "light": "none", "light_reason": "",
            "created_by": "test", "version": 1, "search_text": f"事项{seq}"}
    return {**base, **values}


def test_sql_light_agrees_with_compute_light_around_every_boundary(session):
    """Due yesterday/today/in 15/16 days, no due date, no start, on/behind/ahead of the line, ceilings,
    no report, closed/rejected/merged: the CASE the scorecards use gives compute_light's verdict."""
    settings = get_settings(session)
    dues = [None, TODAY - timedelta(days=1), TODAY, TODAY + timedelta(days=15), TODAY + timedelta(days=16),
            date(2026, 12, 31)]
    starts = [None, date(2026, 1, 1), TODAY + timedelta(days=40)]
    progress = [None, 0.0, 49.0, 100 * 181 / 364, 60.0]
    combos = product(dues, starts, progress, [">=", "<=", None], ["in_progress", "closed", "rejected", "merged"])
    rows = [_row(n, due_date=due, start_date=start, progress_value=done, target_value=100.0,
                 target_comparator=comparator, status=status)
            for n, (due, start, done, comparator, status) in enumerate(combos)]
    rows.append(_row(len(rows), due_date=date(2026, 12, 31), start_date=date(2026, 1, 1), target_value=None,
                     progress_value=5.0))
    session.execute(insert(Item), rows)
    dialect = session.get_bind().dialect.name
    found = session.execute(select(Item, light_sql(Item, TODAY, settings, dialect)).where(Item.seq >= 9000)).all()
    assert len(found) == len(rows)
    mismatches = [(item.serial, light, compute_light(item, TODAY, settings)[0]) for item, light in found
                  if light != compute_light(item, TODAY, settings)[0]]
    assert mismatches == []


@pytest.mark.parametrize("query,expected", [("零工市场", 1), ("零工", 1), ("市场建", 0), ("口袋公园", 1),
                                            ("DB-2026", 2), ("db-2026", 2), ("100%", 0)])
def test_text_search_finds_substrings_of_any_length(session, query, expected):
    create_item(session, SUPERVISOR, {"title": "建设零工市场", "lead_unit": JOBS_UNIT})
    create_item(session, SUPERVISOR, {"title": "新建口袋公园", "lead_unit": HOUSING_UNIT})
    assert list_items(session, SUPERVISOR, {"q": query}).total == expected


def test_text_search_follows_edits(session):
    item = create_item(session, SUPERVISOR, {"title": "建设零工市场", "lead_unit": JOBS_UNIT})
    update_item(session, SUPERVISOR, item.id, {"title": "建设人力资源市场"}, expected_version=item.version)
    session.flush()
    assert list_items(session, SUPERVISOR, {"q": "零工市场"}).total == 0
    assert list_items(session, SUPERVISOR, {"q": "人力资源市场"}).total == 1


def test_supporting_units_table_follows_inserts_edits_and_deletes(session):
    item = create_item(session, SUPERVISOR, {"title": "改造老旧小区", "lead_unit": HOUSING_UNIT,
                                             "supporting_units": [JOBS_UNIT], "due_date": "2026-12-31"},
                       status="assigned")
    session.flush()
    assert list_items(session, JOBS_CLERK).total == 1
    assert list_items(session, SUPERVISOR, {"unit": JOBS_UNIT}).total == 1
    update_item(session, SUPERVISOR, item.id, {"supporting_units": ["临江市财政局"]}, expected_version=item.version)
    session.flush()
    assert list_items(session, JOBS_CLERK).total == 0
    assert list_items(session, HOUSING_CLERK).total == 1  # the lead unit still sees it
    session.execute(delete(Item).where(Item.id == item.id))
    assert session.scalar(select(func.count()).select_from(ItemSupportingUnit)) == 0


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite keeps no zone


def test_refresh_lights_writes_only_changes_and_keeps_versions(session):
    item = create_item(session, SUPERVISOR, {"title": "建设零工市场", "lead_unit": JOBS_UNIT,
                                             "start_date": "2026-01-01", "due_date": "2026-07-20"},
                       status="assigned")
    version, updated = item.version, item.updated_at
    assert refresh_lights(session, today=date(2026, 7, 1)) >= 1
    assert refresh_lights(session, today=date(2026, 7, 1)) == 0
    session.refresh(item)
    assert (item.light, item.light_reason) == ("green", "距到期19天")
    assert refresh_lights(session, today=date(2026, 7, 5)) >= 1
    session.refresh(item)
    assert (item.light, item.light_reason, item.version) == ("yellow", "15天后到期", version)
    assert _utc(item.updated_at) == _utc(updated)


def test_refresh_if_stale_runs_once_a_day(session):
    create_item(session, SUPERVISOR, {"title": "建设零工市场", "lead_unit": JOBS_UNIT, "due_date": "2026-12-31"})
    assert refresh_if_stale(session, date(2026, 7, 1)) is not None
    assert last_refresh(session) == date(2026, 7, 1)
    assert refresh_if_stale(session, date(2026, 7, 1)) is None
    assert refresh_if_stale(session, date(2026, 7, 2)) is not None
    assert last_refresh(session) == date(2026, 7, 2)
