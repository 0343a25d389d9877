"""Placeholder: filled in shortly (entities engineer)."""
from __future__ import annotations

from luoshi.extraction.model import ArticleMeta, Event, Person


def extract_events(text: str, meta: ArticleMeta, people: list[Person], warnings: list[str] | None = None) -> list[Event]:
    return []
