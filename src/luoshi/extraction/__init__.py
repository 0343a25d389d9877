"""Extraction stage: article text + metadata -> people, places, events, commitments, statistics,
formulations, each with ``[start, end)`` spans into the article text.

Public entry points (imported lazily so that ``luoshi.extraction.model`` stays importable on its own):
``extract_article``, ``extract_document`` (pipeline.py) and ``document_to_json`` (schema.py).
"""
from __future__ import annotations

from typing import Any

_LAZY = {
    "extract_article": "luoshi.extraction.pipeline",
    "extract_document": "luoshi.extraction.pipeline",
    "meta_for_article": "luoshi.extraction.pipeline",
    "document_to_json": "luoshi.extraction.schema",
    "SCHEMA_ID": "luoshi.extraction.schema",
}

__all__ = sorted(_LAZY)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'luoshi.extraction' has no attribute {name!r}")
