"""Helpers of the API tests: an app on a database with one user (and API token) per role, and ledger
items walked through the workflow. The fixtures that build the databases are in tests/web/conftest.py.

Imported by tests/web/test_api_*.py (pytest puts this folder on sys.path).
"""
from __future__ import annotations

from dataclasses import dataclass, field

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


_password_hash: list[str] = []


def password_hash() -> str:
    """argon2 of PASSWORD, computed once per run (a hash costs ~0.1–0.6 s by design)."""
    if not _password_hash:
        _password_hash.append(auth.hash_password(PASSWORD))
    return _password_hash[0]


def make_env(url: str, *, with_passwords: tuple[str, ...] = ()) -> ApiEnv:
    """Build the app on ``url`` and add the PEOPLE users directly (fast: passwords only where asked)."""
    app = create_app(url, settings=AppSettings(secret_key="test-secret-key", mount_ui=False))
    env = ApiEnv(app=app, url=url)
    with app.state.session_factory() as s:
        for name, (role, unit) in PEOPLE.items():
            pw = password_hash() if name in with_passwords else None
            user = User(username=name, role=role, unit=unit, password_hash=pw, is_active=True)
            s.add(user)
            s.flush()
            value = auth.new_token_value()
            s.add(ApiToken(user_id=user.id, name="tests", token_sha256=auth.token_digest(value), prefix=value[:10]))
            env.tokens[name] = value
            env.user_ids[name] = user.id
        s.commit()
    return env


def assert_error(response, status: int, code: str | None = None) -> dict:
    """The response has ``status`` and the JSON error body ``{"error": {"code", "message"}}``."""
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["message"], body
    if code:
        assert body["error"]["code"] == code, body
    return body


# ---------------------------------------------------------------- ledger fixtures built through the services
ARTICLE_TEXT = (
    "本报讯 昨天，全市稳就业工作推进会召开。市人社局局长周立新表示，全年新增城镇就业3.5万人以上，"
    "开展职业技能培训2万人次。截至8月底，全市新增城镇就业2.6万人。"
)


def seed_article(env: ApiEnv) -> int:
    """A document with one article, stored directly (no reading stage needed)."""
    from datetime import date

    from luoshi.storage.models import Article, Document

    with env.session() as s:
        doc = Document(sha256=__import__("uuid").uuid4().hex * 2, raw=ARTICLE_TEXT.encode(), format="text",
                       encoding="utf-8", text=ARTICLE_TEXT, original_text=ARTICLE_TEXT, place="泰州市",
                       published=date(2026, 9, 2))
        s.add(doc)
        s.flush()
        art = Article(document_id=doc.id, index=0, headline="全市稳就业工作推进会召开", text=ARTICLE_TEXT,
                      doc_start=0, doc_end=len(ARTICLE_TEXT), published=date(2026, 9, 2), place="泰州市")
        s.add(art)
        s.commit()
        return art.id


_PATH_TO = {
    "proposed": [],
    "assigned": ["assign"],
    "accepted": ["assign", "accept"],
    "in_progress": ["assign", "accept", "start"],
    "completion_requested": ["assign", "accept", "start", "request_completion"],
    "closed": ["assign", "accept", "start", "request_completion", "close"],
    "rejected": ["reject"],
}


def make_item(env: ApiEnv, status: str = "proposed", *, lead_unit: str = UNIT_A, reported: bool = False,
              **fields) -> tuple[int, int]:
    """An item in ``status`` (walked there by a supervisor through the workflow); returns (id, version)."""
    from datetime import date

    from luoshi.storage.db import transaction
    from luoshi.tracking import items, workflow
    from luoshi.tracking.actor import Actor

    boss = Actor(username="supervisor", role="supervisor", user_id=env.user_ids["supervisor"])
    values = {"title": "新增城镇就业3.5万人", "lead_unit": lead_unit, "target_value": 35000.0, "target_unit": "人",
              "target_comparator": ">=", "target_metric": "新增城镇就业", "start_date": date(2026, 1, 1),
              "due_date": date(2026, 12, 31), "place": "泰州市", **fields}
    with transaction(env.app.state.session_factory) as s:
        item = items.create_item(s, boss, values)
        for action in _PATH_TO[status]:
            if action == "request_completion":  # 申请办结 needs a progress report
                from luoshi.tracking.progress import add_progress

                add_progress(s, boss, item.id, note="测试准备")
            workflow.transition(s, boss, item.id, action, why="测试准备")
        if reported:
            from luoshi.tracking.progress import add_progress

            add_progress(s, boss, item.id, note="测试准备")
        s.flush()
        return item.id, item.version


def denied_count(env: ApiEnv) -> int:
    from sqlalchemy import func, select

    from luoshi.storage.ledger_models import AuditEntry

    with env.session() as s:
        return s.scalar(select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "denied")) or 0
