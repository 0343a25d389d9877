"""Tables of the supervision ledger (督办事项台账): items, their workflow, revisions, progress, evidence,
reminders, settings and the append-only audit trail.

Design notes (see docs/data-model.md, "Ledger tables"):
- People are referenced by ``username`` strings, not foreign keys to ``users``, so the ledger does not
  depend on the auth tables (and a CLI operator without a user row can still act as ``system``).
- ``items.source_text`` is the commitment as printed and is never overwritten; edits of any other field are
  dated rows in ``item_revisions``.
- ``items.light`` is *stored* although it depends on today's date: it is recomputed on every write and by the
  daily ``luoshi.tracking.lights.refresh_lights()``, so that 100,000 items can be filtered by light on an index.
- ``items.version`` is SQLAlchemy's ``version_id_col``: every UPDATE says ``WHERE id=? AND version=?``, so
  two concurrent writers can never silently overwrite each other (the loser gets ``Conflict``).
- ``audit_log`` rejects UPDATE and DELETE by database triggers (migration 0002_ledger).
"""
from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, Literal, get_args

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Double,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

import luoshi.storage.models  # noqa: F401 - the reading tables items/evidence refer to (articles, commitments …)
from luoshi.storage.base import Base


def _now() -> datetime:
    return datetime.now(UTC)


# Workflow states (督办流程). Final states take no further steps. Each vocabulary is written once, as a
# Literal type (signatures, API schemas); the tuples are read from it.
Status = Literal[
    "proposed",  # 待确认: proposed from an extracted commitment
    "assigned",  # 已交办
    "accepted",  # 已签收
    "in_progress",  # 办理中
    "completion_requested",  # 申请办结
    "closed",  # 已销号
    "rejected",  # 不予立项
    "merged",  # 已合并 into another item
]
STATUSES: tuple[Status, ...] = get_args(Status)
FINAL_STATUSES: tuple[Status, ...] = ("closed", "rejected", "merged")
Outcome = Literal["not_rated", "achieved", "partly_achieved", "not_achieved", "dropped", "not_measurable"]
OUTCOMES: tuple[Outcome, ...] = get_args(Outcome)
Light = Literal["green", "yellow", "red", "none"]  # 预警灯
LIGHTS: tuple[Light, ...] = get_args(Light)
EvidenceStatus = Literal["proposed", "accepted", "rejected"]
EvidenceKind = Literal["statistic", "span", "file"]
ReminderKind = Literal["due_soon", "overdue", "no_report"]


class ItemCounter(Base):
    """Last serial number handed out per year: ``UPDATE … SET last = last + 1 RETURNING last`` is atomic."""

    __tablename__ = "item_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


