"""Turn an article's text and its stored extraction (the ``luoshi.extraction/1`` dict) into
highlighted segments for the reading view.

Spans may overlap (a target inside a commitment, a person inside an event), so the text is cut at
every span boundary and each piece carries all the marks covering it; the innermost (shortest) mark
decides where a click leads. Spans outside the text are dropped, never trusted blindly."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any
from urllib.parse import quote


@dataclass(frozen=True)
class Mark:
    kind: str  # person | event | commitment | target | statistic | formulation | organisation
    start: int
    end: int
    label: str  # tooltip: what the extractor made of it
    href: str | None = None


@dataclass
class Segment:
    text: str
    marks: list[Mark] = field(default_factory=list)

    @property
    def classes(self) -> str:
        return " ".join(sorted({f"hl-{m.kind}" for m in self.marks}))

    @property
    def link(self) -> Mark | None:
        """The innermost mark that leads somewhere."""
        linked = [m for m in self.marks if m.href]
        return min(linked, key=lambda m: m.end - m.start) if linked else None

    @property
    def title(self) -> str:
        return "；".join(dict.fromkeys(m.label for m in self.marks if m.label))


def person_href(name: str) -> str:
    return "/people/" + quote(name)


def marks_from_extraction(
    extraction: dict[str, Any] | None,
    item_for_span: Callable[[int, int], int | None] = lambda s, e: None,
    item_for_statistic: Callable[[int], int | None] = lambda ordinal: None,
) -> list[Mark]:
    """All highlightable spans of one article's extraction. ``item_for_span`` maps a commitment span
    to the ledger item it became; ``item_for_statistic`` maps a statistic (by its position in the
    list) to the item it is evidence for. None: it has not become anything (yet)."""
    if not extraction:
        return []
    marks: list[Mark] = []
    for person in extraction.get("people") or []:
        label = "".join(x for x in (person.get("title") or "", person.get("name") or "") if x)
        for span in person.get("mentions") or []:
            marks.append(Mark("person", *_span(span), label, person_href(person.get("name", ""))))
    for event in extraction.get("events") or []:
        label = " ".join(x for x in (event.get("name"), event.get("date_text")) if x)
        marks.append(Mark("event", *_span(event.get("span")), label))
    for commitment in extraction.get("commitments") or []:
        start, end = _span(commitment.get("span"))
        item_id = item_for_span(start, end)
        marks.append(Mark("commitment", start, end, commitment.get("action") or "",
                          f"/items/{item_id}" if item_id else None))
        target = commitment.get("target") or {}
        if target.get("span"):
            marks.append(Mark("target", *_span(target["span"]), target.get("text") or "",
                              f"/items/{item_id}" if item_id else None))
    for ordinal, statistic in enumerate(extraction.get("statistics") or []):
        item_id = item_for_statistic(ordinal)
        marks.append(Mark("statistic", *_span(statistic.get("span")), statistic.get("metric") or "",
                          f"/items/{item_id}#evidence" if item_id else None))
    for formulation in extraction.get("formulations") or []:
        marks.append(Mark("formulation", *_span(formulation.get("span")), formulation.get("context") or ""))
    for org in extraction.get("organisations") or []:
        marks.append(Mark("organisation", *_span(org.get("span")), org.get("name") or "",
                          "/units/" + quote(org["name"]) if org.get("name") else None))
    return [m for m in marks if m.end > m.start]


def segment(text: str, marks: list[Mark]) -> list[Segment]:
    """Cut ``text`` at every mark boundary; marks outside the text are ignored."""
    valid = [m for m in marks if 0 <= m.start < m.end <= len(text)]
    cuts = sorted({0, len(text), *(m.start for m in valid), *(m.end for m in valid)})
    segments = []
    for a, b in pairwise(cuts):
        covering = [m for m in valid if m.start <= a and b <= m.end]
        segments.append(Segment(text[a:b], covering))
    return segments


def context_window(text: str, start: int, end: int, width: int = 120) -> tuple[str, str, str]:
    """The commitment with up to ``width`` characters either side, for the item page."""
    start, end = max(0, start), min(len(text), end)
    before = text[max(0, start - width):start]
    after = text[end:end + width]
    return ("…" if start > width else "") + before, text[start:end], after + ("…" if end + width < len(text) else "")


def _span(span: Any) -> tuple[int, int]:
    if isinstance(span, (list, tuple)) and len(span) == 2:
        try:
            return int(span[0]), int(span[1])
        except (TypeError, ValueError):
            pass
    return 0, 0


def ocr_lines(article: Any) -> list[list[int]]:
    """An OCR'd article's line boxes as stored: [page, x0, y0, x1, y1, start, end] (spans in its text)."""
    ocr = (article.extraction or {}).get("ocr") or {}
    return [ln for ln in ocr.get("lines") or [] if isinstance(ln, list) and len(ln) == 7]


def span_boxes(lines: list[list[int]], start: int, end: int) -> dict[int, list[list[int]]]:
    """The boxes (page pixels) that hold ``text[start:end]``, per page: each line it touches, narrowed
    to the part of the line the span covers (characters are spread evenly over the line's box)."""
    out: dict[int, list[list[int]]] = {}
    for page, x0, y0, x1, y1, s, e in lines:
        if not (s < end and start < e) or e <= s:
            continue
        a, b = (max(start, s) - s) / (e - s), (min(end, e) - s) / (e - s)
        out.setdefault(page, []).append([round(x0 + a * (x1 - x0)), y0, round(x0 + b * (x1 - x0)), y1])
    return out
