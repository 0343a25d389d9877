"""The few questions the reading pages ask of the ledger, kept in one place."""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from luoshi.tracking.actor import Actor


def can_triage(actor: Actor) -> bool:
    """Supervisors confirm, edit or reject proposed items (extraction never silently becomes an obligation)."""
    return actor.is_supervisor


def items_by_article(session: Session, actor: Actor, article_ids: list[int]) -> dict[int, list[Any]]:
    """Ledger items that came from these articles, visible to ``actor``, grouped by article id."""
    from luoshi.web.ui.ledger_queries import items_for_articles

    grouped: dict[int, list[Any]] = {}
    for item in items_for_articles(session, actor, article_ids):
        if item.article_id is not None:
            grouped.setdefault(item.article_id, []).append(item)
    return grouped


def evidence_items(session: Session, actor: Actor, article_ids: list[int]) -> dict[tuple[int, int], int]:
    """(article id, statistic ordinal) -> the item a statistic is (proposed or accepted) evidence for."""
    from sqlalchemy import select

    from luoshi.storage.ledger_models import Evidence, Item
    from luoshi.storage.models import StatisticRow
    from luoshi.tracking import permissions

    if not article_ids:
        return {}
    query = (select(StatisticRow.article_id, StatisticRow.ordinal, Evidence.item_id)
             .join(Evidence, Evidence.statistic_id == StatisticRow.id)
             .join(Item, Item.id == Evidence.item_id)
             .where(StatisticRow.article_id.in_(article_ids), Evidence.status != "rejected")
             .order_by(Evidence.status != "accepted", Evidence.id))
    visible = permissions.visibility_clause(actor)
    if visible is not None:
        query = query.where(visible)
    result: dict[tuple[int, int], int] = {}
    for article_id, ordinal, item_id in session.execute(query):
        result.setdefault((article_id, ordinal), item_id)
    return result


def unit_names(session: Session, actor: Actor) -> list[str]:
    """Known lead units, offered while assigning (a datalist: any other name may still be typed)."""
    from luoshi.web.ui.ledger_queries import unit_names as names

    return names(session, actor)


def evidence_targets(session: Session, actor: Actor) -> list[tuple[int, str, str]]:
    """(id, serial, title) of the open items a passage of a report may be attached to as evidence by this
    actor (supervisors: any; a unit: its own); empty for viewers."""
    if not (actor.is_supervisor or actor.role == "unit"):
        return []
    return open_items_for_evidence(session, actor)


def open_items_for_evidence(session: Session, actor: Any, limit: int = 500) -> list[tuple[int, str, str]]:
    """(id, serial, title) of the open items the actor may add evidence to: the reading view's item list."""
    from luoshi.storage.ledger_models import FINAL_STATUSES, Item
    from luoshi.tracking import items as item_service

    query = item_service.filtered_query(actor, None).where(Item.status.not_in(FINAL_STATUSES + ("proposed",)))
    return [(i.id, i.serial, i.title) for i in session.scalars(query.order_by(Item.year.desc(), Item.seq.desc())
                                                               .limit(limit))]

