"""Read-only ledger queries behind the dashboard, the ledger table and the unit pages.

Everything is filtered by what the signed-in actor may see (``permissions.visibility_clause``), paged
in SQL and counted with one ``count(*)`` on the same filtered query, so pages stay fast with 100,000
items (the filtered columns are indexed: status, lead_unit, light, due_date, place)."""
from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from datetime import date
from typing import Any

from sqlalchemy import and_, extract, func, select
from sqlalchemy.orm import Session

from luoshi.storage.ledger_models import FINAL_STATUSES, STATUSES, Item
from luoshi.storage.models import Article, Document
from luoshi.tracking import permissions
from luoshi.tracking.actor import Actor
from luoshi.tracking.items import ItemFilters, list_items

PAGE_SIZE = 50
# The ledger page's sort choices -> the ledger service's sort keys ("-" = descending).
SORTS = {"serial": "serial", "due": "due_date", "progress": "-progress", "unit": "lead_unit"}


@dataclass
class LedgerFilters:
    """The filters of the ledger page, as they appear in its URL (and are passed on to the export)."""

    unit: str = ""
    status: str = ""
    light: str = ""
    place: str = ""
    period: str = ""  # a year, e.g. 2026 (items due in that year)
    q: str = ""  # Chinese full-text search: serial, title, commitment text, units, person
    sort: str = "serial"
    lead: str = ""  # lead unit only (the dashboard's per-unit bars count by lead unit)
    live: str = ""  # "1": obligations only — assigned and not yet final (what lights and counts cover)
    due_from: str = ""  # ISO dates: due in [due_from, due_to]
    due_to: str = ""

    @classmethod
    def from_query(cls, params: Any) -> LedgerFilters:
        values = {f.name: (params.get(f.name) or "").strip()[:200] for f in fields(cls)}
        if values["sort"] not in SORTS:
            values["sort"] = "serial"
        if not values["period"].isdigit():
            values["period"] = ""
        values["live"] = "1" if values["live"] == "1" else ""
        for key in ("due_from", "due_to"):
            try:
                values[key] = date.fromisoformat(values[key]).isoformat() if values[key] else ""
            except ValueError:
                values[key] = ""
        return cls(**values)

    def as_query(self) -> dict[str, str]:
        return {k: v for k, v in asdict(self).items() if v}

    def to_item_filters(self) -> ItemFilters:
        """The ledger service's filters: the page and its Excel export select exactly the same items."""
        status: str | list[str] | None = self.status or None
        if self.live and not status:
            status = list(LIVE_STATUSES)
        return ItemFilters(unit=self.unit or None, status=status, light=self.light or None,
                           place=self.place or None, year=int(self.period) if self.period else None,
                           q=self.q or None, lead_unit=self.lead or None,
                           due_after=date.fromisoformat(self.due_from) if self.due_from else None,
                           due_before=date.fromisoformat(self.due_to) if self.due_to else None)


def ledger_page(session: Session, actor: Actor, filters: LedgerFilters, page: int,
                page_size: int = PAGE_SIZE) -> tuple[list[Item], int]:
    """One page of the ledger and the total count of matching items (paged and counted in SQL)."""
    result = list_items(session, actor, filters.to_item_filters(), page=page, page_size=page_size,
                        sort=SORTS[filters.sort])
    return result.items, result.total


def choices(session: Session, actor: Actor) -> dict[str, list]:
    """Values for the filter drop-downs (units, places, due years among visible items). Three DISTINCT
    queries, each answered from an index (one combined GROUP BY is slower on SQLite)."""
    visible = permissions.visibility_clause(actor)

    def distinct(column: Any) -> list[Any]:
        query = select(column).where(column.is_not(None)).distinct().order_by(column).limit(500)
        if visible is not None:
            query = query.where(visible)
        return [v for v in session.scalars(query) if v]

    return {"units": distinct(Item.lead_unit), "places": distinct(Item.place),
            "years": sorted({int(y) for y in distinct(extract("year", Item.due_date))}, reverse=True)}


@dataclass
class Dashboard:
    total: int
    by_status: dict[str, int]
    by_light: dict[str, int]
    by_unit: list[tuple[str, dict[str, int]]]
    due_this_month: list[Item]
    due_this_month_count: int
    overdue: list[Item]
    overdue_count: int
    recent_documents: Sequence[Any]
    month_from: date | None = None
    month_to: date | None = None


