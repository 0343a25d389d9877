"""Helpers for the API tests: an app on a fresh database with one user (and API token) per role.

Imported by tests/web/test_api_*.py (pytest puts this folder on sys.path).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from fastapi.testclient import TestClient

from luoshi.storage.auth_models import ApiToken, User
from luoshi.tracking import auth
from luoshi.web.app import AppSettings, create_app

UNIT_A = "泰州市人力资源和社会保障局"
UNIT_B = "泰州市住房和城乡建设局"
# name -> (role, unit); "unit_b" is a unit user of another unit.
PEOPLE = {
    "admin": ("admin", None),
    "supervisor": ("supervisor", None),
    "unit": ("unit", UNIT_A),
    "unit_b": ("unit", UNIT_B),
    "viewer": ("viewer", None),
}
PASSWORD = "correct-horse-9"


@dataclass
class ApiEnv:
    app: object
    url: str
    tokens: dict[str, str] = field(default_factory=dict)
    user_ids: dict[str, int] = field(default_factory=dict)

    def client(self, who: str | None = None) -> TestClient:
        """A client authenticated with ``who``'s bearer token (None: anonymous)."""
        headers = {"Authorization": f"Bearer {self.tokens[who]}"} if who else {}
        return TestClient(self.app, headers=headers, raise_server_exceptions=True)

    def session(self):
        return self.app.state.session_factory()


def make_env(url: str, *, with_passwords: tuple[str, ...] = ()) -> ApiEnv:
    """Build the app on ``url`` and add the PEOPLE users directly (fast: passwords only where asked)."""
    app = create_app(url, settings=AppSettings(secret_key="test-secret-key", mount_ui=False))
    env = ApiEnv(app=app, url=url)
    with app.state.session_factory() as s:
        for name, (role, unit) in PEOPLE.items():
            pw = auth.hash_password(PASSWORD) if name in with_passwords else None
            user = User(username=name, role=role, unit=unit, password_hash=pw, is_active=True)
            s.add(user)
            s.flush()
            value = auth.new_token_value()
            s.add(ApiToken(user_id=user.id, name="tests", token_sha256=auth.token_digest(value), prefix=value[:10]))
            env.tokens[name] = value
            env.user_ids[name] = user.id
        s.commit()
    return env


@pytest.fixture
def api_env(db_url):
    env = make_env(db_url, with_passwords=("admin", "unit"))
    yield env
    env.app.state.engine.dispose()


def assert_error(response, status: int, code: str | None = None) -> dict:
    """The response has ``status`` and the JSON error body ``{"error": {"code", "message"}}``."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["message"], body
    if code:
        assert body["error"]["code"] == code, body
    return body
