"""Fixtures of the ledger tests.

``session``: a Session on a database migrated once per test session and backend (SQLite file and
PostgreSQL), inside a transaction that is rolled back after the test — the services never commit, so
each test sees an empty ledger, and the suite stays fast (no per-test CREATE DATABASE + migration).
``engine``: a fresh migrated database per test, for tests that commit (backup/restore, CLI, concurrency).
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from luoshi.storage.db import make_engine, session_factory
from luoshi.storage.migrate import upgrade_to_head


def _make_pg_database():
    from pgtools import make_pg_database  # the suite's root conftest (tests/conftest.py)

    return make_pg_database()


@pytest.fixture(scope="session", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def ledger_engine(request, tmp_path_factory):
    drop = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('ledger') / 'ledger.db'}"
    else:
        url, drop = _make_pg_database()
    eng = make_engine(url)
    upgrade_to_head(eng)
    yield eng
    eng.dispose()
    if drop:
        drop()


@pytest.fixture
def session(ledger_engine) -> Iterator[Session]:
    connection = ledger_engine.connect()
    outer = connection.begin()
    s = Session(bind=connection, expire_on_commit=False)
    try:
        yield s
    finally:
        s.close()
        outer.rollback()
        connection.close()


@pytest.fixture
def engine(db_url):
    eng = make_engine(db_url)
    upgrade_to_head(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def committing_session(engine) -> Iterator[Session]:
    with session_factory(engine)() as s:
        yield s
