"""Reports as read: the list of ingested documents and the reading view of one document, with every
extracted person, event, target, statistic and formulation highlighted where it was printed."""
from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from luoshi.extraction.kinds import KINDS
from luoshi.storage.models import Article, Document
from luoshi.tracking.errors import NotFound
from luoshi.web.ui import highlight, ledger_bridge
from luoshi.web.ui.context import UIRoute, db, render, require_actor

router = APIRouter(route_class=UIRoute)
PAGE_SIZE = 30
# Highlight kinds of the reading view: the registry's, with a commitment's target after it.
LEGEND = tuple(m for k in KINDS for m in ((k.singular, "target") if k.name == "commitments" else (k.singular,)))


@dataclass
class ArticleView:
    article: Article
    segments: list[highlight.Segment]
    extraction: dict[str, Any]
    items: list[Any]


def document_title(title: str | None, headlines: list[str], source_path: str | None, document_id: int) -> str:
    """What to call a report: its own title, else its first headline (+ how many more), else its file."""
    if title and title.strip():
        return title.strip()
    named = [h for h in headlines if h and h.strip()]
    if named:
        return named[0] if len(named) == 1 else f"{named[0]} 等{len(named)}篇"
    return (source_path or "").rsplit("/", 1)[-1] or f"#{document_id}"


@router.get("/documents")
def documents(request: Request, page: int = 1, session: Session = Depends(db)) -> Response:
    actor = require_actor(request, session)
    page = max(1, page)
    total = session.scalar(select(func.count(Document.id))) or 0
    article_counts = (
        select(Article.document_id, func.count(Article.id).label("n")).group_by(Article.document_id).subquery()
    )
    rows = session.execute(
        select(Document.id, Document.title, Document.published, Document.place, Document.format,
               Document.source_path, Document.ingested_at, article_counts.c.n)
        .outerjoin(article_counts, article_counts.c.document_id == Document.id)
        .order_by(Document.ingested_at.desc(), Document.id.desc())
        .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    ).all()
    pages = max(1, -(-total // PAGE_SIZE))
    first = _first_headlines(session, [r.id for r in rows])
    titles = {r.id: document_title(r.title, first.get(r.id, []), r.source_path, r.id) for r in rows}
    return render(request, "documents.html", {"rows": rows, "titles": titles, "total": total, "page": page, "pages": pages},
                  actor=actor)


def _item_at(by_span: dict[tuple[int, int], int], start: int, end: int) -> int | None:
    return by_span.get((start, end))


def _evidence_of(evidence_items: dict[tuple[int, int], int], article_id: int, ordinal: int) -> int | None:
    return evidence_items.get((article_id, ordinal))


@router.get("/documents/{document_id}")
def reading_view(request: Request, document_id: int, session: Session = Depends(db)) -> Response:
    actor = require_actor(request, session)
    document = session.get(Document, document_id, options=[selectinload(Document.articles)])
    if document is None:
        raise NotFound(f"报道 {document_id} 不存在")
    article_ids = [a.id for a in document.articles]
    items_by_article = ledger_bridge.items_by_article(session, actor, article_ids)
    evidence_items = ledger_bridge.evidence_items(session, actor, article_ids)
    views = []
    for article in document.articles:
        items = items_by_article.get(article.id, [])
        by_span = {(i.span_start, i.span_end): i.id for i in items}
        marks = highlight.marks_from_extraction(article.extraction, partial(_item_at, by_span),
                                                partial(_evidence_of, evidence_items, article.id))
        marks += [highlight.Mark("section", s, e, "") for s, e in (article.sections or [])]
        views.append(ArticleView(article, highlight.segment(article.text, marks), article.extraction or {}, items))
    return render(request, "document.html", {
        "document": document,
        "doc_title": document_title(document.title, [a.headline for a in document.articles], document.source_path,
                                    document.id),
        "views": views,
        "legend": LEGEND,
        "can_triage": ledger_bridge.can_triage(actor),
        "units": ledger_bridge.unit_names(session, actor) if ledger_bridge.can_triage(actor) else [],
        "evidence_targets": ledger_bridge.evidence_targets(session, actor),
    }, actor=actor)


def _first_headlines(session: Session, document_ids: list[int]) -> dict[int, list[str]]:
    """Headlines of the listed documents, in page order (one query for the whole page)."""
    result: dict[int, list[str]] = {}
    if not document_ids:
        return result
    for document_id, headline in session.execute(
            select(Article.document_id, Article.headline).where(Article.document_id.in_(document_ids))
            .order_by(Article.document_id, Article.index)):
        result.setdefault(document_id, []).append(headline)
    return result
