"""The ``luoshi.extraction/1`` JSON contract: one document, its articles, and everything extracted.

This is what ``luoshi extract --format json`` prints, what the API returns and what researchers load
into notebooks, so its shape changes only additively (docs/extraction-schema.md lists every field).
Every span is ``[start, end)`` into the ``text`` of the article it belongs to.

``table_rows`` flattens the same content into one row per extracted item for ``--format table``,
and ``span_problems`` checks the central promise of the contract (every span slices the text it
claims) — tests and ``luoshi eval`` use it.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from functools import partial
from typing import Any

from luoshi.extraction.kinds import KIND_NAMES, KINDS
from luoshi.extraction.model import ArticleExtraction
from luoshi.reading.model import Article, SourceDocument

__all__ = ["SCHEMA_ID", "TABLE_COLUMNS", "document_to_json", "article_to_json", "table_rows", "span_problems"]

SCHEMA_ID = "luoshi.extraction/1"

# Item lists of an article entry, in the order they are printed (the registry's order).
ITEM_KINDS = KIND_NAMES

TABLE_COLUMNS = ("article", "kind", "item", "detail", "span")


def document_to_json(
    doc: SourceDocument, articles: list[Article], extractions: list[ArticleExtraction]
) -> dict[str, Any]:
    """The whole contract for one read + extracted document (JSON-serialisable: str/int/float/list/dict/None)."""
    if len(articles) != len(extractions):
        raise ValueError(f"{len(articles)} articles but {len(extractions)} extractions")
    return {
        "schema": SCHEMA_ID,
        "document": {
            "path": doc.path,
            "sha256": doc.sha256,
            "format": doc.format,
            "encoding": doc.encoding,
            "title": doc.title,
            "published": _iso(doc.published),
            "publisher": doc.publisher,
            "breadcrumb": list(doc.breadcrumb),
            "site": doc.site,
            "place": doc.place,
            "warnings": list(doc.warnings),
        },
        "articles": [article_to_json(a, x) for a, x in zip(articles, extractions, strict=True)],
    }


def article_to_json(article: Article, extraction: ArticleExtraction) -> dict[str, Any]:
    """One article entry: reading fields, then the extracted items (spans into ``text``)."""
    items = extraction.to_dict()
    entry = {
        "index": article.index,
        "headline": article.headline,
        "subtitles": list(article.subtitles),
        "dateline": article.dateline,
        "reporters": list(article.reporters),
        "correspondents": list(article.correspondents),
        "photographers": list(article.photographers),
        "published": _iso(article.published),
        # the place the article is about as extraction resolved it; the caller's hint otherwise
        "place": extraction.place or article.place,
        "place_path": list(extraction.place_path),
        "text": article.text,
        "sections": [list(s) for s in article.sections],
        "paragraphs": [list(p) for p in article.paragraphs],
        **{kind: items[kind] for kind in ITEM_KINDS},
        "warnings": list(extraction.warnings),
    }
    if article.lines:  # read by OCR: the page it starts on, every line's [page, x0, y0, x1, y1, start, end]
        entry["page"] = article.page
        entry["lines"] = ocr_lines_json(article)
    return entry


def ocr_lines_json(article: Article) -> list[list[int]]:
    """An OCR'd article's line boxes: [page, x0, y0, x1, y1, start, end] (pixels; spans in ``text``)."""
    return [[ln.page, ln.x0, ln.y0, ln.x1, ln.y1, ln.start, ln.end] for ln in article.lines]


def table_rows(
    doc: SourceDocument, articles: list[Article], extractions: list[ArticleExtraction]
) -> list[dict[str, str]]:
    """One row per extracted item (columns ``TABLE_COLUMNS``), for ``luoshi extract --format table``."""
    payload = document_to_json(doc, articles, extractions)
    return [row for art in payload["articles"] for row in _article_rows(art)]


def _article_rows(art: dict[str, Any]) -> Iterator[dict[str, str]]:
    label = f"{art['index']}: {_short(art['headline'], 18)}"
    yield _row(label, "place", " > ".join(art["place_path"]) or (art["place"] or "?"), "", None)
    for k in KINDS:  # the registry's order; a kind without its own layout shows its text and span
        layout = _ROW_LAYOUTS.get(k.name, _plain_layout(k.singular))
        for item in art[k.name]:
            yield _row(label, *layout(item))
    for w in art["warnings"]:
        yield _row(label, "warning", w, "", None)


RowLayout = Callable[[dict[str, Any]], tuple[str, str, str, Any]]  # -> (kind, item, detail, span)


def _plain_layout(singular: str) -> RowLayout:
    return lambda item: (singular, str(item.get("text") or item.get("name") or ""), "", item.get("span"))


def _person_layout(p: dict[str, Any]) -> tuple[str, str, str, Any]:
    return "person", p["name"], p["title"] or "", p["mentions"][0] if p["mentions"] else None


def _event_layout(e: dict[str, Any]) -> tuple[str, str, str, Any]:
    when = _date_range(e["start"], e["end"])
    return f"event:{e['type']}", e["name"] or "", f"{when} {e['date_text'] or ''}".strip(), e["span"]


_ROW_LAYOUTS: dict[str, RowLayout] = {
    "people": _person_layout,
    "organisations": lambda o: ("organisation", o.get("as_printed", ""), o.get("name") or "", o.get("span")),
    "events": _event_layout,
    "commitments": lambda c: (f"commitment:{c['kind']}", _short(c["text"], 40), _commitment_detail(c), c["span"]),
    "statistics": lambda s: ("statistic", s["text"], _quantity_detail(s), s["span"]),
    "formulations": lambda f: (f"formulation:{f['kind']}", f["text"], f["context"] or "", f["span"]),
}


def _commitment_detail(c: dict[str, Any]) -> str:
    owner = c["owner"] or {}
    parts = [_quantity_detail(c["target"]) if c["target"] else ""]
    if owner.get("person") or owner.get("org"):
        parts.append(f"owner {owner.get('person') or owner.get('org')}")
    if c["period"] and c["period"].get("text"):
        parts.append(c["period"]["text"])
    return "; ".join(p for p in parts if p)


def _quantity_detail(q: dict[str, Any]) -> str:
    comparator = "" if q["comparator"] == "=" else q["comparator"]
    return f"{q.get('metric') or '?'} {comparator}{q['value']}{q['unit'] or ''}".strip()


def _row(article: str, kind: str, item: str, detail: str, span: Any) -> dict[str, str]:
    return {"article": article, "kind": kind, "item": item, "detail": detail,
            "span": f"{span[0]}-{span[1]}" if span else ""}


_OWN_SPAN_RULES = ("people", "organisations", "events")  # checked against their own fields below


def _check_span(problems: list[str], where: str, text: str, span: Any, expected: str | None, what: str) -> None:
    """Add a problem when ``span`` is missing, outside ``text`` or does not slice ``expected``."""
    if not span or len(span) != 2:
        problems.append(f"{where}: {what}: missing span")
        return
    start, end = span
    if not (0 <= start <= end <= len(text)):
        problems.append(f"{where}: {what}: span {start}-{end} outside text of length {len(text)}")
    elif expected and text[start:end] != expected:
        problems.append(f"{where}: {what}: span {start}-{end} is {text[start:end]!r}, not {expected!r}")


def span_problems(payload: dict[str, Any]) -> list[str]:
    """Every way the payload breaks "each span slices the text it claims" (empty = contract kept).

    Checked: spans inside the article text with start <= end; every person mention slices the
    person's name; organisation spans slice ``as_printed``; commitment, statistic and formulation
    spans slice their printed ``text``; a commitment's target span slices the target's ``text``.
    """
    problems: list[str] = []
    for art in payload["articles"]:
        text = art["text"]
        check = partial(_check_span, problems, f"article {art['index']}", text)

        for p in art["people"]:
            for m in p["mentions"]:
                check(m, p["name"], f"person {p['name']}")
        for o in art["organisations"]:
            check(o.get("span"), o.get("as_printed"), f"organisation {o.get('as_printed')}")
        for e in art["events"]:
            check(e["span"], None, f"event {e['name']}")
        for k in KINDS:  # every other kind: its span slices its printed text
            if k.name in _OWN_SPAN_RULES:
                continue
            for item in art[k.name]:
                check(item.get("span"), item.get("text"), f"{k.singular} {item.get('text')!r}")
        for c in art["commitments"]:
            if c["target"]:
                check(c["target"]["span"], c["target"].get("text"), f"target {c['target'].get('text')!r}")
    return problems


def _date_range(start: str | None, end: str | None) -> str:
    """"2024-03-04", "2024-03-04..2024-03-05", or "" when unresolved."""
    if not start and not end:
        return ""
    return (start or "") if start == end or not end else f"{start or '?'}..{end}"


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _short(s: str | None, n: int) -> str:
    s = (s or "").replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"
