"""The extraction pipeline: article text + metadata -> ArticleExtraction.

Extraction is a pure function of (text, meta): no database, no global state besides lexicons the
extractor modules load once (read-only). This module only orders the extractor calls (place first,
because organisations and owners resolve against it; people before events and commitments, because
those refer to people), analyses the article's quantities once for commitments and statistics (a
read-only value handed to both, so neither depends on the other having run) and merges the warnings
every step reports.

A report in traditional characters is folded once here (``printed.fold_article``): every extractor gets
the simplified fold of the text and of the metadata for matching, and ``printed.restore`` then slices
every printed string of the result from the original text at the same offsets (the fold is one
character for one character, so spans are the same in both).

An extractor that raises does not lose the article: by default the failure becomes a warning
(``extractor <name> failed: ...``) and the other items are still returned, so one bad sentence in a
5 MB upload never costs the user the whole document. Pass ``strict=True`` (tests, eval debugging) to
let the exception propagate instead.
"""
from __future__ import annotations

import inspect
import logging
from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from luoshi.extraction.commitments import extract_commitments
from luoshi.extraction.events import extract_events
from luoshi.extraction.formulations import extract_formulations
from luoshi.extraction.model import (
    ArticleExtraction,
    ArticleMeta,
    Commitment,
    Event,
    Formulation,
    Organisation,
    Person,
    Statistic,
)
from luoshi.extraction.organisations import extract_organisations
from luoshi.extraction.people import extract_people
from luoshi.extraction.places import resolve_place
from luoshi.extraction.printed import fold_article, restore
from luoshi.extraction.quantities import Analysis, analyse_article
from luoshi.extraction.statistics import extract_statistics
from luoshi.reading.model import Article, SourceDocument

__all__ = ["extract_article", "extract_document", "meta_for_article"]

log = logging.getLogger(__name__)

T = TypeVar("T")


@cache
def _accepts_warnings(func: Callable[..., Any]) -> bool:
    """Whether an extractor takes the optional ``warnings=`` keyword (the contract allows both)."""
    try:
        params = inspect.signature(func).parameters
    except (TypeError, ValueError):
        return False
    return "warnings" in params or any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())


def _call(
    func: Callable[..., T],
    args: tuple[Any, ...],
    fallback: T,
    warnings: list[str],
    strict: bool,
    **options: Any,
) -> T:
    """Run one extractor, collecting its warnings; on failure warn and return ``fallback``."""
    try:
        if _accepts_warnings(func):
            return func(*args, warnings=warnings, **options)
        return func(*args, **options)
    except Exception as exc:  # noqa: BLE001 - one failing extractor must not lose the article
        if strict:
            raise
        name = getattr(func, "__name__", repr(func))
        log.exception("extractor %s failed", name)
        warnings.append(f"extractor {name} failed: {exc.__class__.__name__}: {exc}")
        return fallback


def extract_article(text: str, meta: ArticleMeta | None = None, *, strict: bool = False) -> ArticleExtraction:
    """Extract every kind of item from one article's (repaired) text.

    Every span in the result is a ``[start, end)`` index into ``text``.
    """
    meta = meta or ArticleMeta()
    folding = fold_article(text, meta)
    result = _extract(folding.folded, folding.folded_meta, strict)
    return restore(result, folding)


def _extract(text: str, meta: ArticleMeta, strict: bool) -> ArticleExtraction:
    """Every extractor on the (folded) text, in order."""
    warnings: list[str] = []
    place, place_path = _call(resolve_place, (text, meta), (meta.place, [meta.place] if meta.place else []),
                              warnings, strict)
    place_path = list(place_path or [])
    organisations: list[Organisation] = _call(extract_organisations, (text, meta, place, place_path), [], warnings, strict)
    people: list[Person] = _call(extract_people, (text, meta, place, place_path), [], warnings, strict)
    events: list[Event] = _call(extract_events, (text, meta, people), [], warnings, strict)
    analysis = _analysis(text, meta, strict)
    commitments: list[Commitment] = _call(extract_commitments, (text, meta, people, place, place_path), [], warnings, strict,
                        analysis=analysis)
    statistics: list[Statistic] = _call(extract_statistics, (text, meta), [], warnings, strict, analysis=analysis)
    formulations: list[Formulation] = _call(extract_formulations, (text, meta), [], warnings, strict)
    return ArticleExtraction(
        place=place,
        place_path=place_path,
        people=list(people),
        events=list(events),
        commitments=list(commitments),
        statistics=list(statistics),
        formulations=list(formulations),
        organisations=list(organisations),
        warnings=_dedupe(warnings),
    )


def _analysis(text: str, meta: ArticleMeta, strict: bool) -> Analysis | None:
    """The article's quantities, analysed once. On failure None: commitments and statistics then try
    themselves and each fails into its own warning, as any extractor does."""
    try:
        return analyse_article(text, meta)
    except Exception:  # noqa: BLE001 - reported by the extractors that need it
        if strict:
            raise
        return None


def meta_for_article(doc: SourceDocument, article: Article) -> ArticleMeta:
    """What extraction may know about an article besides its text; the article's own values win
    over the document's (a page can carry a publication-wide date / place hint)."""
    return ArticleMeta(
        headline=article.headline or "",
        headline_guessed=article.headline_guessed,
        published=article.published or doc.published,
        place=article.place or doc.place,
        publisher=article.publisher or doc.publisher,
        reporters=list(article.reporters),
        subtitles=list(article.subtitles),
        dateline=article.dateline,
        breadcrumb=list(doc.breadcrumb),
        site=doc.site,
    )


def extract_document(
    doc: SourceDocument, articles: list[Article], *, strict: bool = False
) -> list[ArticleExtraction]:
    """Extract every article of a document, in page order (one result per article).

    The page's own place (from all its text and its publisher) is a fallback for an article that
    names no place itself (a short 会见 report on a city paper's front page)."""
    page_place = _page_place(doc) if len(articles) > 1 else None
    metas = [meta_for_article(doc, a) for a in articles]
    for meta in metas:
        meta.page_place = page_place
    return [extract_article(a.text, meta, strict=strict) for a, meta in zip(articles, metas, strict=True)]


def _page_place(doc: SourceDocument) -> str | None:
    try:
        place, _ = resolve_place(doc.text, ArticleMeta(publisher=doc.publisher, place=doc.place))
    except Exception:  # noqa: BLE001 - a fallback hint must never cost the page
        log.exception("page place failed")
        return None
    return place


def _dedupe(items: list[str]) -> list[str]:
    """Keep the first occurrence of each warning, in order (extractors may repeat themselves)."""
    return list(dict.fromkeys(items))
