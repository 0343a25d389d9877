"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Column, ForeignKeyConstraint, Index, Table, UniqueConstraint, inspect

from luoshi.storage import models
from luoshi.storage.base import Base
from luoshi.storage.db import make_engine
from luoshi.storage.migrate import current_revisions, downgrade_to, head_revisions, normalise_url, upgrade_to_head

READING_TABLES = {m.__table__.name for m in (models.Document, models.Article, *models.ITEM_TABLES.values())}


def _diff_for_reading_tables(engine) -> list:
    """Differences between database and models, limited to the tables this stage owns (other
    stages' tables are checked by their own tests against their own models)."""
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)

    def table_of(op) -> str | None:
        op = op[0] if isinstance(op, list) else op  # column modifications come as lists of tuples
        for part in op[1:]:
            if isinstance(part, Table):
                return part.name
            if isinstance(part, (Index, UniqueConstraint, ForeignKeyConstraint, Column)) and part.table is not None:
                return part.table.name
        return next((p for p in op[1:] if isinstance(p, str)), None)  # ('remove_column', schema, 'table', col)

    return [d for d in diff if table_of(d) in READING_TABLES]


def test_migrated_schema_matches_models(db_url):
    engine = make_engine(db_url)
    upgrade_to_head(engine)
    assert READING_TABLES <= set(inspect(engine).get_table_names())
    assert _diff_for_reading_tables(engine) == []
    engine.dispose()


def test_upgrade_is_idempotent_and_reaches_head(db_url):
    engine = make_engine(db_url)
    upgrade_to_head(engine)
    upgrade_to_head(engine)
    assert current_revisions(engine) == head_revisions()
    engine.dispose()


def test_downgrade_to_base_removes_reading_tables(db_url):
    engine = make_engine(db_url)
    upgrade_to_head(engine)
    downgrade_to(engine, "base")
    assert not READING_TABLES & set(inspect(engine).get_table_names())
    engine.dispose()


def test_bare_path_is_a_sqlite_database(tmp_path):
    assert normalise_url(str(tmp_path / "office.db")) == f"sqlite:///{tmp_path / 'office.db'}"
    assert normalise_url("postgresql://x@h/db") == "postgresql://x@h/db"


def test_whole_schema_matches_every_model_module(db_url):
    """All migrations together (reading, ledger, auth) build exactly what all models declare."""
    import importlib
    import pkgutil

    import luoshi.storage

    for info in pkgutil.iter_modules(luoshi.storage.__path__):
        if info.name == "models" or info.name.endswith("_models"):
            importlib.import_module(f"luoshi.storage.{info.name}")
    from luoshi.storage.ledger_models import is_search_index_table  # SQLite FTS5 tables: not models

    engine = make_engine(db_url)
    upgrade_to_head(engine)
    opts = {"compare_type": True,
            "include_name": lambda name, kind, _parent: not (kind == "table" and is_search_index_table(name))}
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts=opts), Base.metadata)
    engine.dispose()
    assert diff == []


def test_scale_indexes_come_and_go_with_their_migration(db_url):
    engine = make_engine(db_url)
    upgrade_to_head(engine)

    def indexes(table: str) -> set[str]:
        return {ix["name"] for ix in inspect(engine).get_indexes(table)}

    assert "ix_articles_place_published" in indexes("articles")
    assert "ix_items_target_value" in indexes("items")
    downgrade_to(engine, "0008_deliveries")
    assert "ix_articles_place_published" not in indexes("articles")
    assert "ix_items_target_value" not in indexes("items")
    upgrade_to_head(engine)
    assert "ix_items_target_value" in indexes("items")


