"""Fixtures for storage tests: a database migrated to head on each backend."""
from __future__ import annotations

import pytest


@pytest.fixture
def factory(db_url):
    """A session factory on a database migrated to head (SQLite and PostgreSQL)."""
    from luoshi.storage.db import make_engine, session_factory
    from luoshi.storage.migrate import upgrade_to_head

    engine = make_engine(db_url)
    upgrade_to_head(engine)
    yield session_factory(engine)
    engine.dispose()


# The page samples as fixtures, under the names the shared test fixtures use (sample_read(suffix),
# sample_extractions(articles)).
@pytest.fixture(scope="session")
def sample_read():
    from storage_samples import make_read

    return make_read


@pytest.fixture(scope="session")
def sample_extractions():
    from storage_samples import make_extractions

    return make_extractions
