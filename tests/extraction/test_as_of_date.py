"""A figure is dated by what it says about itself before the publication date (Statistic.as_of_date)."""
from datetime import date

from luoshi.extraction.dates import as_of_date
from luoshi.extraction.model import ArticleMeta
from luoshi.extraction.periods import find_period
from luoshi.extraction.statistics import extract_statistics
from luoshi.extraction.units import convert, unit_family, units_compatible


def test_a_figure_about_an_earlier_year_is_dated_at_that_years_end():
    assert as_of_date("2025年", date(2026, 3, 15)) == date(2025, 12, 31)


def test_last_year_is_relative_to_publication():
    assert as_of_date("去年", date(2026, 3, 15)) == date(2025, 12, 31)


def test_a_figure_of_this_year_or_without_a_year_takes_the_publication_date():
    assert as_of_date("截至8月底", date(2026, 9, 10)) == date(2026, 9, 10)
    assert as_of_date("2026年1—8月", date(2026, 9, 10)) == date(2026, 9, 10)
    assert as_of_date(None, date(2026, 9, 10)) == date(2026, 9, 10)
    assert as_of_date("2025年", None) is None


def test_extracted_statistics_carry_their_resolved_date():
    text = "去年，全县新增城镇就业1.2万人。今年1—8月，全县实现外贸进出口总额36亿元。"
    stats = extract_statistics(text, ArticleMeta(published=date(2026, 9, 10)))
    dates = {s.text: s.as_of_date for s in stats}
    assert dates.get("1.2万人") == date(2025, 12, 31)
    assert dates.get("36亿元") == date(2026, 9, 10)


def test_a_period_says_whether_it_ends_with_the_report_year():
    year_end = find_period("今年年底前", date(2026, 5, 8))
    assert year_end is not None and year_end.year_end and year_end.end == date(2026, 12, 31)
    later = find_period("到2027年", date(2026, 5, 8))
    assert later is not None and not later.year_end


def test_units_of_one_family_compare_and_convert():
    assert units_compatible("亩", "公顷") and not units_compatible("人", "人次")
    assert unit_family("毫无此单位") == "unit:毫无此单位" and unit_family(None) is None
    assert abs(convert(15, "亩", "公顷") - 1.0) < 1e-3 and convert(3, "人", "人") == 3
