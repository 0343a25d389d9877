"""Flat rows of ledger items for CSV / JSON-lines exports (``luoshi export --what items``) and the API."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.storage.ledger_models import Item, ProgressReport
from luoshi.tracking.actor import SYSTEM, Actor
from luoshi.tracking.items import ItemFilters, filtered_query, target_label
from luoshi.tracking.workflow import STATUS_LABELS

LIGHT_LABELS = {"green": "绿灯", "yellow": "黄灯", "red": "红灯", "none": "—"}
BATCH = 1000


def split_actor(actor: Any, rest: tuple[Any, ...]) -> tuple[Actor, tuple[Any, ...]]:
    """Accept both ``f(session, actor, x, …)`` and the actor-less ``f(session, x, …)`` (runs as SYSTEM)."""
    if isinstance(actor, Actor):
        return actor, rest
    return SYSTEM, (actor, *rest)


def _filters(value: Any) -> ItemFilters | None:
    if value is None or isinstance(value, ItemFilters):
        return value
    return ItemFilters.from_mapping(dict(value))


def latest_notes(session: Session, item_ids: list[int]) -> dict[int, str]:
    """Latest non-empty progress note of each item (进展情况)."""
    if not item_ids:
        return {}
    latest = (select(ProgressReport.item_id, func.max(ProgressReport.id).label("pid"))
              .where(ProgressReport.item_id.in_(item_ids), ProgressReport.note != "")
              .group_by(ProgressReport.item_id).subquery())
    rows = session.execute(select(ProgressReport.item_id, ProgressReport.note)
                           .join(latest, ProgressReport.id == latest.c.pid))
    return {item_id: note for item_id, note in rows}


def iter_items(session: Session, actor: Actor, filters: ItemFilters | None) -> Iterator[list[Item]]:
    """Visible, filtered items in id order, in batches: the matching ids in one query (the filter runs
    once), then each batch's rows by primary key. Keyset batches (``id > last … LIMIT``) ran the filter
    again for every batch — ten bitmap scans of a unit's items for one unit's Excel."""
    ids = list(session.scalars(filtered_query(actor, filters).with_only_columns(Item.id).order_by(Item.id)))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        yield list(session.scalars(select(Item).where(Item.id.in_(chunk)).order_by(Item.id)))


def item_row(item: Item, note: str = "") -> dict[str, Any]:
    share = item.progress_ratio
    return {
        "id": item.id, "serial": item.serial, "title": item.title, "kind": item.kind,
        "status": item.status, "status_label": STATUS_LABELS.get(item.status, item.status),
        "outcome": item.outcome, "light": item.light, "light_label": LIGHT_LABELS.get(item.light, item.light),
        "light_reason": item.light_reason, "lead_unit": item.lead_unit,
        "supporting_units": "、".join(item.supporting_units or []), "responsible_person": item.responsible_person,
        "handler": item.handler, "target": target_label(item), "target_value": item.target_value,
        "target_unit": item.target_unit, "target_comparator": item.target_comparator,
        "target_low": item.target_low, "target_high": item.target_high,
        "target_metric": item.target_metric, "period_text": item.period_text,
        "start_date": item.start_date.isoformat() if item.start_date else None,
        "due_date": item.due_date.isoformat() if item.due_date else None,
        "progress_value": item.progress_value, "progress_pct": round(share * 100, 1) if share is not None else None,
        "progress_note": note, "place": item.place, "tags": "、".join(item.tags or []),
        "strength": item.strength, "source_text": item.source_text, "source_event": item.source_event,
        "article_id": item.article_id, "span_start": item.span_start, "span_end": item.span_end,
        "commitment_id": item.commitment_id, "parent_id": item.parent_id, "merged_into_id": item.merged_into_id,
        "version": item.version, "created_at": item.created_at.isoformat() if item.created_at else None,
        "updated_at": item.updated_at.isoformat() if item.updated_at else None,
    }


def item_rows(session: Session, actor: Actor | Any = None, *args: Any) -> Iterator[dict[str, Any]]:
    """``item_rows(session, actor, filters=None)`` — one flat dict per visible item, in id order.
    (``item_rows(session, filters)`` runs as SYSTEM.)"""
    actor, rest = split_actor(actor, args) if actor is not None else (SYSTEM, args)
    filters = _filters(rest[0] if rest else None)
    for batch in iter_items(session, actor, filters):
        notes = latest_notes(session, [i.id for i in batch])
        for item in batch:
            yield item_row(item, notes.get(item.id, ""))
