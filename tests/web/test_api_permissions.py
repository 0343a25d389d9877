"""The permission matrix: every role against every endpoint, allowed and refused.

Each row names an endpoint, how to prepare what it acts on, and which roles may use it. Every
caller in ROLES is tried: allowed roles get the success status, the others a JSON 403 that is
logged (warning naming user, method and path) and audited as "denied"; anonymous callers get 401.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from api_support import (
    UNIT_A,
    ApiEnv,
    assert_error,
    denied_count,
    make_item,
    seed_article,
)

from luoshi.storage.db import transaction
from luoshi.tracking import evidence as evidence_service
from luoshi.tracking.actor import Actor

ROLES = ("admin", "supervisor", "unit", "unit_b", "viewer")
EVERYONE = set(ROLES)
SUPERVISORS = {"admin", "supervisor"}
ITEM_READERS = {"admin", "supervisor", "unit", "viewer"}  # unit_b belongs to another unit
ITEM_WORKERS = {"admin", "supervisor", "unit"}


@dataclass
class Case:
    name: str
    method: str
    path: str  # may contain {item}, {version}-free placeholders filled by setup
    allowed: set[str]
    setup: Callable[[ApiEnv], dict[str, Any]] = lambda env: {}
    body: Callable[[dict[str, Any]], dict[str, Any] | None] = lambda ctx: None
    files: Callable[[dict[str, Any]], dict[str, Any] | None] = lambda ctx: None
    ok: int = 200
    extra: dict[str, Any] = field(default_factory=dict)


def _item(status: str = "in_progress", *, reported: bool = False):
    def setup(env: ApiEnv) -> dict[str, Any]:
        item_id, version = make_item(env, status, reported=reported)
        return {"item": item_id, "version": version}
    return setup


def _evidence(env: ApiEnv) -> dict[str, Any]:
    item_id, _ = make_item(env, "in_progress")
    article = seed_article(env)
    unit = Actor(username="unit", role="unit", unit=UNIT_A, user_id=env.user_ids["unit"])
    with transaction(env.app.state.session_factory) as s:
        ev = evidence_service.add_span_evidence(s, unit, item_id, article, 40, 52, note="截至8月底数字", value=26000)
        return {"item": item_id, "evidence": ev.id}


def _article(env: ApiEnv) -> dict[str, Any]:
    ctx = _item("in_progress")(env)
    ctx["article"] = seed_article(env)
    return ctx


def _fresh_user(env: ApiEnv) -> dict[str, Any]:
    import uuid

    from luoshi.storage.auth_models import User

    with env.session() as s:
        user = User(username="u" + uuid.uuid4().hex[:8], role="viewer", is_active=True)
        s.add(user)
        s.commit()
        return {"user": user.id}


def _unique_name(ctx: dict[str, Any]) -> dict[str, Any]:
    import uuid

    return {"username": "n" + uuid.uuid4().hex[:8], "role": "viewer"}


REPORT = "全市新增城镇就业3.1万人。市人社局表示，确保全年新增城镇就业3.5万人以上。".encode()

CASES = [
    # reading side: everyone signed in reads; only supervisors upload
    Case("list documents", "GET", "/api/v1/documents", EVERYONE),
    Case("upload document", "POST", "/api/v1/documents", SUPERVISORS, ok=201,
         files=lambda ctx: {"file": (f"report-{__import__('uuid').uuid4().hex}.txt", REPORT + __import__('uuid').uuid4().hex.encode(), "text/plain")}),
    Case("list articles", "GET", "/api/v1/articles", EVERYONE),
    Case("get article", "GET", "/api/v1/articles/{article}", EVERYONE, setup=_article),
    Case("article commitments", "GET", "/api/v1/articles/{article}/commitments", EVERYONE, setup=_article),
    Case("bulk statistics", "GET", "/api/v1/extraction/statistics?place=泰州", EVERYONE),
    Case("list people", "GET", "/api/v1/people", EVERYONE),
    # items
    Case("list items", "GET", "/api/v1/items?status=in_progress", EVERYONE),
    Case("get item", "GET", "/api/v1/items/{item}", ITEM_READERS, setup=_item()),
    Case("item history", "GET", "/api/v1/items/{item}/history", ITEM_READERS, setup=_item()),
    Case("item related", "GET", "/api/v1/items/{item}/related", ITEM_READERS, setup=_item()),
    Case("item actions", "GET", "/api/v1/items/{item}/actions", ITEM_READERS, setup=_item()),
    Case("create item", "POST", "/api/v1/items", SUPERVISORS, ok=201,
         body=lambda ctx: {"title": "完成老旧小区改造60个", "lead_unit": UNIT_A}),
    Case("update item", "PATCH", "/api/v1/items/{item}", SUPERVISORS, setup=_item(),
         body=lambda ctx: {"version": ctx["version"], "due_date": "2026-11-30", "why": "市领导要求提前"}),
    Case("split item", "POST", "/api/v1/items/{item}/split", SUPERVISORS, setup=_item(), ok=201,
         body=lambda ctx: {"parts": [{"title": "海陵区", "target_value": 20000}, {"title": "高港区", "target_value": 15000}]}),
    Case("merge items", "POST", "/api/v1/items/{item}/merge", SUPERVISORS,
         setup=lambda env: {"item": make_item(env, "in_progress")[0], "dup": make_item(env, "in_progress")[0]},
         body=lambda ctx: {"duplicates": [ctx["dup"]], "why": "同一目标重复报道"}),
    Case("merge proposals", "GET", "/api/v1/merge-proposals", SUPERVISORS),
    # workflow: supervisors assign/reject/return/close; the lead unit accepts/starts/requests completion
    Case("assign", "POST", "/api/v1/items/{item}/transitions", SUPERVISORS, setup=_item("proposed"),
         body=lambda ctx: {"action": "assign", "unit": UNIT_A, "due_date": "2026-12-31"}),
    Case("reject", "POST", "/api/v1/items/{item}/transitions", SUPERVISORS, setup=_item("proposed"),
         body=lambda ctx: {"action": "reject", "why": "非量化表述"}),
    Case("accept", "POST", "/api/v1/items/{item}/transitions", ITEM_WORKERS, setup=_item("assigned"),
         body=lambda ctx: {"action": "accept"}),
    Case("start", "POST", "/api/v1/items/{item}/transitions", ITEM_WORKERS, setup=_item("accepted"),
         body=lambda ctx: {"action": "start"}),
    Case("request completion", "POST", "/api/v1/items/{item}/transitions", ITEM_WORKERS, setup=_item("in_progress", reported=True),
         body=lambda ctx: {"action": "request_completion", "why": "已完成"}),
    Case("return", "POST", "/api/v1/items/{item}/transitions", SUPERVISORS, setup=_item("completion_requested"),
         body=lambda ctx: {"action": "return", "why": "佐证不足"}),
    Case("close", "POST", "/api/v1/items/{item}/transitions", SUPERVISORS, setup=_item("completion_requested"),
         body=lambda ctx: {"action": "close", "why": "目标完成"}),
    # progress, attachments, evidence
    Case("list progress", "GET", "/api/v1/items/{item}/progress", ITEM_READERS, setup=_item()),
    Case("add progress", "POST", "/api/v1/items/{item}/progress", ITEM_WORKERS, setup=_item(), ok=201,
         body=lambda ctx: {"value": 26000, "note": "截至8月底新增2.6万人"}),
    Case("list attachments", "GET", "/api/v1/items/{item}/attachments", ITEM_READERS, setup=_item()),
    Case("upload attachment", "POST", "/api/v1/items/{item}/attachments", ITEM_WORKERS, setup=_item(), ok=201,
         files=lambda ctx: {"file": ("台账.csv", "序号,事项\n1,就业\n".encode(), "text/csv")}),
    Case("list evidence", "GET", "/api/v1/evidence?status=proposed", EVERYONE),
    Case("item evidence", "GET", "/api/v1/items/{item}/evidence", ITEM_READERS, setup=_item()),
    Case("link span evidence", "POST", "/api/v1/items/{item}/evidence/link", ITEM_WORKERS, setup=_article, ok=201,
         body=lambda ctx: {"article_id": ctx["article"], "span_start": 40, "span_end": 52, "value": 26000}),
    Case("file evidence", "POST", "/api/v1/items/{item}/evidence/file", ITEM_WORKERS, setup=_item(), ok=201,
         files=lambda ctx: {"file": ("统计快报.txt", "新增就业2.6万人".encode(), "text/plain")}),
    Case("accept evidence", "POST", "/api/v1/evidence/{evidence}/accept", SUPERVISORS, setup=_evidence,
         body=lambda ctx: {"why": "与统计快报一致"}),
    Case("reject evidence", "POST", "/api/v1/evidence/{evidence}/reject", SUPERVISORS, setup=_evidence,
         body=lambda ctx: {"why": "口径不一致"}),
    # reminders and scorecards
    Case("pending reminders", "GET", "/api/v1/reminders", EVERYONE),
    Case("sent reminders", "GET", "/api/v1/reminders/sent", EVERYONE),
    Case("send reminders", "POST", "/api/v1/reminders/send", SUPERVISORS, body=lambda ctx: {"kinds": ["overdue"]}),
    Case("scorecards", "GET", "/api/v1/scorecards?year=2026", EVERYONE),
    Case("ranking", "GET", "/api/v1/scorecards/ranking?year=2026", EVERYONE),
    # administration
    Case("get settings", "GET", "/api/v1/settings", EVERYONE),
    Case("update settings", "PATCH", "/api/v1/settings", SUPERVISORS, body=lambda ctx: {"yellow_days": 15}),
    Case("audit log", "GET", "/api/v1/audit?entity_type=item", SUPERVISORS),
    Case("list users", "GET", "/api/v1/users", {"admin"}),
    Case("create user", "POST", "/api/v1/users", {"admin"}, ok=201, body=_unique_name),
    Case("get user", "GET", "/api/v1/users/{user}", {"admin"}, setup=_fresh_user),
    Case("update user", "PATCH", "/api/v1/users/{user}", {"admin"}, setup=_fresh_user,
         body=lambda ctx: {"role": "supervisor"}),
    Case("disable user", "POST", "/api/v1/users/{user}/disable", {"admin"}, setup=_fresh_user),
    Case("token for another user", "POST", "/api/v1/users/{user}/tokens", {"admin"}, setup=_fresh_user, ok=201,
         body=lambda ctx: {"name": "脚本"}),
]


def _call(client, case: Case, ctx: dict[str, Any]):
    kwargs: dict[str, Any] = {}
    if case.body(ctx) is not None:
        kwargs["json"] = case.body(ctx)
    if case.files(ctx) is not None:
        kwargs["files"] = case.files(ctx)
    return client.request(case.method, case.path.format(**ctx), **kwargs)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_permission_matrix(module_env, case, caplog):
    env = module_env
    for role in ROLES:
        ctx = case.setup(env)
        before = denied_count(env)
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="luoshi.web.api"):
            response = _call(env.client(role), case, ctx)
        if role in case.allowed:
            assert response.status_code == case.ok, f"{role} {case.name}: {response.status_code} {response.text[:300]}"
        else:
            assert_error(response, 403, "forbidden")
            assert denied_count(env) == before + 1, f"{role} {case.name}: refusal not audited"
            assert any(f"user={role}" in r.getMessage() and case.method in r.getMessage() for r in caplog.records)
    anonymous = _call(env.client(), case, case.setup(env))
    assert_error(anonymous, 401, "unauthorized")


def test_unit_user_lists_only_their_units_items(module_env):
    env = module_env
    mine, _ = make_item(env, "in_progress", title="本单位事项")
    other, _ = make_item(env, "in_progress", lead_unit="泰州市交通运输局", title="外单位事项")
    seen = {i["id"] for i in env.client("unit").get("/api/v1/items?page_size=500").json()["items"]}
    assert mine in seen and other not in seen
    seen_b = {i["id"] for i in env.client("unit_b").get("/api/v1/items?page_size=500").json()["items"]}
    assert mine not in seen_b
    assert_error(env.client("unit_b").get(f"/api/v1/items/{mine}/progress"), 403)
