"""HTML page -> (main text, title, publication date) with trafilatura, never the navigation.

Why trafilatura: it scores content blocks and drops menus/footers; ``favor_recall`` keeps short
government-news paragraphs it would otherwise treat as boilerplate. For fragments (a few ``<p>`` with no
page chrome), where trafilatura may return nothing, we fall back on lxml's text of the paragraphs.
"""
from __future__ import annotations

import re
from datetime import date

import trafilatura
from lxml import html as lxml_html

# Server-side template code that browsers never show (JSP/ASP/PHP directives).
_SERVER_CODE = re.compile(r"<%.*?%>|<\?php.*?\?>", re.DOTALL | re.IGNORECASE)
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "table", "td", "article"}


def extract_html(markup: str) -> tuple[str, str | None, date | None]:
    """Return the page's main text (one paragraph per line), its title and its date if found."""
    markup = _SERVER_CODE.sub("", markup)
    text = trafilatura.extract(
        markup,
        include_comments=False,
        include_tables=True,
        favor_recall=True,
        deduplicate=False,
        output_format="txt",
    ) or ""
    meta = trafilatura.extract_metadata(markup)
    title = meta.title.strip() if meta and meta.title else None
    published = _parse_date(meta.date) if meta and meta.date else None
    fallback = _paragraph_text(markup)
    if len(_content_chars(text)) < 0.5 * len(_content_chars(fallback)) and not _has_page_chrome(markup):
        text = fallback  # a bare fragment: trafilatura dropped real paragraphs
    return text, title, published


def _content_chars(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _has_page_chrome(markup: str) -> bool:
    """A full page (with <body>/<nav>/<ul> menus) is trusted to trafilatura; a fragment is not."""
    return bool(re.search(r"<body[\s>]|<nav[\s>]|<ul[\s>]", markup[:200000], re.IGNORECASE))


def _paragraph_text(markup: str) -> str:
    """Visible text of a fragment, one block element per line (scripts/styles removed)."""
    try:
        root = lxml_html.fromstring(markup)
    except (ValueError, lxml_html.etree.ParserError):
        return ""
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.lower() in _BLOCK_TAGS:
            el.tail = "\n" + (el.tail or "")
            if el.tag.lower() == "br":
                continue
            el.text = "\n" + (el.text or "")
    return root.text_content()


def _parse_date(value: str) -> date | None:
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
