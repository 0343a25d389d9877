"""Every workflow step over HTTP, legal and illegal, with the version check (the ledger's services
decide; these tests check the API carries their answers faithfully)."""
from __future__ import annotations

import pytest
from api_support import UNIT_A, assert_error, make_item

ILLEGAL = [
    # (status the item is in, action that is not allowed from there)
    ("proposed", "accept"),
    ("proposed", "close"),
    ("assigned", "assign"),
    ("assigned", "request_completion"),
    ("accepted", "close"),
    ("in_progress", "return"),
    ("completion_requested", "accept"),
    ("closed", "return"),
    ("closed", "assign"),
    ("rejected", "assign"),
]


def _step(client, item_id, action, **extra):
    return client.post(f"/api/v1/items/{item_id}/transitions", json={"action": action, **extra})


def test_full_workflow_with_return_for_rework(module_env):
    env = module_env
    boss, unit = env.client("supervisor"), env.client("unit")
    item_id, _ = make_item(env, "proposed", lead_unit=None)
    assert _step(boss, item_id, "assign", unit=UNIT_A, due_date="2026-12-31").json()["status"] == "assigned"
    assert unit.get(f"/api/v1/items/{item_id}/actions").json()["actions"] == ["accept"]
    assert _step(unit, item_id, "accept").json()["status"] == "accepted"
    assert _step(unit, item_id, "start").json()["status"] == "in_progress"
    assert _step(unit, item_id, "request_completion").status_code == 422  # no progress report yet
    assert unit.post(f"/api/v1/items/{item_id}/progress", json={"value": 36000, "note": "已完成"}).status_code < 300
    assert _step(unit, item_id, "request_completion", why="已完成目标").json()["status"] == "completion_requested"
    assert _step(boss, item_id, "return", why="缺少统计部门佐证").json()["status"] == "in_progress"
    assert _step(unit, item_id, "request_completion", why="已补充佐证").json()["status"] == "completion_requested"
    closed = _step(boss, item_id, "close", why="经核实完成", outcome="achieved").json()
    assert closed["status"] == "closed" and closed["outcome"] == "achieved"
    history = boss.get(f"/api/v1/items/{item_id}/history").json()
    steps = [(t["action"], t["actor"]) for t in history["transitions"]]
    assert steps[1:] == [("assign", "supervisor"), ("accept", "unit"), ("start", "unit"),
                         ("request_completion", "unit"), ("return", "supervisor"),
                         ("request_completion", "unit"), ("close", "supervisor")]
    assert [r["new"] for r in history["revisions"] if r["field"] == "lead_unit"] == [UNIT_A]


def test_reject_from_proposed_needs_a_reason(module_env):
    boss = module_env.client("supervisor")
    item_id, _ = make_item(module_env, "proposed")
    assert_error(_step(boss, item_id, "reject"), 422, "validation_failed")
    assert _step(boss, item_id, "reject", why="表述不具体，不予立项").json()["status"] == "rejected"


@pytest.mark.parametrize("status,action", ILLEGAL, ids=[f"{s}-{a}" for s, a in ILLEGAL])
def test_illegal_step_is_409_and_changes_nothing(module_env, status, action):
    boss = module_env.client("supervisor")
    item_id, version = make_item(module_env, status)
    body = assert_error(_step(boss, item_id, action, why="试图越级"), 409, "invalid_transition")
    assert body["error"]["message"]
    after = boss.get(f"/api/v1/items/{item_id}").json()
    assert after["status"] == status and after["version"] == version


def test_unknown_action_is_rejected_by_validation(module_env):
    item_id, _ = make_item(module_env, "proposed")
    assert_error(_step(module_env.client("supervisor"), item_id, "teleport"), 422, "validation_failed")


def test_stale_version_on_transition_is_409(module_env):
    boss = module_env.client("supervisor")
    item_id, version = make_item(module_env, "proposed")
    boss.patch(f"/api/v1/items/{item_id}", json={"version": version, "title": "新增城镇就业3.6万人", "why": "目标上调"})
    assert_error(_step(boss, item_id, "assign", version=version), 409, "conflict")
    current = boss.get(f"/api/v1/items/{item_id}").json()["version"]
    assert _step(boss, item_id, "assign", version=current).status_code == 200


def test_unit_may_not_take_supervisor_steps_on_its_own_item(module_env):
    unit = module_env.client("unit")
    item_id, _ = make_item(module_env, "completion_requested")
    assert_error(_step(unit, item_id, "close", why="自行销号"), 403, "forbidden")
    assert_error(_step(unit, item_id, "return", why="x"), 403, "forbidden")
