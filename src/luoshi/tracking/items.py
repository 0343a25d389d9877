"""Supervised items (督办事项): creation (from a commitment or by hand), reading, listing with filters,
edits as dated revisions under optimistic concurrency, split and merge.

Every function takes ``(session, actor, ...)``, checks permissions (``tracking.permissions``), writes an
audit row for every change, and raises ``luoshi.tracking.errors.*``. Nothing commits: the caller owns the
transaction (CLI: one per command; API: one per request; ingest: one per document).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Select, Table, bindparam, func, or_, select, union, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from luoshi.extraction.periods import means_year_end
from luoshi.storage.ledger_models import (
    FINAL_STATUSES,
    OUTCOMES,
    STATUSES,
    Item,
    ItemCounter,
    ItemLink,
    ItemRevision,
    ItemTransition,
)
from luoshi.tracking import audit, keyset, permissions, search
from luoshi.tracking.actor import SYSTEM, Actor
from luoshi.tracking.errors import Conflict, NotFound, ValidationFailed
from luoshi.tracking.lights import apply_light, local_today
from luoshi.tracking.matching import metric_similarity
from luoshi.tracking.settings import LedgerSettings, get_settings

SERIAL_PREFIX = "DB"
# target_metric is a key of ix_items_place_unit_metric (migration 0013): PostgreSQL refuses b-tree entries
# over ~2,700 bytes, so an edited or imported metric is kept far below (extracted metrics are ~10 characters)
METRIC_MAX = 200
COMPARATORS = (">=", ">", "=", "<=", "<", "~", "between")
COMPARATOR_SIGNS = {">=": "≥", ">": ">", "=": "", "<=": "≤", "<": "<", "~": "约", "between": ""}
# Fields a supervisor may edit (each edit is a dated revision). source_text is deliberately absent.
EDITABLE_FIELDS = (
    "title", "kind", "lead_unit", "supporting_units", "responsible_person", "handler", "target_value",
    "target_unit", "target_comparator", "target_low", "target_high", "target_metric", "target_text", "period_text",
    "start_date", "due_date", "strength", "tags", "place", "outcome", "source_event",
)
SORTS = {
    "serial": (Item.year, Item.seq), "due_date": (Item.due_date, Item.id), "updated_at": (Item.updated_at, Item.id),
    "created_at": (Item.created_at, Item.id), "lead_unit": (Item.lead_unit, Item.id), "light": (Item.light, Item.id),
    "status": (Item.status, Item.id), "progress": (Item.progress_value, Item.id),
}


# ---------------------------------------------------------------- serial numbers


def allocate_serial(session: Session, year: int) -> tuple[str, int]:
    """Next serial of the year (DB-2026-0001). Safe under concurrency: the counter row is created with
    INSERT … ON CONFLICT DO NOTHING and advanced with an atomic UPDATE … RETURNING, which row-locks on
    PostgreSQL and takes the write lock on SQLite, so two transactions never get the same number."""
    return allocate_serials(session, year, 1)[0]


def allocate_serials(session: Session, year: int, count: int) -> list[tuple[str, int]]:
    """``count`` consecutive serials of the year in one atomic UPDATE (see :func:`allocate_serial`)."""
    if count <= 0:
        return []
    table = cast(Table, ItemCounter.__table__)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(pg_insert(table).values(year=year, last=0).on_conflict_do_nothing())
    else:
        session.execute(sqlite_insert(table).values(year=year, last=0).on_conflict_do_nothing())
    last = session.execute(
        update(table).where(table.c.year == year).values(last=table.c.last + count).returning(table.c.last)
    ).scalar_one()
    return [(f"{SERIAL_PREFIX}-{year}-{seq:04d}", seq) for seq in range(last - count + 1, last + 1)]


PENDING_PREFIX = "P-"  # a placeholder serial: the item gets its real one from assign_serials


def _pending_serial() -> tuple[str, int]:
    """A unique placeholder (serial, seq) for an item whose serial is taken at the end of the transaction:
    seq is negative, so it never meets a real one."""
    import secrets

    return f"{PENDING_PREFIX}{secrets.token_hex(8)}", -1 - secrets.randbelow(2**31 - 2)


def assign_serials(session: Session, actor: Actor, items: list[Item]) -> None:
    """Give items created with ``serial_later=True`` their real serials — one counter UPDATE per year, as
    late as possible (the counter row stays locked until commit on PostgreSQL, so the ingest's ledger
    scans run without it) — then write their creation audit rows."""
    pending = [i for i in items if i.serial.startswith(PENDING_PREFIX)]
    by_year: dict[int, list[Item]] = {}
    for item in pending:
        by_year.setdefault(item.year, []).append(item)
    if not pending:
        return
    session.flush()
    rows = []
    for year in sorted(by_year):
        for item, (serial, seq) in zip(by_year[year], allocate_serials(session, year, len(by_year[year])),
                                       strict=True):
            set_committed_value(item, "serial", serial)
            set_committed_value(item, "seq", seq)
            set_committed_value(item, "search_text", search_text_of(item))
            set_committed_value(item, "search_bigrams", search.search_bigrams_of(item.search_text))
            rows.append({"key": item.id, "serial": serial, "seq": seq, "search_text": item.search_text,
                         "search_bigrams": item.search_bigrams})
    table = cast(Table, Item.__table__)  # a Core UPDATE: naming the item is not an edit, its version stays
    session.execute(update(table).where(table.c.id == bindparam("key")).values(
        serial=bindparam("serial"), seq=bindparam("seq"), search_text=bindparam("search_text"),
        search_bigrams=bindparam("search_bigrams")),
        rows, execution_options={"synchronize_session": False})
    audit.record_many(session, actor, [("create", "item", item.id, None, audit.row_snapshot(item)) for item in pending])


# ---------------------------------------------------------------- values and formatting


def format_number(value: float | None) -> str:
    """35000 -> 3.5万, 3e10 -> 300亿, 60 -> 60 (how reports print numbers)."""
    if value is None:
        return ""
    for size, word in ((1e8, "亿"), (1e4, "万")):
        if abs(value) >= size and (value / size) * 10000 == round((value / size) * 10000):
            return _trim(value / size) + word
    return _trim(value)


def _trim(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


def target_label(item: Item) -> str:
    """新增城镇就业≥3.5万人 — the target as one short phrase for tables and spreadsheets."""
    if item.target_value is None:
        return item.target_text or ""
    if item.target_comparator == "between" and item.target_low is not None and item.target_high is not None:
        bounds = f"{format_number(item.target_low)}–{format_number(item.target_high)}"  # 增长5%–5.5%
        return f"{item.target_metric or ''}{bounds}{item.target_unit or ''}"
    sign = COMPARATOR_SIGNS.get(item.target_comparator or "=", "")
    return f"{item.target_metric or ''}{sign}{format_number(item.target_value)}{item.target_unit or ''}"


def target_range(item: Any) -> tuple[float | None, float | None]:
    """(low, high) of a range target (comparator ``between``); (None, None) otherwise (a missing bound
    counts as None; the low bound falls back to the value, which extraction sets to the low one)."""
    if getattr(item, "target_comparator", None) != "between":
        return None, None
    low = getattr(item, "target_low", None)
    high = getattr(item, "target_high", None)
    if low is None:
        low = getattr(item, "target_value", None)  # extraction sets value = low
    return low, high


def _as_date(value: Any, name: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise ValidationFailed(f"{name}不是有效日期（YYYY-MM-DD）：{value}") from exc


def _as_list(value: Any) -> list[str]:
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [part.strip() for part in re.split(r"[、,，;；\n]", value) if part.strip()]
    return [str(v).strip() for v in value if str(v).strip()]


def _as_float(value: Any, name: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed(f"{name}应为数字：{value}") from exc


def clean_value(name: str, value: Any) -> Any:
    """Coerce and validate one editable field; raise ValidationFailed with a one-line reason."""
    if name not in EDITABLE_FIELDS:
        raise ValidationFailed(f"字段{name}不可修改")
    if name in ("start_date", "due_date"):
        return _as_date(value, name)
    if name in ("supporting_units", "tags"):
        return _as_list(value)
    if name in ("target_value", "target_low", "target_high"):
        return _as_float(value, name)
    if name == "target_comparator" and value not in (None, *COMPARATORS):
        raise ValidationFailed(f"比较符应为{'/'.join(COMPARATORS)}之一：{value}")
    if name == "outcome" and value not in OUTCOMES:
        raise ValidationFailed(f"达成情况应为{'/'.join(OUTCOMES)}之一：{value}")
    if name == "title" and not (value or "").strip():
        raise ValidationFailed("督办事项名称不能为空")
    if name == "target_metric" and isinstance(value, str) and len(value.strip()) > METRIC_MAX:
        raise ValidationFailed(f"目标指标最多{METRIC_MAX}个字符：{value[:20]}…")
    if isinstance(value, str):
        value = value.strip() or None
        if name in ("title", "kind", "outcome"):
            value = value or ""
    return value


def _support_key(units: list[str]) -> str:
    return "".join(f"|{u}" for u in units) + "|" if units else ""


def default_period(
    period_text: str | None, start: date | None, end: date | None, published: date | None
) -> tuple[date | None, date | None]:
    """(start, due): printed dates first; "全年/年底前…" means 1 Jan – 31 Dec of the report's year;
    otherwise the period starts when the report was published and the supervisor sets the due date."""
    if means_year_end(period_text) and published and end is None:
        return start or date(published.year, 1, 1), date(published.year, 12, 31)
    if end is not None and start is None and means_year_end(period_text):
        start = date(end.year, 1, 1)
    return start or published, end


# ---------------------------------------------------------------- creation


def new_item(session: Session, actor: Actor, *, year: int, status: str = "proposed", serial_later: bool = False,
             settings: LedgerSettings | None = None, **fields: Any) -> Item:
    """Insert an item with a fresh serial, its light computed, and an audit row (no permission check:
    callers check). ``serial_later``: a placeholder serial now, the real one (and the audit row) from
    :func:`assign_serials` before the transaction ends — the caller must call it; the item is added but
    not flushed, so that many are inserted in one batch."""
    serial, seq = _pending_serial() if serial_later else allocate_serial(session, year)
    units = _as_list(fields.pop("supporting_units", None))
    item = Item(serial=serial, year=year, seq=seq, status=status, supporting_units=units,
                support_key=_support_key(units), created_by=actor.username, **fields)
    item.tags = item.tags or []
    item.outcome = item.outcome or "not_rated"
    item.kind = item.kind or "manual"
    if serial_later:  # assign_serials writes both with the real serial: inserted empty, the search
        item.search_text, item.search_bigrams = "", ""  # indexes (FTS5 on SQLite) are written once, not twice
    else:
        index_search_text(item)
    apply_light(item, settings or get_settings(session))
    session.add(item)
    if not serial_later:
        session.flush()
        audit.record(session, actor, "create", "item", item.id, None, audit.row_snapshot(item))
    return item


def create_item(session: Session, actor: Actor, values: dict[str, Any], *, why: str = "",
                status: str = "proposed") -> Item:
    """A manual item (not from an extracted commitment), e.g. a task assigned at a meeting. Supervisors only."""
    permissions.require_supervisor(actor, "新建督办事项")
    if status not in ("proposed", "assigned"):
        raise ValidationFailed(f"新建事项的状态只能是proposed或assigned：{status}")
    cleaned = {name: clean_value(name, value) for name, value in values.items()}
    if not cleaned.get("title"):
        raise ValidationFailed("督办事项名称不能为空")
    if status == "assigned" and not cleaned.get("lead_unit"):
        raise ValidationFailed("交办的事项必须有牵头单位")
    if status == "assigned" and not cleaned.get("due_date"):
        raise ValidationFailed("交办的事项必须有完成时限")
    cleaned.setdefault("kind", "manual")
    start, due = cleaned.get("start_date"), cleaned.get("due_date")
    year = (due or start or local_today()).year
    cleaned["start_date"] = start or local_today()
    item = new_item(session, actor, year=year, status=status, source_text="", **cleaned)
    session.add(ItemTransition(item_id=item.id, action="create", from_status="", to_status=status,
                               actor=actor.username, why=why))
    session.flush()
    return item


# ---------------------------------------------------------------- reading


def get_item(session: Session, actor: Actor, item_ref: int | str) -> Item:
    """One item by id or serial (DB-2026-0001); PermissionDenied when it is not the actor's unit's."""
    if isinstance(item_ref, str) and not item_ref.isdigit():
        item = session.scalar(select(Item).where(Item.serial == item_ref.strip().upper()))
    else:
        item = session.get(Item, int(item_ref))
    if item is None:
        raise NotFound(f"督办事项不存在：{item_ref}")
    permissions.require_view(actor, item)
    return item


@dataclass
class ItemFilters:
    """Listing filters; all optional and combined with AND. ``unit`` matches lead or supporting unit."""

    unit: str | None = None
    lead_unit: str | None = None
    status: str | Sequence[str] | None = None
    light: str | Sequence[str] | None = None
    place: str | None = None
    year: int | None = None  # due in this year (else registered in it when no due date)
    due_before: date | None = None
    due_after: date | None = None
    responsible_person: str | None = None
    q: str | None = None  # text search: title, source text, serial, units, metric
    open_only: bool = False  # leave out closed, rejected and merged items
    ids: list[int] | None = None

    @classmethod
    def from_mapping(cls, values: dict[str, Any] | None) -> ItemFilters:
        values = {k: v for k, v in (values or {}).items() if v not in (None, "", [])}
        known = {k: v for k, v in values.items() if k in cls.__dataclass_fields__}
        for key in ("due_before", "due_after"):
            if key in known:
                known[key] = _as_date(known[key], key)
        if "year" in known:
            known["year"] = int(known["year"])
        return cls(**known)


@dataclass
class ItemPage:
    items: list[Item]
    total: int
    page: int
    page_size: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    total_exact: bool = True  # False: ``total`` is the count cap, more items match
    next_cursor: str | None = None  # keyset cursor of the page after this one (None: this is the last)


COUNT_CAP = 10_000  # the API counts at most this many matches (an exact count reads every matching row)


SEARCHED_FIELDS = ("serial", "title", "source_text", "lead_unit", "supporting_units", "responsible_person",
                   "target_metric", "tags")


def search_text_of(item: Item) -> str:
    """What text search looks at, in one column (a trigram index serves it on PostgreSQL)."""
    parts: list[str] = []
    for name in SEARCHED_FIELDS:
        value = getattr(item, name)
        parts.extend(value if isinstance(value, list) else [value or ""])
    return " ".join(p for p in parts if p)


def index_search_text(item: Item) -> None:
    """Set the item's two search columns from its fields: ``search_text`` and its ``search_bigrams``."""
    item.search_text = search_text_of(item)
    item.search_bigrams = search.search_bigrams_of(item.search_text)


