"""Gold annotation files (format: ../shared/gold/README.md), loaded into plain dataclasses.

A gold file names its input relative to the shared root (the parent of the gold folder's parent:
``gold/dev/x.json`` -> ``../../`` + ``"file"``); ``resolve_input`` applies that rule.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

__all__ = ["GoldArticle", "GoldDocument", "GoldError", "load_gold", "gold_files", "resolve_input"]


class GoldError(ValueError):
    """A gold file that cannot be used; str is one line naming the file and the reason."""


@dataclass
class GoldArticle:
    headline: str
    reporters: list[str] = field(default_factory=list)
    place: str | None = None
    people: list[dict[str, Any]] = field(default_factory=list)  # {name, title}
    events: list[dict[str, Any]] = field(default_factory=list)  # {type, name, start, end}
    targets: list[dict[str, Any]] = field(default_factory=list)  # {value, unit, comparator, owner, ...}
    statistics: list[dict[str, Any]] = field(default_factory=list)  # {value, unit, comparator, metric}
    optional: list[dict[str, Any]] = field(default_factory=list)  # quantities neither rewarded nor penalised
    must_contain: list[str] = field(default_factory=list)


@dataclass
class GoldDocument:
    path: Path  # the gold JSON file itself
    file: str  # input, relative to the shared root
    published: date | None
    articles: list[GoldArticle]
    must_not_contain: list[str] = field(default_factory=list)
    # Fields the annotator filled in (``"fields"`` in the file, e.g. ["people", "events", "place"]);
    # None = all. Fields left out are not scored, so a partial annotation costs no false hits.
    fields: frozenset[str] | None = None


# Names a gold file may use in "fields", mapped to the scored fields they cover.
_FIELD_GROUPS = {
    "headline": ("headlines",), "headlines": ("headlines",), "reporters": ("reporters",),
    "place": ("place",), "people": ("people", "people_with_title"),
    "people_with_title": ("people_with_title",), "events": ("events",),
    "targets": ("targets", "target_owners"), "target_owners": ("target_owners",),
    "statistics": ("statistics",), "must_contain": ("repaired_passages",),
    "repaired_passages": ("repaired_passages",), "must_not_contain": ("boilerplate",),
    "boilerplate": ("boilerplate",),
}


def _scored_fields(raw: Any) -> frozenset[str] | None:
    """The scored fields a gold file's ``"fields"`` list covers (articles are always scored)."""
    if raw is None:
        return None
    unknown = [f for f in raw if f not in _FIELD_GROUPS]
    if unknown:
        raise ValueError(f"unknown field(s) {unknown} in \"fields\"")
    return frozenset(["articles", *(g for f in raw for g in _FIELD_GROUPS[f])])


def load_gold(path: str | Path) -> GoldDocument:
    """Parse one gold file; raise GoldError (one line) if it is not valid JSON of the documented shape."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        published = date.fromisoformat(data["published"]) if data.get("published") else None
        articles = [_article(a) for a in data["articles"]]
        return GoldDocument(path=path, file=str(data["file"]), published=published, articles=articles,
                            must_not_contain=[str(s) for s in data.get("must_not_contain") or []],
                            fields=_scored_fields(data.get("fields")))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise GoldError(f"{path}: not a usable gold file ({exc.__class__.__name__}: {exc})") from exc


def _article(a: dict[str, Any]) -> GoldArticle:
    return GoldArticle(
        headline=str(a.get("headline") or ""),
        reporters=[str(r) for r in a.get("reporters") or []],
        place=a.get("place"),
        people=list(a.get("people") or []),
        events=list(a.get("events") or []),
        targets=list(a.get("targets") or []),
        statistics=list(a.get("statistics") or []),
        optional=list(a.get("optional") or []),
        must_contain=[str(s) for s in a.get("must_contain") or []],
    )


def gold_files(gold_dir: str | Path) -> list[Path]:
    """The gold JSON files of a folder, sorted by name (a stable report order)."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise GoldError(f"{gold_dir}: not a folder of gold files")
    files = sorted(p for p in gold_dir.glob("*.json") if not p.name.startswith("."))
    if not files:
        raise GoldError(f"{gold_dir}: no gold .json files in it")
    return files


def resolve_input(gold: GoldDocument, shared_root: str | Path | None = None) -> Path:
    """Where the annotated input lives: ``shared_root / file``; by default the shared root is the
    parent of the gold folder's parent (``../shared/gold/dev/x.json`` -> ``../shared``)."""
    root = Path(shared_root) if shared_root else gold.path.resolve().parent.parent.parent
    return root / gold.file
