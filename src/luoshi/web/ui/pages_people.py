"""People named in the reports: who they are, which posts they held when, what they committed to."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.storage.models import Article, CommitmentRow, PersonMention
from luoshi.tracking.errors import NotFound
from luoshi.web.ui.context import UIRoute, db, render, require_actor

router = APIRouter(route_class=UIRoute)
PAGE_SIZE = 60


@router.get("/people")
def people(request: Request, q: str = "", page: int = 1, session: Session = Depends(db)) -> Response:
    actor = require_actor(request, session)
    page = max(1, page)
    query = select(PersonMention.name, func.count(PersonMention.id).label("n"),
                   func.max(PersonMention.title).label("title")).group_by(PersonMention.name)
    if q.strip():
        query = query.where(PersonMention.name.contains(q.strip()))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = session.execute(query.order_by(func.count(PersonMention.id).desc(), PersonMention.name)
                           .limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).all()
    return render(request, "people.html", {"rows": rows, "q": q, "page": page, "total": total,
                                           "pages": max(1, -(-total // PAGE_SIZE))}, actor=actor)


@router.get("/people/{name}")
def person(request: Request, name: str, session: Session = Depends(db)) -> Response:
    """Posts over time (one row per article that names the person, oldest first) and commitments."""
    actor = require_actor(request, session)
    mentions = session.execute(
        select(PersonMention, Article.published, Article.headline, Article.document_id)
        .join(Article, Article.id == PersonMention.article_id)
        .where(PersonMention.name == name)
        .order_by(Article.published.is_(None), Article.published, Article.id)
    ).all()
    if not mentions:
        raise NotFound(f"没有找到人物“{name}”")
    timeline = _posts_timeline(mentions)
    commitments = session.execute(
        select(CommitmentRow, Article.published, Article.headline, Article.document_id)
        .join(Article, Article.id == CommitmentRow.article_id)
        .where(CommitmentRow.owner_person == name)
        .order_by(Article.published, CommitmentRow.id)
    ).all()
    return render(request, "person.html", {"name": name, "timeline": timeline, "mentions": mentions,
                                           "commitments": commitments,
                                           "items": _items_of(session, actor, name, [c.id for c, *_ in commitments])},
                  actor=actor)


def _items_of(session: Session, actor, name: str, commitment_ids: list[int]) -> dict:
    """Ledger items the person is responsible for or whose commitment they made, visible to the actor:
    ``{"by_commitment": {commitment_id: item}, "all": [items]}``."""
    from sqlalchemy import or_

    from luoshi.storage.ledger_models import Item
    from luoshi.tracking import permissions

    query = select(Item).where(or_(Item.responsible_person == name, Item.commitment_id.in_(commitment_ids or [-1])))
    visible = permissions.visibility_clause(actor)
    if visible is not None:
        query = query.where(visible)
    rows = list(session.scalars(query.order_by(Item.id).limit(500)))
    return {"by_commitment": {i.commitment_id: i for i in rows if i.commitment_id}, "all": rows}


def _posts_timeline(mentions: Sequence[Any]) -> list[dict]:
    """Collapse consecutive reports with the same title into one period: first seen .. last seen."""
    periods: list[dict] = []
    for mention, published, headline, document_id in mentions:
        title = mention.title or "—"
        if periods and periods[-1]["title"] == title:
            periods[-1]["last"] = published or periods[-1]["last"]
            periods[-1]["count"] += 1
            continue
        periods.append({"title": title, "posts": mention.posts or [], "first": published, "last": published,
                        "count": 1, "document_id": document_id, "headline": headline})
    return periods
