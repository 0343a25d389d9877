"""Pieces of the web UI that need no server: highlighting, charts, number and date formatting, and the
pages on both database backends."""
from __future__ import annotations

from datetime import date

import pytest

from luoshi.web.ui import charts, highlight, i18n


def test_overlapping_spans_are_cut_into_segments_carrying_every_mark():
    text = "市长王明远要求确保完成3万人"
    marks = [highlight.Mark("commitment", 7, 14, "就业"), highlight.Mark("target", 11, 14, "3万人", "/items/4"),
             highlight.Mark("person", 2, 5, "市长王明远", "/people/x")]
    segments = highlight.segment(text, marks)
    assert "".join(s.text for s in segments) == text
    target = next(s for s in segments if s.text == "3万人")
    assert target.classes == "hl-commitment hl-target" and target.link.href == "/items/4"
    assert next(s for s in segments if s.text == "王明远").link.href == "/people/x"


def test_spans_outside_the_text_are_ignored():
    segments = highlight.segment("短文", [highlight.Mark("person", 1, 99, "x"), highlight.Mark("event", -1, 1, "y")])
    assert [s.marks for s in segments] == [[]]


def test_marks_from_extraction_link_commitments_to_their_items():
    extraction = {"commitments": [{"span": [3, 9], "action": "新增就业", "target": {"span": [5, 9], "text": "3万人"}}],
                  "people": [{"name": "王明远", "title": "市长", "mentions": [[0, 3]]}]}
    marks = highlight.marks_from_extraction(extraction, lambda s, e: 7 if (s, e) == (3, 9) else None)
    assert {(m.kind, m.href) for m in marks} == {("commitment", "/items/7"), ("target", "/items/7"),
                                                 ("person", "/people/%E7%8E%8B%E6%98%8E%E8%BF%9C")}


def test_context_window_marks_ellipses_only_where_text_was_cut():
    before, middle, after = highlight.context_window("甲" * 10 + "目标" + "乙" * 10, 10, 12, width=4)
    assert (before, middle, after) == ("…甲甲甲甲", "目标", "乙乙乙乙…")


def test_bar_chart_escapes_labels_and_keeps_full_label_as_title():
    svg = str(charts.bar_chart([charts.Bar("<b>很长很长的单位名称局</b>", 3)], "单位"))
    assert "<b>" not in svg and "&lt;b&gt;很长很长的单位名称局&lt;/b&gt;" in svg and "…" in svg


def test_progress_chart_draws_plan_line_and_points():
    svg = str(charts.progress_chart([(date(2026, 6, 1), 40.0)], date(2026, 1, 1), date(2026, 12, 31),
                                    date(2026, 7, 1), {"title": "进度", "plan": "计划", "actual": "实际"}))
    assert svg.count('class="plan-line"') == 2  # the line and its legend swatch
    assert 'class="actual-dot"' in svg and "2026-06-01 40%" in svg


@pytest.mark.parametrize("value, text", [(date(2026, 5, 7), "2026年5月7日"), ("2026-12-31", "2026年12月31日"), (None, "")])
def test_dates_are_written_the_chinese_way(value, text):
    assert i18n.format_date(value) == text


def test_numbers_use_wan_and_yi():
    assert [i18n.format_number(v) for v in (70000, 320000000, 1200, 12.5)] == ["7万", "3.2亿", "1200", "12.5"]


def test_dashboard_and_ledger_render_on_each_backend(db_url, sign_in):
    from ui_support import build_site

    app, ids = build_site(db_url)
    try:
        client = sign_in(app, "sup")
        for path in ("/", "/ledger?period=" + str(date.today().year), "/ledger?sort=progress", "/units",
                     f"/items/{ids['jobs']}", "/admin"):
            assert client.get(path).status_code == 200, path
    finally:
        app.state.engine.dispose()


def test_statistics_link_to_the_item_they_are_evidence_for():
    extraction = {"statistics": [{"span": [0, 4], "metric": "新增就业"}, {"span": [5, 8], "metric": "失业率"}]}
    marks = highlight.marks_from_extraction(extraction, item_for_statistic=lambda ordinal: 12 if ordinal == 0 else None)
    assert [(m.kind, m.href) for m in marks] == [("statistic", "/items/12#evidence"), ("statistic", None)]
