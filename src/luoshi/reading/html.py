"""HTML page -> (main text, title, publication date) with trafilatura, never the navigation.

Why trafilatura: it scores content blocks and drops menus and footers. Its balanced default keeps
the opening paragraph that ``favor_recall`` sometimes loses and the short paragraphs that
``favor_precision`` drops. On small pages it can return the whole body, menus included, so when the
page's own title (``<title>`` without the site name, ``<h1>``/``<h2>``, og:title) appears among the first
lines, everything above it (menus, breadcrumbs) is cut. For fragments (a few ``<p>`` and no page chrome)
we fall back on lxml's text of the paragraphs.
"""
from __future__ import annotations

import re
from datetime import date
from html import unescape as html_unescape

import trafilatura
from lxml import html as lxml_html

from .quiet import quiet

# Server-side template code that browsers never show (JSP/ASP/PHP directives).
_SERVER_CODE = re.compile(r"<%.*?%>|<\?php.*?\?>", re.DOTALL | re.IGNORECASE)
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "section", "table", "td", "article"}


def extract_html(markup: str) -> tuple[str, str | None, date | None]:
    """Return the page's main text (one paragraph per line), its title and its date if found."""
    markup = _SERVER_CODE.sub("", markup)
    with quiet("trafilatura", "htmldate", "courlan"):
        text = trafilatura.extract(
            markup,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            output_format="txt",
        ) or ""
        meta = trafilatura.extract_metadata(markup)
    title = meta.title.strip() if meta and meta.title else None
    if title and _site_name_only(title):
        title = None  # <title>东川新闻网</title>: the site, not the article
    published = _parse_date(meta.date) if meta and meta.date else None
    if published and not _date_in_markup(published, markup):
        published = None  # trafilatura guesses (e.g. 2000-01-01) for pages that print no date
    visible = _paragraph_text(markup)
    if not _content_chars(text) or (
        len(_content_chars(text)) < 0.5 * len(_content_chars(visible)) and not _has_page_chrome(markup)
    ):
        text = visible  # a bare fragment, or a page trafilatura found nothing in: take what is shown
    printed = _printed_titles(markup, title)
    text, found = _cut_above_title(text, printed)
    headline = None if found else _headline(text, visible, title)
    if headline:
        text = headline + "\n" + text
        title = title or headline
    return text, title or found, published


_TITLE_TAGS = re.compile(r"<(h1|h2|h3)[^>]*>(.*?)</\1>", re.IGNORECASE | re.DOTALL)
# A paragraph that is nothing but bold text (<p><strong>标题</strong></p>): a fragment's printed title.
_BOLD_PARAGRAPH = re.compile(r"<p[^>]*>\s*<(strong|b)(?:\s[^>]*)?>(.*?)</\1>\s*</p>", re.IGNORECASE | re.DOTALL)
_BOLD_SEARCH_CHARS = 20000  # a bold title is printed at the top of a fragment
_TAG = re.compile(r"<[^>]+>")
_TITLE_SEARCH_LINES = 15  # the headline of a page is printed near the top of its main text


def _printed_titles(markup: str, title: str | None) -> list[str]:
    """Candidate headlines the page itself states: <title>/og:title without the site, <h1>, and an
    <h2> only when it agrees with the <title> (pages also use <h2> for sections and sidebars)."""
    found = [t for t in (title, _strip_site(title) if title else None) if t]
    title_chars = _content_chars(title or "")
    first_paragraph = _FIRST_PARAGRAPH.search(markup)
    body_from = first_paragraph.start() if first_paragraph else len(markup)
    for m in _TITLE_TAGS.finditer(markup[:300000]):
        tag, text = m.group(1).lower(), " ".join(html_unescape(_TAG.sub("", m.group(2))).split())
        if len(text) < 4 or _site_name_only(text):
            continue
        chars = _content_chars(text)
        if tag == "h1" or (title_chars and (chars in title_chars or title_chars in chars)):
            found.append(text)
        elif not title_chars and tag == "h2" and m.start() < body_from:
            found.append(text)  # no usable <title>: an <h2> above the first paragraph is the title
    if not title_chars:
        found += _bold_titles(markup, body_from)
    return found


_FIRST_PARAGRAPH = re.compile(r"<p[\s>]", re.IGNORECASE)


