"""Response models of the API: what every operation answers, as the OpenAPI document shows it.

Each model lists the fields a client gets — no response copies every ORM column (``items.search_text``
and ``support_key`` are the ledger's own indexes, never answers). Rows are read with
``from_attributes``, so an endpoint hands the ORM object (or the tracking dataclass) to ``out()``.

One vocabulary with the JSON contract (docs/extraction-schema.md): every extracted item and every
span-carrying row answers ``span`` = ``[start, end)`` beside the older ``span_start``/``span_end``, and a
column named otherwise than the contract's field answers both names (a statistic's ``number_text`` is
also its ``text``) — additive, so existing clients keep working. Vocabularies (statuses, lights,
outcomes, roles, kinds, workflow actions) are the domain's Literal types, imported, never retyped.

Extracted-item models are generated from the registry of kinds (luoshi.extraction.kinds) and the row
models' column types, so a new kind needs nothing here.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar, cast, get_args, get_type_hints

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, computed_field, create_model

from luoshi.extraction.kinds import COUNTED, KINDS, ItemKind
from luoshi.storage.ledger_models import (
    DeliveryChannel,
    DeliveryStatus,
    DeliverySummary,
    EvidenceKind,
    EvidenceStatus,
    Light,
    Outcome,
    ReminderKind,
    SmtpSecurity,
    Status,
)
from luoshi.storage.models import ITEM_TABLES
from luoshi.tracking.actor import Role
from luoshi.tracking.workflow import Action


def _iso(value: datetime) -> str:
    return value.isoformat()


# Timestamps as ``datetime.isoformat()`` writes them ("+00:00", not pydantic's "Z"): unchanged answers.
Timestamp = Annotated[datetime, PlainSerializer(_iso, return_type=str)]
Span = list[int]  # [start, end): Python string indices into the article's text
# An integer a request body may carry (id, offset, version): within PostgreSQL's ``integer``, as the edge
# checks for path and query (luoshi.web.edge), so a huge number is 422 on both databases, never a 500.
DB_INT_MAX = 2**31 - 1
BodyId = Annotated[int, Field(ge=1, le=DB_INT_MAX)]
BodyInt = Annotated[int, Field(ge=0, le=DB_INT_MAX)]

T = TypeVar("T")


class Out(BaseModel):
    """Base of every response model: built from attributes (ORM rows, dataclasses) or dicts."""

    model_config = ConfigDict(from_attributes=True)


def out(model: type[BaseModel], value: Any) -> dict[str, Any]:
    """``value`` as the JSON ``model`` describes (for list envelopes sent as-is)."""
    return model.model_validate(value).model_dump(mode="json")


def outs(model: type[BaseModel], values: Any) -> list[dict[str, Any]]:
    return [out(model, v) for v in values]


class Page(Out, Generic[T]):
    """The list envelope: one page of ``items`` and how many there are in all."""

    items: list[T]
    total: int = Field(description="条数合计 items matching, over all pages")
    page: int
    page_size: int


class _Spanned(Out):
    span_start: int | None = None
    span_end: int | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def span(self) -> Span | None:
        """``[span_start, span_end)`` — the contract's name for the pair."""
        if self.span_start is None or self.span_end is None:
            return None
        return [self.span_start, self.span_end]


# ----------------------------------------------------------------------------- extracted items

class ExtractedItem(_Spanned):
    """Columns every stored item has; the kind's own fields are added from the registry."""

    id: int
    article_id: int
    ordinal: int = Field(description="在该篇抽取结果列表中的位置 index in the article's list of this kind")
    span_start: int
    span_end: int


class ArticleContext(Out):
    headline: str
    published: date | None
    place: str | None


def _column_type(model: type, column: str) -> Any:
    hint = get_type_hints(model)[column]  # Mapped[X]
    return get_args(hint)[0]


def _item_model(k: ItemKind, *, with_article: bool = False) -> type[ExtractedItem]:
    table = ITEM_TABLES[k.name]
    fields: dict[str, Any] = {c: (_column_type(table, c), ...) for c in k.columns if c not in ExtractedItem.model_fields}
    for contract_name, column in k.contract_names:
        fields[contract_name] = (_column_type(table, column), Field(validation_alias=column,
                                                                    description=f"= {column} (contract name)"))
    if with_article:
        fields["article"] = (ArticleContext, ...)
    name = k.singular.capitalize() + ("InBulk" if with_article else "")
    return _model(name, ExtractedItem, f"{k.label_zh} {k.label_en}", fields)


