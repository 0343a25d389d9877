"""Commitments (targets, deliverables, directives) found in an article."""
from __future__ import annotations

from luoshi.extraction.model import ArticleMeta, Commitment, Person


def extract_commitments(text: str, meta: ArticleMeta, people: list[Person], place: str | None,
                        place_path: list[str], warnings: list[str] | None = None) -> list[Commitment]:
    """Return the commitments of ``text``."""
    return []
