"""Near-duplicate candidates by index: ``article_bands``.

``luoshi ingest`` asks the near-duplicate detector (research.duplicates: MinHash over 5-character
shingles, threshold 0.5) whether a new article copies a stored one. Until this revision every ingest
process built an in-memory LSH index of every stored article, signing each stored text again: the
first file of each run cost one MinHash per stored article, and the index grew with the corpus (about
27 MB per 1,000 files). Now each stored article's LSH bands are rows — (article_id, band, key), key a
64-bit hash of the band's signature values — and the candidates of a new article are the rows that share
one of its (band, key) pairs, found by ``ix_article_bands_band_key``; each is checked against its signature
in ``article_signatures`` (128 uint32 as bytes), so no stored text is read or signed again.

Existing articles get their bands here, in batches (the signature code is the detector's own: a
migration that kept its own copy could drift from what ingest computes next).

Revision ID: 0012_article_bands
Revises: 0011_light_year
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012_article_bands"
down_revision = "0011_light_year"
branch_labels = None
depends_on = None

BATCH = 500


def upgrade() -> None:
    op.create_table(
        "article_bands",
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("band", sa.Integer(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("article_id", "band"),
    )
    op.create_index("ix_article_bands_band_key", "article_bands", ["band", "key"])
    op.create_table(
        "article_signatures",
        sa.Column("article_id", sa.Integer(), sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("article_id"),
    )
    _fill(op.get_bind())


def _fill(bind: sa.Connection) -> None:
    from luoshi.research.duplicates import band_keys, signature, signature_bytes

    articles = sa.table("articles", sa.column("id", sa.Integer), sa.column("text", sa.Text))
    bands = sa.table("article_bands", sa.column("article_id", sa.Integer), sa.column("band", sa.Integer),
                     sa.column("key", sa.BigInteger))
    signatures = sa.table("article_signatures", sa.column("article_id", sa.Integer),
                          sa.column("signature", sa.LargeBinary))
    last = 0
    while True:
        rows = bind.execute(sa.select(articles.c.id, articles.c.text).where(articles.c.id > last)
                            .order_by(articles.c.id).limit(BATCH)).all()
        if not rows:
            return
        signed = [(article_id, sig) for article_id, text in rows if (sig := signature(text or "")) is not None]
        if signed:
            bind.execute(signatures.insert(), [{"article_id": a, "signature": signature_bytes(sig)} for a, sig in signed])
            bind.execute(bands.insert(), [{"article_id": a, "band": band, "key": key}
                                          for a, sig in signed for band, key in band_keys(sig)])
        last = rows[-1][0]


def downgrade() -> None:
    op.drop_table("article_signatures")
    op.drop_index("ix_article_bands_band_key", table_name="article_bands")
    op.drop_table("article_bands")
