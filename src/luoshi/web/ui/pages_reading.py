"""Reports as read: the list of ingested documents and the reading view of one document, with every
extracted person, event, target, statistic and formulation highlighted where it was printed."""
from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from functools import partial
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from luoshi.extraction.kinds import KINDS
from luoshi.reading.errors import ReadError
from luoshi.reading.scan import page_image
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
    page: int | None = None  # an OCR'd article's first scanned page


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
        views.append(ArticleView(article, highlight.segment(article.text, marks), article.extraction or {}, items,
                                 scan_page(article)))
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


# ---- the scanned page: a span of an OCR'd article shown where it is printed ---------------------------

PAGE_WIDTH = 1200  # pixels of the page image shown (the boxes are placed in % of the page, any width fits)
_pages: OrderedDict[tuple[str, int], tuple[bytes, tuple[int, int]]] = OrderedDict()
_pages_lock = threading.Lock()


def _page(document: Document, number: int) -> tuple[bytes, tuple[int, int]]:
    """The page image (PNG) re-rendered from the stored original file, and the size of the image OCR
    read; the last few are kept in memory (a page view asks for its size, then its image)."""
    key = (document.sha256, number)
    with _pages_lock:
        if key in _pages:
            _pages.move_to_end(key)
            return _pages[key]
    try:
        result = page_image(document.raw, document.format, number, PAGE_WIDTH)
    except ReadError as exc:
        raise NotFound(f"报道 {document.id} 没有第 {number} 页的图像") from exc
    with _pages_lock:
        _pages[key] = result
        while len(_pages) > 8:
            _pages.popitem(last=False)
    return result


def scan_page(article: Article) -> int | None:
    lines = highlight.ocr_lines(article)
    return lines[0][0] if lines else None


@dataclass
class Highlight:
    left: float  # % of the page's width / height
    top: float
    width: float
    height: float


@router.get("/documents/{document_id}/pages/{number}.png")
def page_png(request: Request, document_id: int, number: int, session: Session = Depends(db)) -> Response:
    """A page of the report's original file as an image (scans and scanned PDF pages)."""
    require_actor(request, session)
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound(f"报道 {document_id} 不存在")
    png, _ = _page(document, number)
    return Response(png, media_type="image/png",
                    headers={"Cache-Control": "private, max-age=3600", "X-Content-Type-Options": "nosniff"})


@router.get("/documents/{document_id}/scan")
def scan_view(request: Request, document_id: int, article: int, start: int | None = None, end: int | None = None,
              session: Session = Depends(db)) -> Response:
    """The scanned page(s) of an OCR'd article with a span of its text (default: the whole article)
    drawn as highlighted boxes over the page image."""
    actor = require_actor(request, session)
    row = session.get(Article, article)
    if row is None or row.document_id != document_id:
        raise NotFound(f"文章 {article} 不存在")
    document = row.document
    s = max(0, start or 0)
    e = len(row.text) if end is None else min(max(end, s), len(row.text))
    pages = []
    for number, boxes in sorted(highlight.span_boxes(highlight.ocr_lines(row), s, e).items()):
        _, (w, h) = _page(document, number)
        marks = [Highlight(100 * x0 / w, 100 * y0 / h, 100 * (x1 - x0) / w, 100 * (y1 - y0) / h)
                 for x0, y0, x1, y1 in boxes]
        pages.append((number, marks))
    return render(request, "scan.html", {
        "document": document, "article": row, "quote": row.text[s:e] if end is not None else "", "pages": pages,
        "doc_title": document_title(document.title, [row.headline], document.source_path, document.id),
    }, actor=actor)
