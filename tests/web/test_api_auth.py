"""Sign-in, session cookies, CSRF, bearer tokens and the error format of the API."""
from __future__ import annotations

from api_support import PASSWORD, assert_error

from luoshi.storage.ledger_models import AuditEntry
from luoshi.tracking import auth
from luoshi.tracking.actor import Actor


def _login(client, username="admin", password=PASSWORD):
    return client.post("/api/v1/session/login", json={"username": username, "password": password})


def test_anonymous_request_is_refused_with_json_401(api_env):
    assert_error(api_env.client().get("/api/v1/documents"), 401, "unauthorized")


def test_login_sets_httponly_lax_cookie_and_returns_csrf_token(api_env):
    client = api_env.client()
    response = _login(client)
    assert response.status_code == 200
    cookie_header = response.headers["set-cookie"].lower()
    assert "httponly" in cookie_header and "samesite=lax" in cookie_header and "secure" not in cookie_header
    body = response.json()
    assert body["user"]["username"] == "admin" and len(body["csrf_token"]) == 64
    me = client.get("/api/v1/session").json()
    assert me["auth"] == "cookie" and me["csrf_token"] == body["csrf_token"]


def test_wrong_password_and_unknown_user_get_the_same_401(api_env):
    client = api_env.client()
    wrong = assert_error(_login(client, password="not-the-password"), 401)
    unknown = assert_error(_login(client, username="nobody"), 401)
    assert wrong == unknown


def test_cookie_write_without_csrf_header_is_refused_and_audited(api_env):
    client = api_env.client()
    csrf = _login(client).json()["csrf_token"]
    new_user = {"username": "li.ming", "role": "viewer"}
    assert_error(client.post("/api/v1/users", json=new_user), 403, "forbidden")
    with api_env.session() as s:
        denied = s.query(AuditEntry).filter_by(action="denied").all()
    assert denied and denied[-1].actor == "admin" and denied[-1].after["path"] == "/api/v1/users"
    ok = client.post("/api/v1/users", json=new_user, headers={auth.CSRF_HEADER: csrf})
    assert ok.status_code == 201, ok.text


def test_bearer_token_needs_no_csrf(api_env):
    response = api_env.client("admin").post("/api/v1/users", json={"username": "wang.fang", "role": "viewer"})
    assert response.status_code == 201


def test_revoked_token_and_disabled_user_are_refused(api_env):
    admin = api_env.client("admin")
    issued = admin.post(f"/api/v1/users/{api_env.user_ids['viewer']}/tokens", json={"name": "script"}).json()
    script = api_env.client()
    script.headers["Authorization"] = f"Bearer {issued['token']}"
    assert script.get("/api/v1/session").json()["user"]["username"] == "viewer"
    assert admin.delete(f"/api/v1/tokens/{issued['id']}").json()["revoked"] is True
    assert_error(script.get("/api/v1/session"), 401)
    assert api_env.client("viewer").get("/api/v1/session").status_code == 200
    admin.post(f"/api/v1/users/{api_env.user_ids['viewer']}/disable")
    assert_error(api_env.client("viewer").get("/api/v1/session"), 401)


def test_password_change_ends_earlier_sessions(api_env):
    client = api_env.client()
    _login(client, "unit")
    assert client.get("/api/v1/session").status_code == 200
    changed = api_env.client("unit").patch(f"/api/v1/users/{api_env.user_ids['unit']}", json={"password": "another-pass-1"})
    assert changed.status_code == 200, changed.text
    assert_error(client.get("/api/v1/session"), 401)
    assert _login(api_env.client(), "unit", "another-pass-1").status_code == 200


def test_tampered_or_foreign_cookie_is_refused(api_env):
    actor = Actor(username="admin", role="admin", user_id=api_env.user_ids["admin"])
    foreign = auth.issue_session_cookie(actor, secret_key="some-other-key")
    client = api_env.client()
    client.cookies.set(auth.SESSION_COOKIE, foreign)
    assert_error(client.get("/api/v1/session"), 401)
    good = auth.issue_session_cookie(actor, secret_key="test-secret-key")
    client.cookies.set(auth.SESSION_COOKIE, good[:-2] + ("A" if good[-2] != "A" else "B") + good[-1])
    assert_error(client.get("/api/v1/session"), 401)


def test_cookie_role_comes_from_the_database_not_the_cookie(api_env):
    forged = Actor(username="viewer", role="admin", user_id=api_env.user_ids["viewer"])
    client = api_env.client()
    client.cookies.set(auth.SESSION_COOKIE, auth.issue_session_cookie(forged, secret_key="test-secret-key"))
    assert client.get("/api/v1/session").json()["user"]["role"] == "viewer"


def test_csrf_token_is_bound_to_the_cookie():
    token = auth.csrf_token_for("cookie-one", secret_key="k")
    assert auth.check_csrf("cookie-one", token, secret_key="k")
    assert not auth.check_csrf("cookie-two", token, secret_key="k")
    assert not auth.check_csrf("cookie-one", None, secret_key="k")


def test_invalid_query_parameter_gives_json_422(api_env):
    body = assert_error(api_env.client("viewer").get("/api/v1/documents?page=0"), 422, "validation_failed")
    assert "page" in body["error"]["message"]


def test_openapi_document_has_bilingual_tags(api_env):
    spec = api_env.client().get("/api/v1/openapi.json").json()
    tags = {t["name"]: t["description"] for t in spec["tags"]}
    assert "督办事项" in tags["items"] and "Supervised items" in tags["items"]
    assert all(op.get("summary") for path in spec["paths"].values() for op in path.values())


def test_logout_clears_the_cookie(api_env):
    client = api_env.client()
    csrf = _login(client).json()["csrf_token"]
    copied = client.cookies.get(auth.SESSION_COOKIE)
    assert_error(client.post("/api/v1/session/logout"), 403)  # a cookie write needs the CSRF header
    response = client.post("/api/v1/session/logout", headers={auth.CSRF_HEADER: csrf})
    assert response.status_code == 200 and 'luoshi_session=""' in response.headers["set-cookie"]
    assert_error(client.get("/api/v1/session"), 401)
    replay = api_env.client()
    replay.cookies.set(auth.SESSION_COOKIE, copied)
    assert_error(replay.get("/api/v1/session"), 401)  # the server ended the session, not just the browser


def test_secure_flag_when_configured(api_env):
    api_env.app.state.settings.secure_cookies = True
    response = _login(api_env.client())
    assert "secure" in response.headers["set-cookie"].lower()


def test_secret_key_file_is_generated_once_beside_the_database(tmp_path, monkeypatch):
    monkeypatch.delenv("LUOSHI_SECRET_KEY", raising=False)
    url = f"sqlite:///{tmp_path / 'office.db'}"
    first = auth.load_secret_key(url)
    path = tmp_path / "office.db.secret_key"
    assert path.exists() and (path.stat().st_mode & 0o777) == 0o600 and len(first) >= 40
    assert auth.load_secret_key(url) == first
    monkeypatch.setenv("LUOSHI_SECRET_KEY", "from-the-environment")
    assert auth.load_secret_key(url) == "from-the-environment"
