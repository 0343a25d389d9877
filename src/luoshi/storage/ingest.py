"""Store what reading and extraction produced: one ``documents`` row, its articles, one row per item.

The caller owns the transaction (``luoshi.storage.db.transaction``): :func:`ingest_file` only adds
and flushes, so a failure anywhere — reading, extraction, storing, or the caller's follow-up step
(the ledger's ``after_ingest``) — rolls everything of that document back. Nothing half-written.

Deduplication is by sha256 of the raw bytes: the same file ingested twice (under any name) is
stored once, and the second call returns the existing row with ``created=False`` without
extracting again. Near-duplicates (a re-encoded, re-posted or lightly edited copy of a stored
article) are found by the project's one detector, ``luoshi.research.duplicates``: a document whose
every article is such a copy is not stored (``created=False``, ``near_duplicate_of`` set); in a page
that is only partly a copy, the copied articles are stored without items (a warning names the
original), so nothing is proposed to the ledger twice.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import String, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from luoshi.extraction.kinds import COUNTED
from luoshi.extraction.model import ArticleExtraction
from luoshi.reading.model import Article as ReadArticle
from luoshi.reading.model import SourceDocument
from luoshi.storage.db import lock_for_write
from luoshi.storage.models import ITEM_TABLES, Article, ArticleBand, ArticleSignature, Document, encode_offsets

__all__ = ["AfterStore", "IngestOutcome", "store_document", "ingest_file", "ingest_bytes", "ingest_read",
           "find_document"]

log = logging.getLogger(__name__)

# Called with (session, document_id) right after a NEW document is stored, in the same transaction;
# the CLI and the API pass luoshi.tracking.intake.after_ingest (storage never imports tracking).
AfterStore = Callable[[Session, int], Any]


@dataclass
class IngestOutcome:
    """What happened to one input: the stored (or already present) document and what follow-up did."""

    path: str | None
    document_id: int
    created: bool
    articles: int
    items: dict[str, int] = field(default_factory=dict)  # kind -> count, for new documents
    after_store: Any = None  # whatever the AfterStore hook returned (IntakeResult), None for duplicates
    near_duplicate_of: int | None = None  # document id of the stored original when every article is a copy
    sha256: str | None = None  # of the raw bytes


def find_document(session: Session, sha256: str) -> Document | None:
    return session.scalar(select(Document).where(Document.sha256 == sha256))


def store_document(
    session: Session,
    doc: SourceDocument,
    articles: list[ReadArticle],
    extractions: list[ArticleExtraction],
) -> tuple[Document, bool]:
    """Add a document with its articles and items; returns ``(row, created)``.

    Same bytes already stored -> ``(existing_row, False)`` and nothing is added. A concurrent
    writer that stores the same bytes first is seen by the check (SQLite: made under the write lock)
    or by the unique sha256 (PostgreSQL: savepoint + re-read) — a duplicate either way, not an error.
    """
    if len(articles) != len(extractions):
        raise ValueError(f"{doc.path}: {len(articles)} articles but {len(extractions)} extractions")
    lock_for_write(session)  # SQLite: the duplicate check and the insert under one write lock
    existing = find_document(session, doc.sha256)
    if existing is not None:
        return existing, False
    row = _document_row(doc)
    if not _add_document(session, row):  # another writer stored it first
        stored = find_document(session, doc.sha256)
        if stored is None:
            raise RuntimeError(f"{doc.path}: the document vanished while being stored")
        return stored, False
    for article, extraction in zip(articles, extractions, strict=True):
        row.articles.append(_article_row(doc, article, extraction))
    session.flush()  # the articles (their ids are the items' foreign key)
    _add_items(session, list(row.articles), extractions)
    _add_bands(session, list(row.articles))
    return row, True


def _add_items(session: Session, rows: list[Article], extractions: list[ArticleExtraction]) -> None:
    """The extracted items (people, statistics, commitments …) of the stored articles: one executemany per
    table. As ORM objects each row was an INSERT … RETURNING of its own on SQLite (~30 per file); nothing
    needs their ids here, and an article's collections load from the database when read (in ordinal order)."""
    for kind, model in ITEM_TABLES.items():
        values = [_fit_values(model, article_id=row.id, ordinal=i, **model.values_from(item))
                  for row, extraction in zip(rows, extractions, strict=True)
                  for i, item in enumerate(getattr(extraction, kind))]
        if values:
            session.execute(insert(model), values)


