"""Political formulations: "63222", "3+3+X", 四个新, quoted slogans."""
from __future__ import annotations

from luoshi.extraction.model import ArticleMeta, Formulation


def extract_formulations(text: str, meta: ArticleMeta, warnings: list[str] | None = None) -> list[Formulation]:
    """Return the formulations of ``text``."""
    return []
