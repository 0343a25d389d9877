"""A figure is dated by what it says about itself before the publication date."""
from datetime import date

from luoshi.tracking.evidence import statistic_date


def test_a_figure_about_an_earlier_year_is_dated_at_that_years_end():
    assert statistic_date("2025年", date(2026, 3, 15)) == date(2025, 12, 31)


def test_last_year_is_relative_to_publication():
    assert statistic_date("去年", date(2026, 3, 15)) == date(2025, 12, 31)


def test_a_figure_of_this_year_or_without_a_year_takes_the_publication_date():
    assert statistic_date("截至8月底", date(2026, 9, 10)) == date(2026, 9, 10)
    assert statistic_date("2026年1—8月", date(2026, 9, 10)) == date(2026, 9, 10)
    assert statistic_date(None, date(2026, 9, 10)) == date(2026, 9, 10)
    assert statistic_date("2025年", None) is None
