"""Two-character search words by index: ``items.search_bigrams``.

Every overlapping pair of letters/digits of ``items.search_text``, lowercased, space-joined (the ledger
service keeps it: tracking.search.bigrams_of). A two-character word — most Chinese words: 就业, 外资 — is
looked up by its bigram, then checked with LIKE on the few candidates; trigram indexes cannot serve it
(pg_trgm reads every posting of every trigram containing the pair; FTS5 trigram cannot match it).

- PostgreSQL: ``ix_items_search_bigrams``, a GIN index of ``string_to_array(search_bigrams, ' ')``
  (array containment ``@>``; no text-search parser between the column and the index);
- SQLite: ``items_bigrams``, an FTS5 external-content table over ``search_bigrams`` with the unicode61
  tokenizer (one token per bigram), kept by triggers like ``items_fts`` (0004_ledger_perf).

Existing items are filled in here, in batches.

Revision ID: 0010_bigrams
Revises: 0009_scale
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_bigrams"
down_revision = "0009_scale"
branch_labels = None
depends_on = None

BATCH = 5000

_SQLITE_FTS = [
    """CREATE VIRTUAL TABLE items_bigrams USING fts5(
         search_bigrams, content='items', content_rowid='id', tokenize='unicode61')""",
    """CREATE TRIGGER items_bigrams_insert AFTER INSERT ON items BEGIN
         INSERT INTO items_bigrams (rowid, search_bigrams) VALUES (new.id, new.search_bigrams); END""",
    """CREATE TRIGGER items_bigrams_delete AFTER DELETE ON items BEGIN
         INSERT INTO items_bigrams (items_bigrams, rowid, search_bigrams)
         VALUES ('delete', old.id, old.search_bigrams); END""",
    """CREATE TRIGGER items_bigrams_update AFTER UPDATE OF search_bigrams ON items BEGIN
         INSERT INTO items_bigrams (items_bigrams, rowid, search_bigrams)
         VALUES ('delete', old.id, old.search_bigrams);
         INSERT INTO items_bigrams (rowid, search_bigrams) VALUES (new.id, new.search_bigrams); END""",
    "INSERT INTO items_bigrams (items_bigrams) VALUES ('rebuild')",
]
_PG_INDEX = ("CREATE INDEX ix_items_search_bigrams ON items "
             "USING gin (string_to_array(search_bigrams, ' '))")


def _bigrams(text: str) -> str:
    """tracking.search.search_bigrams_of as of this revision (a migration keeps its own copy)."""
    low = text.lower()
    pairs = dict.fromkeys(a + b for a, b in zip(low, low[1:], strict=False) if a.isalnum() and b.isalnum())
    return " ".join(pairs)


def _fill(bind: sa.Connection) -> None:
    items = sa.table("items", sa.column("id", sa.Integer), sa.column("search_text", sa.Text),
                     sa.column("search_bigrams", sa.Text))
    last = 0
    while True:
        rows = bind.execute(sa.select(items.c.id, items.c.search_text).where(items.c.id > last)
                            .order_by(items.c.id).limit(BATCH)).all()
        if not rows:
            return
        bind.execute(items.update().where(items.c.id == sa.bindparam("key"))
                     .values(search_bigrams=sa.bindparam("bigrams")),
                     [{"key": key, "bigrams": _bigrams(text or "")} for key, text in rows])
        last = rows[-1][0]


def upgrade() -> None:
    op.add_column("items", sa.Column("search_bigrams", sa.Text(), server_default="", nullable=False))
    bind = op.get_bind()
    _fill(bind)
    if bind.dialect.name == "postgresql":
        op.execute(_PG_INDEX)
        return
    for statement in _SQLITE_FTS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_items_search_bigrams")
    else:
        for name in ("items_bigrams_insert", "items_bigrams_delete", "items_bigrams_update"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS items_bigrams")
    op.drop_column("items", "search_bigrams")  # SQLite ≥ 3.35: in place (a table copy would lose the triggers)
