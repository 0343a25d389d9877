"""The web UI test site: users of every role, a report with a hostile headline and its extraction,
ledger items built directly (so the page tests do not depend on how well extraction does).
``build_site(url)`` builds it; the ``sign_in`` fixture (tests/web/conftest.py) signs a user in through
the CSRF-protected form. Imported as ``ui_support`` (pytest puts this folder on sys.path).
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from luoshi.storage.auth_models import User
from luoshi.storage.db import transaction
from luoshi.storage.models import Article, Document
from luoshi.tracking import auth
from luoshi.tracking import items as item_service
from luoshi.tracking.actor import SYSTEM
from luoshi.tracking.lights import local_today
from luoshi.web.app import AppSettings, create_app

PASSWORD = "ui-test-password"
UNIT_A = "示例市人力资源和社会保障局"
UNIT_B = "示例市交通运输局"
HOSTILE = "<script>alert('x')</script>市政府召开常务会议"
TEXT = "本报讯 昨天，市长王明远主持召开常务会议。会议要求，确保全年新增城镇就业3万人以上。"


def csrf_token(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


_HASH: list[str] = []


def _password_hash() -> str:
    """argon2 is slow on purpose: hash the shared test password once per test run."""
    if not _HASH:
        _HASH.append(auth.hash_password(PASSWORD))
    return _HASH[0]


def build_site(url: str) -> tuple[object, dict[str, int]]:
    app = create_app(url, settings=AppSettings(secret_key="ui-test-secret"))
    ids: dict[str, int] = {}
    with transaction(app.state.session_factory) as s:
        for name, role, unit in (("admin", "admin", None), ("sup", "supervisor", None), ("ua", "unit", UNIT_A),
                                 ("ub", "unit", UNIT_B), ("viewer", "viewer", None)):
            s.add(User(username=name, role=role, unit=unit, password_hash=_password_hash(), is_active=True))
        start = TEXT.index("确保")
        extraction = {"people": [{"name": "王明远", "title": "市长", "mentions": [[TEXT.index("王明远"), TEXT.index("王明远") + 3]]}],
                      "commitments": [{"kind": "target", "text": TEXT[start:-1], "span": [start, len(TEXT) - 1],
                                       "target": {"text": "3万人以上", "span": [TEXT.index("3万"), TEXT.index("以上") + 2]}}]}
        doc = Document(sha256="f" * 64, raw=TEXT.encode(), format="text", text=TEXT, original_text=TEXT,
                       title=None, published=date(2026, 3, 15), place="示例市")
        doc.articles.append(Article(index=0, headline=HOSTILE, text=TEXT, doc_start=0, doc_end=len(TEXT),
                                    extraction=extraction, published=date(2026, 3, 15)))
        s.add(doc)
        s.flush()
        ids["document"] = doc.id
        today = local_today()  # the ledger's calendar (China), which the lights are computed on
        for key, title, unit, due, status in (
            ("jobs", "确保全年新增城镇就业3万人以上", UNIT_A, today + timedelta(days=90), "assigned"),
            ("roads", "新改建农村公路120公里", UNIT_B, today - timedelta(days=3), "assigned"),
            ("idea", "推进智慧交通平台建设", UNIT_B, None, "proposed"),
        ):
            item = item_service.create_item(s, SYSTEM, {"title": title, "lead_unit": unit, "due_date": due,
                                                        "target_value": 30000 if key == "jobs" else None,
                                                        "target_unit": "人" if key == "jobs" else None,
                                                        "place": "示例市"}, status=status)
            if key == "jobs":
                item.article_id, item.span_start, item.span_end = doc.articles[0].id, start, len(TEXT) - 1
            ids[key] = item.id
    return app, ids
