"""Reports as read: the list of ingested documents and the reading view of one document, with every
extracted person, event, target, statistic and formulation highlighted where it was printed."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from luoshi.storage.models import Article, Document
from luoshi.tracking.errors import NotFound
from luoshi.web.ui import highlight, ledger_bridge
from luoshi.web.ui.context import UIRoute, db, render, require_actor

router = APIRouter(route_class=UIRoute)
PAGE_SIZE = 30
LEGEND = ("person", "event", "commitment", "target", "statistic", "formulation", "organisation")


@dataclass
class ArticleView:
    article: Article
    segments: list[highlight.Segment]
    extraction: dict[str, Any]
    items: list[Any]


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
    return render(request, "documents.html", {"rows": rows, "total": total, "page": page, "pages": pages},
                  actor=actor)


@router.get("/documents/{document_id}")
def reading_view(request: Request, document_id: int, session: Session = Depends(db)) -> Response:
    actor = require_actor(request, session)
    document = session.get(Document, document_id, options=[selectinload(Document.articles)])
    if document is None:
        raise NotFound(f"报道 {document_id} 不存在")
    items_by_article = ledger_bridge.items_by_article(session, actor, [a.id for a in document.articles])
    views = []
    for article in document.articles:
        items = items_by_article.get(article.id, [])
        by_span = {(i.span_start, i.span_end): i.id for i in items}
        marks = highlight.marks_from_extraction(article.extraction, lambda s, e: by_span.get((s, e)))
        marks += [highlight.Mark("section", s, e, "") for s, e in (article.sections or [])]
        views.append(ArticleView(article, highlight.segment(article.text, marks), article.extraction or {}, items))
    return render(request, "document.html", {
        "document": document,
        "views": views,
        "legend": LEGEND,
        "can_triage": ledger_bridge.can_triage(actor),
    }, actor=actor)
