"""Period expressions of commitments, printed and resolved against the publication date."""
from __future__ import annotations

from datetime import date

import pytest

from luoshi.extraction.periods import find_period

PUBLISHED = date(2025, 3, 10)


@pytest.mark.parametrize("text,printed,start,end", [
    ("全年", "全年", date(2025, 1, 1), date(2025, 12, 31)),
    ("今年", "今年", date(2025, 1, 1), date(2025, 12, 31)),
    ("明年", "明年", date(2026, 1, 1), date(2026, 12, 31)),
    ("力争到2027年", "到2027年", PUBLISHED, date(2027, 12, 31)),
    ("2026年", "2026年", date(2026, 1, 1), date(2026, 12, 31)),
    ("年底前", "年底前", PUBLISHED, date(2025, 12, 31)),
    ("上半年", "上半年", date(2025, 1, 1), date(2025, 6, 30)),
    ("“十五五”期间", "“十五五”期间", date(2026, 1, 1), date(2030, 12, 31)),
    ("十二五期间", "十二五期间", date(2011, 1, 1), date(2015, 12, 31)),
    ("三年内", "三年内", PUBLISHED, date(2028, 3, 10)),
    ("6月底前", "6月底前", PUBLISHED, date(2025, 6, 30)),
    ("一季度", "一季度", date(2025, 1, 1), date(2025, 3, 31)),
    ("第四季度", "第四季度", date(2025, 10, 1), date(2025, 12, 31)),
])
def test_period_is_printed_and_resolved(text, printed, start, end):
    period = find_period(text, PUBLISHED)
    assert (period.text, period.start, period.end) == (printed, start, end)


def test_no_period_in_plain_words():
    assert find_period("推进系统开发上线运行", PUBLISHED) is None


def test_relative_period_without_publication_date_keeps_its_text():
    period = find_period("全年", None)
    assert (period.text, period.start, period.end) == ("全年", None, None)


def test_nearest_period_to_the_number_wins():
    assert find_period("今年开工，到2028年", PUBLISHED).text == "到2028年"


def test_an_unresolvable_period_is_reported_as_a_warning():
    warnings: list[str] = []
    period = find_period("13月底前", PUBLISHED, warnings)
    assert (period.start, period.end) == (None, None)
    assert warnings == ["period '13月底前' not resolved to dates (not a real period)"]
    warnings.clear()
    find_period("全年", None, warnings)
    assert warnings == ["period '全年' not resolved to dates (no publication date)"]


def test_a_year_after_bi_is_a_comparison_base_not_the_period():
    period = find_period("到2030年，全县生产总值比2020年", PUBLISHED)
    assert period.text == "到2030年"


def test_the_next_n_years():
    period = find_period("力争未来五年", PUBLISHED)
    assert (period.text, period.start, period.end) == ("未来五年", PUBLISHED, date(2030, 3, 10))
