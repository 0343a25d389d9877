"""Offset bookkeeping: build a text from kept slices of another and remember where each char came from.

A map is a list with one entry per output character plus one sentinel (the end), each the index of the
source character it came from. Maps compose by indexing, so the whole pipeline stays linear-time.
"""
from __future__ import annotations

from collections.abc import Iterable


def delete_spans(text: str, spans: Iterable[tuple[int, int]]) -> tuple[str, list[int]]:
    """Remove the (sorted, non-overlapping) ``spans`` from ``text``; return new text and its map."""
    pieces: list[str] = []
    mapping: list[int] = []
    pos = 0
    for start, end in spans:
        if start > pos:
            pieces.append(text[pos:start])
            mapping.extend(range(pos, start))
        pos = max(pos, end)
    pieces.append(text[pos:])
    mapping.extend(range(pos, len(text)))
    mapping.append(len(text))
    return "".join(pieces), mapping


def compose(outer: list[int], inner: list[int]) -> list[int]:
    """``outer`` maps C->B and ``inner`` maps B->A; return C->A."""
    return [inner[i] for i in outer]
