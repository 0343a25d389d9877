"""Ledger at 100,000 items: supporting-unit lookup table, SQLite full-text (trigram) index, scorecard index.

- ``item_supporting_units (unit, item_id)``: one row per 配合单位 of an item, kept by triggers from
  ``items.supporting_units`` (JSON), so "items my unit supports" is an index search instead of a LIKE
  over every row. Derived data: not an ORM model, not in backups (the triggers rebuild it on restore).
- SQLite only: ``items_fts``, an FTS5 external-content table over ``items.search_text`` with the
  ``trigram`` tokenizer (SQLite ≥ 3.34), kept by triggers; a search word of 3+ characters is a MATCH on it
  (any substring, Chinese included). PostgreSQL keeps the pg_trgm GIN index of 0002_ledger.
- ``ix_items_scorecard``: covers every column the scorecards aggregate, so a ranking reads the index only;
  ``ix_items_place_due_date``: place + year filters counted from the index. Four single-column indexes
  that lead a wider one go (fewer indexes to update: the daily light refresh rewrites ~40% of rows);
  on PostgreSQL ``items`` gets fillfactor 60 so those rewrites are heap-only (HOT) updates.

Revision ID: 0004_ledger_perf
Revises: 0003_auth
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_ledger_perf"
down_revision = "0003_auth"
branch_labels = None
depends_on = None

SCORECARD_COLUMNS = ["lead_unit", "status", "due_date", "year", "start_date", "target_value",
                     "target_comparator", "progress_value", "closed_at"]
ITEMS_FILLFACTOR = 60  # PostgreSQL: measured at 100,000 items, a new day's refresh 6.3 s → 2.9 s

# single-column indexes that are the leading column of a wider one (the wider one serves their queries)
REDUNDANT_INDEXES = {"ix_items_lead_unit": "lead_unit", "ix_items_place": "place", "ix_items_status": "status",
                     "ix_items_light": "light"}

_SQLITE_UNITS = [
    """CREATE TRIGGER items_units_insert AFTER INSERT ON items BEGIN
         INSERT OR IGNORE INTO item_supporting_units (item_id, unit)
         SELECT new.id, trim(value) FROM json_each(new.supporting_units)
         WHERE type = 'text' AND trim(value) <> ''; END""",
    """CREATE TRIGGER items_units_update AFTER UPDATE OF supporting_units ON items BEGIN
         DELETE FROM item_supporting_units WHERE item_id = old.id;
         INSERT OR IGNORE INTO item_supporting_units (item_id, unit)
         SELECT new.id, trim(value) FROM json_each(new.supporting_units)
         WHERE type = 'text' AND trim(value) <> ''; END""",
    """CREATE TRIGGER items_units_delete AFTER DELETE ON items BEGIN
         DELETE FROM item_supporting_units WHERE item_id = old.id; END""",
    """INSERT OR IGNORE INTO item_supporting_units (item_id, unit)
       SELECT items.id, trim(j.value) FROM items, json_each(items.supporting_units) AS j
       WHERE j.type = 'text' AND trim(j.value) <> ''""",
]
_PG_UNITS = [
    """CREATE OR REPLACE FUNCTION luoshi_item_supporting_units() RETURNS trigger AS $$
       BEGIN
         IF TG_OP = 'UPDATE' THEN DELETE FROM item_supporting_units WHERE item_id = OLD.id; END IF;
         INSERT INTO item_supporting_units (item_id, unit)
         SELECT NEW.id, btrim(u) FROM json_array_elements_text(
           CASE WHEN json_typeof(NEW.supporting_units) = 'array' THEN NEW.supporting_units ELSE '[]'::json END) AS u
         WHERE btrim(u) <> '' ON CONFLICT DO NOTHING;
         RETURN NULL;
       END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER items_supporting_units AFTER INSERT OR UPDATE OF supporting_units ON items
       FOR EACH ROW EXECUTE FUNCTION luoshi_item_supporting_units()""",
    """INSERT INTO item_supporting_units (item_id, unit)
       SELECT i.id, btrim(u) FROM items AS i, json_array_elements_text(
         CASE WHEN json_typeof(i.supporting_units) = 'array' THEN i.supporting_units ELSE '[]'::json END) AS u
       WHERE btrim(u) <> '' ON CONFLICT DO NOTHING""",
]
_SQLITE_FTS = [
    """CREATE VIRTUAL TABLE items_fts USING fts5(
         search_text, content='items', content_rowid='id', tokenize='trigram')""",
    """CREATE TRIGGER items_fts_insert AFTER INSERT ON items BEGIN
         INSERT INTO items_fts (rowid, search_text) VALUES (new.id, new.search_text); END""",
    """CREATE TRIGGER items_fts_delete AFTER DELETE ON items BEGIN
         INSERT INTO items_fts (items_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text); END""",
    """CREATE TRIGGER items_fts_update AFTER UPDATE OF search_text ON items BEGIN
         INSERT INTO items_fts (items_fts, rowid, search_text) VALUES ('delete', old.id, old.search_text);
         INSERT INTO items_fts (rowid, search_text) VALUES (new.id, new.search_text); END""",
    "INSERT INTO items_fts (items_fts) VALUES ('rebuild')",
]


def upgrade() -> None:
    op.create_table(
        "item_supporting_units",
        sa.Column("unit", sa.String(length=200), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["item_id"], ["items.id"], name="fk_item_supporting_units_item_id_items",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("unit", "item_id", name="pk_item_supporting_units"),
    )
    op.create_index("ix_item_supporting_units_item_id", "item_supporting_units", ["item_id"])
    op.create_index("ix_items_scorecard", "items", SCORECARD_COLUMNS)
    op.create_index("ix_items_place_due_date", "items", ["place", "due_date", "year", "seq"])
    for name in REDUNDANT_INDEXES:  # each is the first column of a wider index: one less to update per write
        op.drop_index(name, table_name="items")
    if op.get_bind().dialect.name == "postgresql":
        for statement in _PG_UNITS:
            op.execute(statement)
        # Room in each page for the daily light refresh (which rewrites ~40% of rows, mostly only
        # light_reason) to make heap-only (HOT) updates, which skip all 12 indexes and the trigram GIN.
        # Existing pages get the room as they are rewritten (or at once with VACUUM FULL items).
        op.execute(f"ALTER TABLE items SET (fillfactor = {ITEMS_FILLFACTOR})")
        return
    for statement in _SQLITE_UNITS + _SQLITE_FTS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE items RESET (fillfactor)")
        op.execute("DROP TRIGGER IF EXISTS items_supporting_units ON items")
        op.execute("DROP FUNCTION IF EXISTS luoshi_item_supporting_units()")
    else:
        for name in ("items_fts_insert", "items_fts_delete", "items_fts_update",
                     "items_units_insert", "items_units_update", "items_units_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS items_fts")
    for name, column in REDUNDANT_INDEXES.items():
        op.create_index(name, "items", [column])
    op.drop_index("ix_items_place_due_date", table_name="items")
    op.drop_index("ix_items_scorecard", table_name="items")
    op.drop_index("ix_item_supporting_units_item_id", table_name="item_supporting_units")
    op.drop_table("item_supporting_units")
