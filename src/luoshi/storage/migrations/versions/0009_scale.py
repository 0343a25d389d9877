"""Scale: the indexes the ingest's ledger step looks candidates up by.

- ``ix_articles_place_published``: statistics already stored for a new item are found by the article's
  place and publication date (tracking.evidence.propose_for_new_items), not by reading every article;
- ``ix_items_target_value``: merge proposals look for open items with the same target value (and lead
  unit) (tracking.items.propose_merges).

Revision ID: 0009_scale
Revises: 0007_office
"""
from __future__ import annotations

from alembic import op

revision = "0009_scale"
down_revision = "0008_deliveries"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_articles_place_published", "articles", ["place", "published"])
    op.create_index("ix_items_target_value", "items", ["target_value", "lead_unit"])


def downgrade() -> None:
    op.drop_index("ix_items_target_value", table_name="items")
    op.drop_index("ix_articles_place_published", table_name="articles")