class Item(Base):
    """A supervised item (督办事项), usually proposed from one extracted commitment."""

    __tablename__ = "items"
    __table_args__ = (
        UniqueConstraint("year", "seq"),
        Index("ix_items_status_lead_unit", "status", "lead_unit"),
        # light + year filters counted from the index alone (the year of items without a due date: migration 0011)
        Index("ix_items_light_due_year", "light", "due_date", "year"),
        # Text search: LIKE '%词%' on search_text. On PostgreSQL a trigram GIN index (pg_trgm) serves it;
        # on SQLite words of 3+ characters are looked up in the FTS5 trigram table items_fts (migration
        # 0004_ledger_perf, kept by triggers; not a model), shorter ones scan with LIKE.
        Index("ix_items_search_text", "search_text", postgresql_using="gin",
              postgresql_ops={"search_text": "gin_trgm_ops"}),
        # Two-character words: containment in the item's bigrams (migration 0010_bigrams); SQLite has the
        # FTS5 table items_bigrams instead
        Index("ix_items_search_bigrams", text("string_to_array(search_bigrams, ' ')"),
              postgresql_using="gin").ddl_if(dialect="postgresql"),
        # Covers every column the scorecards aggregate (tracking.scorecards): a ranking reads the index only.
        Index("ix_items_scorecard", "lead_unit", "status", "due_date", "year", "start_date", "target_value",
              "target_comparator", "progress_value", "closed_at"),
        # place + year filter (the year is due_date's, or registration's without a due date): counts from the index
        Index("ix_items_place_due_date", "place", "due_date", "year", "seq"),
        # merge proposals: open items with the same target value (and lead unit) (migration 0009_scale)
        Index("ix_items_target_value", "target_value", "lead_unit"),
        # ... or the same place and due date (migration 0013_ingest_lookups)
        Index("ix_items_value_place_due", "target_value", "place", "due_date"),
        # evidence candidates: the distinct metrics of a place's items in some units, from the index alone (0013)
        Index("ix_items_place_unit_metric", "place", "target_unit", "target_metric"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    serial: Mapped[str] = mapped_column(String(20), unique=True)  # DB-2026-0001
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    commitment_id: Mapped[int | None] = mapped_column(
        ForeignKey("commitments.id", ondelete="SET NULL"), index=True
    )
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"), index=True)
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    source_event: Mapped[str | None] = mapped_column(Text)  # meeting the commitment was made at
    source_text: Mapped[str] = mapped_column(Text, default="")  # commitment as printed; never edited
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(20), default="target")  # target | deliverable | directive | manual
    lead_unit: Mapped[str | None] = mapped_column(String(200))  # 牵头单位 (indexed by ix_items_scorecard)
    supporting_units: Mapped[list[str]] = mapped_column(JSON, default=list)  # 配合单位
    # "|A|B|" (kept for older readers); unit filters use item_supporting_units, a lookup table kept from
    # supporting_units by triggers (migration 0004_ledger_perf; derived, so not a model and not backed up)
    support_key: Mapped[str] = mapped_column(Text, default="")
    responsible_person: Mapped[str | None] = mapped_column(String(50), index=True)  # 责任人
    handler: Mapped[str | None] = mapped_column(String(64))  # 经办人 (username)
    target_value: Mapped[float | None] = mapped_column(Double)
    target_unit: Mapped[str | None] = mapped_column(String(20))
    target_comparator: Mapped[str | None] = mapped_column(String(10))  # >= > = <= < ~ between
    target_low: Mapped[float | None] = mapped_column(Double)  # a range target's bounds (value = low)
    target_high: Mapped[float | None] = mapped_column(Double)
    target_metric: Mapped[str | None] = mapped_column(Text)
    target_text: Mapped[str | None] = mapped_column(String(100))
    period_text: Mapped[str | None] = mapped_column(String(100))
    start_date: Mapped[date | None] = mapped_column(Date)
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    strength: Mapped[str | None] = mapped_column(String(10))  # 确保 / 力争 …
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    # serial, title, source text, units, person, metric joined: kept by tracking.items on every write
    search_text: Mapped[str] = mapped_column(Text, default="", server_default="")
    # every overlapping pair of letters/digits of search_text, space-joined (tracking.search.bigrams_of):
    # two-character words are looked up here — an array GIN index of string_to_array(…, ' ') on
    # PostgreSQL, the FTS5 table items_bigrams on SQLite (migration 0010_bigrams; neither is a model)
    search_bigrams: Mapped[str] = mapped_column(Text, default="", server_default="")
    place: Mapped[str | None] = mapped_column(String(100))  # indexed by ix_items_place_due_date
    progress_value: Mapped[float | None] = mapped_column(Double)
    progress_as_of: Mapped[date | None] = mapped_column(Date)
    last_report_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(24), default="proposed")  # ix_items_status_lead_unit
    outcome: Mapped[str] = mapped_column(String(20), default="not_rated")
    light: Mapped[str] = mapped_column(String(8), default="none")  # ix_items_light_due_year
    light_reason: Mapped[str] = mapped_column(Text, default="")
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("items.id", ondelete="SET NULL"), index=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("items.id", ondelete="SET NULL"))
    created_by: Mapped[str] = mapped_column(String(64), default="system")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, onupdate=_now)
    version: Mapped[int] = mapped_column(Integer, nullable=False)

    __mapper_args__ = {"version_id_col": version}

    transitions: Mapped[list[ItemTransition]] = relationship(
        back_populates="item", order_by="ItemTransition.id", cascade="all, delete-orphan", passive_deletes=True
    )
    revisions: Mapped[list[ItemRevision]] = relationship(
        back_populates="item", order_by="ItemRevision.id", cascade="all, delete-orphan", passive_deletes=True
    )
    progress_reports: Mapped[list[ProgressReport]] = relationship(
        back_populates="item", order_by="ProgressReport.id", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def progress_ratio(self) -> float | None:
        """Share of the target reached (0.31 = 31 %), None when there is no numeric target or report."""
        if not self.target_value or self.progress_value is None:
            return None
        return self.progress_value / self.target_value


class ItemSupportingUnit(Base):
    """One supporting unit (配合单位) of an item: a lookup table so "items my unit supports" is an index
    search. Derived from ``items.supporting_units`` by database triggers (migration 0004_ledger_perf) —
    never written by the services, left out of backups (restoring the items rebuilds it)."""

    __tablename__ = "item_supporting_units"
    __table_args__ = {"info": {"derived": True}}

    unit: Mapped[str] = mapped_column(String(200), primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), primary_key=True, index=True)


