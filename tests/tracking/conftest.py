"""Fixtures of the ledger tests: a migrated database session on each backend."""
from __future__ import annotations

from typing import Iterator

import pytest
from sqlalchemy.orm import Session

from luoshi.storage.db import make_engine, session_factory, upgrade


@pytest.fixture
def engine(db_url):
    eng = make_engine(db_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture
def session(engine) -> Iterator[Session]:
    factory = session_factory(engine)
    with factory() as s:
        yield s
        s.rollback()


