"""Ledger tables (督办事项台账) — placeholder while the tables are written; filled in shortly.

Revision ID: 0002_ledger
Revises: 0001_reading
"""
from __future__ import annotations

revision = "0002_ledger"
down_revision = "0001_reading"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