# SQLite full-text index of items.search_text (FTS5, trigram tokenizer; migration 0004_ledger_perf): a
# virtual table and its shadow tables, maintained by triggers, not models. Schema comparisons skip them.
SEARCH_INDEX_TABLE = "items_fts"
BIGRAM_INDEX_TABLE = "items_bigrams"  # FTS5 (unicode61) over items.search_bigrams (migration 0010_bigrams)


def is_search_index_table(name: str) -> bool:
    """True for the FTS5 tables and their shadow tables (items_fts, items_fts_data, items_bigrams_idx …)."""
    return any(name == table or name.startswith(table + "_") for table in (SEARCH_INDEX_TABLE, BIGRAM_INDEX_TABLE))


class ItemTransition(Base):
    """One workflow step: who moved the item from which status to which, when and why."""

    __tablename__ = "item_transitions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    action: Mapped[str] = mapped_column(String(32))  # assign, accept, start, request_completion, close …
    from_status: Mapped[str] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24))
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    why: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # e.g. {"unit": "..."} on assign

    item: Mapped[Item] = relationship(back_populates="transitions")


class ItemRevision(Base):
    """A dated edit of one field of an item (the original commitment text is never overwritten)."""

    __tablename__ = "item_revisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(40))
    old: Mapped[Any] = mapped_column(JSON, nullable=True)
    new: Mapped[Any] = mapped_column(JSON, nullable=True)
    actor: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    why: Mapped[str] = mapped_column(Text, default="")

    item: Mapped[Item] = relationship(back_populates="revisions")


class ItemLink(Base):
    """Relations between items: ``split`` (parent -> sub-item), ``merged`` (duplicate -> kept item) and
    ``merge_proposed`` (two items that look like the same commitment; status proposed/accepted/rejected)."""

    __tablename__ = "item_links"
    __table_args__ = (UniqueConstraint("from_item_id", "to_item_id", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    from_item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    to_item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(12), default="done")
    reason: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(64), default="system")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class ProgressReport(Base):
    """A progress report by the unit (or recorded from accepted evidence): value, note, problems, next steps."""

    __tablename__ = "progress_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    value: Mapped[float | None] = mapped_column(Double)  # cumulative value towards the target: 32000
    as_of: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")  # 进展情况
    problems: Mapped[str] = mapped_column(Text, default="")  # 存在问题
    next_steps: Mapped[str] = mapped_column(Text, default="")  # 下步打算
    source: Mapped[str] = mapped_column(String(12), default="unit")  # unit | evidence | import
    reported_by: Mapped[str] = mapped_column(String(64))
    reported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)

    item: Mapped[Item] = relationship(back_populates="progress_reports")


