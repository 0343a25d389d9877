"""Tables of the reading side: source documents, their articles, and one table per extracted kind.

Why both ``articles.extraction`` (JSON) and the per-kind tables: the reading view wants the whole
``ArticleExtraction`` back exactly as produced, while bulk questions ("every commitment owned by 市住建局
since May") want plain indexed columns. The per-kind rows are written from the same extraction in the
same transaction, so they never disagree.

Offsets: every ``span_start``/``span_end`` indexes ``articles.text`` (half-open). ``articles.doc_start``
and ``doc_end`` index ``documents.text``. The two character maps of the reading stage (article text ->
page text, page text -> original decoded text) are stored run-length encoded (see ``encode_offsets``):
they are the identity plus a few shifts, so a 20 000-entry list becomes a handful of runs.
"""
from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import (
    JSON,
    BigInteger,
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
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from luoshi.extraction.kinds import KINDS
from luoshi.extraction.model import Commitment, Event, Formulation, Organisation, Person, Statistic
from luoshi.storage.base import Base, utcnow


def encode_offsets(mapping: list[int]) -> list[list[int]]:
    """Run-length encode a monotone index map as ``[[from, to, length], ...]``.

    Inside a run, ``mapping[from + k] == to + k``. Typical page maps collapse to a few runs.
    """
    if not mapping:
        return []
    values = np.asarray(mapping, dtype=np.int64)  # a page has ~10^5 entries: the breaks are found in C
    breaks = np.flatnonzero(np.diff(values) != 1) + 1
    starts = [0, *breaks.tolist()]
    ends = [*breaks.tolist(), len(mapping)]
    return [[start, int(values[start]), end - start] for start, end in zip(starts, ends, strict=True)]


def decode_offsets(runs: list[list[int]] | None) -> list[int]:
    """Inverse of :func:`encode_offsets`."""
    mapping: list[int] = []
    for _start, to, length in runs or []:
        mapping.extend(range(to, to + length))
    return mapping


class Document(Base):
    """One input file, stored once per distinct content (sha256 of the raw bytes)."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    raw: Mapped[bytes] = mapped_column(LargeBinary)
    format: Mapped[str] = mapped_column(String(16))  # text | html | docx | pdf
    encoding: Mapped[str | None] = mapped_column(String(32))
    source_path: Mapped[str | None] = mapped_column(Text)
    title: Mapped[str | None] = mapped_column(Text)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    publisher: Mapped[str | None] = mapped_column(String(200))
    place: Mapped[str | None] = mapped_column(String(100), index=True)
    text: Mapped[str] = mapped_column(Text)  # normalised page text the articles point into
    original_text: Mapped[str] = mapped_column(Text)  # decoded text before normalisation
    offset_runs: Mapped[list[list[int]]] = mapped_column(JSON, default=list)  # text -> original_text
    ingested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)

    articles: Mapped[list[Article]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Article.index"
    )

    @property
    def offset_map(self) -> list[int]:
        """``text`` index -> ``original_text`` index, as in ``SourceDocument.offset_map``."""
        return decode_offsets(self.offset_runs)


class ArticleBand(Base):
    """One LSH band of an article's MinHash signature (research.duplicates.band_keys): ingest finds the
    stored articles a new one may copy by index (band, key), without holding every stored signature in
    memory or signing every stored article again in each new process (migration 0012_article_bands)."""

    __tablename__ = "article_bands"
    __table_args__ = (Index("ix_article_bands_band_key", "band", "key"),)

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    band: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger)


class ArticleSignature(Base):
    """An article's MinHash signature (128 uint32, little-endian bytes): the candidates that
    ``article_bands`` finds are checked against these at the threshold, without reading or signing their
    texts again."""

    __tablename__ = "article_signatures"

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True)
    signature: Mapped[bytes] = mapped_column(LargeBinary)


class Article(Base):
    """One article of a page, with its full extraction kept as JSON for the reading view."""

    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("document_id", "index"),
        # statistics of a place and period, for new ledger items (tracking.evidence; migration 0009_scale)
        Index("ix_articles_place_published", "place", "published"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    index: Mapped[int] = mapped_column(Integer)  # 0-based position on the page
    headline: Mapped[str] = mapped_column(Text, default="")
    subtitles: Mapped[list[str]] = mapped_column(JSON, default=list)
    dateline: Mapped[str | None] = mapped_column(Text)
    reporters: Mapped[list[str]] = mapped_column(JSON, default=list)
    correspondents: Mapped[list[str]] = mapped_column(JSON, default=list)
    photographers: Mapped[list[str]] = mapped_column(JSON, default=list)
    text: Mapped[str] = mapped_column(Text)
    doc_start: Mapped[int] = mapped_column(Integer)
    doc_end: Mapped[int] = mapped_column(Integer)
    text_to_doc_runs: Mapped[list[list[int]]] = mapped_column(JSON, default=list)
    published: Mapped[date | None] = mapped_column(Date, index=True)
    place: Mapped[str | None] = mapped_column(String(100), index=True)  # resolved by extraction, else hint
    place_path: Mapped[list[str]] = mapped_column(JSON, default=list)  # 江苏省 > 南通市 > 海门区
    publisher: Mapped[str | None] = mapped_column(String(200))
    sections: Mapped[list[list[int]]] = mapped_column(JSON, default=list)
    paragraphs: Mapped[list[list[int]]] = mapped_column(JSON, default=list)
    extraction: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # ArticleExtraction.to_dict()

    document: Mapped[Document] = relationship(back_populates="articles")
    people: Mapped[list[PersonMention]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="PersonMention.ordinal"
    )
    organisations: Mapped[list[OrganisationRow]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="OrganisationRow.ordinal"
    )
    events: Mapped[list[EventRow]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="EventRow.ordinal"
    )
    commitments: Mapped[list[CommitmentRow]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="CommitmentRow.ordinal"
    )
    statistics: Mapped[list[StatisticRow]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="StatisticRow.ordinal"
    )
    formulations: Mapped[list[FormulationRow]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="FormulationRow.ordinal"
    )

    @property
    def text_to_doc(self) -> list[int]:
        return decode_offsets(self.text_to_doc_runs)


class _ArticleItem:
    """Columns every extracted-item row has: its article, its position in the list, and its span.

    Each row class also says how one extracted item becomes its column values (``values_from``), so
    storing an extraction is the same loop for every kind of the registry (luoshi.extraction.kinds).
    """

    id: Mapped[int] = mapped_column(Integer, primary_key=True, sort_order=-10)
    ordinal: Mapped[int] = mapped_column(Integer)  # index in the ArticleExtraction list it came from
    span_start: Mapped[int] = mapped_column(Integer, default=0)
    span_end: Mapped[int] = mapped_column(Integer, default=0)
    if TYPE_CHECKING:  # declared by each table (its foreign key carries the table's constraint names)
        article_id: Mapped[int]

    @staticmethod
    def values_from(item: Any) -> dict[str, Any]:
        raise NotImplementedError


def _span(span: Any) -> dict[str, int]:
    start, end = span if span else (0, 0)
    return {"span_start": int(start), "span_end": int(end)}


class PersonMention(_ArticleItem, Base):
    """A person named in an article (one row per person per article; ``mentions`` lists every span)."""

    __tablename__ = "people_mentions"
    __table_args__ = (UniqueConstraint("article_id", "ordinal"),)

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(50), index=True)
    title: Mapped[str | None] = mapped_column(Text)  # title phrase as printed
    posts: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # [{org, title, org_as_printed}]
    role: Mapped[str | None] = mapped_column(String(20))  # chair | speaker | attendee | met | mentioned
    org: Mapped[str | None] = mapped_column(String(200), index=True)  # org of the first post
    mentions: Mapped[list[list[int]]] = mapped_column(JSON, default=list)

    article: Mapped[Article] = relationship(back_populates="people")

    @staticmethod
    def values_from(item: Person) -> dict[str, Any]:
        posts = [asdict(post) for post in item.posts]
        return {
            "name": item.name, "title": item.title, "posts": posts, "role": item.role,
            "org": next((post["org"] for post in posts if post.get("org")), None),
            "mentions": [list(m) for m in item.mentions],
            **_span(item.mentions[0] if item.mentions else None),
        }


class OrganisationRow(_ArticleItem, Base):
    """An organisation (单位) named in an article: as printed, and resolved against the article's place."""

    __tablename__ = "organisations"
    __table_args__ = (UniqueConstraint("article_id", "ordinal"),)

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    as_printed: Mapped[str] = mapped_column(String(200))  # 市商务局
    name: Mapped[str] = mapped_column(String(200), index=True)  # 盐城市商务局

    article: Mapped[Article] = relationship(back_populates="organisations")

    @staticmethod
    def values_from(item: Organisation) -> dict[str, Any]:
        as_printed = item.get("as_printed") or ""
        return {"as_printed": as_printed, "name": item.get("name") or as_printed, **_span(item.get("span"))}


class EventRow(_ArticleItem, Base):
    """A meeting, inspection, reception … reported in an article."""

    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("article_id", "ordinal"),)

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    type: Mapped[str] = mapped_column(String(20), index=True)
    name: Mapped[str | None] = mapped_column(Text)
    start: Mapped[date | None] = mapped_column(Date, index=True)
    end: Mapped[date | None] = mapped_column(Date)
    date_text: Mapped[str | None] = mapped_column(String(100))
    chair: Mapped[str | None] = mapped_column(String(50), index=True)
    participants: Mapped[list[str]] = mapped_column(JSON, default=list)
    documents: Mapped[list[str]] = mapped_column(JSON, default=list)

    article: Mapped[Article] = relationship(back_populates="events")

    @staticmethod
    def values_from(item: Event) -> dict[str, Any]:
        return {
            "type": item.type, "name": item.name, "start": item.start, "end": item.end,
            "date_text": item.date_text, "chair": item.chair, "participants": list(item.participants),
            "documents": list(item.documents), **_span(item.span),
        }


