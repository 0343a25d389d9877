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
        grouped.setdefault(item.article_id, []).append(item)
    return grouped
