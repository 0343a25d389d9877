"""Throw-away PostgreSQL databases for tests (imported as ``pgtools``; tests/ is on sys.path).

Kept out of conftest.py because several conftest modules exist and ``from conftest import``
would pick whichever was imported last.
"""
from __future__ import annotations

import os
import uuid
from collections.abc import Callable

import pytest

PG_ADMIN_URL = os.environ.get(
    "LUOSHI_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)

_pg_state: dict[str, str | None] = {}


def _pg_unreachable_reason() -> str | None:
    """None when the PostgreSQL server answers, else why not (checked once per session)."""
    if "reason" not in _pg_state:
        try:
            import sqlalchemy as sa

            eng = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
            with eng.connect() as c:
                c.execute(sa.text("select 1"))
            eng.dispose()
            _pg_state["reason"] = None
        except Exception as exc:  # noqa: BLE001 - any failure means "skip, and say why"
            _pg_state["reason"] = f"PostgreSQL not reachable at {PG_ADMIN_URL}: {exc.__class__.__name__}"
    return _pg_state["reason"]


def make_pg_database() -> tuple[str, Callable[[], None]]:
    """Create a throw-away database; returns its URL and a function that drops it."""
    import sqlalchemy as sa

    reason = _pg_unreachable_reason()
    if reason:
        if os.environ.get("LUOSHI_REQUIRE_POSTGRES"):  # CI: a missing server is a failure, not a skip
            pytest.fail(reason)
        pytest.skip(reason)
    name = "luoshi_t_" + uuid.uuid4().hex[:12]
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name

    def drop() -> None:
        with admin.connect() as c:
            c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url, drop


