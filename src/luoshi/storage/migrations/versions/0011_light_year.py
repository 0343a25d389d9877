"""Light + year counted from the index alone: ``ix_items_light_due_date`` (light, due_date) becomes
``ix_items_light_due_year`` (light, due_date, year).

The list filter ``light=red&year=2026`` is ``light = 'red' AND (due_date BETWEEN … OR (due_date IS NULL
AND year = 2026))``; without ``year`` in the index every match was read from the table to test the OR
(PostgreSQL: a bitmap heap scan of 8,000 pages for the capped count at 200,000 items, 212 ms), with it
the count is an index-only scan (8.6 ms). The wider index serves every query the narrower one did.

Revision ID: 0011_light_year
Revises: 0010_bigrams
"""
from __future__ import annotations

from alembic import op

revision = "0011_light_year"
down_revision = "0010_bigrams"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_items_light_due_year", "items", ["light", "due_date", "year"])
    op.drop_index("ix_items_light_due_date", table_name="items")


def downgrade() -> None:
    op.create_index("ix_items_light_due_date", "items", ["light", "due_date"])
    op.drop_index("ix_items_light_due_year", table_name="items")
