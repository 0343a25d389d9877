"""Date expressions of news reports, resolved against the publication date.

News datelines rarely print a full date: "昨天下午" (yesterday afternoon), "12日~13日" (days of the current
month), "5月7日" (this year). ``resolve_date`` turns such an expression into a ``(start, end)`` pair;
``find_dates`` locates the expressions in a text. Vague words (近日, 日前) stay unresolved; impossible
dates (2月30日) give ``(None, None)`` plus a warning rather than a guess.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from types import MappingProxyType

from luoshi.extraction import lexicon
from luoshi.extraction.lexicon import alternation

# Chinese numerals that appear in dates (五月七日, 二〇二三年).
_DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"[0-9]{1,4}|[〇零○一二两三四五六七八九十]{1,4}"
# 20141217日: a date whose 年 and 月 a page lost (the year, month and day digits run together).
_COMPACT = r"(?P<cy>(?:19|20)[0-9]{2})(?P<cm>0[1-9]|1[0-2])(?P<cd>0[1-9]|[12][0-9]|3[01])日"
_RANGE_SEP = r"\s*(?:~|～|至|到|—|–|-|－|―|－)\s*"

# How far ahead of publication a year-less date may lie before it is read as last year's.
_FUTURE_SLACK_DAYS = 62


@dataclass(frozen=True)
class DateMention:
    """A date expression found in text: its characters, span and resolution."""

    text: str
    start: int
    end: int
    first: date | None
    last: date | None


def _to_int(token: str | None) -> int | None:
    """'12' -> 12, '十二' -> 12, '二〇二三' -> 2023, '二十五' -> 25."""
    if token is None:
        return None
    if token.isdigit():
        return int(token)
    if "十" in token:
        tens, _, ones = token.partition("十")
        tens_value = _DIGITS.get(tens, 1) if tens else 1
        ones_value = _DIGITS.get(ones, 0) if ones else 0
        return tens_value * 10 + ones_value
    value = 0
    for ch in token:
        if ch not in _DIGITS:
            return None
        value = value * 10 + _DIGITS[ch]
    return value


# 昨（18）日 / 今（19）日: a paper's relative day with the day of the month in brackets; the day is what counts.
_BRACKETED_DAY = r"[今昨前明][（(]\d{1,2}[）)]日"
_BRACKETED_DAY_RE = re.compile(r"^[今昨前明][（(](\d{1,2})[）)]日")


@cache
def _patterns() -> Mapping[str, re.Pattern[str]]:
    day_parts = alternation(lexicon.words("day_parts.tsv"))
    relative = alternation(lexicon.words("relative_days.tsv"))
    vague = alternation(lexicon.words("vague_dates.tsv"))
    anchors = alternation(lexicon.words("date_anchors.tsv"))
    ymd = (rf"(?:(?P<y1>{_NUM})年)?(?:(?P<m1>{_NUM})月)?(?P<d1>{_NUM})日"
           rf"(?:{_RANGE_SEP}(?:(?P<y2>{_NUM})年)?(?:(?P<m2>{_NUM})月)?(?P<d2>{_NUM})日)?")
    anchor = rf"(?P<anchor>{anchors})?"
    return MappingProxyType({
        "absolute": re.compile(rf"^{anchor}{ymd}(?:{day_parts})?$"),
        "relative": re.compile(rf"^(?P<word>{relative})(?:{day_parts})?$"),
        "vague": re.compile(rf"^(?:{vague})$"),
        "compact": re.compile(rf"^{_COMPACT}(?:{day_parts})?$"),
        "find": re.compile(rf"(?<![0-9年月日])(?:{_COMPACT}|{_BRACKETED_DAY}|(?:{anchors})?{ymd}|{relative}|{vague})"
                           rf"(?:{day_parts})?"),
    })


@cache
def _anchors() -> Mapping[str, tuple[str, int]]:
    """date_anchors.tsv: word -> (year | month, offset)."""
    return MappingProxyType({row[0]: (row[1], int(row[2])) for row in lexicon.rows("date_anchors.tsv")})


def resolve_date(expr: str, published: date | None,
                 warnings: list[str] | None = None) -> tuple[date | None, date | None]:
    """Resolve a date expression to ``(start, end)``; ``(None, None)`` when it cannot be resolved.

    Year-less dates take the publication year (or month); a day range that would lie in the future moves to
    the previous month, a month-day more than two months ahead to the previous year. Why: news reports
    what happened, and a report on 3 July of "30日" means 30 June.
    """
    expr = _BRACKETED_DAY_RE.sub(r"\1日", (expr or "").strip(), count=1)  # 昨（18）日 is the 18th
    pats = _patterns()
    if not expr or pats["vague"].match(expr):
        return None, None
    rel = pats["relative"].match(expr)
    if rel:
        if published is None:
            return None, None
        day = published + timedelta(days=int(lexicon.mapping("relative_days.tsv")[rel["word"]]))
        return day, day
    compact = pats["compact"].match(expr)
    if compact:
        whole = _make_date(int(compact["cy"]), int(compact["cm"]), int(compact["cd"]), expr, warnings)
        return whole, whole
    m = pats["absolute"].match(expr)
    if not m:
        return None, None
    return _resolve_absolute(expr, m, published, warnings)


def _resolve_absolute(expr: str, m: re.Match[str], published: date | None,
                      warnings: list[str] | None) -> tuple[date | None, date | None]:
    y1, m1, d1 = _to_int(m["y1"]), _to_int(m["m1"]), _to_int(m["d1"])
    y2, m2, d2 = _to_int(m["y2"]), _to_int(m["m2"]), _to_int(m["d2"])
    if m["anchor"]:
        if published is None:
            return None, None
        y1, m1 = _anchored(m["anchor"], published, y1, m1)
    if y1 is not None and y1 < 100:
        y1 += 2000
    if y1 is None and published is None:
        return None, None
    year = y1 if y1 is not None else published.year  # type: ignore[union-attr]
    month = m1 if m1 is not None else (published.month if published else None)
    if month is None:
        return None, None
    first = _make_date(year, month, d1, expr, warnings)
    if first is None:
        return None, None
    last = first
    if d2 is not None:
        last_year = y2 if y2 is not None else year
        last_month = m2 if m2 is not None else month
        if m2 is not None and y2 is None and last_month < month:
            last_year += 1  # 12月30日至1月2日
        last_day = _make_date(last_year, last_month, d2, expr, warnings)
        if last_day is None or last_day < first:
            return None, None
        last = last_day
    if published is not None and y1 is None:
        first, last = _shift_into_past(first, last, m1 is None, published)
    return first, last


def _anchored(anchor: str, published: date, year: int | None, month: int | None) -> tuple[int | None, int | None]:
    """去年5月7日 / 上月28日: the year or month named relative to publication."""
    unit, offset = _anchors()[anchor]
    if unit == "year":
        return published.year + offset, month
    shifted = _add_months(published.replace(day=1), offset)
    return shifted.year, shifted.month


def _make_date(year: int, month: int, day: int | None, expr: str, warnings: list[str] | None) -> date | None:
    try:
        return date(year, month, day or 1)
    except ValueError:
        if warnings is not None:
            warnings.append(f"impossible date {expr!r} ignored")
        return None


def _shift_into_past(first: date, last: date, month_missing: bool, published: date) -> tuple[date, date]:
    """Move a year- or month-less date that lies in the future back by one month or one year."""
    if month_missing and first > published:
        return _add_months(first, -1), _add_months(last, -1)
    if not month_missing and (first - published).days > _FUTURE_SLACK_DAYS:
        return _add_years(first, -1), _add_years(last, -1)
    return first, last


def _add_months(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, d)
        except ValueError:
            continue
    return day


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 Feb
        return day.replace(year=day.year + years, day=28)


def find_dates(text: str, published: date | None, warnings: list[str] | None = None) -> list[DateMention]:
    """Every date expression in ``text`` with its span and resolution, in text order."""
    found: list[DateMention] = []
    for m in _patterns()["find"].finditer(text):
        first, last = resolve_date(m.group(0), published, warnings)
        mention = DateMention(m.group(0), m.start(), m.end(), first, last)
        if found and _glossed(text, found[-1], mention):
            # 今天（2月7日）上午: the date printed in brackets says which day "today" is
            mention = DateMention(text[found[-1].start:m.end()], found[-1].start, m.end(), first, last)
            found.pop()
        found.append(mention)
    return found


_OPEN_GLOSS = re.compile(r"[^\u4e00-\u9fff0-9]{0,2}[（(]")


def _glossed(text: str, relative: DateMention, bracketed: DateMention) -> bool:
    """A relative day word (今天) followed by the absolute date it stands for in brackets ("今天（2月7日）")."""
    if bracketed.first is None or not _patterns()["relative"].match(relative.text):
        return False
    between = text[relative.end:bracketed.start]
    return bool(_OPEN_GLOSS.fullmatch(between)) and text[bracketed.end:bracketed.end + 1] in ("）", ")")


_YEAR = re.compile(r"(?P<year>(?:19|20)\d{2})年")


def as_of_date(as_of: str | None, published: date | None) -> date | None:
    """When a reported figure was true (``Statistic.as_of_date``): the end of the year its ``as_of``
    names ("2025年…" / "去年…" in a report published in 2026 -> 2025-12-31), else the publication date.
    A figure about last year must not be taken as progress on this year's target."""
    if published is None or not as_of:
        return published
    year = _YEAR.search(as_of)
    if year is None and any(word in as_of for word in lexicon.words("last_year_words.tsv")):
        return date(published.year - 1, 12, 31)
    if year is not None and int(year.group("year")) < published.year:
        return date(int(year.group("year")), 12, 31)
    return published
