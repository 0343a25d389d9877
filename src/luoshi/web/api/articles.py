"""Articles and their extraction results, one by one and in bulk with filters."""
from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.extraction.kinds import COUNTED, KindName
from luoshi.storage.models import (
    ITEM_TABLES,
    Article,
    CommitmentRow,
    EventRow,
    OrganisationRow,
    PersonMention,
    StatisticRow,
)
from luoshi.storage.queries import ArticleFilter, get_article
from luoshi.tracking.errors import NotFound
from luoshi.web.api.deps import DB, ActorDep, PageDep
from luoshi.web.api.schemas import (
    ITEM_MODELS,
    ArticleContext,
    ArticleDetail,
    ArticlesPage,
    ArticleSummary,
    BulkItemsPage,
    ItemsPage,
    out,
    outs,
)

router = APIRouter()

Kind = KindName  # the registry's kinds (luoshi.extraction.kinds)


def _article_filter(place, since, until, document_id) -> ArticleFilter:
    return ArticleFilter(place=place, since=since, until=until, document_id=document_id)


def article_summary(a: Article, counts: dict[str, int] | None = None) -> dict:
    if counts is None:
        return out(ArticleSummary, a)
    return {**out(ArticleSummary, a), "counts": counts}


@router.get("/articles", tags=["articles"], response_model=ArticlesPage,
            summary="文章列表 List articles (filters: place, dates, document, q)")
def list_articles(
    db: DB, actor: ActorDep, page: PageDep,
    place: str | None = None,
    since: date | None = None,
    until: date | None = None,
    document_id: int | None = None,
    q: Annotated[str | None, Query(max_length=100, description="标题包含 headline contains")] = None,
) -> JSONResponse:
    stmt = _article_filter(place, since, until, document_id).apply(select(Article))
    if q:
        stmt = stmt.where(Article.headline.contains(q, autoescape=True))
    total = db.scalar(select(func.count()).select_from(stmt.with_only_columns(Article.id).subquery())) or 0
    rows = list(db.scalars(
        stmt.order_by(Article.published.desc().nulls_last(), Article.id.desc()).offset(page.offset).limit(page.page_size)
    ))
    counts = _counts(db, [a.id for a in rows])
    return page.wrap([article_summary(a, counts.get(a.id, {})) for a in rows], total)


def _counts(db: Session, article_ids: list[int]) -> dict[int, dict[str, int]]:
    out: dict[int, dict[str, int]] = {i: {k: 0 for k in COUNTED} for i in article_ids}
    if not article_ids:
        return out
    for kind in COUNTED:
        model = ITEM_TABLES[kind]
        for article_id, n in db.execute(
            select(model.article_id, func.count(model.id)).where(model.article_id.in_(article_ids)).group_by(model.article_id)
        ):
            out[article_id][kind] = n
    return out


def _article(db: Session, article_id: int) -> Article:
    article = get_article(db, article_id)
    if article is None:
        raise NotFound(f"文章不存在 (no article {article_id})")
    return article


@router.get("/articles/{article_id}", tags=["articles"], response_model=ArticleDetail,
            summary="文章详情 One article with text and extraction results")
def get_article_detail(article_id: int, db: DB, actor: ActorDep) -> JSONResponse:
    a = _article(db, article_id)
    return JSONResponse(out(ArticleDetail, a))  # item lists: the ORM relationships, one per kind


@router.get("/articles/{article_id}/{kind}", tags=["extraction"], response_model=ItemsPage,
            summary="一篇文章的抽取结果 One kind of extraction result of an article")
def get_article_items(article_id: int, kind: Kind, db: DB, actor: ActorDep) -> JSONResponse:
    a = _article(db, article_id)
    rows = outs(ITEM_MODELS[kind], getattr(a, kind))
    return JSONResponse({"items": rows, "total": len(rows), "page": 1, "page_size": max(len(rows), 1)})


@router.get("/extraction/{kind}", tags=["extraction"], response_model=BulkItemsPage,
            summary="抽取结果（批量）Extraction results in bulk, with filters")
def list_extraction(
    kind: Kind, db: DB, actor: ActorDep, page: PageDep,
    place: str | None = None,
    since: date | None = None,
    until: date | None = None,
    document_id: int | None = None,
    article_id: int | None = None,
    name: Annotated[str | None, Query(description="人名 person name (people) / 会议名 event name")] = None,
    org: Annotated[str | None, Query(description="单位包含 organisation contains (people, commitments, organisations)")] = None,
    type: Annotated[str | None, Query(description="事件类型 event type / 承诺类别 commitment kind")] = None,
    metric: Annotated[str | None, Query(description="指标包含 metric contains (commitments, statistics)")] = None,
    q: Annotated[str | None, Query(max_length=100, description="文本包含 text contains")] = None,
) -> JSONResponse:
    model = ITEM_TABLES[kind]
    stmt = select(model, Article.headline, Article.published, Article.place).join(Article, model.article_id == Article.id)
    stmt = _article_filter(place, since, until, document_id).apply(stmt)
    if article_id is not None:
        stmt = stmt.where(model.article_id == article_id)
    stmt = _kind_filters(stmt, model, name=name, org=org, type_=type, metric=metric, q=q)
    total = db.scalar(select(func.count()).select_from(stmt.with_only_columns(model.id).subquery())) or 0
    rows = db.execute(stmt.order_by(model.id).offset(page.offset).limit(page.page_size)).all()
    answer = ITEM_MODELS[kind]  # BULK_ITEM_MODELS[kind] = these fields + "article"
    items = [{**out(answer, row), "article": out(ArticleContext, {"headline": headline, "published": published,
                                                                 "place": art_place})}
             for row, headline, published, art_place in rows]
    return page.wrap(items, total)


def _kind_filters(stmt, model, *, name, org, type_, metric, q):
    if name:
        col = model.name if hasattr(model, "name") else None
        if col is not None:
            stmt = stmt.where(col.contains(name, autoescape=True))
    if org:
        if model is PersonMention:
            stmt = stmt.where(PersonMention.org.contains(org, autoescape=True))
        elif model is CommitmentRow:
            stmt = stmt.where(CommitmentRow.owner_org.contains(org, autoescape=True))
        elif model is OrganisationRow:
            stmt = stmt.where(OrganisationRow.name.contains(org, autoescape=True)
                              | OrganisationRow.as_printed.contains(org, autoescape=True))
    if type_:
        if model is EventRow:
            stmt = stmt.where(EventRow.type == type_)
        elif hasattr(model, "kind"):
            stmt = stmt.where(model.kind == type_)
    if metric and model in (CommitmentRow, StatisticRow):
        stmt = stmt.where(model.metric.contains(metric, autoescape=True))
    if q and hasattr(model, "text"):
        stmt = stmt.where(model.text.contains(q, autoescape=True))
    return stmt