def _float(value: float | int | None) -> float | None:
    return None if value is None else float(value)


class CommitmentRow(_ArticleItem, Base):
    """A promise with an owner and, where printed, a quantified target and a period (承诺/目标/任务)."""

    __tablename__ = "commitments"
    __table_args__ = (UniqueConstraint("article_id", "ordinal"),)

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)  # target | deliverable | directive
    text: Mapped[str] = mapped_column(Text)
    action: Mapped[str | None] = mapped_column(Text)
    owner_person: Mapped[str | None] = mapped_column(String(50), index=True)
    owner_org: Mapped[str | None] = mapped_column(String(200), index=True)
    value: Mapped[float | None] = mapped_column(Double)
    unit: Mapped[str | None] = mapped_column(String(20))
    comparator: Mapped[str | None] = mapped_column(String(10))  # >= > = <= < ~ between
    target_low: Mapped[float | None] = mapped_column(Double)  # a range (增长5%—5.5%): its bounds; value = low
    target_high: Mapped[float | None] = mapped_column(Double)
    metric: Mapped[str | None] = mapped_column(Text)
    target_text: Mapped[str | None] = mapped_column(String(100))  # number phrase as printed: 超7万人
    period_text: Mapped[str | None] = mapped_column(String(100))
    period_start: Mapped[date | None] = mapped_column(Date)
    period_end: Mapped[date | None] = mapped_column(Date, index=True)
    strength: Mapped[str | None] = mapped_column(String(10))  # 确保 / 力争 / 争取 …
    role: Mapped[str | None] = mapped_column(String(20), index=True)  # expected: a 主要预期目标 target
    section: Mapped[str | None] = mapped_column(Text)  # heading of the report section it stands in

    article: Mapped[Article] = relationship(back_populates="commitments")

    @staticmethod
    def values_from(item: Commitment) -> dict[str, Any]:
        target, period, owner = item.target, item.period, item.owner
        return {
            "kind": item.kind, "text": item.text, "action": item.action,
            "owner_person": owner.person if owner else None,
            "owner_org": owner.org if owner else None,
            "value": float(target.value) if target else None,
            "unit": target.unit if target else None,
            "comparator": target.comparator if target else None,
            "target_low": _float(target.low) if target else None,
            "target_high": _float(target.high) if target else None,
            "metric": target.metric if target else None,
            "target_text": target.text if target else None,
            "period_text": period.text if period else None,
            "period_start": period.start if period else None,
            "period_end": period.end if period else None,
            "strength": item.strength, "role": item.role, "section": item.section,
            **_span(item.span),
        }