def grouped_counts(session: Session, actor: Actor) -> list[tuple[str, str, str | None, int]]:
    """(status, light, lead unit, count) for the items the actor may see: ONE grouped scan that the
    dashboard and the unit list both aggregate in Python (a few hundred groups, not 100,000 rows)."""
    query = select(Item.status, Item.light, Item.lead_unit, func.count()).group_by(Item.status, Item.light, Item.lead_unit)
    visible = permissions.visibility_clause(actor)
    if visible is not None:
        query = query.where(visible)
    return [(status, light, unit, n) for status, light, unit, n in session.execute(query)]


# Lights, units, due and overdue count obligations only: a proposed item is not one until confirmed.
NOT_LIVE = FINAL_STATUSES + ("proposed",)
LIVE_STATUSES = tuple(s for s in STATUSES if s not in NOT_LIVE)


def dashboard(session: Session, actor: Actor, today: date, *, list_size: int = 8, unit_rows: int = 12) -> Dashboard:
    """Aggregates for the overview page: one grouped scan plus index range queries."""
    visible = permissions.visibility_clause(actor)
    scope = [visible] if visible is not None else []
    by_status: dict[str, int] = {}
    by_light: dict[str, int] = {}
    unit_counts: dict[str, dict[str, int]] = {}
    for status, light, unit, n in grouped_counts(session, actor):
        by_status[status] = by_status.get(status, 0) + n
        if status in NOT_LIVE:
            continue
        by_light[light] = by_light.get(light, 0) + n
        if unit:
            unit_counts.setdefault(unit, {})
            unit_counts[unit][light] = unit_counts[unit].get(light, 0) + n
    by_unit = sorted(unit_counts.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))[:unit_rows]
    live = and_(Item.status.notin_(NOT_LIVE), *scope)
    month_end = date(today.year, today.month, calendar.monthrange(today.year, today.month)[1])
    month = and_(live, Item.due_date.between(date(today.year, today.month, 1), month_end))
    # Overdue = red light (the ledger's light is red exactly when an open item is past its due date),
    # which lets the database use the index on (light, due_date).
    overdue = and_(live, Item.light == "red")
    return Dashboard(
        total=sum(by_status.values()),
        by_status=by_status,
        by_light=by_light,
        by_unit=by_unit,
        due_this_month=list(session.scalars(select(Item).where(month).order_by(Item.due_date, Item.id).limit(list_size))),
        due_this_month_count=session.scalar(select(func.count()).where(month).select_from(Item)) or 0,
        overdue=list(session.scalars(select(Item).where(overdue).order_by(Item.due_date, Item.id).limit(list_size))),
        overdue_count=by_light.get("red", 0),
        recent_documents=session.execute(
            select(Document.id, Document.title, Document.published, Document.place, Document.source_path)
            .order_by(Document.ingested_at.desc(), Document.id.desc()).limit(6)).all(),
        month_from=date(today.year, today.month, 1), month_to=month_end,
    )


def items_for_articles(session: Session, actor: Actor, article_ids: list[int]) -> list[Item]:
    """Items that came from these articles, visible to the actor."""
    if not article_ids:
        return []
    query = select(Item).where(Item.article_id.in_(article_ids)).order_by(Item.id)
    visible = permissions.visibility_clause(actor)
    if visible is not None:
        query = query.where(visible)
    return list(session.scalars(query))


def progress_percent(item: Item) -> float | None:
    """Progress as a percentage of the target (None without a numeric target or a report)."""
    ratio = item.progress_ratio
    if ratio is None:
        return 100.0 if item.status == "closed" else None
    return max(0.0, ratio * 100)


def unit_item_counts(session: Session, actor: Actor) -> list[tuple[str, int, int, int]]:
    """(unit, items, open items, red items) for every lead unit the actor can see."""
    units: dict[str, list[int]] = {}
    for status, light, unit, n in grouped_counts(session, actor):
        if not unit:
            continue
        row = units.setdefault(unit, [0, 0, 0])
        row[0] += n
        if status not in NOT_LIVE:
            row[1] += n
            row[2] += n if light == "red" else 0
    return [(unit, *units[unit]) for unit in sorted(units)]  # type: ignore[misc] # three ints after the unit


def article_of(session: Session, item: Item) -> Article | None:
    return session.get(Article, item.article_id) if item.article_id else None


def unit_names(session: Session, actor: Actor, limit: int = 500) -> list[str]:
    """Lead units the actor can see, for pick lists (DISTINCT on the indexed column)."""
    query = select(Item.lead_unit).where(Item.lead_unit.is_not(None)).distinct().order_by(Item.lead_unit).limit(limit)
    visible = permissions.visibility_clause(actor)
    if visible is not None:
        query = query.where(visible)
    return list(session.scalars(query))
