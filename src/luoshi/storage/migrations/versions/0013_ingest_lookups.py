"""The ingest's ledger step finds its candidates by index at any size of the database.

- ``ix_evidence_statistic_id``: which of a new document's statistics already have evidence
  (tracking.evidence._Links, ``evidence.statistic_id IN (…)``). Only the unique (item_id, statistic_id)
  index existed, so SQLite scanned all of it for every ingested file — and evidence grows faster than the
  documents (every new figure may be proposed for every open item of its place). It also serves
  ``ON DELETE SET NULL`` from statistics.
- ``ix_items_place_unit_metric`` (place, target_unit, target_metric): the distinct metrics of a place's
  items in the figures' units are read from the index alone (tracking.evidence._open_items_in), then the
  items of the similar metrics are looked up by all three columns — no longer every item of the place
  read from the table twice (4 ms per file at 5,000 stored documents for the largest place).
- ``ix_items_value_place_due`` (target_value, place, due_date): merge proposals look for open items with
  the same target value and either the same lead unit (``ix_items_target_value``) or the same place and
  due date (this one); before, every item with the same value was read to test the OR.

Revision ID: 0013_ingest_lookups
Revises: 0012_article_bands
"""
from __future__ import annotations

from alembic import op

revision = "0013_ingest_lookups"
down_revision = "0012_article_bands"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_evidence_statistic_id", "evidence", ["statistic_id"])
    op.create_index("ix_items_place_unit_metric", "items", ["place", "target_unit", "target_metric"])
    op.create_index("ix_items_value_place_due", "items", ["target_value", "place", "due_date"])


def downgrade() -> None:
    op.drop_index("ix_items_value_place_due", table_name="items")
    op.drop_index("ix_items_place_unit_metric", table_name="items")
    op.drop_index("ix_evidence_statistic_id", table_name="evidence")