def _bold_titles(markup: str, body_from: int) -> list[str]:
    """An all-bold first paragraph (<p><strong>标题</strong></p>) that reads as a headline."""
    from . import patterns as p

    m = _BOLD_PARAGRAPH.match(markup, body_from) if body_from < _BOLD_SEARCH_CHARS else None
    if m is None:
        return []
    text = " ".join(html_unescape(_TAG.sub("", m.group(2))).split())
    return [text] if len(text) >= 4 and p.is_heading_like(text, 60) and not _site_name_only(text) else []


def _site_name_only(title: str) -> bool:
    """"东川新闻网" / "首页 - 东川市人民政府": a <title> or heading that names only the site."""
    from . import patterns as p

    parts = [t for t in _SITE_SEPARATORS.split(title.strip()) if t]
    sites = [p.is_site_name(t) for t in parts]
    # every part names the site or is a page word (首页, 正文) too short to be a headline
    return any(sites) and all(site or len(t) < _SHORTEST_HEADLINE for t, site in zip(parts, sites, strict=True))


_SITE_SEPARATORS = re.compile(r"\s*(?:_|\||｜| - | — |--|-)\s*")
_SHORTEST_HEADLINE = 6  # a <title> part shorter than this (首页, 正文, 新闻) is page furniture


def _cut_above_title(text: str, printed: list[str]) -> tuple[str, str | None]:
    """When a printed title is one of the first lines, drop the lines above it (menus, breadcrumbs)."""
    if not printed:
        return text, None
    lines = text.split("\n")
    squashed = [_content_chars(t) for t in printed]
    for k, line in enumerate(lines[:_TITLE_SEARCH_LINES]):
        here = _content_chars(line)
        if len(here) >= 4 and any(here == t or (len(here) >= 8 and here in t) for t in squashed):
            return "\n".join(lines[k:]), line.strip()
    return text, None


def _date_in_markup(day: date, markup: str) -> bool:
    """Only keep a date the page actually prints (year and month next to each other)."""
    y, m = day.year, day.month
    return bool(re.search(rf"{y}\s*[-/.年]\s*0?{m}(?!\d)", markup))


def _lines(text: str) -> list[str]:
    return [" ".join(ln.split()) for ln in text.splitlines() if ln.strip()]


def _headline(main: str, visible: str, title: str | None) -> str | None:
    """The page headline when the main text does not start with it (None if it does or none is found).

    Looks for the nearest headline-like line printed above the first paragraph of the main text;
    prefers one the <title> contains, else falls back on the <title> without its site suffix.
    """
    from . import patterns as p

    main_lines = _lines(main)
    if not main_lines:
        return None
    first = next((ln for ln in main_lines if not p.is_boilerplate(ln)), main_lines[0])
    if p.is_heading_like(first, 80) and not p.dateline(first) and not _date_only(first):
        return None  # the main text already starts with its headline
    page_lines = _lines(visible)
    probe = first[:12]
    at = next((k for k, ln in enumerate(page_lines) if probe and probe in ln), None)
    candidates: list[str] = []
    if at is not None:
        for ln in reversed(page_lines[max(0, at - 8):at]):
            if len(ln) >= 6 and not p.is_boilerplate(ln) and not _date_only(ln) and (
                p.is_heading_like(ln, 80) or (len(ln) <= 60 and ln[-1] in "！？!?")
            ):
                candidates.append(ln)
    clean_title = _strip_site(title) if title else None
    for cand in candidates:
        if clean_title and (cand in clean_title or clean_title in cand):
            return cand
    if candidates:
        return candidates[0]
    return clean_title


def _date_only(line: str) -> bool:
    return bool(re.fullmatch(r"[\d\s:：/.年月日\-]+", line))


_RAW_TITLE = re.compile(r"<title[^>]*>(.{1,600}?)</title>", re.IGNORECASE | re.DOTALL)


def site_of_markup(markup: str) -> str | None:
    """The site a page's raw <title> names beside its headline (县长调研春耕_射阳县人民政府 ->
    射阳县人民政府; patterns.site_of_title). The <title> trafilatura returns has the site cut off."""
    from . import patterns as p

    m = _RAW_TITLE.search(markup[:200000])
    return p.site_of_title(" ".join(html_unescape(_TAG.sub("", m.group(1))).split())) if m else None


def _strip_site(title: str) -> str | None:
    """"头条新闻_某某网" -> "头条新闻": drop a site name after _ | - separators."""
    head = re.split(r"\s*(?:_|\||｜| - | — |--)\s*", title.strip())[0]
    return head if len(head) >= 4 else None


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
    for bad in root.xpath("//script|//style|//noscript|//title"):
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
