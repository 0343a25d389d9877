"""Turn ORM rows into JSON-ready dicts without listing every column by hand (the ledger's tables
evolve while the API is written; new columns appear in responses automatically)."""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import inspect as sa_inspect


def jsonable(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, bytes):
        return None  # raw bytes are served by dedicated download endpoints, never inline
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [jsonable(v) for v in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value))
    if hasattr(value, "__table__"):
        return row_dict(value)
    return value


def row_dict(row: Any, *, exclude: Iterable[str] = (), binary: bool = False) -> dict[str, Any]:
    """Column values of an ORM row (binary columns left out unless ``binary``)."""
    skip = set(exclude)
    out: dict[str, Any] = {}
    for attr in sa_inspect(row).mapper.column_attrs:
        if attr.key in skip:
            continue
        value = getattr(row, attr.key)
        if isinstance(value, bytes) and not binary:
            continue
        out[attr.key] = jsonable(value)
    return out
