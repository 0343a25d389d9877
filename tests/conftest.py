"""Fixtures shared by the whole suite.

- ``shared_dir``: ../shared beside the repository (seeds, corpus, gold); tests that need it skip
  with a clear message where it is absent, and fail instead when LUOSHI_REQUIRE_SHARED is set (CI).
- ``db_url``: a fresh, empty database URL, parametrised over SQLite (a temp file) and PostgreSQL
  (a throw-away database on the server named by LUOSHI_TEST_POSTGRES_URL, default
  postgresql+psycopg://postgres@127.0.0.1:5432/test). PostgreSQL cases skip, saying why, when the
  server cannot be reached.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from shared_data import REPO, SHARED, missing


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    reason = missing()
    if reason and os.environ.get("LUOSHI_REQUIRE_SHARED"):
        pytest.fail(f"{reason}; LUOSHI_REQUIRE_SHARED is set", pytrace=False)
    if reason:
        pytest.skip(f"{reason}: seed/corpus/gold tests need it")
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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--screenshots", action="store_true",
                     help="run the screenshot generators (marker 'screenshots'; scripts/screenshots.py)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The screenshot generators are not tests: deselected (not counted) unless --screenshots."""
    if config.getoption("--screenshots"):
        return
    shots = [item for item in items if item.get_closest_marker("screenshots")]
    if shots:
        config.hook.pytest_deselected(items=shots)
        items[:] = [item for item in items if not item.get_closest_marker("screenshots")]
