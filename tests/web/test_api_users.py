"""User administration over the API and the ``luoshi user`` commands; every change audited."""
from __future__ import annotations

import pytest
from api_support import UNIT_A, assert_error
from typer.testing import CliRunner

from luoshi.cli.main import app as cli
from luoshi.storage.ledger_models import AuditEntry


def _audit(env, action):
    with env.session() as s:
        return s.query(AuditEntry).filter_by(entity_type="user", action=action).order_by(AuditEntry.id).all()


def test_admin_creates_lists_updates_and_disables_users(api_env):
    admin = api_env.client("admin")
    created = admin.post("/api/v1/users", json={"username": "chen.jing", "role": "unit", "unit": UNIT_A,
                                                 "display_name": "陈静", "password": "s3cret-pass"})
    assert created.status_code == 201
    user = created.json()
    assert user["role"] == "unit" and user["has_password"] and "password_hash" not in user
    listed = admin.get("/api/v1/users?role=unit").json()
    assert {u["username"] for u in listed["items"]} == {"unit", "unit_b", "chen.jing"} and listed["total"] == 3
    changed = admin.patch(f"/api/v1/users/{user['id']}", json={"role": "supervisor", "unit": ""}).json()
    assert changed["role"] == "supervisor"
    assert admin.post(f"/api/v1/users/{user['id']}/disable").json()["is_active"] is False
    assert admin.get("/api/v1/users?active=false").json()["total"] == 1
    create, = _audit(api_env, "create")
    assert create.actor == "admin" and create.after["username"] == "chen.jing"
    updates = _audit(api_env, "update")
    assert [u.after["role"] for u in updates] == ["supervisor", "supervisor"]
    assert updates[-1].before["is_active"] is True and updates[-1].after["is_active"] is False
    assert not any("$argon2" in str(row.after) + str(row.before) for row in [create, *updates])


@pytest.mark.parametrize("body,status", [
    ({"username": "unit", "role": "viewer"}, 409),  # taken
    ({"username": "x.y", "role": "unit"}, 422),  # unit role without a unit
    ({"username": "x.y", "role": "boss"}, 422),  # no such role
    ({"username": "a b", "role": "viewer"}, 422),  # space in the name
    ({"username": "x.y", "role": "viewer", "password": "short"}, 422),
])
def test_invalid_user_is_refused_with_a_reason(api_env, body, status):
    assert_error(api_env.client("admin").post("/api/v1/users", json=body), status)


def test_admin_cannot_lock_themselves_out(api_env):
    admin = api_env.client("admin")
    assert_error(admin.post(f"/api/v1/users/{api_env.user_ids['admin']}/disable"), 422)
    assert_error(admin.patch(f"/api/v1/users/{api_env.user_ids['admin']}", json={"role": "viewer"}), 422)


def test_user_may_change_only_their_own_password(api_env):
    viewer = api_env.client("viewer")
    assert viewer.patch(f"/api/v1/users/{api_env.user_ids['viewer']}", json={"password": "new-password-1"}).status_code == 200
    assert_error(viewer.patch(f"/api/v1/users/{api_env.user_ids['unit']}", json={"password": "new-password-1"}), 403)
    assert_error(viewer.patch(f"/api/v1/users/{api_env.user_ids['viewer']}", json={"role": "admin"}), 403)


def test_user_may_create_a_token_for_themselves_only(api_env):
    unit = api_env.client("unit")
    mine = unit.post(f"/api/v1/users/{api_env.user_ids['unit']}/tokens", json={"name": "周报脚本"})
    assert mine.status_code == 201 and mine.json()["token"].startswith("lsh_")
    assert_error(unit.post(f"/api/v1/users/{api_env.user_ids['viewer']}/tokens", json={}), 403)


def test_missing_user_is_404(api_env):
    assert_error(api_env.client("admin").get("/api/v1/users/99999"), 404, "not_found")


def test_cli_adds_lists_and_tokens_users(sqlite_url, monkeypatch):
    runner = CliRunner()
    added = runner.invoke(cli, ["user", "add", "zhou.min", "--role", "unit", "--unit", UNIT_A,
                                "--password-stdin", "--db", sqlite_url], input="long-enough-pw\n")
    assert added.exit_code == 0, added.output
    listed = runner.invoke(cli, ["user", "list", "--db", sqlite_url])
    assert "zhou.min" in listed.output and "unit" in listed.output
    token = runner.invoke(cli, ["user", "token", "zhou.min", "--db", sqlite_url])
    assert token.exit_code == 0 and token.stdout.strip().startswith("lsh_")
    # the token works against the API
    from fastapi.testclient import TestClient

    from luoshi.web.app import AppSettings, create_app

    app = create_app(sqlite_url, settings=AppSettings(secret_key="k", mount_ui=False))
    me = TestClient(app, headers={"Authorization": f"Bearer {token.stdout.strip()}"}).get("/api/v1/session").json()
    assert me["user"] == {"username": "zhou.min", "role": "unit", "unit": UNIT_A, "user_id": 1}
    app.state.engine.dispose()


def test_cli_refuses_bad_input_with_one_line_and_nonzero_exit(sqlite_url):
    runner = CliRunner()
    no_unit = runner.invoke(cli, ["user", "add", "li.na", "--role", "unit", "--db", sqlite_url])
    assert no_unit.exit_code == 1 and "unit" in no_unit.output
    unknown = runner.invoke(cli, ["user", "token", "nobody", "--db", sqlite_url])
    assert unknown.exit_code == 1 and "nobody" in unknown.output
