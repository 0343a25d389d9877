"""Reminders and scorecards on a small hand-built ledger whose figures are worked out by hand."""
from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from luoshi.tracking.errors import PermissionDenied
from luoshi.tracking.items import create_item
from luoshi.tracking.progress import add_progress
from luoshi.tracking.reminders import list_sent_reminders, pending_reminders, send_reminders
from luoshi.tracking.scorecards import person_timeline, unit_scorecard, unit_scorecards
from luoshi.tracking.settings_change import update_settings
from luoshi.tracking.workflow import transition
from tracking.ledger_fixtures import HOUSING_CLERK, HOUSING_UNIT, JOBS_CLERK, JOBS_UNIT, SUPERVISOR

TODAY = date(2026, 7, 1)


def _item(session, unit, title, due, *, target=None, status="in_progress"):
    values = {"title": title, "lead_unit": unit, "start_date": "2026-01-01", "due_date": due}
    if target:
        values.update(target_value=target, target_unit="个", target_metric=title)
    item = create_item(session, SUPERVISOR, values, status="proposed" if status == "proposed" else "assigned")
    steps = {"assigned": [], "in_progress": ["accept", "start"], "closed": ["accept", "request_completion", "close"]}
    for action in steps.get(status, []):
        if action == "request_completion":  # 申请办结 needs a progress report
            add_progress(session, SUPERVISOR, item.id, note="已完成", today=TODAY)
        transition(session, SUPERVISOR, item.id, action)
    return item


@pytest.fixture
def ledger(session):
    a1 = _item(session, JOBS_UNIT, "建设零工市场", "2026-12-31", target=100)
    add_progress(session, SUPERVISOR, a1.id, value=60, today=TODAY)
    a2 = _item(session, JOBS_UNIT, "出台稳岗政策", "2026-06-30", status="closed")
    a2.closed_at = datetime(2026, 6, 20, 9, 0, tzinfo=UTC)
    b1 = _item(session, HOUSING_UNIT, "改造老旧小区", "2026-06-30", target=100)
    add_progress(session, SUPERVISOR, b1.id, value=50, today=TODAY)
    b1.last_report_at = datetime(2026, 5, 1, tzinfo=UTC)
    b2 = _item(session, HOUSING_UNIT, "编制住房规划", "2026-12-31", status="assigned")
    b3 = _item(session, HOUSING_UNIT, "新建口袋公园", "2026-12-31", status="proposed")
    b4 = _item(session, HOUSING_UNIT, "完成危房排查", "2026-07-10", status="assigned")
    session.flush()
    return {"a1": a1, "a2": a2, "b1": b1, "b2": b2, "b3": b3, "b4": b4}


def test_scorecard_figures_by_hand(session, ledger):
    jobs, housing = unit_scorecards(session, SUPERVISOR, period=2026, today=TODAY)
    assert (jobs.unit, jobs.rank, housing.unit, housing.rank) == (JOBS_UNIT, 1, HOUSING_UNIT, 2)
    assert (jobs.total, jobs.due, jobs.closed_on_time, jobs.on_time_rate, jobs.overdue) == (2, 1, 1, 1.0, 0)
    assert jobs.avg_progress == pytest.approx(0.6)
    assert jobs.avg_expected == pytest.approx(181 / 364)
    assert (jobs.progress_ratio, jobs.green_share, jobs.quantified_share, jobs.reported_share) == (1.0, 1.0, 0.5, 1.0)
    # 100 × (0.3×1 + 0.3×1 + 0.1×1 + 0.15×0.5 + 0.15×1): the closed item had no numeric target
    assert jobs.score == pytest.approx(92.5)
    assert "量化目标占比：50%，权重0.15，得7.5分" in jobs.explanation
    assert housing.by_status == {"in_progress": 1, "assigned": 2, "proposed": 1}
    assert (housing.total, housing.due, housing.on_time_rate, housing.overdue) == (3, 1, 0.0, 1)
    assert housing.by_light == {"red": 1, "green": 1, "yellow": 1}
    # 100 × (0.3×0 + 0.3×0.5 + 0.1×1/3 + 0.15×1/3 + 0.15×1/3) − 5 × 1 overdue = 28.3 − 5
    assert housing.progress_ratio == 0.5 and housing.score == pytest.approx(23.3)
    assert any("逾期1项" in line for line in housing.explanation)


def test_vague_silent_unit_cannot_outscore_one_that_met_its_numeric_target(session):
    vague = _item(session, "临江市文化广电和旅游局", "推进文旅融合发展", "2026-12-31", status="in_progress")
    met = _item(session, "临江市交通运输局", "新改建农村公路", "2026-12-31", target=100)
    add_progress(session, SUPERVISOR, met.id, value=100, today=TODAY)
    scores = {s.unit: s for s in unit_scorecards(session, SUPERVISOR, period=2026, today=TODAY)}
    assert scores["临江市文化广电和旅游局"].score < 100 and vague.target_value is None
    assert scores["临江市交通运输局"].score == 100.0
    assert scores["临江市交通运输局"].rank < scores["临江市文化广电和旅游局"].rank


