"""Keyset pagination of the ledger lists: a page starts after the last item of the previous one, found
by an index range on the sort columns instead of skipping (page − 1) × page_size rows.

The cursor is opaque to clients (URL-safe base64 of JSON): the sort it belongs to and the sort-column
values of the last item shown. Sort columns may be NULL (due date, lead unit, progress), and the
databases put NULLs at different ends — SQLite sorts them first (smallest), PostgreSQL last (largest)
— so :func:`after` is told which, and a page boundary inside the NULLs works on both.
"""
from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Date, DateTime, and_, false, or_, tuple_

from luoshi.tracking.errors import ValidationFailed


def encode(sort: str, values: Sequence[Any]) -> str:
    """The cursor of the item with these sort-column values under ``sort``."""
    shown = [v.isoformat() if isinstance(v, date | datetime) else v for v in values]
    raw = json.dumps([sort, shown], ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str, sort: str, columns: Sequence[Any]) -> list[Any]:
    """The sort-column values a cursor carries, typed like ``columns``; ValidationFailed (→ 422) for a
    cursor that is malformed or belongs to another sort (its values would mean nothing here)."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        cursor_sort, values = json.loads(raw)
    except (ValueError, TypeError, binascii.Error) as exc:
        raise ValidationFailed(f"无效的分页游标：{cursor[:40]}") from exc
    if cursor_sort != sort or not isinstance(values, list) or len(values) != len(columns):
        raise ValidationFailed(f"分页游标不属于排序{sort}，请从第一页重新开始")
    return [_typed(column, value) for column, value in zip(columns, values, strict=True)]


def _typed(column: Any, value: Any) -> Any:
    if value is None:
        return None
    try:
        if isinstance(column.type, DateTime):
            return datetime.fromisoformat(value)
        if isinstance(column.type, Date):
            return date.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed(f"无效的分页游标值：{value}") from exc
    if not isinstance(value, str | int | float):
        raise ValidationFailed(f"无效的分页游标值：{value}")
    return value


def after(columns: Sequence[Any], values: Sequence[Any], descending: bool, *,
          nulls_largest: bool) -> ColumnElement[bool]:
    """Rows that come after ``values`` in ``ORDER BY columns`` (all ascending or all descending; only the
    first column may be NULL, the last is a unique tie-break). A row-value comparison ``(a, b) > (:a, :b)``
    is an index range on both databases; the NULLs of the first column are added or skipped by which end
    they sort at."""
    first, value = columns[0], values[0]
    compare = (lambda cols, vals: tuple_(*cols) < tuple_(*vals)) if descending else (
        lambda cols, vals: tuple_(*cols) > tuple_(*vals))
    rest = compare(columns[1:], values[1:]) if len(columns) > 1 else false()
    nulls_beyond = nulls_largest != descending  # the NULLs lie past every value in the direction of travel
    if value is None:
        return and_(first.is_(None), rest) if nulls_beyond else or_(first.is_not(None), and_(first.is_(None), rest))
    beyond = compare(columns, values)
    return or_(beyond, first.is_(None)) if nulls_beyond and _nullable(first) else beyond


def _nullable(column: Any) -> bool:
    return bool(getattr(getattr(column, "expression", column), "nullable", True))


__all__ = ["after", "decode", "encode"]
