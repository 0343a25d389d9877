"""Placeholder: filled in shortly (entities engineer)."""
from __future__ import annotations

from luoshi.extraction.model import ArticleMeta, Person


def extract_people(text: str, meta: ArticleMeta, place: str | None, place_path: list[str],
                   warnings: list[str] | None = None) -> list[Person]:
    return []
