"""Statistics: quantities reported as achieved or observed."""
from __future__ import annotations

from luoshi.extraction.model import ArticleMeta, Statistic


def extract_statistics(text: str, meta: ArticleMeta, warnings: list[str] | None = None) -> list[Statistic]:
    """Return the statistics of ``text``."""
    return []
