"""Ledger tables (督办事项台账): items, transitions, revisions, links, progress, attachments, evidence,
reminders, settings, and the append-only audit log (UPDATE/DELETE refused by triggers on both backends).

Revision ID: 0002_ledger
Revises: 0001_reading
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002_ledger"
down_revision = "0001_reading"
branch_labels = None
depends_on = None

_SQLITE_TRIGGERS = [
    """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
    """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END""",
]
_PG_TRIGGERS = [
    """CREATE OR REPLACE FUNCTION luoshi_audit_log_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
       FOR EACH ROW EXECUTE FUNCTION luoshi_audit_log_append_only()""",
    """CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
       FOR EACH STATEMENT EXECUTE FUNCTION luoshi_audit_log_append_only()""",
]


def _add_search_index() -> None:
    """LIKE '%词%' on items.search_text: a trigram GIN index on PostgreSQL (pg_trgm, a trusted contrib
    extension; without it searches still work, by scanning), a plain index on SQLite (kept for schema parity)."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        op.create_index("ix_items_search_text", "items", ["search_text"], unique=False)
        return
    savepoint = bind.begin_nested()
    try:
        bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.create_index("ix_items_search_text", "items", ["search_text"], unique=False,
                        postgresql_using="gin", postgresql_ops={"search_text": "gin_trgm_ops"})
        savepoint.commit()
    except sa.exc.DBAPIError:
        savepoint.rollback()


def _add_audit_triggers() -> None:
    dialect = op.get_bind().dialect.name
    for statement in _PG_TRIGGERS if dialect == "postgresql" else _SQLITE_TRIGGERS:
        op.execute(statement)


def _drop_audit_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log")
        op.execute("DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log")
        op.execute("DROP FUNCTION IF EXISTS luoshi_audit_log_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('entity_type', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.String(length=64), nullable=True),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    op.create_index(op.f('ix_audit_log_actor'), 'audit_log', ['actor'], unique=False)
    op.create_index(op.f('ix_audit_log_at'), 'audit_log', ['at'], unique=False)
    op.create_index('ix_audit_log_entity', 'audit_log', ['entity_type', 'entity_id'], unique=False)
    op.create_table('item_counters',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_item_counters'))
    )
    op.create_table('ledger_settings',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('updated_by', sa.String(length=64), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_ledger_settings'))
    )
    op.create_table('items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('serial', sa.String(length=20), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('commitment_id', sa.Integer(), nullable=True),
    sa.Column('article_id', sa.Integer(), nullable=True),
    sa.Column('span_start', sa.Integer(), nullable=True),
    sa.Column('span_end', sa.Integer(), nullable=True),
    sa.Column('source_event', sa.Text(), nullable=True),
    sa.Column('source_text', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('lead_unit', sa.String(length=200), nullable=True),
    sa.Column('supporting_units', sa.JSON(), nullable=False),
    sa.Column('support_key', sa.Text(), nullable=False),
    sa.Column('responsible_person', sa.String(length=50), nullable=True),
    sa.Column('handler', sa.String(length=64), nullable=True),
    sa.Column('target_value', sa.Double(), nullable=True),
    sa.Column('target_unit', sa.String(length=20), nullable=True),
    sa.Column('target_comparator', sa.String(length=2), nullable=True),
    sa.Column('target_metric', sa.Text(), nullable=True),
    sa.Column('target_text', sa.String(length=100), nullable=True),
    sa.Column('period_text', sa.String(length=100), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('strength', sa.String(length=10), nullable=True),
    sa.Column('tags', sa.JSON(), nullable=False),
    sa.Column('search_text', sa.Text(), server_default='', nullable=False),
    sa.Column('place', sa.String(length=100), nullable=True),
    sa.Column('progress_value', sa.Double(), nullable=True),
    sa.Column('progress_as_of', sa.Date(), nullable=True),
    sa.Column('last_report_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('light', sa.String(length=8), nullable=False),
    sa.Column('light_reason', sa.Text(), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('merged_into_id', sa.Integer(), nullable=True),
    sa.Column('created_by', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_items_article_id_articles'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['commitment_id'], ['commitments.id'], name=op.f('fk_items_commitment_id_commitments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['merged_into_id'], ['items.id'], name=op.f('fk_items_merged_into_id_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['parent_id'], ['items.id'], name=op.f('fk_items_parent_id_items'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_items')),
    sa.UniqueConstraint('serial', name=op.f('uq_items_serial')),
    sa.UniqueConstraint('year', 'seq', name=op.f('uq_items_year'))
    )
    op.create_index(op.f('ix_items_article_id'), 'items', ['article_id'], unique=False)
    op.create_index(op.f('ix_items_commitment_id'), 'items', ['commitment_id'], unique=False)
    op.create_index(op.f('ix_items_due_date'), 'items', ['due_date'], unique=False)
    op.create_index(op.f('ix_items_lead_unit'), 'items', ['lead_unit'], unique=False)
    op.create_index(op.f('ix_items_light'), 'items', ['light'], unique=False)
    op.create_index('ix_items_light_due_date', 'items', ['light', 'due_date'], unique=False)
    op.create_index(op.f('ix_items_parent_id'), 'items', ['parent_id'], unique=False)
    op.create_index(op.f('ix_items_place'), 'items', ['place'], unique=False)
    op.create_index(op.f('ix_items_responsible_person'), 'items', ['responsible_person'], unique=False)
    op.create_index(op.f('ix_items_status'), 'items', ['status'], unique=False)
    op.create_index('ix_items_status_lead_unit', 'items', ['status', 'lead_unit'], unique=False)
    op.create_table('item_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('from_item_id', sa.Integer(), nullable=False),
    sa.Column('to_item_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['from_item_id'], ['items.id'], name=op.f('fk_item_links_from_item_id_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['to_item_id'], ['items.id'], name=op.f('fk_item_links_to_item_id_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item_links')),
    sa.UniqueConstraint('from_item_id', 'to_item_id', 'kind', name=op.f('uq_item_links_from_item_id'))
    )
    op.create_index(op.f('ix_item_links_from_item_id'), 'item_links', ['from_item_id'], unique=False)
    op.create_index(op.f('ix_item_links_to_item_id'), 'item_links', ['to_item_id'], unique=False)
    op.create_table('item_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('field', sa.String(length=40), nullable=False),
    sa.Column('old', sa.JSON(), nullable=True),
    sa.Column('new', sa.JSON(), nullable=True),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('why', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_item_revisions_item_id_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item_revisions'))
    )
    op.create_index(op.f('ix_item_revisions_item_id'), 'item_revisions', ['item_id'], unique=False)
    op.create_table('item_transitions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('from_status', sa.String(length=24), nullable=False),
    sa.Column('to_status', sa.String(length=24), nullable=False),
    sa.Column('actor', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('why', sa.Text(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_item_transitions_item_id_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item_transitions'))
    )
    op.create_index(op.f('ix_item_transitions_item_id'), 'item_transitions', ['item_id'], unique=False)
    op.create_table('progress_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.Double(), nullable=True),
    sa.Column('as_of', sa.Date(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('problems', sa.Text(), nullable=False),
    sa.Column('next_steps', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=12), nullable=False),
    sa.Column('reported_by', sa.String(length=64), nullable=False),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_progress_reports_item_id_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_progress_reports'))
    )
    op.create_index(op.f('ix_progress_reports_item_id'), 'progress_reports', ['item_id'], unique=False)
    op.create_index(op.f('ix_progress_reports_reported_at'), 'progress_reports', ['reported_at'], unique=False)
    op.create_table('reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('unit', sa.String(length=200), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('sent_by', sa.String(length=64), nullable=False),
    sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_reminders_item_id_items'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminders'))
    )
    op.create_index(op.f('ix_reminders_item_id'), 'reminders', ['item_id'], unique=False)
    op.create_index(op.f('ix_reminders_sent_at'), 'reminders', ['sent_at'], unique=False)
    op.create_index(op.f('ix_reminders_unit'), 'reminders', ['unit'], unique=False)
    op.create_table('attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('progress_id', sa.Integer(), nullable=True),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('mime', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_by', sa.String(length=64), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_attachments_item_id_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['progress_id'], ['progress_reports.id'], name=op.f('fk_attachments_progress_id_progress_reports'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments'))
    )
    op.create_index(op.f('ix_attachments_item_id'), 'attachments', ['item_id'], unique=False)
    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('statistic_id', sa.Integer(), nullable=True),
    sa.Column('article_id', sa.Integer(), nullable=True),
    sa.Column('span_start', sa.Integer(), nullable=True),
    sa.Column('span_end', sa.Integer(), nullable=True),
    sa.Column('attachment_id', sa.Integer(), nullable=True),
    sa.Column('value', sa.Double(), nullable=True),
    sa.Column('unit', sa.String(length=20), nullable=True),
    sa.Column('metric', sa.Text(), nullable=True),
    sa.Column('as_of', sa.Date(), nullable=True),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('score', sa.Double(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('proposed_by', sa.String(length=64), nullable=False),
    sa.Column('proposed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('decided_by', sa.String(length=64), nullable=True),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('decision_note', sa.Text(), nullable=False),
    sa.Column('progress_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['article_id'], ['articles.id'], name=op.f('fk_evidence_article_id_articles'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['attachment_id'], ['attachments.id'], name=op.f('fk_evidence_attachment_id_attachments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_evidence_item_id_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['progress_id'], ['progress_reports.id'], name=op.f('fk_evidence_progress_id_progress_reports'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['statistic_id'], ['statistics.id'], name=op.f('fk_evidence_statistic_id_statistics'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence')),
    sa.UniqueConstraint('item_id', 'statistic_id', name=op.f('uq_evidence_item_id'))
    )
    op.create_index(op.f('ix_evidence_item_id'), 'evidence', ['item_id'], unique=False)
    op.create_index(op.f('ix_evidence_status'), 'evidence', ['status'], unique=False)

    _add_audit_triggers()
    _add_search_index()


def downgrade() -> None:
    _drop_audit_triggers()
    op.execute("DROP INDEX IF EXISTS ix_items_search_text")
    op.drop_index(op.f('ix_evidence_status'), table_name='evidence')
    op.drop_index(op.f('ix_evidence_item_id'), table_name='evidence')
    op.drop_table('evidence')
    op.drop_index(op.f('ix_attachments_item_id'), table_name='attachments')
    op.drop_table('attachments')
    op.drop_index(op.f('ix_reminders_unit'), table_name='reminders')
    op.drop_index(op.f('ix_reminders_sent_at'), table_name='reminders')
    op.drop_index(op.f('ix_reminders_item_id'), table_name='reminders')
    op.drop_table('reminders')
    op.drop_index(op.f('ix_progress_reports_reported_at'), table_name='progress_reports')
    op.drop_index(op.f('ix_progress_reports_item_id'), table_name='progress_reports')
    op.drop_table('progress_reports')
    op.drop_index(op.f('ix_item_transitions_item_id'), table_name='item_transitions')
    op.drop_table('item_transitions')
    op.drop_index(op.f('ix_item_revisions_item_id'), table_name='item_revisions')
    op.drop_table('item_revisions')
    op.drop_index(op.f('ix_item_links_to_item_id'), table_name='item_links')
    op.drop_index(op.f('ix_item_links_from_item_id'), table_name='item_links')
    op.drop_table('item_links')
    op.drop_index('ix_items_status_lead_unit', table_name='items')
    op.drop_index(op.f('ix_items_status'), table_name='items')
    op.drop_index(op.f('ix_items_responsible_person'), table_name='items')
    op.drop_index(op.f('ix_items_place'), table_name='items')
    op.drop_index(op.f('ix_items_parent_id'), table_name='items')
    op.drop_index('ix_items_light_due_date', table_name='items')
    op.drop_index(op.f('ix_items_light'), table_name='items')
    op.drop_index(op.f('ix_items_lead_unit'), table_name='items')
    op.drop_index(op.f('ix_items_due_date'), table_name='items')
    op.drop_index(op.f('ix_items_commitment_id'), table_name='items')
    op.drop_index(op.f('ix_items_article_id'), table_name='items')
    op.drop_table('items')
    op.drop_table('ledger_settings')
    op.drop_table('item_counters')
    op.drop_index('ix_audit_log_entity', table_name='audit_log')
    op.drop_index(op.f('ix_audit_log_at'), table_name='audit_log')
    op.drop_index(op.f('ix_audit_log_actor'), table_name='audit_log')
    op.drop_table('audit_log')
