"""The audit log as read by the office: serials, names, Chinese labels, the office's clock."""
from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from luoshi.storage.auth_models import User
from luoshi.storage.ledger_models import AuditEntry
from luoshi.tracking.audit_view import label, labels, local_time, readable
from luoshi.tracking.items import EDITABLE_FIELDS, create_item
from luoshi.tracking.settings import LedgerSettings
from luoshi.tracking.settings_change import update_settings
from luoshi.tracking.workflow import TRANSITIONS, transition
from tracking.ledger_fixtures import JOBS_UNIT, SUPERVISOR

RECORDED_ACTIONS = ("create", "update", "progress", "attach", "add_evidence", "accept_evidence", "reject_evidence",
                    "split", "merge", "reject_merge", "remind", "denied", "token_create", "token_revoke")


def test_every_action_field_and_setting_has_a_chinese_label():
    known = labels()
    for action in (*TRANSITIONS, *RECORDED_ACTIONS):
        assert ("action", action) in known, action
    for name in (*EDITABLE_FIELDS, "status", "light", *LedgerSettings().to_dict()):
        assert ("field", name) in known, name
    assert label("value", "not_rated") == "未评定" and label("value", "achieved") == "已达成"


def test_times_are_on_the_offices_clock():
    assert local_time(datetime(2026, 5, 7, 1, 30), "Asia/Shanghai").hour == 9  # SQLite: UTC without a zone
    assert local_time(datetime(2026, 5, 7, 1, 30, tzinfo=UTC), "Europe/London").hour == 2


def test_audit_lines_name_the_serial_the_person_and_the_change(session):
    session.add(User(username="dc_wang", role="supervisor", display_name="王督查", is_active=True))
    item = create_item(session, SUPERVISOR, {"title": "建设零工市场", "lead_unit": JOBS_UNIT, "due_date": "2026-12-31"})
    transition(session, SUPERVISOR, item.id, "assign", why="会议部署")
    update_settings(session, SUPERVISOR, {"time_zone": "Asia/Urumqi"})
    entries = list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    lines = readable(session, entries)
    step = next(line for line in lines if line.action == "交办")
    assert step.entity == f"督办事项 {item.serial}" and step.link == f"/items/{item.id}" and step.who == "王督查"
    assert ("状态", "待确认", "已交办") in step.changes
    assert str(step.at.tzinfo) == "Asia/Urumqi"
    assert all("version" not in name and "search_text" not in name for line in lines for name, _, _ in line.changes)