class StatisticRow(_ArticleItem, Base):
    """A reported figure (统计数据) — possible evidence of progress on a commitment."""

    __tablename__ = "statistics"
    __table_args__ = (UniqueConstraint("article_id", "ordinal"),)

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    value: Mapped[float] = mapped_column(Double)
    unit: Mapped[str | None] = mapped_column(String(20))
    comparator: Mapped[str] = mapped_column(String(10), default="=")
    low: Mapped[float | None] = mapped_column(Double)  # comparator "between": the bounds; value = low
    high: Mapped[float | None] = mapped_column(Double)
    metric: Mapped[str | None] = mapped_column(Text)
    as_of: Mapped[str | None] = mapped_column(String(100))
    section: Mapped[str | None] = mapped_column(Text)  # heading of the report section it stands in
    number_text: Mapped[str | None] = mapped_column(String(100))  # as printed: 同比增长12.3%

    article: Mapped[Article] = relationship(back_populates="statistics")

    @staticmethod
    def values_from(item: Statistic) -> dict[str, Any]:
        return {
            "value": float(item.value), "unit": item.unit, "comparator": item.comparator or "=",
            "metric": item.metric, "as_of": item.as_of, "number_text": item.text, **_span(item.span),
            "low": _float(item.low), "high": _float(item.high), "section": item.section,
        }


class FormulationRow(_ArticleItem, Base):
    """A political formulation (提法): 84211, 2+4+N, 三个新, quoted slogans."""

    __tablename__ = "formulations"
    __table_args__ = (UniqueConstraint("article_id", "ordinal"),)

    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(String(200), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # numeric_code | plus_formula | numbered_slogan | quoted_slogan
    context: Mapped[str | None] = mapped_column(Text)

    article: Mapped[Article] = relationship(back_populates="formulations")

    @staticmethod
    def values_from(item: Formulation) -> dict[str, Any]:
        return {"text": item.text, "kind": item.kind, "context": item.context, **_span(item.span)}


def _item_tables() -> dict[str, type[_ArticleItem]]:
    """Kind name -> row model, from the registry; a kind without its row model fails here, at import."""
    tables: dict[str, type[_ArticleItem]] = {}
    for k in KINDS:
        model = globals().get(k.row_model)
        if not (isinstance(model, type) and issubclass(model, _ArticleItem)):
            raise ImportError(f"item kind {k.name!r}: no row model {k.row_model} in luoshi.storage.models")
        if not hasattr(Article, k.name):
            raise ImportError(f"item kind {k.name!r}: Article has no relationship {k.name!r}")
        tables[k.name] = model
    return tables


# Kind name -> its table, in the registry's order (the one mapping; storage.queries re-exports it).
ITEM_TABLES: dict[str, type[_ArticleItem]] = _item_tables()
