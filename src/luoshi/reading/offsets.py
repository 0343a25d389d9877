"""Offset bookkeeping: build a text from kept slices of another and remember where each char came from.

A map is a list with one entry per output character plus one sentinel (the end), each the index of the
source character it came from. Maps are built from slices (C speed), never char by char, and a second
deletion pass slices the first pass's map instead of composing maps index by index.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence


def delete_spans(
    text: str, spans: Iterable[tuple[int, int]], base: Sequence[int] | None = None
) -> tuple[str, list[int]]:
    """Remove the (sorted, non-overlapping) ``spans`` from ``text``; return new text and its map.

    Without ``base`` the map points into ``text``; with ``base`` (``text``'s own map, len(text)+1
    entries) it points wherever ``base`` points, so passes chain without a separate compose step.
    """
    pieces: list[str] = []
    mapping: list[int] = []
    pos = 0
    for start, end in spans:
        if start > pos:
            pieces.append(text[pos:start])
            mapping.extend(range(pos, start) if base is None else base[pos:start])
        pos = max(pos, end)
    pieces.append(text[pos:])
    mapping.extend(range(pos, len(text)) if base is None else base[pos:len(text)])
    mapping.append(len(text) if base is None else base[len(text)])
    return "".join(pieces), mapping


def original_span(doc_map: list[int], text_to_doc: list[int], start: int, end: int) -> tuple[int, int]:
    """Where the article span ``[start, end)`` came from in ``SourceDocument.original_text``.

    ``doc_map`` is ``SourceDocument.offset_map`` and ``text_to_doc`` is ``Article.text_to_doc``.
    The result covers every original character the span's characters came from (deleted
    characters inside the span, such as a rejoined line break, are included).
    """
    if end <= start:
        point = doc_map[text_to_doc[start]]
        return point, point
    return doc_map[text_to_doc[start]], doc_map[text_to_doc[end - 1]] + 1