def _model(name: str, base: type[BaseModel], doc: str, fields: dict[str, Any]) -> Any:
    """A model made from data (the registry): pydantic's create_model, typed loosely for checkers."""
    return create_model(name, __base__=base, __doc__=doc, **fields)


ITEM_MODELS: dict[str, type[ExtractedItem]] = {k.name: _item_model(k) for k in KINDS}
BULK_ITEM_MODELS: dict[str, type[ExtractedItem]] = {k.name: _item_model(k, with_article=True) for k in KINDS}
# Per-article counts, one field per counted kind of the registry.
ItemCounts: type[Out] = _model("ItemCounts", Out, "条数 items per kind", {k: (int, 0) for k in COUNTED})


def _any_of(models: Any) -> Any:
    from functools import reduce
    from operator import or_

    return reduce(or_, models)


# A page of any one kind (the ``{kind}`` path parameter chooses which).
ItemsPage: Any = cast(Any, Page)[_any_of(ITEM_MODELS.values())]
BulkItemsPage: Any = cast(Any, Page)[_any_of(BULK_ITEM_MODELS.values())]


# ----------------------------------------------------------------------------- documents, articles

class DocumentArticle(Out):
    id: int
    index: int
    headline: str
    published: date | None
    place: str | None


class DocumentSummary(Out):
    id: int
    title: str | None
    format: str
    encoding: str | None
    source_path: str | None
    published: date | None
    place: str | None
    publisher: str | None
    sha256: str
    ingested_at: Timestamp
    warnings: list[str]
    articles: int | None = Field(description="文章篇数 number of articles")


class DocumentDetail(DocumentSummary):
    articles: list[DocumentArticle]  # type: ignore[assignment]


class UploadResult(Out):
    document_id: int
    created: bool = Field(description="false: the same bytes were already stored (200, not 201)")
    filename: str
    articles: int
    counts: dict[str, int] = Field(description="新抽取条数 items extracted per kind (new documents only)")
    items_proposed: int
    evidence_proposed: int


class ArticleSummary(Out):
    id: int
    document_id: int
    index: int
    headline: str
    published: date | None
    place: str | None
    publisher: str | None


ArticleListEntry: type[ArticleSummary] = _model(
    "ArticleListEntry", ArticleSummary, "文章 an article with how many items of each kind it yielded",
    {"counts": (ItemCounts, ...)},
)
ArticlesPage: Any = cast(Any, Page)[ArticleListEntry]


class DocumentRef(Out):
    id: int
    title: str | None
    format: str


class _ArticleDetailBase(ArticleSummary):
    subtitles: list[str]
    dateline: str | None
    reporters: list[str]
    correspondents: list[str]
    photographers: list[str]
    text: str
    sections: list[list[int]]
    paragraphs: list[list[int]]
    place_path: list[str]
    document: DocumentRef
    extraction: dict[str, Any] = Field(description="the article's entry of the luoshi.extraction/1 contract, as produced")


ArticleDetail: type[_ArticleDetailBase] = _model(
    "ArticleDetail", _ArticleDetailBase, "文章详情 an article with its items, one list per kind",
    {k.name: (cast(Any, list)[ITEM_MODELS[k.name]], ...) for k in KINDS},
)


# ----------------------------------------------------------------------------- ledger

class ItemOut(_Spanned):
    """A supervised item (督办事项)."""

    id: int
    serial: str = Field(examples=["DB-2026-0001"])
    year: int
    seq: int
    commitment_id: int | None
    article_id: int | None
    source_event: str | None
    source_text: str
    title: str
    kind: str = Field(description="target | deliverable | directive | manual")
    lead_unit: str | None
    supporting_units: list[str]
    responsible_person: str | None
    handler: str | None
    target_value: float | None
    target_unit: str | None
    target_comparator: str | None
    target_low: float | None = None
    target_high: float | None = None
    target_metric: str | None
    target_text: str | None
    period_text: str | None
    start_date: date | None
    due_date: date | None
    strength: str | None
    tags: list[str]
    place: str | None
    progress_value: float | None
    progress_as_of: date | None
    last_report_at: Timestamp | None
    status: Status
    outcome: Outcome
    light: Light
    light_reason: str
    closed_at: Timestamp | None
    parent_id: int | None
    merged_into_id: int | None
    created_by: str
    created_at: Timestamp
    updated_at: Timestamp
    version: int
    progress_ratio: float | None = Field(description="share of the target reached (0.31 = 31 %)")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def target_label(self) -> str:
        """目标 as one phrase: 新增城镇就业≥3.5万人 (the ledger's own wording)."""
        from luoshi.tracking.items import target_label

        return target_label(self)  # type: ignore[arg-type]  # reads the target_* fields only


