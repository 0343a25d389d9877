"""落实 luoshi — read Chinese government reports, extract what they promise, track it.

The notebook API (no database needed)::

    import luoshi
    for art in luoshi.read("page.docx", published="2026-03-15", place="南通市"):
        print(art.headline, len(art.commitments))
        for c in art.commitments:
            print(c.text, art.text[c.span[0]:c.span[1]])

    arts = luoshi.extract_text("……确保全年新增城镇就业3.5万人以上……", place="泰州市")

Every span is ``[start, end)`` into ``art.text``. ``art.to_dict()`` is the article entry of the
``luoshi.extraction/1`` JSON contract (docs/extraction-schema.md); ``luoshi.rows(arts, "commitments")``
flattens items into dicts for ``pandas.DataFrame``.

Heavy modules are imported on first use, so ``import luoshi`` (and the CLI start-up) stays fast.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from luoshi.extraction.model import ArticleExtraction
    from luoshi.reading.model import Article, SourceDocument

__all__ = ["__version__", "ExtractedArticle", "read", "read_bytes", "extract_text", "rows"]


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("luoshi")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0+unknown"


__version__ = _version()


@dataclass
class ExtractedArticle:
    """One article as read, with everything extracted from it. Item spans index ``text``."""

    article: Article
    extraction: ArticleExtraction
    document: SourceDocument

    @property
    def headline(self) -> str:
        return self.article.headline

    @property
    def text(self) -> str:
        return self.article.text

    @property
    def published(self) -> date | None:
        return self.article.published or self.document.published

    @property
    def place(self) -> str | None:
        return self.extraction.place or self.article.place

    def __getattr__(self, name: str) -> list:
        """``art.people``, ``art.organisations``, ``art.commitments`` … — one shortcut per kind of the
        registry (luoshi.extraction.kinds) to the extraction's list."""
        from luoshi.extraction.kinds import KIND_NAMES

        if name in KIND_NAMES:
            return getattr(self.extraction, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def quote(self, span: tuple[int, int]) -> str:
        """The characters an item points at."""
        return self.article.text[span[0]:span[1]]

    def to_dict(self) -> dict[str, Any]:
        """This article's entry of the ``luoshi.extraction/1`` contract."""
        from luoshi.extraction.schema import article_to_json

        return article_to_json(self.article, self.extraction)

    def __repr__(self) -> str:
        x = self.extraction
        return (f"<ExtractedArticle {self.headline!r} {self.published} {self.place}: {len(x.people)} people, "
                f"{len(x.events)} events, {len(x.commitments)} commitments, {len(x.statistics)} statistics>")


def _as_date(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _extracted(doc: SourceDocument, articles: list[Article]) -> list[ExtractedArticle]:
    from luoshi.extraction.pipeline import extract_document

    return [ExtractedArticle(a, x, doc) for a, x in zip(articles, extract_document(doc, articles), strict=True)]


def read(path: str | Path, published: date | str | None = None, place: str | None = None) -> list[ExtractedArticle]:
    """Read a report file (text in any Chinese encoding, HTML, .docx, .pdf) and extract every article.

    Raises ``luoshi.reading.ReadError`` (one line, "FILE: reason") for input it cannot read, or that
    exceeds a budget (size, inflated size, line length, wall clock: ``luoshi.reading.limits``).
    """
    from luoshi.reading import read_path
    from luoshi.reading.limits import time_budget

    with time_budget(str(path)):
        doc, articles = read_path(path, published=_as_date(published), place=place)
        return _extracted(doc, articles)


def read_bytes(data: bytes, name: str | None = None, published: date | str | None = None,
               place: str | None = None) -> list[ExtractedArticle]:
    """Like :func:`read` for bytes in memory (a download, an e-mail attachment)."""
    from luoshi.reading import read_bytes as _read_bytes
    from luoshi.reading.limits import time_budget

    with time_budget(name or "<stdin>"):
        doc, articles = _read_bytes(data, name=name, published=_as_date(published), place=place)
        return _extracted(doc, articles)


def extract_text(text: str, published: date | str | None = None, place: str | None = None) -> list[ExtractedArticle]:
    """Extract from text you already have (a paste, a scraped string). The text goes through the
    same reading steps as a file — normalisation, article splitting — so results match ``read``."""
    return read_bytes(text.encode("utf-8"), name="<text>.txt", published=published, place=place)


def rows(articles: list[ExtractedArticle], kind: str) -> list[dict[str, Any]]:
    """One flat dict per item of ``kind`` (a kind of the registry: people, organisations, events,
    commitments, statistics, formulations), with the article's headline, date and place, and the quoted
    text of its span — ready for ``pandas.DataFrame(luoshi.rows(arts, "commitments"))``."""
    from luoshi.extraction.kinds import KIND_NAMES

    if kind not in KIND_NAMES:
        raise ValueError(f"unknown item kind {kind!r} (one of {', '.join(KIND_NAMES)})")
    out = []
    for i, art in enumerate(articles):
        entry = art.to_dict()
        for item in entry[kind]:
            span = item.get("span") or (item.get("mentions") or [None])[0]
            out.append({
                "article": i, "headline": art.headline, "published": entry["published"], "place": entry["place"],
                **item, "quote": art.quote(span) if span else None,
            })
    return out