def _add_document(session: Session, row: Document) -> bool:
    """Insert the document row; False if a concurrent writer stored the same bytes first.

    On PostgreSQL a savepoint catches the unique-sha256 violation. Not on SQLite: pysqlite's
    default transaction handling turns RELEASE SAVEPOINT into a COMMIT (see SQLAlchemy's pysqlite
    notes), which would make the document row outlive a later failure; on SQLite the caller's
    duplicate check already ran under the write lock (:func:`lock_for_write`), so there is no race.
    """
    if session.get_bind().dialect.name != "postgresql":
        session.add(row)
        session.flush()
        return True
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        if find_document(session, row.sha256) is None:
            raise
        return False
    return True


def ingest_file(
    session: Session,
    path: str | Path,
    *,
    published: date | None = None,
    place: str | None = None,
    after_store: AfterStore | None = None,
) -> IngestOutcome:
    """Read, extract and store one file. Raises ``ReadError`` (one line: "FILE: reason") for bad input."""
    from luoshi.reading import read_path
    from luoshi.reading.limits import time_budget

    with time_budget(str(path)):  # reading + extraction of one document (a no-op outside the main thread)
        doc, articles = read_path(path, published=published, place=place)
        return _ingest_read(session, doc, articles, after_store)


def ingest_bytes(
    session: Session,
    data: bytes,
    *,
    name: str | None = None,
    published: date | None = None,
    place: str | None = None,
    after_store: AfterStore | None = None,
) -> IngestOutcome:
    """Like :func:`ingest_file` for bytes already in memory (standard input, an HTTP upload)."""
    from luoshi.reading import read_bytes
    from luoshi.reading.limits import time_budget

    with time_budget(name or "<stdin>"):
        doc, articles = read_bytes(data, name=name, published=published, place=place)
        return _ingest_read(session, doc, articles, after_store)


def ingest_read(
    session: Session,
    doc: SourceDocument,
    articles: list[ReadArticle],
    extractions: list[ArticleExtraction] | None = None,
    after_store: AfterStore | None = None,
) -> IngestOutcome:
    """Store a document already read (and, optionally, already extracted — e.g. in a worker process)."""
    return _ingest_read(session, doc, articles, after_store, extractions)


def _ingest_read(
    session: Session, doc: SourceDocument, articles: list[ReadArticle], after_store: AfterStore | None,
    extractions: list[ArticleExtraction] | None = None,
) -> IngestOutcome:
    existing = find_document(session, doc.sha256)
    if existing is not None:  # skip extraction entirely for a file we already have
        return IngestOutcome(doc.path, existing.id, False, len(existing.articles), sha256=doc.sha256)
    copies = _near_duplicates(session, articles)
    if articles and len(copies) == len(articles):
        original = session.get_one(Article, next(iter(copies.values()))[0])  # found just now by _near_duplicates
        return IngestOutcome(doc.path, original.document_id, False, len(articles),
                             near_duplicate_of=original.document_id, sha256=doc.sha256)
    if extractions is None:
        from luoshi.extraction.pipeline import extract_document

        fresh = [a for a in articles if a.index not in copies]
        extracted = dict(zip((a.index for a in fresh), extract_document(doc, fresh) if fresh else [], strict=True))
    else:  # extracted already (an upload, in the isolated worker)
        extracted = {a.index: e for a, e in zip(articles, extractions, strict=True) if a.index not in copies}
    extractions = [extracted.get(a.index) or _copy_extraction(*copies[a.index]) for a in articles]
    row, created = store_document(session, doc, articles, extractions)
    outcome = IngestOutcome(doc.path, row.id, created, len(row.articles), sha256=doc.sha256)
    if created:
        outcome.items = _item_counts(extractions)
        if after_store is not None:
            outcome.after_store = after_store(session, row.id)
    return outcome


# --- near-duplicates -------------------------------------------------------------------------------------

