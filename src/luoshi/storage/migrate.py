"""Schema migrations run from code: no alembic.ini, so it works the same from a checkout or a wheel.

Every process that opens a database (CLI, web server, notebook) calls :func:`upgrade_to_head` first;
on PostgreSQL an advisory lock serialises concurrent upgrades (two workers starting at once).
"""
from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text
from sqlalchemy.orm import Session, sessionmaker

from luoshi.storage.db import database_url, make_engine, session_factory

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Arbitrary constant key for pg_advisory_xact_lock ("luoshi" in ASCII, truncated to bigint range).
_PG_LOCK_KEY = 0x6C756F736869


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at the packaged migrations, optionally bound to a connection."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def head_revisions() -> set[str]:
    """The newest revision(s) of the packaged migrations (one, unless a merge is missing)."""
    return set(ScriptDirectory.from_config(alembic_config()).get_heads())


def current_revisions(engine: Engine) -> set[str]:
    """The revision(s) a database is at; empty for a fresh database."""
    with engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def upgrade_to_head(engine: Engine) -> None:
    """Create or upgrade the schema to the newest revision, in one transaction."""
    if current_revisions(engine) == head_revisions():
        return  # the common case: one cheap SELECT, no transaction
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
        command.upgrade(alembic_config(conn), "head")


def downgrade_to(engine: Engine, revision: str) -> None:
    """Step the schema back (used by tests that check each migration reverses cleanly)."""
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), revision)


def normalise_url(url: str | None) -> str:
    """``--db`` accepts a SQLAlchemy URL or a bare file path (``./office.db`` -> SQLite)."""
    url = database_url(url)
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser()}"
    return url


def open_database(url: str | None = None) -> sessionmaker[Session]:
    """Engine + schema at head + session factory: what every command and server needs first."""
    engine = make_engine(normalise_url(url))
    upgrade_to_head(engine)
    return session_factory(engine)
