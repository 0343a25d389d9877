"""Counts and precision / recall / F1, micro-averaged by summing counts over files."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["FIELDS", "RECALL_ONLY", "Counts", "field_name"]

# Every field ``luoshi eval`` scores, in print order.
FIELDS = (
    "articles",
    "headlines",
    "reporters",
    "place",
    "people",
    "people_with_title",
    "events",
    "targets",
    "target_owners",
    "statistics",
    "repaired_passages",
    "boilerplate",
)

# Fields where only misses exist (a passage is present or not): precision is not defined, F1 = recall.
RECALL_ONLY = frozenset({"repaired_passages", "boilerplate"})


def field_name(raw: str) -> str:
    """Accept "people with title", "people-with-title" and "people_with_title" alike."""
    name = raw.strip().lower().replace("-", "_").replace(" ", "_")
    if name not in FIELDS:
        raise ValueError(f"unknown field {raw!r} (known: {', '.join(FIELDS)})")
    return name


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    recall_only: bool = False

    def __iadd__(self, other: Counts) -> Counts:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self

    @property
    def precision(self) -> float | None:
        """tp / (tp + fp); 1.0 when nothing was predicted (nothing invented); None if recall-only."""
        if self.recall_only:
            return None
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """tp / (tp + fn); 1.0 when there was nothing to find."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        if self.recall_only:
            return self.recall
        p, r = self.precision or 0.0, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": _round(self.precision),
                "recall": _round(self.recall), "f1": _round(self.f1)}


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 4)
