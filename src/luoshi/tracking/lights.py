"""Schedule lights (预警): green / yellow / red, recomputed from the data and explained in words.

Outcome (达成情况: achieved, partly …) is a separate field; the light only says whether the item is on
schedule. Rules, in order (``settings.yellow_days`` default 15):

1. proposed items: ``none`` (待交办 — not an obligation until a supervisor assigns it; proposals carry
   no light, so they neither count as overdue on the dashboard nor print 红灯 in the export);
   rejected or merged items: ``none`` (no longer supervised); closed items: ``green`` (已销号).
2. no due date: ``none`` ("未设完成时限") — the supervisor must set one.
3. due date before today and not closed: ``red`` (逾期).
4. due within ``yellow_days`` days (today counts, exactly N days counts): ``yellow``.
5. progress behind the straight line from start to due date (progress share < elapsed share − tolerance),
   for targets that count up (comparators >=, >, =, ~) with a value and a report: ``yellow``.
6. otherwise ``green``.

The light is stored on the item (indexed, filterable) and refreshed on every write and by
:func:`refresh_lights` (run it daily: ``luoshi remind`` does, and the web server at start-up).
"""
from __future__ import annotations

import typing
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import Any, NamedTuple, Protocol

from sqlalchemy import (
    BigInteger,
    Column,
    ColumnElement,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    case,
    cast,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import Session

from luoshi.storage.ledger_models import FINAL_STATUSES, Item, LedgerSetting
from luoshi.tracking.settings import LedgerSettings, get_settings

CHINA_TZ = timezone(timedelta(hours=8))  # no daylight saving in China
COUNTING_UP = (">=", ">", "=", "~", "between", None)  # a range counts up to its low bound (value)


class LightInput(Protocol):
    """What the light rules read of an item (an Item, a row of _COLUMNS, a stand-in)."""

    @property
    def status(self) -> str: ...
    @property
    def due_date(self) -> date | None: ...
    @property
    def start_date(self) -> date | None: ...
    @property
    def target_value(self) -> float | None: ...
    @property
    def target_comparator(self) -> str | None: ...
    @property
    def progress_value(self) -> float | None: ...


def local_today() -> date:
    """Today's date in China (the ledger's calendar), whatever the server's time zone."""
    return datetime.now(CHINA_TZ).date()


def _pct(share: float, digits: int = 0) -> str:
    return f"{share * 100:.{digits}f}%"


def progress_share(item: LightInput) -> float | None:
    """Reported value as a share of a counting-up target; None when not measurable."""
    if item.target_comparator not in COUNTING_UP or not item.target_value or item.progress_value is None:
        return None
    return item.progress_value / item.target_value


def elapsed_share(item: LightInput, today: date) -> float | None:
    """Share of the period gone by (0..1); None without a start before the due date."""
    if not item.start_date or not item.due_date or item.due_date <= item.start_date:
        return None
    share = (today - item.start_date).days / (item.due_date - item.start_date).days
    return min(max(share, 0.0), 1.0)


def compute_light(item: LightInput, today: date, settings: LedgerSettings) -> tuple[str, str]:
    """(light, explanation in Chinese) for one item on ``today``. Pure: no database, no clock."""
    light, parts = _assess(item, today, settings, english=False)
    return light, "；".join(parts)


def compute_light_en(item: LightInput, today: date, settings: LedgerSettings) -> tuple[str, str]:
    """The same verdict explained in English ("progress 31% at 58% of the period")."""
    light, parts = _assess(item, today, settings, english=True)
    return light, "; ".join(parts)


def _assess(item: LightInput, today: date, settings: LedgerSettings, *, english: bool) -> tuple[str, list[str]]:
    """The rules of the module docstring; returns the light and the explanation's parts in one language
    (only that language is formatted: refresh_lights runs this for every open item daily)."""
    status = item.status
    if status == "proposed":
        return "none", ["not yet assigned" if english else "待交办，交办后亮灯"]
    if status == "rejected":
        return "none", ["rejected" if english else "不予立项"]
    if status == "merged":
        return "none", ["merged into another item" if english else "已合并，不再单独督办"]
    if status == "closed":
        return "green", ["closed" if english else "已销号"]
    if item.due_date is None:
        return "none", ["no due date" if english else "未设完成时限"]
    days_left = (item.due_date - today).days
    done, gone = progress_share(item), elapsed_share(item, today)
    progress = []
    if done is not None and gone is not None:
        shown_done, shown_gone = _pct(done), _pct(gone)
        if shown_done == shown_gone and done != gone:  # 88.6% vs 89.0%, not "89% at 89%"
            shown_done, shown_gone = _pct(done, 1), _pct(gone, 1)
        progress = [f"progress {shown_done} at {shown_gone} of the period" if english
                    else f"进度{shown_done}，时间已过{shown_gone}"]
    if days_left < 0:
        return "red", [f"overdue by {-days_left} days" if english else f"已逾期{-days_left}天"] + progress
    if days_left <= settings.yellow_days:
        if days_left == 0:
            due = "due today" if english else "今天到期"
        else:
            due = f"due in {days_left} days" if english else f"{days_left}天后到期"
        return "yellow", [due] + progress
    if done is not None and gone is not None and done < gone - settings.progress_tolerance - 1e-9:
        return "yellow", progress + ["behind the straight line to the due date" if english else "进度落后于时序"]
    return "green", progress or [f"due in {days_left} days" if english else f"距到期{days_left}天"]


# ---------------------------------------------------------------- the same rules in SQL (for aggregates)


def days_between(dialect: str, later: Any, earlier: Any) -> ColumnElement[float]:
    """Whole days from ``earlier`` to ``later`` as a float expression (dates are text on SQLite)."""
    if dialect == "sqlite":
        return func.julianday(later) - func.julianday(earlier)
    return cast(later - earlier, Float)  # date − date is an integer number of days on PostgreSQL


def progress_share_sql(c: Any) -> ColumnElement[float]:
    """:func:`progress_share` as SQL over columns ``c`` (``Item`` or a subquery's ``.c``); NULL = None."""
    counting_up = or_(c.target_comparator.is_(None), c.target_comparator.in_([v for v in COUNTING_UP if v]))
    measurable = and_(counting_up, c.target_value.is_not(None), c.target_value != 0, c.progress_value.is_not(None))
    return case((measurable, c.progress_value / c.target_value), else_=None)


def elapsed_share_sql(c: Any, today: date, dialect: str) -> ColumnElement[float]:
    """:func:`elapsed_share` as SQL (clamped to 0..1); NULL without a start before the due date."""
    share = days_between(dialect, literal(today), c.start_date) / days_between(dialect, c.due_date, c.start_date)
    has_period = and_(c.start_date.is_not(None), c.due_date.is_not(None), c.due_date > c.start_date)
    return case((~has_period, None), (share < 0, 0.0), (share > 1, 1.0), else_=share)


@dataclass(frozen=True)
class Shares:
    """The day-dependent quantities of the rules as SQL expressions: progress share, elapsed share and
    days left. Computed once per row by :func:`refresh_lights` (a materialised CTE: on SQLite each
    julianday() parses a date string, and the CASEs name them many times)."""

    done: Any
    gone: Any
    days_left: Any

    @classmethod
    def of(cls, c: Any, today: date, dialect: str) -> Shares:
        return cls(progress_share_sql(c), elapsed_share_sql(c, today, dialect),
                   days_between(dialect, c.due_date, literal(today)))


def light_sql(c: Any, today: date, settings: LedgerSettings, dialect: str,
              shares: Shares | None = None) -> ColumnElement[str]:
    """The light of :func:`compute_light` as one SQL CASE, so aggregates (scorecards) need not load rows.
    tests/tracking/test_lights.py checks it agrees with the Python rules."""
    v = shares or Shares.of(c, today, dialect)
    behind = and_(v.done.is_not(None), v.gone.is_not(None), v.done < v.gone - settings.progress_tolerance - 1e-9)
    return case(
        (c.status.in_(["proposed", "rejected", "merged"]), "none"),
        (c.status == "closed", "green"),
        (c.due_date.is_(None), "none"),
        (v.days_left < 0, "red"),
        (v.days_left <= settings.yellow_days, "yellow"),
        (behind, "yellow"),
        else_="green",
    )


def apply_light(item: Item, settings: LedgerSettings, today: date | None = None) -> None:
    """Refresh the stored light of one item (called on every write)."""
    item.light, item.light_reason = compute_light(item, today or local_today(), settings)


_COLUMNS = (
    Item.id, Item.status, Item.due_date, Item.start_date, Item.target_value, Item.target_comparator,
    Item.progress_value, Item.light, Item.light_reason,
)


class _LightRow(NamedTuple):
    """One row of _COLUMNS, in that order."""

    id: int
    status: str
    due_date: date | None
    start_date: date | None
    target_value: float | None
    target_comparator: str | None
    progress_value: float | None
    light: str | None
    light_reason: str | None


if _LightRow._fields != tuple(column.key for column in _COLUMNS):
    raise ImportError("tracking.lights: _LightRow does not name the columns of _COLUMNS in order")


@dataclass(frozen=True)
class _Settled:
    """Stand-in item for the verdicts that do not depend on the day (final states, no due date)."""

    status: str
    due_date: date | None = None
    start_date: date | None = None
    target_value: float | None = None
    target_comparator: str | None = None
    progress_value: float | None = None


def _settled_clause(today: date, settings: LedgerSettings, c: Any = Item) -> ColumnElement[bool]:
    """Rows whose stored light is right whatever the day: final items and open items without a due date
    that already show their (fixed) verdict. refresh_lights skips them. ``c``: the columns (Item, or
    the Core table's ``.c``)."""
    cases = []
    for status in ("proposed", "closed", "rejected", "merged", None):
        light, reason = compute_light(_Settled(status or "in_progress"), today, settings)
        which = c.status == status if status else and_(c.status.not_in(FINAL_STATUSES), c.due_date.is_(None))
        cases.append(and_(which, c.light == light, c.light_reason == reason))
    return or_(*cases)


LAST_REFRESH_KEY = "lights_refreshed_on"  # ledger_settings row: ISO date of the last refresh_lights


def refresh_lights(
    session: Session, today: date | None = None, settings: LedgerSettings | None = None, batch: int = 5000
) -> int:
    """Recompute every stored light and its explanation (daily job). Returns how many changed.

    The explanation depends on the day ("距到期N天", "时间已过58%"), so most open items change daily.
    Set-based: ONE ``UPDATE items SET light = CASE …, light_reason = CASE …`` computes both in the database
    (:func:`light_sql`, :func:`light_reason_sql`: the rules of :func:`compute_light`, which
    tests/tracking/test_ledger_scale.py checks they agree with) and writes only the rows that differ;
    nothing is read into Python. The few rows whose explanation needs the one-decimal form ("进度57.6%，
    时间已过57.9%") or a negative share — "close calls" whose rounding SQL cannot reproduce exactly on
    every database — are computed by :func:`compute_light` and written with one bulk UPDATE. Rows whose
    verdict cannot depend on the day and is already stored (closed, rejected, merged, no due date) are not
    touched. Item versions and ``updated_at`` are left alone: the light is derived data, not an edit, so
    it neither conflicts with editors nor reorders "recently updated" lists.
    """
    today = today or local_today()
    settings = settings or get_settings(session)
    dialect = session.get_bind().dialect.name
    items = typing.cast(Table, Item.__table__)
    c = items.c
    # per row, once: the shares and days (materialised), then the verdict over them, then the UPDATE; the
    # WITH sits inside the FROM subquery so the statement is an UPDATE (sqlite3 reports rowcount -1 for WITH …)
    base = Shares.of(c, today, dialect)
    rows = (select(c.id, c.status, c.due_date, c.light, c.light_reason, base.done.label("done"),
                   base.gone.label("gone"), base.days_left.label("days_left"))
            .where(~_settled_clause(today, settings, c)).cte("light_rows", nesting=True).prefix_with("MATERIALIZED"))
    v = Shares(rows.c.done, rows.c.gone, rows.c.days_left)
    verdicts = select(rows.c.id, light_sql(rows.c, today, settings, dialect, v).label("light"),
                      light_reason_sql(rows.c, today, settings, dialect, v).label("reason"),
                      rows.c.light.label("old_light"), rows.c.light_reason.label("old_reason")
                      ).where(~_close_call(v, dialect)).subquery("verdicts")
    differs = or_(verdicts.c.light.is_distinct_from(verdicts.c.old_light),
                  verdicts.c.reason.is_distinct_from(verdicts.c.old_reason))
    connection = session.connection()
    written = connection.execute(
        update(items).where(items.c.id == verdicts.c.id, differs)
        .values(light=verdicts.c.light, light_reason=verdicts.c.reason, updated_at=c.updated_at)  # no onupdate
        .execution_options(synchronize_session=False)
    ).rowcount
    changed: list[dict[str, Any]] = []
    query = select(*(c[column.key] for column in _COLUMNS)).where(
        ~_settled_clause(today, settings, c), close_call_sql(c, today, dialect))
    for row in map(_LightRow._make, connection.execute(query)):
        verdict, why = compute_light(row, today, settings)
        if verdict != row.light or why != row.light_reason:
            changed.append({"id": row.id, "light": verdict, "reason": why})
    _write_lights(session, changed, batch)
    _remember_refresh(session, today)
    session.expire_all()
    return int(written or 0) + len(changed)


def _rounded_percent(share: ColumnElement[float], dialect: str) -> ColumnElement[str]:
    """``f"{share * 100:.0f}%"`` in SQL for share ≥ 0: round half to even on the exact binary value, as
    Python's formatting does (``x - trunc(x)`` is exact, so the comparisons with 0.5 are too). SQLite's
    printf rounds half up and misrounds near halves (``printf('%.0f', 12.5)`` is 13, Python prints 12)."""
    value = share * 100
    whole = cast(value, Integer) if dialect == "sqlite" else cast(func.trunc(value), BigInteger)
    fraction = value - whole
    up = case((fraction > 0.5, 1), (and_(fraction == 0.5, whole % 2 == 1), 1), else_=0)
    return cast(whole + up, String) + "%"


def _days_text(days: ColumnElement[float]) -> ColumnElement[str]:
    return cast(cast(days, Integer), String)


def close_call_sql(c: Any, today: date, dialect: str) -> ColumnElement[bool]:
    """Rows whose explanation SQL leaves to :func:`compute_light` (see :func:`_close_call`)."""
    return _close_call(Shares.of(c, today, dialect), dialect)


def _close_call(v: Shares, dialect: str) -> ColumnElement[bool]:
    """Rows whose explanation SQL leaves to :func:`compute_light`: a negative or huge progress share (out
    of the exact integer range of the rounding), or two shares that print the same whole percent while
    they differ (the one-decimal form)."""
    done, gone = v.done, v.gone
    both = and_(done.is_not(None), gone.is_not(None))
    same_print = and_(_rounded_percent(done, dialect) == _rounded_percent(gone, dialect), done != gone)
    return and_(both, or_(done < 0, done > 1e12, same_print))


def light_reason_sql(c: Any, today: date, settings: LedgerSettings, dialect: str,
                     shares: Shares | None = None) -> ColumnElement[str]:
    """The explanation of :func:`compute_light` as SQL (close calls aside, see :func:`close_call_sql`).
    The fixed phrases are compute_light's own, taken from it, so the two cannot drift apart."""
    v = shares or Shares.of(c, today, dialect)
    done, gone = v.done, v.gone
    progress = case(
        (and_(done.is_not(None), gone.is_not(None)),
         literal("进度") + _rounded_percent(done, dialect) + "，时间已过" + _rounded_percent(gone, dialect)),
        else_=None)
    then = func.coalesce(literal("；") + progress, "")
    days_left = v.days_left
    behind = and_(done.is_not(None), gone.is_not(None), done < gone - settings.progress_tolerance - 1e-9)
    fixed = {status: compute_light(_Settled(status), today, settings)[1]
             for status in ("proposed", "rejected", "merged", "closed")}
    return case(
        *((c.status == status, literal(text_)) for status, text_ in fixed.items()),
        (c.due_date.is_(None), literal(compute_light(_Settled("in_progress"), today, settings)[1])),
        (days_left < 0, literal("已逾期") + _days_text(-days_left) + "天" + then),
        (days_left <= settings.yellow_days,
         case((days_left == 0, literal("今天到期")), else_=_days_text(days_left) + "天后到期") + then),
        (behind, progress + "；进度落后于时序"),
        else_=func.coalesce(progress, literal("距到期") + _days_text(days_left) + "天"),
    )


def refresh_lights_rowwise(session: Session, today: date | None = None, settings: LedgerSettings | None = None,
                           batch: int = 5000) -> int:
    """The previous refresh: every open row read into Python and judged by :func:`compute_light`, the
    differing ones written back. Kept as the reference the set-based :func:`refresh_lights` is tested
    against (and to compare their speed, bench/bench_api.py)."""
    today = today or local_today()
    settings = settings or get_settings(session)
    changed: list[dict[str, Any]] = []
    query = select(*_COLUMNS).where(~_settled_clause(today, settings))
    for row in map(_LightRow._make, session.connection().execute(query)):
        light, reason = compute_light(row, today, settings)
        if light != row.light or reason != row.light_reason:
            changed.append({"id": row.id, "light": light, "reason": reason})
    _write_lights(session, changed, batch)
    _remember_refresh(session, today)
    session.expire_all()
    return len(changed)


_PG_BULK_UPDATE = text(
    "UPDATE items SET light = u.light, light_reason = u.reason "
    "FROM unnest(CAST(:ids AS integer[]), CAST(:lights AS varchar[]), CAST(:reasons AS text[])) "
    "AS u(id, light, reason) WHERE items.id = u.id"
)


def _write_lights(session: Session, changed: list[dict[str, Any]], batch: int) -> None:
    """One UPDATE for all changed rows: from three arrays on PostgreSQL, from a temporary table on SQLite."""
    if not changed:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(_PG_BULK_UPDATE, {"ids": [c["id"] for c in changed],
                                          "lights": [c["light"] for c in changed],
                                          "reasons": [c["reason"] for c in changed]})
        return
    updates = Table("light_updates", MetaData(), Column("id", Integer, primary_key=True),
                    Column("light", String(8)), Column("reason", Text), prefixes=["TEMPORARY"])
    items = typing.cast(Table, Item.__table__)
    connection = session.connection()
    updates.create(connection)
    try:
        for start in range(0, len(changed), batch):
            connection.execute(insert(updates), changed[start:start + batch])
        connection.execute(
            update(items).where(items.c.id == updates.c.id)
            .values(light=updates.c.light, light_reason=updates.c.reason, updated_at=items.c.updated_at)
        )
    finally:
        updates.drop(connection)


def _remember_refresh(session: Session, today: date) -> None:
    row = session.get(LedgerSetting, LAST_REFRESH_KEY)
    if row is None:
        session.add(LedgerSetting(key=LAST_REFRESH_KEY, value=today.isoformat(), updated_by="system"))
    elif row.value != today.isoformat():
        row.value, row.updated_by = today.isoformat(), "system"
    session.flush()


def last_refresh(session: Session) -> date | None:
    """The day refresh_lights last ran for (None: never)."""
    row = session.get(LedgerSetting, LAST_REFRESH_KEY)
    try:
        return date.fromisoformat(row.value) if row is not None and row.value else None
    except (TypeError, ValueError):
        return None


def refresh_if_stale(session: Session, today: date | None = None) -> int | None:
    """Refresh the lights unless they were already refreshed for ``today`` (cheap: one primary-key read).
    Returns how many changed, or None when they were current. The caller commits."""
    today = today or local_today()
    done = last_refresh(session)
    if done is not None and done >= today:
        return None
    return refresh_lights(session, today)


async def refresh_daily(session_factory: Callable[[], Session], *, check_every: float = 600.0) -> None:
    """Keep the lights current in a long-running server: refresh at start and after each midnight (China
    time). Run it as a background task of the web app's lifespan; it checks every ``check_every`` seconds
    and does the work in a thread so requests are not held up."""
    import asyncio
    import logging

    log = logging.getLogger(__name__)

    def run_once() -> int | None:
        with session_factory() as session:
            changed = refresh_if_stale(session)
            session.commit()
            return changed

    while True:
        try:
            changed = await asyncio.to_thread(run_once)
            if changed is not None:
                log.info("refresh_lights: %d lights changed", changed)
        except Exception:  # noqa: BLE001 - a failed refresh must not stop the server; retried next round
            log.exception("refresh_lights failed")
        await asyncio.sleep(check_every)
