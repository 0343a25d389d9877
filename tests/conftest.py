"""Fixtures shared by the whole suite.

- ``shared_dir``: ../shared beside the repository (seeds, corpus, gold); tests that need it skip
  with a clear message where it is absent.
- ``db_url``: a fresh, empty database URL, parametrised over SQLite (a temp file) and PostgreSQL
  (a throw-away database on the server named by LUOSHI_TEST_POSTGRES_URL, default
  postgresql+psycopg://postgres@127.0.0.1:5432/test). PostgreSQL cases skip, saying why, when the
  server cannot be reached.
"""
from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("LUOSHI_SHARED_DIR", REPO.parent / "shared"))
PG_ADMIN_URL = os.environ.get(
    "LUOSHI_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"../shared is absent ({SHARED}): seed/corpus/gold tests need it")
    return SHARED


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return REPO / "samples"


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


def make_pg_database() -> tuple[str, callable]:
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


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    """An empty database (no tables yet) on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'luoshi.db'}"
        return
    url, drop = make_pg_database()
    try:
        yield url
    finally:
        from sqlalchemy import create_engine  # noqa: F401 - engines are disposed by the tests

        drop()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'luoshi.db'}"


@pytest.fixture
def pg_url():
    url, drop = make_pg_database()
    try:
        yield url
    finally:
        drop()
