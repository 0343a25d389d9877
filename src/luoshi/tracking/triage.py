"""The triage queue (待确认队列): the office decides, in batches, which proposals become obligations.

- **Jurisdiction** (管辖范围, setting ``jurisdiction``, e.g. 泰州市): a proposal whose place is the office's
  place or a place below it (海陵区 under 泰州市, by the gazetteer's administrative path) waits in the
  queue; one from elsewhere (another province's news) or from a report more than ``stale_report_years``
  years old waits in the separate "outside jurisdiction" list. A proposal with no known place stays inside
  (the office decides rather than losing it). No setting: everything is inside.
- **Batch steps**: confirm (交办 with the item's own unit and date), assign (交办 to one lead unit with one
  deadline), reject (不予立项 with one reason). Each item is its own savepoint: one refusal (no due date,
  someone else changed it) is reported by serial and reason, the others go through.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from luoshi.storage.ledger_models import Item
from luoshi.tracking import permissions, workflow
from luoshi.tracking.actor import Actor
from luoshi.tracking.errors import TrackingError, ValidationFailed
from luoshi.tracking.lights import local_today
from luoshi.tracking.settings import LedgerSettings, get_settings

SCOPES = ("inside", "outside")
BATCH_ACTIONS = ("confirm", "assign", "reject")


@lru_cache(maxsize=4096)
def _path(place: str) -> tuple[str, ...]:
    from luoshi.extraction.places import resolve_unit_path

    return tuple(resolve_unit_path(place))


def within(place: str | None, office: str) -> bool:
    """Whether ``place`` is the office's place or below it (no office set, or no place: inside)."""
    if not office or not place:
        return True
    return place == office or office in _path(place)


@dataclass
class TriagePage:
    items: list[Item]
    total: int
    inside_total: int
    outside_total: int
    page: int
    page_size: int


def _scope_clause(session: Session, settings: LedgerSettings, scope: str, today: date) -> Any:
    """SQL condition of one scope: the distinct places of the proposals (a few hundred) are classified in
    Python by the gazetteer, so the page itself is an indexed SQL query."""
    places = [p for p in session.scalars(select(Item.place).where(Item.status == "proposed").distinct()) if p]
    inside_places = [p for p in places if within(p, settings.jurisdiction)]
    fresh_year = today.year - settings.stale_report_years
    inside = (or_(Item.place.is_(None), Item.place.in_(inside_places)) if settings.jurisdiction else Item.id.is_not(None))
    inside = inside & (Item.year >= fresh_year)
    return inside if scope == "inside" else ~inside


def queue_query(session: Session, actor: Actor, scope: str = "inside", *, document_id: int | None = None,
                today: date | None = None) -> Select[tuple[Item]]:
    permissions.require_supervisor(actor, "处理待确认事项")
    if scope not in SCOPES:
        raise ValidationFailed(f"范围应为{'/'.join(SCOPES)}之一：{scope}")
    settings = get_settings(session)
    query = select(Item).where(Item.status == "proposed", _scope_clause(session, settings, scope, today or local_today()))
    if document_id is not None:
        from luoshi.storage.models import Article

        query = query.where(Item.article_id.in_(select(Article.id).where(Article.document_id == document_id)))
    return query


def triage_queue(session: Session, actor: Actor, scope: str = "inside", *, page: int = 1, page_size: int = 50,
                 document_id: int | None = None, today: date | None = None) -> TriagePage:
    """One page of proposals in a scope (oldest serial first), with the size of both lists."""
    counts = {}
    for name in SCOPES:
        q = queue_query(session, actor, name, document_id=document_id, today=today)
        counts[name] = session.scalar(q.with_only_columns(func.count(Item.id)).order_by(None)) or 0
    query = queue_query(session, actor, scope, document_id=document_id, today=today)
    page, page_size = max(1, page), min(max(1, page_size), 200)
    rows = session.scalars(query.order_by(Item.year, Item.seq).offset((page - 1) * page_size).limit(page_size)).all()
    return TriagePage(list(rows), counts[scope], counts["inside"], counts["outside"], page, page_size)


@dataclass
class BatchResult:
    action: str
    done: list[str] = field(default_factory=list)  # serials
    failed: list[tuple[str, str]] = field(default_factory=list)  # (serial or id, reason)


def batch(session: Session, actor: Actor, item_ids: list[int], action: str, *, why: str = "",
          unit: str | None = None, due_date: date | str | None = None,
          versions: dict[int, int] | None = None) -> BatchResult:
    """Take one step on many proposals. ``confirm`` = 交办 as proposed (the item's own lead unit and due
    date); ``assign`` = 交办 to ``unit`` by ``due_date``; ``reject`` = 不予立项 with ``why`` (required)."""
    permissions.require_supervisor(actor, "批量处理待确认事项")
    if action not in BATCH_ACTIONS:
        raise ValidationFailed(f"批量操作应为{'/'.join(BATCH_ACTIONS)}之一：{action}")
    if not item_ids:
        raise ValidationFailed("请先勾选事项")
    if action == "reject" and not why.strip():
        raise ValidationFailed("不予立项须说明理由")
    if action == "assign" and not (unit and due_date):
        raise ValidationFailed("批量交办须指定牵头单位和完成时限")
    result = BatchResult(action)
    for item_id in item_ids:
        savepoint = session.begin_nested()
        try:
            step = "reject" if action == "reject" else "assign"
            item = workflow.transition(
                session, actor, item_id, step, why=why.strip(),
                expected_version=(versions or {}).get(item_id),
                unit=unit if action == "assign" else None, due_date=due_date if action == "assign" else None)
            savepoint.commit()
            result.done.append(item.serial)
        except TrackingError as exc:
            savepoint.rollback()
            serial = session.scalar(select(Item.serial).where(Item.id == item_id)) or f"#{item_id}"
            result.failed.append((serial, str(exc)))
    return result


__all__ = ["SCOPES", "BATCH_ACTIONS", "within", "triage_queue", "queue_query", "batch", "BatchResult", "TriagePage"]
