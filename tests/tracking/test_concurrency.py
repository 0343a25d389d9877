"""Concurrent writers on real committed transactions: serial numbers stay unique, and a stale writer gets
Conflict instead of silently overwriting (SQLite and PostgreSQL)."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from luoshi.storage.db import session_factory
from luoshi.tracking.errors import Conflict
from luoshi.tracking.items import create_item, get_item, update_item
from tracking.ledger_fixtures import HOUSING_UNIT, SUPERVISOR


def test_serials_are_unique_under_concurrent_creation(engine):
    factory = session_factory(engine)

    def create(n: int) -> str:
        with factory() as session:
            item = create_item(session, SUPERVISOR, {"title": f"并发事项{n}", "lead_unit": HOUSING_UNIT,
                                                     "due_date": "2027-06-30"})
            session.commit()
            return item.serial

    with ThreadPoolExecutor(max_workers=8) as pool:
        serials = list(pool.map(create, range(16)))
    assert sorted(serials) == [f"DB-2027-{n:04d}" for n in range(1, 17)]


def test_a_stale_writer_gets_conflict_not_an_overwrite(engine):
    factory = session_factory(engine)
    with factory() as session:
        item_id = create_item(session, SUPERVISOR, {"title": "原标题", "due_date": "2027-01-31"}).id
        session.commit()
    first, second = factory(), factory()
    try:
        assert get_item(first, SUPERVISOR, item_id).version == get_item(second, SUPERVISOR, item_id).version == 1
        update_item(first, SUPERVISOR, item_id, {"title": "甲的修改"}, expected_version=1)
        first.commit()
        with pytest.raises(Conflict):  # second still believes version 1: the UPDATE … WHERE version=1 misses
            update_item(second, SUPERVISOR, item_id, {"title": "乙的修改"}, expected_version=1)
        second.rollback()
    finally:
        first.close()
        second.close()
    with factory() as session:
        item = get_item(session, SUPERVISOR, item_id)
        assert (item.title, item.version, [r.new for r in item.revisions]) == ("甲的修改", 2, ["甲的修改"])