def filtered_query(actor: Actor, filters: ItemFilters | None) -> Select[tuple[Item]]:
    """SELECT of the items the actor may see, narrowed by the filters (used by lists, exports, Excel)."""
    f = filters or ItemFilters()
    query = select(Item)
    visible = permissions.visibility_clause(actor)
    if visible is not None:
        query = query.where(visible)
    if f.unit and not (actor.role == "unit" and f.unit == actor.unit):  # a unit user's own unit: already
        # narrowed by visibility; another unit: a second lead-or-supported OR, bitmap-ANDed on PostgreSQL
        query = query.where(search.of_unit(f.unit))
    if f.lead_unit:
        query = query.where(Item.lead_unit == f.lead_unit)
    for column, value in ((Item.status, f.status), (Item.light, f.light)):
        if value:
            values = [value] if isinstance(value, str) else list(value)
            query = query.where(column.in_(values))
    if f.open_only:
        query = query.where(Item.status.not_in(FINAL_STATUSES))
    if f.place:
        query = query.where(Item.place == f.place)
    if f.year:
        query = query.where(or_(Item.due_date.between(date(f.year, 1, 1), date(f.year, 12, 31)),
                                (Item.due_date.is_(None)) & (Item.year == f.year)))
    if f.due_before:
        query = query.where(Item.due_date <= f.due_before)
    if f.due_after:
        query = query.where(Item.due_date >= f.due_after)
    if f.responsible_person:
        query = query.where(Item.responsible_person == f.responsible_person)
    if f.ids is not None:
        query = query.where(Item.id.in_(f.ids))
    if f.q:
        for word in f.q.split():
            query = query.where(search.contains_word(word))
    return query


