"""Engine and session handling. SQLite file by default; PostgreSQL when LUOSHI_DATABASE_URL names one."""
from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///luoshi.db"


def database_url(url: str | None = None) -> str:
    """The URL to use: explicit argument, then LUOSHI_DATABASE_URL, then ./luoshi.db."""
    return url or os.environ.get("LUOSHI_DATABASE_URL") or DEFAULT_URL


def make_engine(url: str | None = None) -> Engine:
    url = database_url(url)
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            json_serializer=_json_dumps,
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # noqa: ANN001
            # Note: pysqlite's default transaction handling is kept (it opens a transaction at
            # the first write, so readers never hold a stale WAL snapshot that would make a later
            # write fail with "database is locked"). Its cost: RELEASE SAVEPOINT commits, so
            # code must not rely on session.begin_nested() for rollback on SQLite.
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.close()

        return engine
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return create_engine(
        url, pool_pre_ping=True, pool_size=10, max_overflow=20, json_serializer=_json_dumps
    )


def _json_dumps(obj: object) -> str:
    """JSON columns keep Chinese readable (not \\uXXXX escapes): smaller and greppable."""
    return json.dumps(obj, ensure_ascii=False)


def lock_for_write(session: Session) -> None:
    """Take the database's write lock now, before reading what the write depends on.

    SQLite: ``BEGIN IMMEDIATE`` when no transaction is open yet (waiting up to the busy timeout for
    another writer to finish), so a read-then-write — a progress report without a version, the
    "is this file already stored?" check of ingest — sees the other writer's committed work instead
    of failing afterwards on a stale version or a unique key. A transaction that has already written
    holds the lock anyway. PostgreSQL: nothing (callers lock their rows with SELECT … FOR UPDATE).
    """
    if session.get_bind().dialect.name != "sqlite":
        return
    dbapi = session.connection().connection.driver_connection
    if dbapi is not None and not dbapi.in_transaction:
        dbapi.execute("BEGIN IMMEDIATE")


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


@contextmanager
def transaction(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One unit of work: commit on success, roll back everything on any error."""
    session = factory()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()
