"""Front matter of blog-style archives: a ``---`` block of ``key: value`` lines before the page.

Crawled news archives are often kept as static-site posts (Hexo, Jekyll, Hugo): the article's HTML or
text comes after a YAML-style header with its title, date, author and categories. That header is page
metadata, never article text: its title becomes the document title (the headline, when the page prints
none of its own) and its date the publication date — as the Beijing calendar date, since a crawler's
timestamp in GMT at 03:46 is the same morning in China, and one at 20:00 GMT is the next day.

Only flat scalar keys are read (title, date, author); lists and nested values are skipped, so no YAML
library is needed and nothing in the block is ever evaluated.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

__all__ = ["FrontMatter", "split_front_matter"]

_MAX_LINES = 60  # a header longer than this is not front matter
_BLOCK = re.compile(r"\A\ufeff?[ \t]*\r?\n?---[ \t]*\r?\n(?P<body>(?:.*\r?\n){1,%s}?)---[ \t]*(?:\r?\n|\Z)"
                    .replace("%s", str(_MAX_LINES)))
_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*?)\s*$")
_LINE = re.compile(r"^\s*(?:[A-Za-z_][\w-]*\s*:.*|-\s.*|\s+.*|)$")  # key: value, - item, indented, blank
_BEIJING = timezone(timedelta(hours=8))
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$")


@dataclass(frozen=True)
class FrontMatter:
    end: int  # where the page after the header begins
    title: str | None = None
    published: date | None = None
    author: str | None = None


def split_front_matter(text: str) -> FrontMatter | None:
    """The header at the start of ``text``, or None when the text does not open with one."""
    m = _BLOCK.match(text)
    if m is None:
        return None
    lines = m.group("body").splitlines()
    if not all(_LINE.match(line) for line in lines) or not any(_KEY.match(line) for line in lines):
        return None
    values: dict[str, str] = {}
    for line in lines:
        kv = _KEY.match(line)
        if kv and kv.group("value"):
            values.setdefault(kv.group("key").lower(), _unquote(kv.group("value")))
    return FrontMatter(end=m.end(), title=values.get("title") or None, published=_date(values.get("date")),
                       author=values.get("author") or None)


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return value.replace("''", "'") if value else value


def _date(value: str | None) -> date | None:
    """RFC 2822 (Wed, 24 Mar 2021 03:46:53 GMT) or ISO (2021-03-24 11:46:53 +0800) as a Beijing date."""
    if not value:
        return None
    moment: datetime | None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        moment = _iso(value)
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.date()  # no zone printed: the date as written
    try:
        return moment.astimezone(_BEIJING).date()
    except (OverflowError, ValueError):
        return None


def _iso(value: str) -> datetime | None:
    m = _ISO.match(value.strip())
    if m is None:
        return None
    y, mo, d, hh, mm, ss, zone = m.groups()
    try:
        moment = datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0))
    except ValueError:
        return None
    if zone:
        if zone == "Z":
            return moment.replace(tzinfo=UTC)
        sign = 1 if zone[0] == "+" else -1
        digits = zone[1:].replace(":", "")
        return moment.replace(tzinfo=timezone(sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))))
    return moment