class ItemPage(Page[ItemOut]):
    facets: dict[str, dict[str, int]] | None = Field(default=None, description="with ?facets=true: counts per value")
    total_exact: bool = Field(default=True, description="false: more items match than were counted; total is "
                              "the cap (10,000), not the exact number")
    next_cursor: str | None = Field(default=None, description="pass as ?cursor= for the next page (keyset "
                                    "pagination, same filters and sort); null on the last page")


class Transition(Out):
    id: int
    item_id: int
    action: str
    from_status: str
    to_status: str
    actor: str
    at: Timestamp
    why: str
    data: dict[str, Any]


class Revision(Out):
    id: int
    item_id: int
    field: str
    old: Any
    new: Any
    actor: str
    at: Timestamp
    why: str


class AuditEntryOut(Out):
    id: int
    at: Timestamp
    actor: str
    action: str
    entity_type: str
    entity_id: str | None
    before: Any
    after: Any


class ItemHistory(Out):
    transitions: list[Transition]
    revisions: list[Revision]
    audit: list[AuditEntryOut]


class RelatedItems(Out):
    children: list[ItemOut]
    merged: list[ItemOut]
    parent: list[ItemOut]


class ItemList(Out):
    items: list[ItemOut]


class ItemLinkOut(Out):
    id: int
    from_item_id: int
    to_item_id: int
    kind: str
    status: str
    reason: str
    actor: str
    at: Timestamp


class MergeProposalOut(Out):
    """A pending merge proposal seen from one item: the link and the other item."""

    link: ItemLinkOut
    other: ItemOut


class AllowedActions(Out):
    status: Status
    version: int
    actions: list[Action]


class ProgressOut(Out):
    id: int
    item_id: int
    value: float | None
    as_of: date | None
    note: str
    problems: str
    next_steps: str
    source: str
    reported_by: str
    reported_at: Timestamp


class ProgressAdded(Out):
    report: ProgressOut
    item: ItemOut


class AttachmentOut(Out):
    """An attachment's description; its bytes are served by GET /attachments/{id}."""

    id: int
    item_id: int
    progress_id: int | None
    filename: str
    mime: str
    size: int
    uploaded_by: str
    uploaded_at: Timestamp


class EvidenceOut(_Spanned):
    id: int
    item_id: int
    kind: EvidenceKind
    statistic_id: int | None
    article_id: int | None
    attachment_id: int | None
    value: float | None
    unit: str | None
    metric: str | None
    as_of: date | None
    quote: str
    score: float | None
    reason: str
    status: EvidenceStatus
    proposed_by: str
    proposed_at: Timestamp
    decided_by: str | None
    decided_at: Timestamp | None
    decision_note: str
    progress_id: int | None


class EvidenceAccepted(Out):
    evidence_id: int
    status: EvidenceStatus
    progress: ProgressOut | None


class ReminderDraftOut(Out):
    kind: ReminderKind
    unit: str | None
    message: str
    item_id: int | None
    serial: str | None
    due_date: date | None
    days: int


class ReminderOut(Out):
    id: int
    item_id: int | None
    unit: str | None
    kind: ReminderKind
    message: str
    channel: str
    sent_by: str
    sent_at: Timestamp


class DeliveryOut(Out):
    """One attempt of delivering a reminder (the delivery log)."""

    id: int
    reminder_id: int
    channel: DeliveryChannel
    target: str = Field(description="邮箱地址或webhook网址 e-mail address or webhook URL")
    attempt: int = Field(description="第几次尝试 attempt number, from 1")
    status: DeliveryStatus
    error: str
    at: Timestamp
    next_at: Timestamp | None = Field(default=None, description="排队的尝试最早何时进行 a queued attempt: not before")