def list_items(
    session: Session, actor: Actor, filters: ItemFilters | dict[str, Any] | None = None, *,
    page: int = 1, page_size: int = 50, sort: str = "serial", with_facets: bool = False,
    count_cap: int | None = None, cursor: str | None = None,
) -> ItemPage:
    """One page of visible items. ``sort``: a key of SORTS, prefixed with "-" for descending.
    ``count_cap``: count at most this many matches (``total_exact`` False when there are more).
    ``cursor``: keyset pagination — the page after the item that ``next_cursor`` of the previous page
    names (``page`` is then ignored): an index range read, whatever the depth, where ``page`` N skips
    (N − 1) × page_size rows."""
    if isinstance(filters, dict) or filters is None:
        filters = ItemFilters.from_mapping(filters)
    query = filtered_query(actor, filters)
    total, exact = _count(session, query, count_cap)
    descending = sort.startswith("-")
    columns = SORTS.get(sort.lstrip("-"))
    if columns is None:
        raise ValidationFailed(f"不支持的排序字段：{sort}（可用：{'、'.join(SORTS)}）")
    order = [c.desc() if descending else c.asc() for c in columns]
    page, page_size = max(int(page), 1), min(max(int(page_size), 1), 1000)
    matching = query
    after_values = keyset.decode(cursor, sort, columns) if cursor else None
    if after_values is not None:
        nulls_largest = session.get_bind().dialect.name != "sqlite"
        matching = query.where(keyset.after(columns, after_values, descending, nulls_largest=nulls_largest))
    offset = 0 if cursor else (page - 1) * page_size
    walked = None
    if (not exact and query.whereclause is not None and sort.lstrip("-") in WALKED_SORTS
            and _tested_row_by_row(actor, filters) and session.get_bind().dialect.name == "sqlite"):
        walked = _walk_in_order(session, matching, columns, descending, offset, page_size + 1, after_values)
    if walked is not None:
        ordered = select(Item).where(Item.id.in_(walked)).order_by(*order)
    elif exact and count_cap is not None and query.whereclause is not None:
        ordered = _page_of_few(matching, columns, descending, offset, page_size + 1)
    else:
        ordered = matching.order_by(*order).offset(offset).limit(page_size + 1)
    rows = list(session.scalars(ordered).all())
    more = len(rows) > page_size
    rows = rows[:page_size]
    result = ItemPage(rows, total, page, page_size, total_exact=exact)
    if more:
        result.next_cursor = keyset.encode(sort, [getattr(rows[-1], c.key) for c in columns])
    if with_facets:
        result.facets = facet_counts(session, query)
    return result


