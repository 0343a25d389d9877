"""Every workflow step, legal and illegal, for every role; transitions are recorded with who/when/why."""
from __future__ import annotations

import pytest

from luoshi.storage.ledger_models import ItemTransition
from luoshi.tracking.errors import InvalidTransition, PermissionDenied, ValidationFailed
from luoshi.tracking.intake import after_ingest
from luoshi.tracking.workflow import TRANSITIONS, allowed_actions, transition
from tracking.ledger_fixtures import (
    ADMIN,
    HOUSING_CLERK,
    JOBS_CLERK,
    JOBS_UNIT,
    PLENUM,
    SUPERVISOR,
    VIEWER,
    store,
)

# status reached by the steps so far -> the path of (action, actor) to get there from proposed
PATHS = {
    "proposed": [],
    "assigned": [("assign", SUPERVISOR)],
    "accepted": [("assign", SUPERVISOR), ("accept", JOBS_CLERK)],
    "in_progress": [("assign", SUPERVISOR), ("accept", JOBS_CLERK), ("start", JOBS_CLERK)],
    "completion_requested": [("assign", SUPERVISOR), ("accept", JOBS_CLERK), ("start", JOBS_CLERK),
                             ("report", JOBS_CLERK), ("request_completion", JOBS_CLERK)],
}


@pytest.fixture
def jobs_item(session):
    document = store(session, PLENUM)
    return after_ingest(session, document.id).item_ids[0]  # the jobs target (lead unit: JOBS_UNIT)


def _walk(session, item_id, status):
    from luoshi.tracking.progress import add_progress

    for action, actor in PATHS[status]:
        if action == "report":  # 申请办结 needs at least one progress report
            add_progress(session, actor, item_id, value=1000, note="测试进展")
            continue
        transition(session, actor, item_id, action, why="测试")


def test_full_happy_path_records_every_step(session, jobs_item):
    _walk(session, jobs_item, "completion_requested")
    item = transition(session, SUPERVISOR, jobs_item, "close", why="已完成")
    assert item.status == "closed" and item.closed_at is not None
    steps = [(t.action, t.from_status, t.to_status, t.actor) for t in item.transitions]
    assert steps == [
        ("propose", "", "proposed", "system"),
        ("assign", "proposed", "assigned", "dc_wang"),
        ("accept", "assigned", "accepted", "hr_zhao"),
        ("start", "accepted", "in_progress", "hr_zhao"),
        ("request_completion", "in_progress", "completion_requested", "hr_zhao"),
        ("close", "completion_requested", "closed", "dc_wang"),
    ]
    assert item.transitions[-1].why == "已完成" and item.transitions[-1].at is not None


def test_return_for_rework_goes_back_to_in_progress_and_needs_a_reason(session, jobs_item):
    _walk(session, jobs_item, "completion_requested")
    with pytest.raises(ValidationFailed):
        transition(session, SUPERVISOR, jobs_item, "return")
    assert transition(session, SUPERVISOR, jobs_item, "return", why="佐证不足").status == "in_progress"


def test_reject_from_proposed_needs_a_reason(session, jobs_item):
    with pytest.raises(ValidationFailed):
        transition(session, SUPERVISOR, jobs_item, "reject")
    item = transition(session, SUPERVISOR, jobs_item, "reject", why="非量化任务")
    assert item.status == "rejected" and item.light == "none"


ILLEGAL = [(status, action) for status in PATHS for action, step in TRANSITIONS.items()
           if status not in step.sources]


@pytest.mark.parametrize("status,action", ILLEGAL)
def test_steps_from_the_wrong_status_are_refused(session, jobs_item, status, action):
    _walk(session, jobs_item, status)
    with pytest.raises(InvalidTransition):
        transition(session, SUPERVISOR, jobs_item, action, why="理由")


@pytest.mark.parametrize("action", ["assign", "reject", "close", "return"])
@pytest.mark.parametrize("actor", [JOBS_CLERK, VIEWER], ids=["lead_unit", "viewer"])
def test_units_and_viewers_cannot_take_supervisor_steps(session, jobs_item, action, actor):
    status = {"assign": "proposed", "reject": "proposed"}.get(action, "completion_requested")
    _walk(session, jobs_item, status)
    with pytest.raises(PermissionDenied):
        transition(session, actor, jobs_item, action, why="理由")


