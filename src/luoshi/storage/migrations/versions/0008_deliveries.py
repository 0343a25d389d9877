"""Reminders that arrive: the delivery log of every reminder (e-mail, webhook), one row per attempt.

Revision ID: 0008_deliveries
Revises: 0007_office
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008_deliveries"
down_revision = "0007_office"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reminder_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("target", sa.String(length=500), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["reminder_id"], ["reminders.id"], name=op.f("fk_deliveries_reminder_id_reminders"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
    )
    op.create_index(op.f("ix_deliveries_reminder_id"), "deliveries", ["reminder_id"], unique=False)
    op.create_index("ix_deliveries_status_next_at", "deliveries", ["status", "next_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_deliveries_status_next_at", table_name="deliveries")
    op.drop_index(op.f("ix_deliveries_reminder_id"), table_name="deliveries")
    op.drop_table("deliveries")
