"""Evidence by statistic: ``ix_evidence_statistic_id``.

The ingest's ledger step reads which of a new document's statistics already have evidence
(tracking.evidence._Links) with ``evidence.statistic_id IN (…)``. Only the unique (item_id, statistic_id)
index existed, so SQLite scanned all of it for every ingested file — and evidence grows faster than the
documents (every new figure may be proposed for every open item of its place). With this index the
lookup reads the statistics' own entries. It also serves ``ON DELETE SET NULL`` from statistics (a
document's deletion no longer scans the evidence once per figure).

Revision ID: 0013_evidence_statistic
Revises: 0012_article_bands
"""
from __future__ import annotations

from alembic import op

revision = "0013_evidence_statistic"
down_revision = "0012_article_bands"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_evidence_statistic_id", "evidence", ["statistic_id"])


def downgrade() -> None:
    op.drop_index("ix_evidence_statistic_id", table_name="evidence")
