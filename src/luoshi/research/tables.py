"""The corpus dataset's tables: their Arrow schemas and how one read + extracted file becomes rows.

Ids are stable and join (docs/research.md draws the diagram):

- ``document_id`` — the first 16 hex digits of the SHA-256 of the file's bytes (same bytes, same id,
  on any machine, in any run);
- ``article_id`` — ``{document_id}-{index}`` (the article's position on the page);
- item ids — ``{article_id}-{letter}{ordinal}``: ``p`` people, ``e`` events, ``c`` commitments,
  ``s`` statistics, ``f`` formulations (the item's position in the extraction).

Every row carries ``year`` (of the article's publication date) and ``province`` (first element of the
article's administrative path, ``未知`` when unresolved): the dataset is partitioned by both.

Rows are built from the ``luoshi.extraction/1`` JSON contract, not from the dataclasses, so optional
keys that the contract gains (a target's ``low``/``high``/``role``, a statistic's ``section``) are read
with ``.get`` and are simply null before they exist.
"""
from __future__ import annotations

import json
from datetime import date
from typing import Any

import pyarrow as pa

from luoshi.extraction.kinds import KINDS

__all__ = ["SCHEMAS", "PARTITIONED", "UNKNOWN_PROVINCE", "document_rows", "empty_rows"]

UNKNOWN_PROVINCE = "未知"

_S, _I, _F, _D, _B = pa.string(), pa.int64(), pa.float64(), pa.date32(), pa.bool_()
_LS = pa.list_(pa.string())
_PART = [("year", pa.int32()), ("province", _S)]
_ITEM = [("article_id", _S), ("document_id", _S), ("ordinal", _I)]
_WHERE = [("published", _D), ("place", _S)]
_SPAN = [("span_start", _I), ("span_end", _I)]

SCHEMAS: dict[str, pa.Schema] = {
    "documents": pa.schema([
        ("document_id", _S), ("sha256", _S), ("path", _S), ("format", _S), ("encoding", _S), ("title", _S),
        ("published", _D), ("publisher", _S), ("place", _S), ("source", _S), ("extra", _S),
        ("articles", _I), ("warnings", _LS), *_PART]),
    "articles": pa.schema([
        ("article_id", _S), ("document_id", _S), ("index", _I), ("headline", _S), *_WHERE,
        ("place_path", _LS), ("text", _S), ("chars", _I), ("warnings", _LS), *_PART]),
    "people": pa.schema([
        ("person_id", _S), *_ITEM, ("name", _S), ("title", _S), ("role", _S), ("org", _S), ("mentions", _I),
        *_SPAN, *_WHERE, *_PART]),
    "events": pa.schema([
        ("event_id", _S), *_ITEM, ("type", _S), ("name", _S), ("start", _D), ("end", _D), ("date_text", _S),
        ("chair", _S), ("participants", _LS), ("documents", _LS), *_SPAN, *_WHERE, *_PART]),
    "commitments": pa.schema([
        ("commitment_id", _S), *_ITEM, ("kind", _S), ("role", _S), ("text", _S), ("action", _S),
        ("owner_person", _S), ("owner_org", _S), ("metric", _S), ("comparator", _S), ("value", _F),
        ("low", _F), ("high", _F), ("unit", _S), ("target_text", _S), ("target_start", _I), ("target_end", _I),
        ("period_text", _S), ("period_start", _D), ("period_end", _D), ("strength", _S), ("section", _S), *_SPAN,
        *_WHERE, *_PART]),
    "statistics": pa.schema([
        ("statistic_id", _S), *_ITEM, ("metric", _S), ("comparator", _S), ("value", _F), ("low", _F),
        ("high", _F), ("unit", _S), ("text", _S), ("as_of", _S), ("section", _S), *_SPAN, *_WHERE, *_PART]),
    "formulations": pa.schema([
        ("formulation_id", _S), *_ITEM, ("text", _S), ("kind", _S), ("context", _S), *_SPAN, *_WHERE, *_PART]),
    # one row per input file that was read (two files with the same bytes share a document)
    "sources": pa.schema([
        ("input_key", _S), ("path", _S), ("document_id", _S), ("published", _D), ("place", _S), ("source", _S),
        ("extra", _S)]),
    "failures": pa.schema([("input_key", _S), ("path", _S), ("reason", _S)]),
    # MinHash signature of each article (input of the duplicate groups; kept so a resumed run regroups
    # the whole corpus without re-reading it)
    "signatures": pa.schema([("article_id", _S), ("published", _D), ("minhash", pa.list_(pa.uint32()))]),
    "duplicate_groups": pa.schema([
        ("group_id", _S), ("article_id", _S), ("document_id", _S), ("canonical", _B), ("similarity", _F)]),
}

