"""Data types of the reading stage: a source document and the articles found in it.

These are the contract between reading (bytes -> articles) and everything after it.
All offsets are Python string indices, half-open ``[start, end)``.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


@dataclass
class TextLine:
    """One line read by OCR: its page (1-based), its box on the page image in pixels, and where its text
    is — ``[start, end)`` in ``SourceDocument.original_text`` (document lines) or in ``Article.text``
    (an article's lines)."""

    page: int
    x0: int
    y0: int
    x1: int
    y1: int
    start: int
    end: int


@dataclass
class SourceDocument:
    """One input file as read: original bytes kept, plus the decoded text it yielded."""

    path: str | None
    raw: bytes
    sha256: str
    format: str  # "text" | "html" | "docx" | "pdf" | "image" | "ofd" | "doc"
    encoding: str | None  # detected encoding for text/html, None for the others
    original_text: str  # decoded text before normalisation (for HTML: the extracted main text)
    text: str  # normalised + repaired page text that articles point into
    offset_map: list[int] = field(repr=False, default_factory=list)  # text index -> original_text index (len(text)+1 entries)
    title: str | None = None  # e.g. HTML <title> / docx core title
    published: date | None = None  # from metadata or caller
    publisher: str | None = None  # e.g. 中共东川市委宣传部 found in a footer
    breadcrumb: list[str] = field(default_factory=list)  # a portal's trail, home left out: [政务信息, 城口动态]
    site: str | None = None  # the site a page's <title> names after its headline (…_射阳县人民政府)
    place: str | None = None  # caller's hint (--place)
    warnings: list[str] = field(default_factory=list)
    repairs: list[int] = field(default_factory=list)  # offsets in ``text`` where a column break was rejoined
    lines: list[TextLine] = field(default_factory=list)  # OCR'd lines (page, box, span in original_text)
    pages: int | None = None  # pages of a PDF, image or OFD
    ocr_pages: list[int] = field(default_factory=list)  # the pages read by OCR (1-based)


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
    page: int | None = None  # OCR'd input: the page the article starts on (1-based)
    lines: list[TextLine] = field(default_factory=list)  # OCR'd input: its lines, spans in ``text``

    def boxes(self, start: int, end: int) -> list[TextLine]:
        """The OCR'd lines that hold ``text[start:end]`` (empty for input read without OCR)."""
        return [ln for ln in self.lines if ln.start < end and start < ln.end]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("text_to_doc", None)
        d["published"] = self.published.isoformat() if self.published else None
        d["sections"] = [list(s) for s in self.sections]
        d["paragraphs"] = [list(p) for p in self.paragraphs]
        return d
