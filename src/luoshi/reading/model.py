"""Data types of the reading stage: a source document and the articles found in it.

These are the contract between reading (bytes -> articles) and everything after it.
All offsets are Python string indices, half-open ``[start, end)``.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


@dataclass
class SourceDocument:
    """One input file as read: original bytes kept, plus the decoded text it yielded."""

    path: str | None
    raw: bytes
    sha256: str
    format: str  # "text" | "html" | "docx" | "pdf"
    encoding: str | None  # detected encoding for text/html, None for docx/pdf
    original_text: str  # decoded text before normalisation (for HTML: the extracted main text)
    text: str  # normalised + repaired page text that articles point into
    offset_map: list[int] = field(repr=False, default_factory=list)  # text index -> original_text index (len(text)+1 entries)
    title: str | None = None  # e.g. HTML <title> / docx core title
    published: date | None = None  # from metadata or caller
    publisher: str | None = None  # e.g. 中共东川市委宣传部 found in a footer
    place: str | None = None  # caller's hint (--place)
    warnings: list[str] = field(default_factory=list)
    repairs: list[int] = field(default_factory=list)  # offsets in ``text`` where a column break was rejoined


@dataclass
class Article:
    """One article of a page. ``text`` is the repaired body; spans of later stages index into it."""

    index: int  # 0-based position on the page
    headline: str
    text: str  # body: paragraphs (section headings included as their own lines) joined by "\n"
    subtitles: list[str] = field(default_factory=list)  # kickers, series banners, "——" lines
    dateline: str | None = None  # 晚报讯 / 本报讯 / 新华社北京5月7日电 / □记者 ...
    reporters: list[str] = field(default_factory=list)  # bylined reporters (记者 X)
    correspondents: list[str] = field(default_factory=list)  # 通讯员
    photographers: list[str] = field(default_factory=list)  # 记者 X 摄 / 摄影
    sections: list[tuple[int, int]] = field(default_factory=list)  # section-heading spans in ``text``
    paragraphs: list[tuple[int, int]] = field(default_factory=list)  # paragraph spans in ``text``
    doc_start: int = 0  # where the article starts in SourceDocument.text
    doc_end: int = 0
    text_to_doc: list[int] = field(repr=False, default_factory=list)  # ``text`` index -> SourceDocument.text index
    published: date | None = None
    place: str | None = None  # hint passed down from the document / caller
    publisher: str | None = None
    repairs: list[int] = field(default_factory=list)  # rejoined column breaks, offsets in SourceDocument.text
    headline_guessed: bool = False  # the page prints no headline: ``headline`` is the first sentence's clause
    warnings: list[str] = field(default_factory=list)  # e.g. "headline guessed from the first sentence"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("text_to_doc", None)
        d["published"] = self.published.isoformat() if self.published else None
        d["sections"] = [list(s) for s in self.sections]
        d["paragraphs"] = [list(p) for p in self.paragraphs]
        return d
