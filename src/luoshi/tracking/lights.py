"""Schedule lights (预警): green / yellow / red, recomputed from the data and explained in words.

Outcome (达成情况: achieved, partly …) is a separate field; the light only says whether the item is on
schedule. Rules, in order (``settings.yellow_days`` default 15):

1. rejected or merged items: ``none`` (no longer supervised); closed items: ``green`` (已销号).
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

from datetime import date, datetime, timedelta, timezone
from typing import Any, Protocol

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from luoshi.storage.ledger_models import Item
from luoshi.tracking.settings import LedgerSettings, get_settings

CHINA_TZ = timezone(timedelta(hours=8))  # no daylight saving in China
COUNTING_UP = (">=", ">", "=", "~", None)


class LightInput(Protocol):
    status: str
    due_date: date | None
    start_date: date | None
    target_value: float | None
    target_comparator: str | None
    progress_value: float | None


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
    light, parts = _assess(item, today, settings)
    return light, "；".join(zh for zh, _en in parts)


def compute_light_en(item: LightInput, today: date, settings: LedgerSettings) -> tuple[str, str]:
    """The same verdict explained in English ("progress 31% at 58% of the period")."""
    light, parts = _assess(item, today, settings)
    return light, "; ".join(en for _zh, en in parts)


def _assess(item: LightInput, today: date, settings: LedgerSettings) -> tuple[str, list[tuple[str, str]]]:
    """The rules of the module docstring; returns the light and (Chinese, English) explanation parts."""
    if item.status == "rejected":
        return "none", [("不予立项", "rejected")]
    if item.status == "merged":
        return "none", [("已合并，不再单独督办", "merged into another item")]
    if item.status == "closed":
        return "green", [("已销号", "closed")]
    if item.due_date is None:
        return "none", [("未设完成时限", "no due date")]
    days_left = (item.due_date - today).days
    done, gone = progress_share(item), elapsed_share(item, today)
    progress = []
    if done is not None and gone is not None:
        digits = 1 if _pct(done) == _pct(gone) and done != gone else 0  # 88.6% vs 89.0%, not "89% at 89%"
        shown_done, shown_gone = _pct(done, digits), _pct(gone, digits)
        progress = [(f"进度{shown_done}，时间已过{shown_gone}", f"progress {shown_done} at {shown_gone} of the period")]
    if days_left < 0:
        return "red", [(f"已逾期{-days_left}天", f"overdue by {-days_left} days")] + progress
    if days_left <= settings.yellow_days:
        due = ("今天到期", "due today") if days_left == 0 else (f"{days_left}天后到期", f"due in {days_left} days")
        return "yellow", [due] + progress
    if done is not None and gone is not None and done < gone - settings.progress_tolerance - 1e-9:
        return "yellow", progress + [("进度落后于时序", "behind the straight line to the due date")]
    return "green", progress or [(f"距到期{days_left}天", f"due in {days_left} days")]


def apply_light(item: Item, settings: LedgerSettings, today: date | None = None) -> None:
    """Refresh the stored light of one item (called on every write)."""
    item.light, item.light_reason = compute_light(item, today or local_today(), settings)


class _Row:
    """Plain attribute holder so compute_light can run on selected columns without loading ORM rows."""

    def __init__(self, mapping: Any) -> None:
        self.__dict__.update(mapping)


_COLUMNS = (
    Item.id, Item.status, Item.due_date, Item.start_date, Item.target_value, Item.target_comparator,
    Item.progress_value, Item.light, Item.light_reason,
)


def refresh_lights(
    session: Session, today: date | None = None, settings: LedgerSettings | None = None, batch: int = 5000
) -> int:
    """Recompute every stored light (daily job). Returns how many changed. Does not bump item versions:
    the light is derived data, not an edit."""
    today = today or local_today()
    settings = settings or get_settings(session)
    table = Item.__table__
    statement = (
        update(table)
        .where(table.c.id == bindparam("b_id"))
        .values(light=bindparam("b_light"), light_reason=bindparam("b_reason"))
    )
    changed: list[dict[str, Any]] = []
    total = 0
    rows = session.execute(select(*_COLUMNS)).mappings().all()  # fetched first: updates follow on this connection
    for mapping in rows:
        row = _Row(mapping)
        light, reason = compute_light(row, today, settings)
        if (light, reason) != (row.light, row.light_reason):
            changed.append({"b_id": row.id, "b_light": light, "b_reason": reason})
        if len(changed) >= batch:
            total += _flush_lights(session, statement, changed)
    total += _flush_lights(session, statement, changed)
    session.expire_all()
    return total


def _flush_lights(session: Session, statement: Any, changed: list[dict[str, Any]]) -> int:
    if not changed:
        return 0
    session.connection().execute(statement, changed)
    count = len(changed)
    changed.clear()
    return count
