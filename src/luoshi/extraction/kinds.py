"""The registry of extracted item kinds: the one place that lists them.

Every list of kinds elsewhere is derived from :data:`KINDS` — the item lists of the JSON contract
(``schema.ITEM_KINDS``), the storage tables and export columns (``storage.models.ITEM_TABLES``,
``storage.queries.ITEM_COLUMNS``), the per-article counts (storage, API, CLI), the ``--what`` choices of
``luoshi export``, the API's ``{kind}`` path parameter and the reading view's labels and highlight
classes. Adding a kind is one entry here plus its extractor (dataclass, module, pipeline call), its row
model and migration, and its docs (docs/extraction-schema.md, docs/data-model.md).

This module sits in the extraction stage, the lowest stage that needs the list, so it names the row
model by its class name: extraction never imports storage (``storage.models`` resolves the name and
fails at import if a kind has no row model).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from luoshi.extraction.model import Commitment, Event, Formulation, Organisation, Person, Statistic

__all__ = ["ItemKind", "KINDS", "KIND_NAMES", "KindName", "COUNTED", "kind"]

# Columns every export row of an item starts with: where the item was printed.
CONTEXT_COLUMNS = ("article_id", "published", "place", "headline")
_SPAN = ("span_start", "span_end")


@dataclass(frozen=True)
class ItemKind:
    """One kind of extracted item, as every stage names it."""

    name: str  # list name in the contract, the API path and ``luoshi export --what``: "people"
    singular: str  # one item: "person" — message key ``kind.person``, highlight class ``hl-person``
    item: type  # the extraction type of one item (luoshi.extraction.model)
    row_model: str  # class name of its table in luoshi.storage.models
    columns: tuple[str, ...]  # export columns after CONTEXT_COLUMNS (attributes of the row model)
    label_zh: str
    label_en: str
    counted: bool = True  # counted per article (listings, article export, ingest summary)
    # (contract name, column) where a column is named otherwise than the contract's field: the API
    # answers both names. Every kind also answers ``span`` = [span_start, span_end].
    contract_names: tuple[tuple[str, str], ...] = ()

    @property
    def css_class(self) -> str:
        """Class of its highlights in the reading view (web/ui/static/luoshi.css)."""
        return f"hl-{self.singular}"

    @property
    def message_key(self) -> str:
        """Key of its label in the web UI's message catalogue."""
        return f"kind.{self.singular}"

    @property
    def export_columns(self) -> tuple[str, ...]:
        return CONTEXT_COLUMNS + self.columns


# In the order the JSON contract prints an article's item lists.
KINDS: tuple[ItemKind, ...] = (
    ItemKind("people", "person", Person, "PersonMention",
             ("name", "title", "role", "org", "posts", "mentions", *_SPAN), "人物", "Person"),
    ItemKind("organisations", "organisation", Organisation, "OrganisationRow",
             ("as_printed", "name", *_SPAN), "单位", "Organisation"),
    ItemKind("events", "event", Event, "EventRow",
             ("type", "name", "start", "end", "date_text", "chair", "participants", "documents", *_SPAN),
             "活动", "Event"),
    ItemKind("commitments", "commitment", Commitment, "CommitmentRow",
             ("kind", "text", "action", "owner_person", "owner_org", "comparator", "value", "target_low",
              "target_high", "unit", "metric", "target_text", "period_text", "period_start", "period_end",
              "strength", "role", "section", *_SPAN),
             "目标任务", "Commitment"),
    ItemKind("statistics", "statistic", Statistic, "StatisticRow",
             ("value", "low", "high", "unit", "comparator", "metric", "as_of", "number_text", "section", *_SPAN),
             "统计数据", "Statistic",
             contract_names=(("text", "number_text"),)),
    ItemKind("formulations", "formulation", Formulation, "FormulationRow",
             ("text", "kind", "context", *_SPAN), "提法", "Formulation"),
)

KIND_NAMES: tuple[str, ...] = tuple(k.name for k in KINDS)
COUNTED: tuple[str, ...] = tuple(k.name for k in KINDS if k.counted)

# The same names as a type, for signatures and the API's path parameter. A Literal cannot be built
# from a tuple at run time for type checkers, so it is written here once and
# tests/extraction/test_kinds.py checks it equals KIND_NAMES.
KindName = Literal["people", "organisations", "events", "commitments", "statistics", "formulations"]

_BY_NAME = {k.name: k for k in KINDS}


def kind(name: str) -> ItemKind:
    """The registry entry of ``name`` (KeyError naming the known kinds otherwise)."""
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"{name!r} is not an item kind (one of {', '.join(KIND_NAMES)})") from None
