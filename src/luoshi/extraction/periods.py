"""Periods of commitments (时限): 全年, 到2027年, 年底前, “十五五”期间, 三年内, resolved to dates.

The gold compares the period as printed, so ``Period.text`` keeps the words of the report; ``start``
and ``end`` resolve them against the publication date (全年 in a report of 2026-05-08 is 2026-01-01 to
2026-12-31). Without a publication date relative periods keep their text and no dates.
"""
from __future__ import annotations

import re
from datetime import date
from functools import cache

from luoshi.extraction import lexicon
from luoshi.extraction.model import Period
from luoshi.extraction.numbers import parse_number

__all__ = ["find_period", "means_year_end", "plan_years", "resolve_period"]


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(row[0]), row[1]) for row in lexicon.rows("periods.tsv"))


def find_period(text: str, published: date | None, warnings: list[str] | None = None) -> Period | None:
    """The period expression nearest the end of ``text`` (the words before a target), resolved."""
    best: tuple[int, int, re.Match[str], str] | None = None
    for pattern, rule in _patterns():
        for m in pattern.finditer(text):
            candidate = (m.end(), m.end() - m.start(), m, rule)
            if best is None or candidate[:2] > best[:2]:
                best = candidate
    if best is None:
        return None
    _, _, match, rule = best
    start, end = resolve_period(rule, match, published)
    if start is None and end is None and warnings is not None:
        reason = "no publication date" if published is None else "not a real period"
        warnings.append(f"period {match.group()!r} not resolved to dates ({reason})")
    return Period(text=match.group(), start=start, end=end, year_end=means_year_end(match.group()))


def means_year_end(period_text: str | None) -> bool:
    """全年 / 年底前 / 年内 … (``data/year_end_periods.tsv``): the period ends on 31 December of the
    report's year (``Period.year_end``)."""
    return bool(period_text) and any(p in (period_text or "") for p in lexicon.words("year_end_periods.tsv"))


def plan_years(n: int) -> tuple[int, int]:
    """五年规划 number -> years: 一五 1953-1957, 二五 1958-1962, then after three years of adjustment
    三五 1966-1970 and every five years since (十一五 2006-2010, 十五五 2026-2030)."""
    first = 1953 + 5 * (n - 1) if n <= 2 else 1966 + 5 * (n - 3)
    return first, first + 4


def resolve_period(rule: str, match: re.Match[str], published: date | None) -> tuple[date | None, date | None]:
    """Dates of one matched period expression (None where the text and the date cannot tell)."""
    groups = match.groupdict()
    if rule == "plan":
        n = parse_number(groups["n"])
        if n is None:
            return None, None
        first, last = plan_years(int(n))
        return date(first, 1, 1), date(last, 12, 31)
    if rule in ("year", "by_year"):
        year = int(groups["year"])
        if not 1900 <= year <= 2200:
            return None, None
        if rule == "by_year":
            return published, date(year, 12, 31)
        return date(year, 1, 1), date(year, 12, 31)
    if published is None:
        return None, None
    year = published.year
    if rule == "this_year":
        return date(year, 1, 1), date(year, 12, 31)
    if rule == "next_year":
        return date(year + 1, 1, 1), date(year + 1, 12, 31)
    if rule == "first_half":
        return date(year, 1, 1), date(year, 6, 30)
    if rule == "second_half":
        return date(year, 7, 1), date(year, 12, 31)
    if rule == "year_end":
        return published, date(year, 12, 31)
    if rule == "quarter":
        q = int(parse_number(groups["q"]) or 0)
        last_month = 3 * q
        following = date(year + (last_month == 12), last_month % 12 + 1, 1)
        return date(year, last_month - 2, 1), date.fromordinal(following.toordinal() - 1)
    if rule == "month_end":
        month = int(groups["month"])
        if not 1 <= month <= 12:
            return None, None
        following = date(year + (month == 12), month % 12 + 1, 1)
        return published, date.fromordinal(following.toordinal() - 1)
    if rule == "within_years":
        n = parse_number(groups["n"])
        if n is None or not 0 < n < 100:
            return None, None
        return published, _add_years(published, int(n))
    return None, None


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
