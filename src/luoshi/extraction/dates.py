"""Placeholder: filled in shortly (entities engineer)."""
from __future__ import annotations

from datetime import date


def resolve_date(expr: str, published: date | None, warnings: list[str] | None = None) -> tuple[date | None, date | None]:
    return None, None
