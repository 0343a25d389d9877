"""Ranges, roles and sections of extracted quantities (issue: work reports read as a researcher would).

A target may be a range (增长5%—5.5%): comparator ``between`` with its two bounds, ``value`` holding the
low one. Comparator columns grow from 2 to 10 characters (``between`` did not fit; SQLite never checked
the length, PostgreSQL would refuse the row). Commitments gain their bounds, their ``role`` (``expected``
for the 主要预期目标 paragraph of a work report) and the heading of the section they stand in;
statistics gain bounds and section; ledger items keep a range target's bounds.

Revision ID: 0006_ranges
Revises: 0005_organisations
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0006_ranges"
down_revision = "0005_organisations"
branch_labels = None
depends_on = None


def _widen(table: str, column: str, nullable: bool, width: int) -> None:
    """Comparator columns to ``width`` characters. On SQLite altering a column copies the table, which
    drops the triggers on ``items`` (items_fts, the unit lookup table): they are created again."""
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column(table, column, type_=sa.String(width), existing_nullable=nullable)
        return
    with op.batch_alter_table(table) as batch:
        batch.alter_column(column, type_=sa.String(width), existing_nullable=nullable)
    if table == "items":
        for statement in _items_triggers():  # the copy of the table lost them: the same ones again
            op.execute(statement)


def _items_triggers() -> list[str]:
    """The SQLite triggers on ``items`` that 0004_ledger_perf created (kept in that one place)."""
    spec = importlib.util.spec_from_file_location("_ledger_perf", Path(__file__).with_name("0004_ledger_perf.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [*module._SQLITE_UNITS[:3], *module._SQLITE_FTS[1:]]


def upgrade() -> None:
    _widen("commitments", "comparator", True, 10)
    op.add_column("commitments", sa.Column("target_low", sa.Double(), nullable=True))
    op.add_column("commitments", sa.Column("target_high", sa.Double(), nullable=True))
    op.add_column("commitments", sa.Column("role", sa.String(20), nullable=True))
    op.add_column("commitments", sa.Column("section", sa.Text(), nullable=True))
    op.create_index("ix_commitments_role", "commitments", ["role"])
    _widen("statistics", "comparator", False, 10)
    op.add_column("statistics", sa.Column("low", sa.Double(), nullable=True))
    op.add_column("statistics", sa.Column("high", sa.Double(), nullable=True))
    op.add_column("statistics", sa.Column("section", sa.Text(), nullable=True))
    _widen("items", "target_comparator", True, 10)
    op.add_column("items", sa.Column("target_low", sa.Double(), nullable=True))
    op.add_column("items", sa.Column("target_high", sa.Double(), nullable=True))


def downgrade() -> None:
    for table, column in (("items", "target_high"), ("items", "target_low"), ("statistics", "section"),
                          ("statistics", "high"), ("statistics", "low"), ("commitments", "section"),
                          ("commitments", "role"), ("commitments", "target_high"), ("commitments", "target_low")):
        if column == "role":
            op.drop_index("ix_commitments_role", table_name="commitments")
        with op.batch_alter_table(table) as batch:  # drop_column needs a copy on old SQLite
            batch.drop_column(column)