def _near_duplicates(session: Session, articles: list[ReadArticle]) -> dict[int, tuple[int, float]]:
    """{article index: (stored article id, similarity)} for the articles that copy a stored one. The
    candidates come from the ``article_bands`` index (any LSH band in common), each checked against
    the stored row's own text, so a band collision alone never makes a copy."""
    from luoshi.research.duplicates import THRESHOLD, band_keys, signature, similarity

    found: dict[int, tuple[int, float]] = {}
    for article in articles:
        sig = signature(article.text)
        if sig is None:
            continue
        bands = [(ArticleBand.band == band) & (ArticleBand.key == key) for band, key in band_keys(sig)]
        candidates = select(ArticleBand.article_id).where(or_(*bands)).distinct()
        best: tuple[float, int] | None = None
        for article_id, stored in session.execute(
                select(ArticleSignature.article_id, ArticleSignature.signature)
                .where(ArticleSignature.article_id.in_(candidates)).order_by(ArticleSignature.article_id)):
            score = similarity(sig, np.frombuffer(stored, dtype="<u4"))
            if score >= THRESHOLD and (best is None or score > best[0]):
                best = (score, article_id)
        if best is not None:
            found[article.index] = (best[1], best[0])
    return found


def _add_bands(session: Session, rows: list[Article]) -> None:
    """Store the articles' signatures and index them by LSH band (a too-short text has none)."""
    from luoshi.research.duplicates import band_keys, signature, signature_bytes

    signed = [(row.id, sig) for row in rows if (sig := signature(row.text)) is not None]
    if not signed:
        return
    session.execute(insert(ArticleSignature), [{"article_id": article_id, "signature": signature_bytes(sig)}
                                               for article_id, sig in signed])
    session.execute(insert(ArticleBand), [{"article_id": article_id, "band": band, "key": key}
                                          for article_id, sig in signed for band, key in band_keys(sig)])


def _copy_extraction(original_id: int, score: float) -> ArticleExtraction:
    return ArticleExtraction(warnings=[f"near-duplicate of article {original_id} (similarity {score:.2f}): "
                                       "items not extracted again"])


def _item_counts(extractions: list[ArticleExtraction]) -> dict[str, int]:
    return {k: sum(len(getattr(x, k)) for x in extractions) for k in COUNTED}


# --- rows -----------------------------------------------------------------------------------------


def _fit(model: type, **values: Any) -> Any:
    """Build a row, clipping strings to their column's length: PostgreSQL rejects an over-long
    varchar where SQLite would accept it, and an odd extraction must not fail the document."""
    return model(**_fit_values(model, **values))


def _fit_values(model: type, **values: Any) -> dict[str, Any]:
    """A row's column values, strings clipped to their column's length (see :func:`_fit`)."""
    for key, length in _string_lengths(model).items():
        value = values.get(key)
        if isinstance(value, str) and len(value) > length:
            values[key] = value[:length]
    return values


@cache
def _string_lengths(model: Any) -> dict[str, int]:  # a mapped row model
    return {c.key: c.type.length for c in model.__table__.columns
            if isinstance(c.type, String) and c.type.length}


def _document_row(doc: SourceDocument) -> Document:
    return _fit(
        Document,
        sha256=doc.sha256,
        raw=doc.raw,
        format=doc.format,
        encoding=doc.encoding,
        source_path=doc.path,
        title=doc.title,
        published=doc.published,
        publisher=doc.publisher,
        place=doc.place,
        text=doc.text,
        original_text=doc.original_text,
        offset_runs=encode_offsets(doc.offset_map),
        warnings=list(doc.warnings),
    )


def _extraction_json(a: ReadArticle, x: ArticleExtraction) -> dict[str, Any]:
    """The stored extraction; an OCR'd article adds ``ocr``: its first page and line boxes (for the
    reading view to show a span on the page image)."""
    from luoshi.extraction.schema import ocr_lines_json

    payload = x.to_dict()
    if a.lines:
        payload["ocr"] = {"page": a.page, "lines": ocr_lines_json(a)}
    return payload


def _article_row(doc: SourceDocument, a: ReadArticle, x: ArticleExtraction) -> Article:
    row = _fit(
        Article,
        index=a.index,
        headline=a.headline or "",
        subtitles=list(a.subtitles),
        dateline=a.dateline,
        reporters=list(a.reporters),
        correspondents=list(a.correspondents),
        photographers=list(a.photographers),
        text=a.text,
        doc_start=a.doc_start,
        doc_end=a.doc_end,
        text_to_doc_runs=encode_offsets(a.text_to_doc),
        published=a.published or doc.published,
        place=x.place or a.place or doc.place,
        place_path=list(x.place_path),
        publisher=a.publisher or doc.publisher,
        sections=[list(s) for s in a.sections],
        paragraphs=[list(p) for p in a.paragraphs],
        extraction=_extraction_json(a, x),
    )
    return row  # its items: _add_items, once the article has its id
