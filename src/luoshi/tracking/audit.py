"""Append-only audit trail (审计日志). Every change to an item, user or setting goes through :func:`record`.

There is deliberately no function that updates or deletes an audit row, and the database refuses
UPDATE/DELETE on ``audit_log`` by trigger (migration 0002_ledger), so the trail survives even a buggy caller.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from luoshi.storage.ledger_models import AuditEntry
from luoshi.tracking.actor import Actor
from luoshi.tracking.errors import PermissionDenied


def jsonable(value: Any) -> Any:
    """Dates, decimals, bytes and enums as JSON-friendly values, recursively (for before/after snapshots)."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [jsonable(v) for v in value]
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, enum.Enum):
        return value.value
    return value


DERIVED_COLUMNS = ("search_text", "search_bigrams", "support_key")  # recomputed from other columns: noise in the trail


def row_snapshot(row: Any, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """Column values of an ORM row as a JSON-friendly dict (what ``before``/``after`` hold)."""
    return {
        col.key: jsonable(getattr(row, col.key))
        for col in row.__table__.columns
        if col.key not in exclude and col.key not in DERIVED_COLUMNS
    }


def record(
    session: Session,
    actor: Actor | None,
    action: str,
    entity_type: str,
    entity_id: Any,
    before: Any = None,
    after: Any = None,
    *,
    flush: bool = True,
) -> AuditEntry:
    """Append one audit row (flushed inside the caller's transaction: it commits or rolls back with the change;
    ``flush=False`` leaves the flush to the caller, e.g. for one batched INSERT of many rows)."""
    entry = AuditEntry(
        actor=actor.username if actor else "system",
        action=action,
        entity_type=entity_type,
        entity_id=None if entity_id is None else str(entity_id),
        before=jsonable(before),
        after=jsonable(after),
    )
    session.add(entry)
    if flush:
        session.flush()
    return entry


def record_many(session: Session, actor: Actor | None,
                rows: list[tuple[str, str, Any, Any, Any]]) -> None:
    """Append many audit rows ``(action, entity_type, entity_id, before, after)`` in one INSERT batch (an
    executemany: no row comes back, so none is sent alone), inside the caller's transaction like
    :func:`record`. For a step that writes many rows at once (the ingest's proposals)."""
    if not rows:
        return
    username = actor.username if actor else "system"
    session.execute(insert(AuditEntry), [
        {"actor": username, "action": action, "entity_type": entity_type,
         "entity_id": None if entity_id is None else str(entity_id), "before": jsonable(before),
         "after": jsonable(after)}
        for action, entity_type, entity_id, before, after in rows])


@dataclass
class AuditPage:
    items: list[AuditEntry]
    total: int
    page: int
    page_size: int


def list_audit(
    session: Session,
    actor: Actor,
    *,
    entity_type: str | None = None,
    entity_id: Any = None,
    username: str | None = None,
    page: int = 1,
    page_size: int = 50,
) -> AuditPage:
    """Audit rows, newest first. Supervisors and admins only (the trail shows every unit's business)."""
    if not actor.is_supervisor:
        raise PermissionDenied(f"用户{actor.username}（{actor.role}）无权查看审计日志")
    query = select(AuditEntry)
    if entity_type:
        query = query.where(AuditEntry.entity_type == entity_type)
    if entity_id is not None:
        query = query.where(AuditEntry.entity_id == str(entity_id))
    if username:
        query = query.where(AuditEntry.actor == username)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page, page_size = max(page, 1), min(max(page_size, 1), 500)
    rows = session.scalars(
        query.order_by(AuditEntry.id.desc()).offset((page - 1) * page_size).limit(page_size)
    ).all()
    return AuditPage(list(rows), total, page, page_size)


def entity_history(session: Session, entity_type: str, entity_id: Any) -> list[AuditEntry]:
    """Every audit row of one entity, oldest first (the item page shows it; visibility checked by the caller)."""
    return list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.entity_type == entity_type, AuditEntry.entity_id == str(entity_id))
            .order_by(AuditEntry.id)
        )
    )
