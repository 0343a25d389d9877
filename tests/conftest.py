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
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("LUOSHI_SHARED_DIR", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "seeds").is_dir():
        pytest.skip(f"../shared is absent ({SHARED}): seed/corpus/gold tests need it")
    return SHARED


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return REPO / "samples"


from pgtools import make_pg_database  # noqa: E402 - shared with tests that build their own databases


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
