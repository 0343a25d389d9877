"""Read-side queries over the reading tables, shared by the CLI, the API and the notebook helpers.

``item_rows`` is the one place that flattens stored items into export rows (one row per item, with
its article id, headline, place, date and span), so CSV, JSONL, Parquet and the API agree.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ScalarSelect, Select, func, select
from sqlalchemy.orm import Session, selectinload

from luoshi.extraction.kinds import CONTEXT_COLUMNS, COUNTED, KINDS
from luoshi.storage.models import ITEM_TABLES, Article, Document

__all__ = [
    "ArticleFilter",
    "ArticleSummary",
    "EXPORT_KINDS",
    "article_summaries",
    "get_article",
    "item_rows",
    "count_rows",
]

# Export name -> item table: the registry's mapping itself (an alias kept for callers of this name);
# "articles" is handled separately (one row per article).
EXPORT_KINDS = ITEM_TABLES


@dataclass(frozen=True)
class ArticleFilter:
    """Which articles a listing or an export covers. ``place`` matches the article's resolved place
    (also as a part: 南通 finds 南通市) or the place hint its document was ingested with."""

    place: str | None = None
    since: date | None = None
    until: date | None = None
    document_id: int | None = None

    def apply(self, stmt: Select) -> Select:
        if self.place:
            hinted = select(Document.id).where(Document.place == self.place)
            stmt = stmt.where(Article.place.contains(self.place, autoescape=True) | Article.document_id.in_(hinted))
        if self.since:
            stmt = stmt.where(Article.published >= self.since)
        if self.until:
            stmt = stmt.where(Article.published <= self.until)
        if self.document_id is not None:
            stmt = stmt.where(Article.document_id == self.document_id)
        return stmt


@dataclass
class ArticleSummary:
    id: int
    document_id: int
    published: date | None
    place: str | None
    headline: str
    counts: dict[str, int]


def _count_subquery(model: Any) -> ScalarSelect[int]:  # any item row model (id, article_id)
    return (
        select(func.count(model.id)).where(model.article_id == Article.id).correlate(Article).scalar_subquery()
    )


def article_summaries(
    session: Session, filters: ArticleFilter | None = None, *, limit: int | None = 50, offset: int = 0
) -> list[ArticleSummary]:
    """Newest first: id, date, place, headline and how many items of each kind were extracted."""
    filters = filters or ArticleFilter()
    counts = [_count_subquery(EXPORT_KINDS[k]).label(k) for k in COUNTED]
    stmt = select(Article.id, Article.document_id, Article.published, Article.place, Article.headline, *counts)
    stmt = filters.apply(stmt).order_by(Article.published.desc().nulls_last(), Article.id.desc())
    if limit is not None:
        stmt = stmt.limit(limit)
    stmt = stmt.offset(offset)
    return [
        ArticleSummary(r.id, r.document_id, r.published, r.place, r.headline, {k: getattr(r, k) for k in COUNTED})
        for r in session.execute(stmt)
    ]


def get_article(session: Session, article_id: int) -> Article | None:
    """One article with its items and its document loaded."""
    stmt = (
        select(Article)
        .where(Article.id == article_id)
        .options(
            selectinload(Article.document),
            *(selectinload(getattr(Article, k)) for k in ITEM_TABLES),
        )
    )
    return session.scalar(stmt)


def count_rows(session: Session) -> dict[str, int]:
    """How many rows each reading table holds (status displays, tests)."""
    models: dict[str, type[Any]] = {"documents": Document, "articles": Article, **EXPORT_KINDS}
    return {name: session.scalar(select(func.count()).select_from(m)) or 0 for name, m in models.items()}


# --- export rows ------------------------------------------------------------------------------------

ARTICLE_COLUMNS = (
    "article_id", "document_id", "published", "place", "place_path", "headline", "subtitles", "dateline",
    "reporters", "correspondents", "photographers", "publisher", "source_path", "doc_start", "doc_end",
    *COUNTED, "text",
)
_CONTEXT = CONTEXT_COLUMNS
ITEM_COLUMNS: dict[str, tuple[str, ...]] = {k.name: k.export_columns for k in KINDS}


def export_columns(what: str) -> tuple[str, ...]:
    return ARTICLE_COLUMNS if what == "articles" else ITEM_COLUMNS[what]


def item_rows(session: Session, what: str, filters: ArticleFilter | None = None) -> Iterator[dict[str, Any]]:
    """One dict per article (``what="articles"``) or per extracted item, columns ``export_columns(what)``.

    Values stay typed (dates, numbers, lists); writers decide how to render them.
    """
    filters = filters or ArticleFilter()
    if what == "articles":
        yield from _article_export_rows(session, filters)
        return
    model = EXPORT_KINDS[what]
    stmt = (
        select(model, Article.published, Article.place, Article.headline)
        .join(Article, model.article_id == Article.id)
        .order_by(Article.published.nulls_last(), Article.id, model.ordinal)
    )
    columns = ITEM_COLUMNS[what]
    for item, published, place, headline in session.execute(filters.apply(stmt)):
        row = {"article_id": item.article_id, "published": published, "place": place, "headline": headline}
        row.update({c: getattr(item, c) for c in columns[len(_CONTEXT):]})
        yield row


def _article_export_rows(session: Session, filters: ArticleFilter) -> Iterator[dict[str, Any]]:
    summaries = {s.id: s for s in article_summaries(session, filters, limit=None)}
    stmt = (
        select(Article, Document.source_path)
        .join(Document, Article.document_id == Document.id)
        .order_by(Article.published.nulls_last(), Article.id)
    )
    for art, source_path in session.execute(filters.apply(stmt)):
        counts = summaries[art.id].counts
        yield {
            "article_id": art.id, "document_id": art.document_id, "published": art.published,
            "place": art.place, "place_path": list(art.place_path or []), "headline": art.headline,
            "subtitles": list(art.subtitles or []), "dateline": art.dateline,
            "reporters": list(art.reporters or []), "correspondents": list(art.correspondents or []),
            "photographers": list(art.photographers or []), "publisher": art.publisher,
            "source_path": source_path, "doc_start": art.doc_start, "doc_end": art.doc_end,
            **counts, "text": art.text,
        }