def test_0008_deliveries_adds_the_delivery_log_and_goes_back(db_url):
    """0007 -> 0008 keeps the reminders already sent and adds an empty delivery log; down again drops it."""
    from sqlalchemy import text

    engine = make_engine(db_url)
    upgrade_to_head(engine)
    downgrade_to(engine, "0007_office")
    assert "deliveries" not in inspect(engine).get_table_names()
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO reminders (unit, kind, message, channel, sent_by, sent_at) "
                          "VALUES ('某单位', 'no_report', '【催办】', 'ledger', 'dc', CURRENT_TIMESTAMP)"))
    upgrade_to_head(engine)
    assert current_revisions(engine) == head_revisions()
    columns = {c["name"] for c in inspect(engine).get_columns("deliveries")}
    assert columns == {"id", "reminder_id", "channel", "target", "attempt", "status", "error", "at", "next_at"}
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM reminders")).scalar() == 1
        assert conn.execute(text("SELECT count(*) FROM deliveries")).scalar() == 0
    engine.dispose()


def test_0010_bigrams_fills_existing_items_and_goes_back(db_url):
    """0009 -> 0010 gives items already stored their bigrams (so a two-character word finds them at once);
    down again drops the column and its index (the items and their trigram search stay)."""
    from sqlalchemy import text

    engine = make_engine(db_url)
    upgrade_to_head(engine)
    downgrade_to(engine, "0009_scale")
    assert "search_bigrams" not in {c["name"] for c in inspect(engine).get_columns("items")}
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO items (serial, year, seq, source_text, title, kind, supporting_units, support_key, tags, "
            "search_text, status, outcome, light, light_reason, created_by, created_at, updated_at, version) "
            "VALUES ('DB-2026-0001', 2026, 1, '', '新增城镇就业3.5万人', 'target', '[]', '', '[]', "
            "'DB-2026-0001 新增城镇就业3.5万人', 'assigned', 'not_rated', 'none', '', 't', "
            "CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, 1)"))
    upgrade_to_head(engine)
    from luoshi.storage.db import session_factory
    from luoshi.tracking.actor import SYSTEM
    from luoshi.tracking.items import list_items

    with engine.connect() as conn:
        bigrams = conn.execute(text("SELECT search_bigrams FROM items")).scalar_one().split()
    assert {"db", "20", "就业", "城镇", "万人"} <= set(bigrams) and "3." not in bigrams
    with session_factory(engine)() as s:
        assert list_items(s, SYSTEM, {"q": "就业"}).total == 1
        assert list_items(s, SYSTEM, {"q": "就业 万人"}).total == 1
        assert list_items(s, SYSTEM, {"q": "外资"}).total == 0
    downgrade_to(engine, "0009_scale")
    assert "ix_items_search_bigrams" not in {ix["name"] for ix in inspect(engine).get_indexes("items")}
    assert "items_bigrams" not in inspect(engine).get_table_names()
    upgrade_to_head(engine)
    engine.dispose()


def test_0011_light_year_widens_the_light_index_and_goes_back(db_url):
    engine = make_engine(db_url)
    upgrade_to_head(engine)

    def indexes() -> set[str]:
        return {ix["name"] for ix in inspect(engine).get_indexes("items")}

    assert "ix_items_light_due_year" in indexes() and "ix_items_light_due_date" not in indexes()
    downgrade_to(engine, "0010_bigrams")
    assert "ix_items_light_due_date" in indexes() and "ix_items_light_due_year" not in indexes()
    upgrade_to_head(engine)
    engine.dispose()


def test_0013_ingest_lookups_adds_the_indexes_and_goes_back(db_url):
    engine = make_engine(db_url)
    upgrade_to_head(engine)

    def indexes() -> set[str]:
        return {ix["name"] for table in ("evidence", "items") for ix in inspect(engine).get_indexes(table)}

    added = {"ix_evidence_statistic_id", "ix_items_place_unit_metric", "ix_items_value_place_due"}
    assert added <= indexes()
    downgrade_to(engine, "0012_article_bands")
    assert not added & indexes()
    upgrade_to_head(engine)
    assert added <= indexes()
    engine.dispose()
