"""The triage queue: jurisdiction decides which list a proposal waits in; batch steps report each item."""
from __future__ import annotations

import pytest

from luoshi.tracking.errors import PermissionDenied, ValidationFailed
from luoshi.tracking.items import create_item, get_item
from luoshi.tracking.settings_change import update_settings
from luoshi.tracking.triage import batch, triage_queue, within
from tracking.ledger_fixtures import JOBS_CLERK, JOBS_UNIT, SUPERVISOR


def test_a_place_below_the_office_is_within_it():
    assert within("海陵区", "泰州市") and within("泰州市", "泰州市")
    assert not within("南京市", "泰州市") and not within("江苏省", "泰州市")
    assert within(None, "泰州市") and within("南京市", "")  # unknown place / no setting: inside


def _proposal(session, title, place, **extra):
    values = {"title": title, "lead_unit": JOBS_UNIT, "place": place, "due_date": "2026-12-31", **extra}
    return create_item(session, SUPERVISOR, values)


def test_jurisdiction_splits_the_queue(session):
    ours = _proposal(session, "建设零工市场", "泰州市")
    district = _proposal(session, "改造老旧小区", "海陵区")
    elsewhere = _proposal(session, "新建口袋公园", "南京市")
    everything = triage_queue(session, SUPERVISOR)
    assert (everything.inside_total, everything.outside_total) == (3, 0)  # no setting yet
    update_settings(session, SUPERVISOR, {"jurisdiction": "泰州市"})
    inside, outside = triage_queue(session, SUPERVISOR), triage_queue(session, SUPERVISOR, "outside")
    assert {i.id for i in inside.items} == {ours.id, district.id}
    assert [i.id for i in outside.items] == [elsewhere.id] and inside.outside_total == 1
    with pytest.raises(PermissionDenied):
        triage_queue(session, JOBS_CLERK)


def test_batch_steps_report_each_item_and_go_on_past_a_refusal(session):
    a = _proposal(session, "建设零工市场", "泰州市")
    b = _proposal(session, "改造老旧小区", "泰州市", due_date=None)
    result = batch(session, SUPERVISOR, [a.id, b.id], "confirm")
    assert result.done == [a.serial] and result.failed[0][0] == b.serial and "完成时限" in result.failed[0][1]
    assert get_item(session, SUPERVISOR, a.id).status == "assigned"
    assert get_item(session, SUPERVISOR, b.id).status == "proposed"  # its savepoint was rolled back
    assigned = batch(session, SUPERVISOR, [b.id], "assign", unit=JOBS_UNIT, due_date="2026-10-31")
    assert assigned.done == [b.serial] and str(get_item(session, SUPERVISOR, b.id).due_date) == "2026-10-31"
    c, d = _proposal(session, "坚决做到两个维护", "泰州市"), _proposal(session, "外省事项", "南京市")
    with pytest.raises(ValidationFailed, match="理由"):
        batch(session, SUPERVISOR, [c.id, d.id], "reject")
    assert batch(session, SUPERVISOR, [c.id, d.id], "reject", why="非具体任务").done == [c.serial, d.serial]
    assert {get_item(session, SUPERVISOR, i).status for i in (c.id, d.id)} == {"rejected"}