_WALK_CHUNK = 5_000  # ids read from the sort order's index per step
# Sorts walked: the serial order (the default list). A filter may have an index of its own that gives its
# order already (place + due date: ix_items_place_due_date); measured at 1M items, walking the global due-date
# index instead made that request 3x slower.
WALKED_SORTS = frozenset({"serial"})
_WALK_MAX_ROWS = 60_000  # beyond this many rows walked, sorting the matches is the cheaper plan


def _tested_row_by_row(actor: Actor, filters: ItemFilters) -> bool:
    """Whether each of a filter's conditions tests a row by itself. A unit (lead or supporting), a text
    search and a unit user's visibility are id lists from a subquery, which each step of a walk would
    evaluate again in full: measured at 1M items, walking made those requests slower, not faster."""
    return not (filters.unit or filters.q) and permissions.visibility_clause(actor) is None


def _walk_in_order(session: Session, matching: Select[tuple[Item]], columns: tuple[Any, ...], descending: bool,
                   offset: int, limit: int, start_after: list[Any] | None = None) -> list[int] | None:
    """The ids of one page of a filter that matches many items (its capped count is full), found by
    walking the sort order's index in steps of _WALK_CHUNK ids and keeping those the filter matches.
    SQLite otherwise takes every match through the filter's index and sorts them all for a page of 50
    (100,000 red items of a year: 0.9 s at a million items). None when the page lies deeper than
    _WALK_MAX_ROWS rows of the order: the caller then sorts the matches. SQLite's order (NULLs first)."""
    order = [c.desc() if descending else c.asc() for c in columns]
    walk = select(Item.id, *columns).order_by(*order).limit(_WALK_CHUNK)
    test = matching.with_only_columns(Item.id).order_by(None)
    found: list[int] = []
    last = start_after  # a cursor page starts where the previous page ended
    for _step in range(max(1, _WALK_MAX_ROWS // _WALK_CHUNK)):
        step = walk if last is None else walk.where(keyset.after(columns, last, descending, nulls_largest=False))
        chunk = session.execute(step).all()
        ids = [row[0] for row in chunk]
        hits = set(session.scalars(test.where(Item.id.in_(ids)))) if ids else set()
        found += [i for i in ids if i in hits]
        if len(found) >= offset + limit or len(chunk) < _WALK_CHUNK:
            return found[offset:offset + limit]
        last = list(chunk[-1][1:])
    return None


def _page_of_few(query: Select[tuple[Item]], columns: tuple[Any, ...], descending: bool, offset: int,
                 limit: int) -> Select[tuple[Item]]:
    """A page of a filter known (counted) to match at most the count cap: the matches' ids and sort keys
    first (a materialised CTE: found by the filter's own indexes), sorted there, then the page's rows.
    Left to itself the planner may walk the sort order's index testing every row against the filter
    — quick when matches are dense, ruinous when they cluster at the far end (red items due in 2027
    sorted by serial: 160,000 rows read for none, 1.5 s at 200,000 items on PostgreSQL)."""
    matches = query.with_only_columns(Item.id, *columns).order_by(None).cte("matches").prefix_with("MATERIALIZED")
    keys = [matches.c[c.key] for c in columns]
    page_ids = (select(matches.c.id).order_by(*[k.desc() if descending else k.asc() for k in keys])
                .offset(offset).limit(limit))
    return select(Item).where(Item.id.in_(page_ids)).order_by(*[c.desc() if descending else c.asc() for c in columns])


def _count(session: Session, query: Select[tuple[Item]], cap: int | None) -> tuple[int, bool]:
    """(total, exact): the number of matches, or ``cap`` and False when more than ``cap`` match (the
    count reads at most cap + 1 index entries instead of every matching row)."""
    if cap is None:
        return session.scalar(query.with_only_columns(func.count(Item.id)).order_by(None)) or 0, True
    capped = query.with_only_columns(Item.id).order_by(None).limit(cap + 1).subquery()
    total = session.scalar(select(func.count()).select_from(capped)) or 0
    return (cap, False) if total > cap else (total, True)


def facet_counts(session: Session, query: Select[tuple[Item]]) -> dict[str, dict[str, int]]:
    """Counts by status and by light of a filtered query (for dashboards). Two narrow GROUP BYs: each can
    be answered from its own index, unlike one GROUP BY on both columns (measured 15 ms vs 380 ms)."""
    facets: dict[str, dict[str, int]] = {}
    for name, column in (("status", Item.status), ("light", Item.light)):
        sub = query.with_only_columns(column).order_by(None).subquery()
        facets[name] = {value: count for value, count in session.execute(
            select(sub.c[name], func.count()).group_by(sub.c[name]))}
    return facets


# ---------------------------------------------------------------- edits


def check_version(item: Item, expected_version: int | None) -> None:
    if expected_version is not None and int(expected_version) != item.version:
        raise Conflict(f"事项{item.serial}已被他人修改（当前版本{item.version}，提交的版本{expected_version}），请刷新后重试")


def flush_item(session: Session, item: Item) -> None:
    """Flush an edited item; a concurrent writer (version moved under us) becomes Conflict."""
    try:
        session.flush()
    except StaleDataError as exc:
        raise Conflict(f"事项{item.serial}已被他人同时修改，请刷新后重试") from exc


def set_fields(session: Session, actor: Actor, item: Item, changes: dict[str, Any], why: str) -> dict[str, Any]:
    """Apply cleaned changes, one ItemRevision per changed field; returns {field: (old, new)}."""
    changed: dict[str, Any] = {}
    for name, value in changes.items():
        value = clean_value(name, value)
        old = getattr(item, name)
        if old == value:
            continue
        setattr(item, name, value)
        if name == "supporting_units":
            item.support_key = _support_key(value)
        changed[name] = (old, value)
        index_search_text(item)
        session.add(ItemRevision(item_id=item.id, field=name, old=audit.jsonable(old), new=audit.jsonable(value),
                                 actor=actor.username, why=why))
    return changed


def update_item(
    session: Session, actor: Actor, item_ref: int | str, changes: dict[str, Any], *,
    expected_version: int | None, why: str = "", today: date | None = None,
) -> Item:
    """Edit fields (supervisors). ``expected_version`` must equal the item's version (else Conflict → 409);
    pass None only from trusted batch code. Every changed field becomes a dated revision with ``why``."""
    settings = get_settings(session)  # read before any change: a query would autoflush half an edit
    item = get_item(session, actor, item_ref)
    permissions.require_supervisor(actor, f"修改事项{item.serial}")
    check_version(item, expected_version)
    if item.status in ("merged",):
        raise ValidationFailed(f"事项{item.serial}已合并，不能再修改")
    before = audit.row_snapshot(item)
    changed = set_fields(session, actor, item, changes, why)
    if not changed:
        return item
    apply_light(item, settings, today)
    flush_item(session, item)
    audit.record(session, actor, "update", "item", item.id, before, audit.row_snapshot(item))
    return item


def item_history(session: Session, actor: Actor, item_ref: int | str) -> dict[str, list[Any]]:
    """Transitions, revisions and audit rows of one item, oldest first."""
    item = get_item(session, actor, item_ref)
    return {
        "transitions": list(item.transitions),
        "revisions": list(item.revisions),
        "audit": audit.entity_history(session, "item", item.id),
    }


# ---------------------------------------------------------------- split and merge


def split_item(
    session: Session, actor: Actor, item_ref: int | str, parts: list[dict[str, Any]], *,
    why: str = "", expected_version: int | None = None,
) -> list[Item]:
    """Split an item into sub-items (e.g. one target per district). Each part overrides fields of the parent;
    sub-items get their own serials, ``parent_id`` and a ``split`` link; the parent stays as the umbrella."""
    parent = get_item(session, actor, item_ref)
    permissions.require_supervisor(actor, f"拆分事项{parent.serial}")
    check_version(parent, expected_version)
    if parent.status in FINAL_STATUSES:
        raise ValidationFailed(f"事项{parent.serial}已{parent.status}，不能拆分")
    if len(parts) < 2:
        raise ValidationFailed("拆分至少需要两个子事项")
    children = []
    for part in parts:
        values = {name: getattr(parent, name) for name in EDITABLE_FIELDS if name != "outcome"}
        values.update({name: clean_value(name, value) for name, value in part.items()})
        child = new_item(
            session, actor, year=parent.year, status=parent.status, parent_id=parent.id,
            commitment_id=parent.commitment_id, article_id=parent.article_id, span_start=parent.span_start,
            span_end=parent.span_end, source_text=parent.source_text, **values,
        )
        session.add(ItemLink(from_item_id=parent.id, to_item_id=child.id, kind="split", reason=why,
                             actor=actor.username))
        children.append(child)
    parent.updated_at = datetime.now().astimezone()  # bumps the parent's version: its shape changed
    flush_item(session, parent)
    audit.record(session, actor, "split", "item", parent.id, None, {"children": [c.serial for c in children], "why": why})
    return children


def merge_items(
    session: Session, actor: Actor, keep_ref: int | str, duplicate_refs: Iterable[int | str], *, why: str = "",
) -> Item:
    """Merge duplicates (the same commitment reported twice) into ``keep``: each duplicate becomes
    ``merged`` with ``merged_into_id`` and a ``merged`` link; pending merge proposals between them are accepted."""
    keep = get_item(session, actor, keep_ref)
    permissions.require_supervisor(actor, "合并督办事项")
    if keep.status in FINAL_STATUSES:
        raise ValidationFailed(f"保留的事项{keep.serial}已{keep.status}，不能作为合并目标")
    settings = get_settings(session)
    for ref in duplicate_refs:
        duplicate = get_item(session, actor, ref)
        if duplicate.id == keep.id or duplicate.status in FINAL_STATUSES:
            raise ValidationFailed(f"事项{duplicate.serial}不能合并（同一事项或已{duplicate.status}）")
        before = audit.row_snapshot(duplicate)
        session.add(ItemTransition(item_id=duplicate.id, action="merge", from_status=duplicate.status,
                                   to_status="merged", actor=actor.username, why=why, data={"into": keep.serial}))
        duplicate.status, duplicate.merged_into_id = "merged", keep.id
        apply_light(duplicate, settings)
        session.add(ItemLink(from_item_id=duplicate.id, to_item_id=keep.id, kind="merged", reason=why,
                             actor=actor.username))
        _settle_merge_proposals(session, actor, duplicate.id, keep.id)
        flush_item(session, duplicate)
        audit.record(session, actor, "merge", "item", duplicate.id, before, audit.row_snapshot(duplicate))
    return keep


def _settle_merge_proposals(session: Session, actor: Actor, a: int, b: int) -> None:
    for link in session.scalars(select(ItemLink).where(
        ItemLink.kind == "merge_proposed", ItemLink.status == "proposed",
        or_((ItemLink.from_item_id == a) & (ItemLink.to_item_id == b),
            (ItemLink.from_item_id == b) & (ItemLink.to_item_id == a)),
    )):
        link.status, link.actor = "accepted", actor.username


def merge_candidates_query(item: Item) -> Any:
    """SELECT (id, target_metric, target_unit, lead_unit) of the open items with the item's target value and
    either its lead unit or its place and due date, by id. The columns compared, not whole rows; each side
    of the OR is its own index lookup (a UNION: one OR of both reads every item with the same value):
    ix_items_target_value (value, lead unit) and ix_items_value_place_due (value, place, due date)."""
    columns = (Item.id, Item.target_metric, Item.target_unit, Item.lead_unit)
    common = (Item.id != item.id, Item.target_value == item.target_value, Item.status.not_in(FINAL_STATUSES))
    same_unit = select(*columns).where(*common, Item.lead_unit == item.lead_unit)
    same_place = select(*columns).where(*common, Item.place == item.place, Item.due_date == item.due_date)
    return union(same_unit, same_place).order_by("id")


def propose_merges(session: Session, item: Item, min_similarity: float = 0.8) -> list[ItemLink]:
    """Propose merging ``item`` with open items that look like the same commitment reported twice: same
    target value and unit, (nearly) the same metric, and either the same lead unit or the same place and
    due date (a meeting sets a target, later the department restates it). Links of kind ``merge_proposed``;
    a supervisor merges (``merge_items``) or rejects."""
    if item.target_value is None:
        return []
    candidates = session.execute(merge_candidates_query(item))
    links = []
    for other in candidates:
        similarity = metric_similarity(item.target_metric, other.target_metric)
        if similarity < min_similarity or (item.target_unit or "") != (other.target_unit or ""):
            continue
        same_owner = item.lead_unit is not None and item.lead_unit == other.lead_unit
        first = f"同一牵头单位{item.lead_unit}" if same_owner else f"同一地点{item.place}、同一期限{item.due_date}"
        reason = f"{first}；目标值相同；指标相似度{similarity:.2f}"
        link = ItemLink(from_item_id=item.id, to_item_id=other.id, kind="merge_proposed", status="proposed",
                        reason=reason, actor=SYSTEM.username)
        session.add(link)
        links.append(link)
    if links:
        session.flush()
    return links


def list_merge_proposals(session: Session, actor: Actor, status: str = "proposed") -> list[ItemLink]:
    permissions.require_supervisor(actor, "查看合并建议")
    return list(session.scalars(select(ItemLink).where(ItemLink.kind == "merge_proposed",
                                                       ItemLink.status == status).order_by(ItemLink.id)))


def reject_merge_proposal(session: Session, actor: Actor, link_id: int, *, why: str = "") -> ItemLink:
    permissions.require_supervisor(actor, "驳回合并建议")
    link = session.get(ItemLink, link_id)
    if link is None or link.kind != "merge_proposed":
        raise NotFound(f"合并建议不存在：{link_id}")
    link.status, link.reason, link.actor = "rejected", (link.reason + f"；驳回：{why}").strip("；"), actor.username
    session.flush()
    audit.record(session, actor, "reject_merge", "item_link", link.id, None, {"why": why})
    return link


def item_merge_proposals(session: Session, actor: Actor, item_ref: int | str) -> list[tuple[ItemLink, Item]]:
    """Pending merge proposals that involve one item, each with the other item (supervisors; [] for others)."""
    item = get_item(session, actor, item_ref)
    if not actor.is_supervisor:
        return []
    links = session.scalars(select(ItemLink).where(
        ItemLink.kind == "merge_proposed", ItemLink.status == "proposed",
        or_(ItemLink.from_item_id == item.id, ItemLink.to_item_id == item.id)).order_by(ItemLink.id))
    pairs = []
    for link in links:
        other = session.get(Item, link.to_item_id if link.from_item_id == item.id else link.from_item_id)
        if other is not None and other.status not in FINAL_STATUSES:
            pairs.append((link, other))
    return pairs


def accept_merge_proposal(session: Session, actor: Actor, link_id: int, *, keep_ref: int | str | None = None,
                          why: str = "") -> Item:
    """Accept a merge proposal: the duplicate is merged into the item kept — by default the one that was
    there first (the proposal's ``to`` side; a later report restated it)."""
    permissions.require_supervisor(actor, "采纳合并建议")
    link = session.get(ItemLink, link_id)
    if link is None or link.kind != "merge_proposed":
        raise NotFound(f"合并建议不存在：{link_id}")
    if link.status != "proposed":
        raise ValidationFailed(f"合并建议{link_id}已处理（{link.status}）")
    pair = (link.from_item_id, link.to_item_id)
    keep_id = link.to_item_id if keep_ref is None else get_item(session, actor, keep_ref).id
    if keep_id not in pair:
        raise ValidationFailed("保留的事项必须是合并建议中的两项之一")
    duplicate_id = pair[0] if keep_id == pair[1] else pair[1]
    return merge_items(session, actor, keep_id, [duplicate_id], why=why or link.reason)


def related_items(session: Session, actor: Actor, item_ref: int | str) -> dict[str, list[Item]]:
    """Sub-items, parent and merged duplicates of an item (the links kept by split and merge)."""
    item = get_item(session, actor, item_ref)
    children = session.scalars(select(Item).where(Item.parent_id == item.id).order_by(Item.id)).all()
    merged = session.scalars(select(Item).where(Item.merged_into_id == item.id).order_by(Item.id)).all()
    parent = [session.get(Item, item.parent_id)] if item.parent_id else []
    visible = lambda rows: [r for r in rows if r and permissions.can_view(actor, r)]  # noqa: E731
    return {"children": visible(children), "merged": visible(merged), "parent": visible(parent)}


__all__ = [
    "STATUSES", "ItemFilters", "ItemPage", "allocate_serial", "allocate_serials", "assign_serials", "create_item", "filtered_query", "get_item",
    "list_items", "update_item", "split_item", "merge_items", "propose_merges", "list_merge_proposals",
    "reject_merge_proposal", "related_items", "item_merge_proposals", "accept_merge_proposal", "item_history",
    "target_label", "format_number", "COUNT_CAP",
]
