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

import sqlalchemy as sa
from alembic import op

revision = "0006_ranges"
down_revision = "0005_organisations"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("commitments") as batch:
        batch.alter_column("comparator", type_=sa.String(10), existing_type=sa.String(2), existing_nullable=True)
        batch.add_column(sa.Column("target_low", sa.Double(), nullable=True))
        batch.add_column(sa.Column("target_high", sa.Double(), nullable=True))
        batch.add_column(sa.Column("role", sa.String(20), nullable=True))
        batch.add_column(sa.Column("section", sa.Text(), nullable=True))
        batch.create_index("ix_commitments_role", ["role"])
    with op.batch_alter_table("statistics") as batch:
        batch.alter_column("comparator", type_=sa.String(10), existing_type=sa.String(2), existing_nullable=False)
        batch.add_column(sa.Column("low", sa.Double(), nullable=True))
        batch.add_column(sa.Column("high", sa.Double(), nullable=True))
        batch.add_column(sa.Column("section", sa.Text(), nullable=True))
    with op.batch_alter_table("items") as batch:
        batch.alter_column("target_comparator", type_=sa.String(10), existing_type=sa.String(2),
                           existing_nullable=True)
        batch.add_column(sa.Column("target_low", sa.Double(), nullable=True))
        batch.add_column(sa.Column("target_high", sa.Double(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("items") as batch:
        batch.drop_column("target_high")
        batch.drop_column("target_low")
        batch.alter_column("target_comparator", type_=sa.String(2), existing_type=sa.String(10),
                           existing_nullable=True)
    with op.batch_alter_table("statistics") as batch:
        batch.drop_column("section")
        batch.drop_column("high")
        batch.drop_column("low")
        batch.alter_column("comparator", type_=sa.String(2), existing_type=sa.String(10), existing_nullable=False)
    with op.batch_alter_table("commitments") as batch:
        batch.drop_index("ix_commitments_role")
        batch.drop_column("section")
        batch.drop_column("role")
        batch.drop_column("target_high")
        batch.drop_column("target_low")
        batch.alter_column("comparator", type_=sa.String(2), existing_type=sa.String(10), existing_nullable=True)
