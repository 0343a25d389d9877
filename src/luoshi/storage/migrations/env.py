"""Alembic environment. The connection comes from ``config.attributes['connection']`` (see
luoshi.storage.migrate); there is no ini file and no URL here."""
from __future__ import annotations

from alembic import context

import luoshi.storage.auth_models  # noqa: F401 - registers users and api_tokens (0003_auth)
import luoshi.storage.ledger_models  # noqa: F401 - registers the ledger tables (0002_ledger)
import luoshi.storage.models  # noqa: F401 - registers the reading tables on Base.metadata
from luoshi.storage.base import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("luoshi migrations run through luoshi.storage.migrate.upgrade_to_head(engine)")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite ALTER goes through table copies
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("offline (SQL script) mode is not supported; run upgrade_to_head(engine)")
run_migrations_online()