def test_scoring_weights_are_settings(session, ledger):
    update_settings(session, SUPERVISOR, {"scoring_weights": {"overdue_penalty": 0}})
    assert unit_scorecard(session, SUPERVISOR, HOUSING_UNIT, today=TODAY).score == pytest.approx(28.3)


def test_units_see_their_own_scorecard_only(session, ledger):
    assert [s.unit for s in unit_scorecards(session, JOBS_CLERK, today=TODAY)] == [JOBS_UNIT]


def test_reminders_list_overdue_due_soon_and_silent_units(session, ledger):
    drafts = pending_reminders(session, SUPERVISOR, today=TODAY)
    kinds = [(d.kind, d.serial, d.days) for d in drafts]
    assert kinds == [("overdue", ledger["b1"].serial, 1), ("due_soon", ledger["b4"].serial, 9),
                     ("no_report", None, 61)]
    assert "已逾期1天" in drafts[0].message and HOUSING_UNIT in drafts[0].message
    assert drafts[2].unit == HOUSING_UNIT and "61天未报送进展" in drafts[2].message
    assert pending_reminders(session, JOBS_CLERK, today=TODAY) == []


def test_sent_reminders_are_recorded_and_not_repeated_the_same_day(session, ledger):
    with pytest.raises(PermissionDenied):
        send_reminders(session, HOUSING_CLERK, today=TODAY)
    sent = send_reminders(session, SUPERVISOR, today=TODAY)
    assert len(sent) == 3 and all(r.sent_by == "dc_wang" for r in sent)
    assert pending_reminders(session, SUPERVISOR, today=TODAY) == []
    assert len(list_sent_reminders(session, HOUSING_CLERK)) == 3
    assert list_sent_reminders(session, JOBS_CLERK) == []


def test_person_timeline_lists_posts_and_commitments(session):
    from luoshi.storage.models import PersonMention
    from luoshi.tracking.intake import after_ingest
    from tracking.ledger_fixtures import PLENUM, Doc, store

    first = store(session, PLENUM)
    after_ingest(session, first.id)
    later = store(session, Doc(published=date(2026, 10, 9), headline="调研"))
    for document, title in ((first, "局长"), (later, "副市长")):
        session.add(PersonMention(article_id=document.articles[0].id, ordinal=0, name="罗文清", title=title,
                                  posts=[{"org": JOBS_UNIT if title == "局长" else "临江市人民政府", "title": title}]))
    session.flush()
    timeline = person_timeline(session, SUPERVISOR, "罗文清")
    assert [(p.title, p.first_seen) for p in timeline.posts] == [("局长", date(2026, 3, 20)), ("副市长", date(2026, 10, 9))]
    assert [c["text"] for c in timeline.commitments] == ["确保全年新增城镇就业4.2万人以上"]
    assert [i.responsible_person for i in timeline.items] == ["罗文清"]


def test_a_reminder_sent_after_china_midnight_counts_as_sent_today_on_every_backend(session):
    """00:30 in China is 16:30 UTC of the day before: still today's reminder, not one to send again."""
    from luoshi.storage.ledger_models import Reminder
    from luoshi.tracking.lights import CHINA_TZ
    from luoshi.tracking.reminders import _sent_today

    china_today = date(2026, 5, 8)
    sent = datetime(2026, 5, 8, 0, 30, tzinfo=CHINA_TZ).astimezone(UTC)
    session.add(Reminder(unit=JOBS_UNIT, kind="no_report", message="催报", sent_by="dc_wang", sent_at=sent))
    session.add(Reminder(unit=HOUSING_UNIT, kind="no_report", message="催报", sent_by="dc_wang",
                         sent_at=datetime(2026, 5, 7, 23, 30, tzinfo=CHINA_TZ).astimezone(UTC)))
    session.flush()
    assert _sent_today(session, china_today) == {("no_report", None, JOBS_UNIT)}


def test_the_ranking_reads_the_stored_lights_once_they_are_refreshed_for_the_day(session, ledger):
    """After the daily refresh the stored light is today's: the ranking reads it (no per-row judgement)
    and gives the same scorecards; before it (a stale day), the lights are judged again."""
    from luoshi.tracking.lights import refresh_lights

    judged = [(s.unit, s.score, s.by_light) for s in unit_scorecards(session, SUPERVISOR, period=2026, today=TODAY)]
    refresh_lights(session, TODAY)
    assert [(s.unit, s.score, s.by_light) for s in unit_scorecards(session, SUPERVISOR, period=2026,
                                                                   today=TODAY)] == judged
    ledger["b4"].light = "green"  # a stored light that disagrees with the day: only read when fresh
    session.flush()
    housing = next(s for s in unit_scorecards(session, SUPERVISOR, period=2026, today=TODAY)
                   if s.unit == HOUSING_UNIT)
    assert housing.by_light.get("green") == 2
    later = next(s for s in unit_scorecards(session, SUPERVISOR, period=2026, today=date(2026, 7, 2))
                 if s.unit == HOUSING_UNIT)
    assert later.by_light.get("green") == 1
