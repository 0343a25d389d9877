"""Migration 0003_auth builds exactly the users/api_tokens tables the models describe."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import luoshi.storage.auth_models  # noqa: F401 - registers the tables
from luoshi.storage.base import Base
from luoshi.storage.db import make_engine
from luoshi.storage.migrate import downgrade_to, upgrade_to_head

AUTH_TABLES = {"users", "api_tokens"}


def _mentions_auth_table(op) -> bool:
    op = op[0] if isinstance(op, list) else op
    for part in op[1:]:
        name = getattr(part, "name", None) if not isinstance(part, str) else part
        table = getattr(part, "table", None)
        if name in AUTH_TABLES or getattr(table, "name", None) in AUTH_TABLES:
            return True
    return False


def test_auth_tables_match_models_and_downgrade_cleanly(db_url):
    engine = make_engine(db_url)
    upgrade_to_head(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    assert [d for d in diff if _mentions_auth_table(d)] == []
    downgrade_to(engine, "0002_ledger")
    from sqlalchemy import inspect

    assert not AUTH_TABLES & set(inspect(engine).get_table_names())
    upgrade_to_head(engine)
    engine.dispose()
