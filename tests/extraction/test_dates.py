"""Date expressions resolved against the publication date (invented examples)."""
from __future__ import annotations

from datetime import date

import pytest

from luoshi.extraction.dates import find_dates, resolve_date

PUBLISHED = date(2024, 9, 14)


@pytest.mark.parametrize("expr,expected", [
    ("昨天下午", (date(2024, 9, 13), date(2024, 9, 13))),
    ("昨日", (date(2024, 9, 13), date(2024, 9, 13))),
    ("前天", (date(2024, 9, 12), date(2024, 9, 12))),
    ("今天上午", (date(2024, 9, 14), date(2024, 9, 14))),
    ("12日~13日", (date(2024, 9, 12), date(2024, 9, 13))),
    ("12日至13日", (date(2024, 9, 12), date(2024, 9, 13))),
    ("5月7日", (date(2024, 5, 7), date(2024, 5, 7))),
    ("2023年5月7日", (date(2023, 5, 7), date(2023, 5, 7))),
    ("五月七日", (date(2024, 5, 7), date(2024, 5, 7))),
    ("8月30日至9月2日", (date(2024, 8, 30), date(2024, 9, 2))),
    ("昨（13）日", (date(2024, 9, 13), date(2024, 9, 13))),  # a paper's relative day with its date in brackets
    ("今(14)日上午", (date(2024, 9, 14), date(2024, 9, 14))),
])
def test_resolves_expression_against_publication(expr, expected):
    assert resolve_date(expr, PUBLISHED) == expected


def test_day_range_in_the_future_moves_to_previous_month():
    assert resolve_date("28日至29日", date(2024, 3, 2)) == (date(2024, 2, 28), date(2024, 2, 29))


def test_cross_year_range_in_december():
    assert resolve_date("12月30日至1月2日", date(2025, 1, 5)) == (date(2024, 12, 30), date(2025, 1, 2))


def test_month_day_far_ahead_is_last_year():
    assert resolve_date("12月20日", date(2025, 1, 3)) == (date(2024, 12, 20), date(2024, 12, 20))


@pytest.mark.parametrize("expr", ["近日", "日前", "当天"])
def test_vague_words_stay_unresolved(expr):
    assert resolve_date(expr, PUBLISHED) == (None, None)


def test_impossible_date_gives_none_and_a_warning():
    warnings: list[str] = []
    assert resolve_date("2月30日", PUBLISHED, warnings) == (None, None)
    assert warnings and "2月30日" in warnings[0]


def test_year_less_date_without_publication_is_unresolved():
    assert resolve_date("8月20日", None) == (None, None)


def test_find_dates_gives_spans_and_ignores_ordinals():
    text = "本报讯 昨天上午，第29次会议在某地召开。近日，工作组前往调研。"
    found = find_dates(text, PUBLISHED)
    assert [(d.text, text[d.start:d.end]) for d in found] == [("昨天上午", "昨天上午"), ("近日", "近日")]
    assert found[0].first == date(2024, 9, 13)


def test_month_and_year_anchors():
    published = date(2024, 1, 5)
    assert resolve_date("上月28日", published) == (date(2023, 12, 28), date(2023, 12, 28))
    assert resolve_date("去年5月7日至9日", published) == (date(2023, 5, 7), date(2023, 5, 9))
    assert resolve_date("本月3日", published) == (date(2024, 1, 3), date(2024, 1, 3))


def test_a_relative_day_glossed_with_its_date_in_brackets_is_that_date():
    (d,) = find_dates("今天（9月12日）上午，某某调研", PUBLISHED)
    assert (d.first, d.last) == (date(2024, 9, 12), date(2024, 9, 12)) and d.text.startswith("今天")


def test_a_date_whose_year_and_month_marks_were_lost_is_read():
    (d,) = find_dates("——20141217日在某某区第十四届人民代表大会第四次会议上", PUBLISHED)
    assert (d.first, d.text) == (date(2014, 12, 17), "20141217日")
    assert find_dates("编号20141399日", PUBLISHED) == []


def test_a_relative_day_with_its_date_in_brackets_is_found_in_text():
    assert [d.text for d in find_dates("昨（13）日，市委书记某某在眉会见了客人。", PUBLISHED)] == ["昨（13）日"]
