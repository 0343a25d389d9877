"""Placeholder: filled in shortly (entities engineer)."""
from __future__ import annotations

from luoshi.extraction.model import ArticleMeta


def resolve_org(as_printed: str, place: str | None, place_path: list[str]) -> str:
    return as_printed


def extract_organisations(text: str, meta: ArticleMeta, place: str | None, place_path: list[str],
                          warnings: list[str] | None = None) -> list[dict]:
    return []
