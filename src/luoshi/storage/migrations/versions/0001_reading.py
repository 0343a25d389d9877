"""Reading tables: documents, articles and one table per extracted kind (see docs/data-model.md).

Revision ID: 0001_reading
Revises: 
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001_reading'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('raw', sa.LargeBinary(), nullable=False),
    sa.Column('format', sa.String(length=16), nullable=False),
    sa.Column('encoding', sa.String(length=32), nullable=True),
    sa.Column('source_path', sa.Text(), nullable=True),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('publisher', sa.String(length=200), nullable=True),
    sa.Column('place', sa.String(length=100), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('original_text', sa.Text(), nullable=False),
    sa.Column('offset_runs', sa.JSON(), nullable=False),
    sa.Column('ingested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('warnings', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('sha256', name=op.f('uq_documents_sha256'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_place'), ['place'], unique=False)
        batch_op.create_index(batch_op.f('ix_documents_published'), ['published'], unique=False)

    op.create_table('articles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('index', sa.Integer(), nullable=False),
    sa.Column('headline', sa.Text(), nullable=False),
    sa.Column('subtitles', sa.JSON(), nullable=False),
    sa.Column('dateline', sa.Text(), nullable=True),
    sa.Column('reporters', sa.JSON(), nullable=False),
    sa.Column('correspondents', sa.JSON(), nullable=False),
    sa.Column('photographers', sa.JSON(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('doc_start', sa.Integer(), nullable=False),
    sa.Column('doc_end', sa.Integer(), nullable=False),
    sa.Column('text_to_doc_runs', sa.JSON(), nullable=False),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('place', sa.String(length=100), nullable=True),
    sa.Column('place_path', sa.JSON(), nullable=False),
    sa.Column('publisher', sa.String(length=200), nullable=True),
    sa.Column('sections', sa.JSON(), nullable=False),
    sa.Column('paragraphs', sa.JSON(), nullable=False),
    sa.Column('extraction', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_articles_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_articles')),
    sa.UniqueConstraint('document_id', 'index', name=op.f('uq_articles_document_id'))
    )
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_articles_document_id'), ['document_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_place'), ['place'], unique=False)
        batch_op.create_index(batch_op.f('ix_articles_published'), ['published'], unique=False)

    op.create_table('commitments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('action', sa.Text(), nullable=True),
    sa.Column('owner_person', sa.String(length=50), nullable=True),
    sa.Column('owner_org', sa.String(length=200), nullable=True),
    sa.Column('value', sa.Double(), nullable=True),
    sa.Column('unit', sa.String(length=20), nullable=True),
    sa.Column('comparator', sa.String(length=2), nullable=True),
    sa.Column('metric', sa.Text(), nullable=True),
    sa.Column('target_text', sa.String(length=100), nullable=True),
    sa.Column('period_text', sa.String(length=100), nullable=True),
    sa.Column('period_start', sa.Date(), nullable=True),
    sa.Column('period_end', sa.Date(), nullable=True),
    sa.Column('strength', sa.String(length=10), nullable=True),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('span_start', sa.Integer(), nullable=False),
    sa.Column('span_end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_commitments_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitments')),
    sa.UniqueConstraint('article_id', 'ordinal', name=op.f('uq_commitments_article_id'))
    )
    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commitments_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitments_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitments_owner_org'), ['owner_org'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitments_owner_person'), ['owner_person'], unique=False)
        batch_op.create_index(batch_op.f('ix_commitments_period_end'), ['period_end'], unique=False)

    op.create_table('events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('name', sa.Text(), nullable=True),
    sa.Column('start', sa.Date(), nullable=True),
    sa.Column('end', sa.Date(), nullable=True),
    sa.Column('date_text', sa.String(length=100), nullable=True),
    sa.Column('chair', sa.String(length=50), nullable=True),
    sa.Column('participants', sa.JSON(), nullable=False),
    sa.Column('documents', sa.JSON(), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('span_start', sa.Integer(), nullable=False),
    sa.Column('span_end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_events_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events')),
    sa.UniqueConstraint('article_id', 'ordinal', name=op.f('uq_events_article_id'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_events_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_chair'), ['chair'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_start'), ['start'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_type'), ['type'], unique=False)

    op.create_table('formulations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('context', sa.Text(), nullable=True),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('span_start', sa.Integer(), nullable=False),
    sa.Column('span_end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_formulations_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_formulations')),
    sa.UniqueConstraint('article_id', 'ordinal', name=op.f('uq_formulations_article_id'))
    )
    with op.batch_alter_table('formulations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_formulations_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_formulations_text'), ['text'], unique=False)

    op.create_table('people_mentions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('title', sa.Text(), nullable=True),
    sa.Column('posts', sa.JSON(), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=True),
    sa.Column('org', sa.String(length=200), nullable=True),
    sa.Column('mentions', sa.JSON(), nullable=False),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('span_start', sa.Integer(), nullable=False),
    sa.Column('span_end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_people_mentions_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people_mentions')),
    sa.UniqueConstraint('article_id', 'ordinal', name=op.f('uq_people_mentions_article_id'))
    )
    with op.batch_alter_table('people_mentions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_people_mentions_article_id'), ['article_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_mentions_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_people_mentions_org'), ['org'], unique=False)

    op.create_table('statistics',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Double(), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=True),
    sa.Column('comparator', sa.String(length=2), nullable=False),
    sa.Column('metric', sa.Text(), nullable=True),
    sa.Column('as_of', sa.String(length=100), nullable=True),
    sa.Column('number_text', sa.String(length=100), nullable=True),
    sa.Column('ordinal', sa.Integer(), nullable=False),
    sa.Column('span_start', sa.Integer(), nullable=False),
    sa.Column('span_end', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_statistics_article_id_articles'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_statistics')),
    sa.UniqueConstraint('article_id', 'ordinal', name=op.f('uq_statistics_article_id'))
    )
    with op.batch_alter_table('statistics', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_statistics_article_id'), ['article_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('statistics', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_statistics_article_id'))

    op.drop_table('statistics')
    with op.batch_alter_table('people_mentions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_people_mentions_org'))
        batch_op.drop_index(batch_op.f('ix_people_mentions_name'))
        batch_op.drop_index(batch_op.f('ix_people_mentions_article_id'))

    op.drop_table('people_mentions')
    with op.batch_alter_table('formulations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_formulations_text'))
        batch_op.drop_index(batch_op.f('ix_formulations_article_id'))

    op.drop_table('formulations')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_events_type'))
        batch_op.drop_index(batch_op.f('ix_events_start'))
        batch_op.drop_index(batch_op.f('ix_events_chair'))
        batch_op.drop_index(batch_op.f('ix_events_article_id'))

    op.drop_table('events')
    with op.batch_alter_table('commitments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commitments_period_end'))
        batch_op.drop_index(batch_op.f('ix_commitments_owner_person'))
        batch_op.drop_index(batch_op.f('ix_commitments_owner_org'))
        batch_op.drop_index(batch_op.f('ix_commitments_kind'))
        batch_op.drop_index(batch_op.f('ix_commitments_article_id'))

    op.drop_table('commitments')
    with op.batch_alter_table('articles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_articles_published'))
        batch_op.drop_index(batch_op.f('ix_articles_place'))
        batch_op.drop_index(batch_op.f('ix_articles_document_id'))

    op.drop_table('articles')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_published'))
        batch_op.drop_index(batch_op.f('ix_documents_place'))

    op.drop_table('documents')