@pytest.mark.parametrize("action,status", [("accept", "assigned"), ("start", "accepted"),
                                           ("request_completion", "in_progress")])
def test_other_units_and_viewers_cannot_take_unit_steps(session, jobs_item, action, status):
    _walk(session, jobs_item, status)
    for outsider in (HOUSING_CLERK, VIEWER):
        with pytest.raises(PermissionDenied):
            transition(session, outsider, jobs_item, action)


def test_supporting_unit_sees_but_cannot_accept(session, jobs_item):
    from luoshi.tracking.items import update_item

    update_item(session, SUPERVISOR, jobs_item, {"supporting_units": "临江市住房和城乡建设局"},
                expected_version=1, why="增加配合单位")
    _walk(session, jobs_item, "assigned")
    with pytest.raises(PermissionDenied):
        transition(session, HOUSING_CLERK, jobs_item, "accept")


def test_admin_may_take_every_step(session, jobs_item):
    from luoshi.tracking.progress import add_progress

    for action in ("assign", "accept", "start", "request_completion", "close"):
        if action == "request_completion":
            add_progress(session, ADMIN, jobs_item, value=1000, note="管理员")
        transition(session, ADMIN, jobs_item, action, why="管理员")
    assert session.query(ItemTransition).filter_by(actor="admin").count() == 5


def test_assign_sets_lead_unit_and_due_date_as_revisions(session, jobs_item):
    item = transition(session, SUPERVISOR, jobs_item, "assign", unit="临江市发展和改革委员会",
                      due_date="2026-10-31", why="调整")
    assert item.lead_unit == "临江市发展和改革委员会" and str(item.due_date) == "2026-10-31"
    assert {(r.field, r.old, r.new) for r in item.revisions} == {
        ("lead_unit", JOBS_UNIT, "临江市发展和改革委员会"), ("due_date", "2026-12-31", "2026-10-31")}


def test_request_completion_needs_a_progress_report(session, jobs_item):
    _walk(session, jobs_item, "in_progress")
    with pytest.raises(ValidationFailed, match="进展"):
        transition(session, JOBS_CLERK, jobs_item, "request_completion")


def test_assign_needs_a_due_date(session):
    from luoshi.tracking.items import create_item

    item = create_item(session, SUPERVISOR, {"title": "无时限的事项", "lead_unit": JOBS_UNIT})
    with pytest.raises(ValidationFailed, match="完成时限"):
        transition(session, SUPERVISOR, item.id, "assign")
    assert transition(session, SUPERVISOR, item.id, "assign", due_date="2026-11-30").status == "assigned"


def test_reject_ignores_the_unit_and_date_a_form_echoes(session, jobs_item):
    from luoshi.tracking.items import get_item

    item = get_item(session, SUPERVISOR, jobs_item)
    rejected = transition(session, SUPERVISOR, jobs_item, "reject", why="非本地事项", unit=item.lead_unit,
                          due_date=item.due_date)
    assert rejected.status == "rejected"


def test_close_suggests_outcome_from_the_figures(session, jobs_item):
    from luoshi.tracking.progress import add_progress

    _walk(session, jobs_item, "in_progress")
    add_progress(session, JOBS_CLERK, jobs_item, value=42000, note="已完成全年目标")
    transition(session, JOBS_CLERK, jobs_item, "request_completion")
    assert transition(session, SUPERVISOR, jobs_item, "close").outcome == "achieved"


def test_allowed_actions_follow_role_and_status(session, jobs_item):
    from luoshi.tracking.items import get_item

    item = get_item(session, SUPERVISOR, jobs_item)
    assert allowed_actions(SUPERVISOR, item) == ["assign", "reject"]
    assert allowed_actions(JOBS_CLERK, item) == []
    _walk(session, jobs_item, "assigned")
    assert allowed_actions(JOBS_CLERK, item) == ["accept"]
    assert allowed_actions(VIEWER, item) == []


def test_stale_version_is_a_conflict(session, jobs_item):
    from luoshi.tracking.errors import Conflict

    transition(session, SUPERVISOR, jobs_item, "assign", expected_version=1)
    with pytest.raises(Conflict):
        transition(session, JOBS_CLERK, jobs_item, "accept", expected_version=1)
