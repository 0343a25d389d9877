"""compute_light is pure: boundaries of due dates, the straight progress line, missing targets, closed items."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from luoshi.tracking.lights import compute_light, compute_light_en
from luoshi.tracking.settings import LedgerSettings

TODAY = date(2026, 7, 1)
SETTINGS = LedgerSettings(yellow_days=15)


@dataclass
class FakeItem:
    status: str = "in_progress"
    due_date: date | None = date(2026, 12, 31)
    start_date: date | None = date(2026, 1, 1)
    target_value: float | None = 100.0
    target_comparator: str | None = ">="
    progress_value: float | None = None


def light(**fields) -> str:
    return compute_light(FakeItem(**fields), TODAY, SETTINGS)[0]


def test_due_today_is_yellow_and_says_so():
    assert compute_light(FakeItem(due_date=TODAY), TODAY, SETTINGS) == ("yellow", "今天到期")


def test_due_yesterday_is_red_with_days_overdue():
    result = compute_light(FakeItem(due_date=TODAY - timedelta(days=1)), TODAY, SETTINGS)
    assert result[0] == "red" and result[1].startswith("已逾期1天")


def test_due_in_exactly_yellow_days_is_yellow_one_more_is_green():
    assert light(due_date=TODAY + timedelta(days=15)) == "yellow"
    assert light(due_date=TODAY + timedelta(days=16)) == "green"


def test_yellow_days_setting_is_honoured():
    assert compute_light(FakeItem(due_date=TODAY + timedelta(days=20)), TODAY, LedgerSettings(yellow_days=30))[0] == "yellow"


def test_progress_exactly_on_the_straight_line_is_green():
    start, due = date(2026, 1, 1), date(2026, 12, 31)
    elapsed = (TODAY - start).days / (due - start).days
    assert light(progress_value=100 * elapsed) == "green"


def test_progress_just_behind_the_line_is_yellow_and_explained():
    lit, text = compute_light(FakeItem(progress_value=31), date(2026, 8, 1), SETTINGS)
    assert lit == "yellow"
    assert text == "进度31%，时间已过58%；进度落后于时序"
    assert compute_light_en(FakeItem(progress_value=31), date(2026, 8, 1), SETTINGS)[1].startswith(
        "progress 31% at 58% of the period")


def test_tolerance_allows_a_little_lag():
    item = FakeItem(progress_value=45)
    assert compute_light(item, TODAY, SETTINGS)[0] == "yellow"
    assert compute_light(item, TODAY, LedgerSettings(progress_tolerance=0.1))[0] == "green"


def test_no_target_value_uses_dates_only():
    assert light(target_value=None, progress_value=None) == "green"
    assert light(target_value=None, due_date=TODAY - timedelta(days=3)) == "red"


def test_no_report_yet_is_not_judged_behind():
    assert compute_light(FakeItem(progress_value=None), TODAY, SETTINGS) == ("green", "距到期183天")


def test_ceiling_targets_are_not_measured_against_the_line():
    assert light(target_comparator="<=", progress_value=1) == "green"


def test_closed_item_is_green_even_when_past_due():
    assert compute_light(FakeItem(status="closed", due_date=TODAY - timedelta(days=30)), TODAY, SETTINGS) == (
        "green", "已销号")


@pytest.mark.parametrize("status", ["rejected", "merged"])
def test_items_no_longer_supervised_have_no_light(status):
    assert light(status=status, due_date=TODAY - timedelta(days=3)) == "none"


def test_no_due_date_has_no_light_and_asks_for_one():
    assert compute_light(FakeItem(due_date=None), TODAY, SETTINGS) == ("none", "未设完成时限")


def test_overdue_explanation_includes_progress():
    lit, text = compute_light(FakeItem(due_date=date(2026, 6, 30), progress_value=80), TODAY, SETTINGS)
    assert lit == "red" and text == "已逾期1天；进度80%，时间已过100%"


def test_explanation_shows_a_decimal_when_rounding_would_hide_the_lag():
    start, due, today = date(2026, 1, 1), date(2026, 12, 31), date(2026, 11, 22)
    assert round((today - start).days / (due - start).days, 3) == 0.893  # both would print as 89%
    lit, text = compute_light(FakeItem(progress_value=88.6), today, LedgerSettings(yellow_days=15))
    assert (lit, text) == ("yellow", "进度88.6%，时间已过89.3%；进度落后于时序")