class Attachment(Base):
    """An uploaded file kept in the database (size-limited by the ``attachment_max_bytes`` setting)."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    progress_id: Mapped[int | None] = mapped_column(ForeignKey("progress_reports.id", ondelete="SET NULL"))
    filename: Mapped[str] = mapped_column(String(255))
    mime: Mapped[str] = mapped_column(String(100), default="application/octet-stream")
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class Evidence(Base):
    """Evidence for an item: a statistic proposed automatically on ingest, an article span, or a file."""

    __tablename__ = "evidence"
    __table_args__ = (UniqueConstraint("item_id", "statistic_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(12))  # statistic | span | file
    # ix_evidence_statistic_id (migration 0013_ingest_lookups): which of a new document's figures already have evidence
    statistic_id: Mapped[int | None] = mapped_column(ForeignKey("statistics.id", ondelete="SET NULL"), index=True)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id", ondelete="SET NULL"))
    span_start: Mapped[int | None] = mapped_column(Integer)
    span_end: Mapped[int | None] = mapped_column(Integer)
    attachment_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id", ondelete="SET NULL"))
    value: Mapped[float | None] = mapped_column(Double)
    unit: Mapped[str | None] = mapped_column(String(20))
    metric: Mapped[str | None] = mapped_column(Text)
    as_of: Mapped[date | None] = mapped_column(Date)
    quote: Mapped[str] = mapped_column(Text, default="")  # the characters the evidence points to
    score: Mapped[float | None] = mapped_column(Double)
    reason: Mapped[str] = mapped_column(Text, default="")  # 同一地点泰州市；单位人一致；指标相似度0.8 …
    status: Mapped[str] = mapped_column(String(10), default="proposed", index=True)  # proposed|accepted|rejected
    proposed_by: Mapped[str] = mapped_column(String(64), default="system")
    proposed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decision_note: Mapped[str] = mapped_column(Text, default="")
    progress_id: Mapped[int | None] = mapped_column(  # the progress report recorded on acceptance
        ForeignKey("progress_reports.id", ondelete="SET NULL")
    )


class Reminder(Base):
    """A reminder (催办) that was sent: which item or unit, why, when, by whom."""

    __tablename__ = "reminders"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"), index=True)
    unit: Mapped[str | None] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # due_soon | overdue | no_report
    message: Mapped[str] = mapped_column(Text)
    channel: Mapped[str] = mapped_column(String(20), default="ledger")
    sent_by: Mapped[str] = mapped_column(String(64))
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)


DeliveryChannel = Literal["email", "webhook"]
DeliveryStatus = Literal["queued", "sending", "sent", "failed"]
DeliverySummary = Literal["none", "queued", "retrying", "sent", "failed"]  # a reminder's deliveries in a word
SmtpSecurity = Literal["none", "starttls", "ssl"]


class Delivery(Base):
    """One attempt to deliver a reminder by one channel to one target (the delivery log).

    A reminder is queued once per target (``attempt`` 1, ``queued``, due at ``next_at``); an attempt that
    fails is kept as ``failed`` with its error and, while attempts remain, the next one is queued with a
    back-off. ``sending`` marks a row a worker has claimed. See tracking/delivery.py."""

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_status_next_at", "status", "next_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    reminder_id: Mapped[int] = mapped_column(ForeignKey("reminders.id", ondelete="CASCADE"), index=True)
    channel: Mapped[str] = mapped_column(String(10))  # email | webhook
    target: Mapped[str] = mapped_column(String(500))  # an e-mail address or a webhook URL
    attempt: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(10), default="queued")  # queued | sending | sent | failed
    error: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)  # queued, claimed or attempted
    next_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # a queued attempt: not before


class LedgerSetting(Base):
    """One setting (key -> JSON value): light thresholds, scoring weights, limits. Changes are audited."""

    __tablename__ = "ledger_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    updated_by: Mapped[str] = mapped_column(String(64), default="system")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, onupdate=_now)


class AuditEntry(Base):
    """Append-only record of every change (items, users, settings …). UPDATE/DELETE are refused by triggers."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity_type", "entity_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
    actor: Mapped[str] = mapped_column(String(64), index=True)
    action: Mapped[str] = mapped_column(String(40))
    entity_type: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(64))
    before: Mapped[Any] = mapped_column(JSON, nullable=True)
    after: Mapped[Any] = mapped_column(JSON, nullable=True)