class ReminderWithDeliveries(ReminderOut):
    deliveries: list[DeliveryOut]
    delivery: DeliverySummary = Field(
        description="送达情况 summary of the deliveries")


class UnitContact(BaseModel):
    emails: list[str] = Field(default_factory=list)
    webhooks: list[str] = Field(default_factory=list)


class DeliveryConfigOut(Out):
    """催办送达设置 (the password is never shown: ``********`` when one is set)."""

    smtp_host: str
    smtp_port: int
    smtp_security: SmtpSecurity
    smtp_user: str
    smtp_password: str = Field(description="'********' when set, '' when not")
    smtp_from: str
    webhook_urls: list[str] = Field(description="本室群机器人 the office's group robots (every reminder)")
    unit_contacts: dict[str, UnitContact] = Field(description="单位 -> 邮箱与webhook unit -> e-mails, webhooks")
    max_attempts: int
    retry_base_seconds: float
    timeout_seconds: float
    link_base: str


class DrainOut(Out):
    sent: int
    failed: int
    given_up: int
    waiting: int


class RemindersSent(Out):
    items: list[ReminderOut]
    total: int


class UnitScoreOut(Out):
    unit: str
    total: int
    by_status: dict[str, int]
    by_light: dict[str, int]
    due: int
    closed_on_time: int
    on_time_rate: float | None
    avg_progress: float | None
    avg_expected: float | None
    progress_ratio: float | None
    overdue: int
    green_share: float | None
    score: float
    rank: int


class RankingRow(Out):
    rank: int
    unit: str
    score: float
    total: int
    overdue: int
    on_time_rate: float | None
    progress_ratio: float | None
    green_share: float | None


class RankingPage(Page[RankingRow]):
    scoring_weights: dict[str, float]


class PersonListEntry(Out):
    name: str
    mentions: int
    last_seen: date | None


class PostSpellOut(Out):
    org: str | None
    title: str
    first_seen: date | None
    last_seen: date | None
    article_ids: list[int]


class PersonCommitment(Out):
    id: int
    text: str
    article_id: int
    published: date | None
    org: str | None
    value: float | None
    unit: str | None
    metric: str | None


class PersonDetail(Out):
    name: str
    posts: list[PostSpellOut]
    commitments: list[PersonCommitment]
    items: list[ItemOut]


class SettingsOut(Out):
    yellow_days: int
    progress_tolerance: float
    no_report_days: int
    evidence_min_similarity: float
    evidence_grace_days: int
    attachment_max_bytes: int
    scoring_weights: dict[str, float]


# ----------------------------------------------------------------------------- users, session

class UserOut(Out):
    id: int
    username: str
    display_name: str | None
    role: Role
    unit: str | None
    is_active: bool
    has_password: bool
    created_at: str | None
    updated_at: str | None


class TokenIssued(Out):
    id: int
    name: str
    prefix: str
    token: str = Field(description="the token itself: shown once, never again")


class TokenRevoked(Out):
    id: int
    revoked: bool


class SessionUser(Out):
    username: str
    role: Role
    unit: str | None
    user_id: int | None


class LoginResult(Out):
    user: SessionUser
    csrf_token: str


class WhoAmI(Out):
    user: SessionUser
    auth: str | None = Field(description="token | cookie")
    csrf_token: str | None


class Done(Out):
    ok: bool


# Binary downloads (report bytes, attachments): described as such in the OpenAPI document.
BINARY_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
          "description": "the stored bytes, as a download"},
}


class ImportRowMessage(Out):
    row: int
    serial: str | None = None
    message: str


class ImportConflict(ImportRowMessage):
    sheet_version: int | None = None
    current_version: int


class ImportChange(Out):
    column: str  # as printed in the sheet (完成时限)
    before: str
    after: str


class ImportPreviewRow(Out):
    row: int
    serial: str | None = None  # None: a new item
    note: str | None = None
    status_step: str | None = None
    changes: list[ImportChange] = Field(default_factory=list)


class ImportResult(Out):
    """POST /ledger/import: what was (or, with dry_run, would be) done."""

    dry_run: bool
    created: list[str]
    updated: list[str]
    unchanged: int
    errors: list[ImportRowMessage]
    conflicts: list[ImportConflict]
    not_applied: list[ImportRowMessage]
    preview: list[ImportPreviewRow]