# Tables written under year=/province= folders; the others are small, corpus-wide tables.
PARTITIONED = ("documents", "articles", "people", "events", "commitments", "statistics", "formulations")
# Item tables: the registry's kinds that have a dataset table, each id letter the kind's initial
# (organisations have no table of their own here: their names are in the people and commitment rows).
ITEM_TABLES = {k.name: k.singular[0] for k in KINDS if k.name in SCHEMAS}
_SINGULAR = {k.name: k.singular for k in KINDS}
if len(set(ITEM_TABLES.values())) != len(ITEM_TABLES):  # ids would collide across tables
    raise RuntimeError(f"two item kinds share an id letter: {ITEM_TABLES}")


def empty_rows() -> dict[str, list[dict[str, Any]]]:
    return {name: [] for name in SCHEMAS}


def _date(value: Any) -> date | None:
    if not value:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _num(value: Any) -> float | None:
    return None if value is None else float(value)


def _span(span: Any, prefix: str = "span") -> dict[str, int | None]:
    start, end = (span or (None, None))[:2] if span else (None, None)
    return {f"{prefix}_start": start, f"{prefix}_end": end}


def document_rows(
    payload: dict[str, Any], *, input_key: str, source: str | None = None, extra: dict[str, Any] | None = None,
    signatures: list[Any] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """All rows of one document, from its ``luoshi.extraction/1`` payload (``document_to_json``).

    ``signatures`` (one per article, None for a text too short to compare) fill the signature table.
    """
    doc = payload["document"]
    document_id = doc["sha256"][:16]
    rows = empty_rows()
    extra_json = json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None
    rows["sources"].append({"input_key": input_key, "path": doc.get("path"), "document_id": document_id,
                            "published": _date(doc.get("published")), "place": doc.get("place"),
                            "source": source, "extra": extra_json})
    articles = payload["articles"]
    first = articles[0] if articles else {}
    doc_published = _date(doc.get("published"))
    rows["documents"].append({
        "document_id": document_id, "sha256": doc["sha256"], "path": doc.get("path"), "format": doc.get("format"),
        "encoding": doc.get("encoding"), "title": doc.get("title"), "published": doc_published,
        "publisher": doc.get("publisher"), "place": doc.get("place"), "source": source, "extra": extra_json,
        "articles": len(articles), "warnings": list(doc.get("warnings") or []),
        **_partition(_date(first.get("published")) or doc_published, first.get("place_path"), doc.get("place")),
    })
    for n, art in enumerate(articles):
        article_id = f"{document_id}-{art['index']}"
        published = _date(art.get("published")) or doc_published
        where = {"published": published, "place": art.get("place") or doc.get("place"),
                 **_partition(published, art.get("place_path"), art.get("place") or doc.get("place"))}
        rows["articles"].append({
            "article_id": article_id, "document_id": document_id, "index": art["index"],
            "headline": art.get("headline"), "place_path": list(art.get("place_path") or []),
            "text": art["text"], "chars": len(art["text"]), "warnings": list(art.get("warnings") or []), **where})
        sig = signatures[n] if signatures else None
        if sig is not None:
            rows["signatures"].append({"article_id": article_id, "published": published,
                                       "minhash": [int(v) for v in sig]})
        base = {"article_id": article_id, "document_id": document_id, **where}
        headings = _headings(art)
        for kind, letter in ITEM_TABLES.items():
            for i, item in enumerate(art.get(kind) or []):
                row = {f"{_SINGULAR[kind]}_id": f"{article_id}-{letter}{i}",
                       "ordinal": i, **base, **_ITEM_FIELDS[kind](item)}
                if kind in ("commitments", "statistics") and not row.get("section"):
                    row["section"] = _section_at(headings, row.get("span_start"))
                rows[kind].append(row)
    return rows


def _headings(article: dict[str, Any]) -> list[tuple[int, str]]:
    """(start, heading text) of the article's section headings (一、2025年工作回顾 …), in order."""
    text = article.get("text") or ""
    return sorted((int(s), text[int(s):int(e)].strip()) for s, e in (article.get("sections") or []))


def _section_at(headings: list[tuple[int, str]], start: int | None) -> str | None:
    """The heading of the section an item is printed in (the contract's ``section`` when it has none)."""
    if start is None:
        return None
    found = None
    for begin, heading in headings:
        if begin > start:
            break
        found = heading
    return found


def _partition(published: date | None, place_path: Any, place: str | None) -> dict[str, Any]:
    path = list(place_path or [])
    province = path[0] if path else (place if place and place.endswith(("省", "自治区")) else None)
    return {"year": published.year if published else None, "province": province or UNKNOWN_PROVINCE}


def _person(p: dict[str, Any]) -> dict[str, Any]:
    posts = p.get("posts") or []
    mentions = p.get("mentions") or []
    return {"name": p["name"], "title": p.get("title"), "role": p.get("role"),
            "org": next((post.get("org") for post in posts if post.get("org")), None),
            "mentions": len(mentions), **_span(mentions[0] if mentions else None)}


def _event(e: dict[str, Any]) -> dict[str, Any]:
    return {"type": e.get("type"), "name": e.get("name"), "start": _date(e.get("start")), "end": _date(e.get("end")),
            "date_text": e.get("date_text"), "chair": e.get("chair"),
            "participants": list(e.get("participants") or []), "documents": list(e.get("documents") or []),
            **_span(e.get("span"))}


def _commitment(c: dict[str, Any]) -> dict[str, Any]:
    target = c.get("target") or {}
    period = c.get("period") or {}
    owner = c.get("owner") or {}
    return {
        "kind": c.get("kind"), "role": c.get("role") or target.get("role"), "text": c.get("text"),
        "action": c.get("action"), "owner_person": owner.get("person"), "owner_org": owner.get("org"),
        "metric": target.get("metric"), "comparator": target.get("comparator"), "value": _num(target.get("value")),
        "low": _num(target.get("low")), "high": _num(target.get("high")), "unit": target.get("unit"),
        "target_text": target.get("text"), **_span(target.get("span"), "target"),
        "period_text": period.get("text"), "period_start": _date(period.get("start")),
        "period_end": _date(period.get("end")), "strength": c.get("strength"), "section": c.get("section"),
        **_span(c.get("span")),
    }


def _statistic(s: dict[str, Any]) -> dict[str, Any]:
    return {"metric": s.get("metric"), "comparator": s.get("comparator"), "value": _num(s.get("value")),
            "low": _num(s.get("low")), "high": _num(s.get("high")), "unit": s.get("unit"), "text": s.get("text"),
            "as_of": s.get("as_of"), "section": s.get("section"), **_span(s.get("span"))}


def _formulation(f: dict[str, Any]) -> dict[str, Any]:
    return {"text": f.get("text"), "kind": f.get("kind"), "context": f.get("context"), **_span(f.get("span"))}


_ITEM_FIELDS = {"people": _person, "events": _event, "commitments": _commitment, "statistics": _statistic,
                "formulations": _formulation}


def to_arrow(name: str, rows: list[dict[str, Any]]) -> pa.Table:
    """Rows of one table as an Arrow table of its schema (missing keys are null)."""
    schema = SCHEMAS[name]
    return pa.Table.from_pylist([{f: r.get(f) for f in schema.names} for r in rows], schema=schema)
