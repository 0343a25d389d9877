"""Placeholder: filled in shortly (entities engineer)."""
from __future__ import annotations

from luoshi.extraction.model import ArticleMeta


def resolve_place(text: str, meta: ArticleMeta, warnings: list[str] | None = None) -> tuple[str | None, list[str]]:
    return None, []
