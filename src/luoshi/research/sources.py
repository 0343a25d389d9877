"""Where the research tables come from: a corpus dataset folder, or the office's database.

Both give the same rows with the same ids (``document_id`` is the first 16 hex digits of the file's
SHA-256 in both, so a table made from the database joins one made from a dataset of the same files).
The database's articles keep the full extraction contract (``articles.extraction``), so the rows are
built by the same function as the dataset's (tables.document_rows): one flattening, two sources.
"""
from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from luoshi.research.dataset import DatasetError, read_table
from luoshi.research.outcomes import Outcome, link_outcomes

__all__ = ["DatasetSource", "DatabaseSource", "DatasetError"]


class _Source:
    def commitments(self) -> list[dict[str, Any]]:
        return self._rows("commitments")

    def statistics(self) -> list[dict[str, Any]]:
        return self._rows("statistics")

    def formulations(self) -> list[dict[str, Any]]:
        return self._rows("formulations")

    def articles(self) -> list[dict[str, Any]]:
        return self._rows("articles")

    def _rows(self, name: str) -> list[dict[str, Any]]:
        raise NotImplementedError

    def outcomes(self) -> list[Outcome]:
        return self._outcomes

    @cached_property
    def _outcomes(self) -> list[Outcome]:
        docs = [{"document_id": a["document_id"], "place": a["place"], "published": a["published"]}
                for a in self.articles()]
        return link_outcomes(self.commitments(), self.statistics(), docs)


class DatasetSource(_Source):
    """Tables of a dataset folder, near-duplicates counted once."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        if not (self.root / "_state").is_dir():
            raise DatasetError(f"{self.root}: not a corpus dataset (no _state folder; make one with luoshi corpus run)")
        self._cache: dict[str, list[dict[str, Any]]] = {}

    def _rows(self, name: str) -> list[dict[str, Any]]:
        if name not in self._cache:
            columns = None if name != "articles" else ["article_id", "document_id", "published", "place", "province"]
            self._cache[name] = read_table(self.root, name, columns=columns).to_pylist()
        return self._cache[name]

    def save(self, name: str, rows: list[dict[str, Any]]) -> Path:
        """Write a derived table (outcomes, glossary) into the dataset for ``luoshi query``."""
        import pyarrow as pa

        path = self.root / name / f"{name}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".parquet.tmp")
        pq.write_table(pa.Table.from_pylist(rows) if rows else pa.table({"empty": pa.array([], pa.bool_())}), tmp)
        os.replace(tmp, path)
        return path


class DatabaseSource(_Source):
    """The same tables from the database (``--db``): what the office ingested."""

    def __init__(self, url: str | None = None, *, session: Any = None) -> None:
        self.url = url
        self.session = session  # the caller's (a web request's); else one opened on ``url``
        self._tables: dict[str, list[dict[str, Any]]] | None = None

    def _rows(self, name: str) -> list[dict[str, Any]]:
        if self._tables is None:
            if self.session is not None:
                self._tables = database_rows(self.session)
            else:
                from luoshi.storage.db import transaction
                from luoshi.storage.migrate import open_database

                with transaction(open_database(self.url)) as session:
                    self._tables = database_rows(session)
        return self._tables[name]


def database_rows(session: Any) -> dict[str, list[dict[str, Any]]]:
    """Every research table's rows from the database, by the dataset's flattening (one read-only pass)."""
    from sqlalchemy import select

    from luoshi.research.tables import document_rows, empty_rows
    from luoshi.storage.models import Article, Document

    tables = empty_rows()
    docs = session.execute(select(Document.id, Document.sha256, Document.source_path, Document.published,
                                  Document.place, Document.format, Document.title)).all()
    by_doc: dict[int, list[Any]] = {}
    for art in session.scalars(select(Article).order_by(Article.document_id, Article.index)).yield_per(200):
        extraction = art.extraction or {}
        by_doc.setdefault(art.document_id, []).append({
            "index": art.index, "headline": art.headline, "published": _iso(art.published),
            "place": art.place, "place_path": list(art.place_path or []), "text": art.text,
            "sections": [list(x) for x in art.sections or []],
            **{k: extraction.get(k) or [] for k in ("people", "events", "commitments", "statistics", "formulations")},
            "warnings": list(extraction.get("warnings") or []),
        })
    for doc_id, sha, path, published, place, fmt, title in docs:
        payload = {"document": {"sha256": sha, "path": path, "published": _iso(published), "place": place,
                                "format": fmt, "title": title},
                   "articles": by_doc.get(doc_id, [])}
        for name, rows in document_rows(payload, input_key=f"db:{doc_id}").items():
            tables[name].extend(rows)
    return tables


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None
