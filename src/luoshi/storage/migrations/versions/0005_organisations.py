"""Organisations (单位) get their table, like every other kind of extracted item.

Until now organisation mentions were kept only inside ``articles.extraction`` (JSON). The new
``organisations`` table holds one row per mention (as printed, resolved name, span), and the upgrade
fills it from the JSON already stored, so an existing database answers the same bulk questions as a new
one and the per-kind rows keep agreeing with the JSON they were written from.

Revision ID: 0005_organisations
Revises: 0004_ledger_perf
"""
from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0005_organisations"
down_revision = "0004_ledger_perf"
branch_labels = None
depends_on = None

_NAME_LENGTH = 200
_BATCH = 1000


def upgrade() -> None:
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("as_printed", sa.String(length=_NAME_LENGTH), nullable=False),
        sa.Column("name", sa.String(length=_NAME_LENGTH), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], name=op.f("fk_organisations_article_id_articles"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("article_id", "ordinal", name=op.f("uq_organisations_article_id")),
    )
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisations_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_organisations_name"), ["name"], unique=False)
    _backfill()


def _backfill() -> None:
    """One row per organisation already recorded in ``articles.extraction``."""
    conn = op.get_bind()
    articles = sa.table("articles", sa.column("id", sa.Integer), sa.column("extraction", sa.JSON))
    organisations = sa.table(
        "organisations", *(sa.column(c) for c in ("article_id", "as_printed", "name", "ordinal",
                                                  "span_start", "span_end")),
    )
    rows: list[dict[str, Any]] = []
    for article_id, extraction in conn.execute(sa.select(articles.c.id, articles.c.extraction)):
        rows.extend(_rows(article_id, extraction))
        if len(rows) >= _BATCH:
            conn.execute(organisations.insert(), rows)
            rows = []
    if rows:
        conn.execute(organisations.insert(), rows)


def _rows(article_id: int, extraction: Any) -> list[dict[str, Any]]:
    if isinstance(extraction, str):  # a JSON column read back without its type on some drivers
        extraction = json.loads(extraction or "{}")
    out = []
    for ordinal, org in enumerate((extraction or {}).get("organisations") or []):
        as_printed = str(org.get("as_printed") or "")[:_NAME_LENGTH]
        span = org.get("span") or [0, 0]
        out.append({"article_id": article_id, "as_printed": as_printed,
                    "name": str(org.get("name") or as_printed)[:_NAME_LENGTH], "ordinal": ordinal,
                    "span_start": int(span[0]), "span_end": int(span[1])})
    return out


def downgrade() -> None:
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisations_name"))
        batch_op.drop_index(batch_op.f("ix_organisations_article_id"))
    op.drop_table("organisations")
