"""The JSON API (mounted under /api/v1 by luoshi.web.app.create_app).

Each module holds one router; ``api_router`` collects them. OpenAPI tags carry Chinese and English.
"""
from __future__ import annotations

import importlib

from fastapi import APIRouter

OPENAPI_TAGS = [
    {"name": "session", "description": "登录与退出 Sign in / out (session cookie + CSRF token)"},
    {"name": "documents", "description": "报告文件 Uploaded reports: upload (read → extract → store), list, get"},
    {"name": "articles", "description": "文章 Articles of a report with their extraction results"},
    {"name": "extraction", "description": "抽取结果 People, events, commitments, statistics, formulations in bulk"},
    {"name": "items", "description": "督办事项 Supervised items: list/filter, create, update (version), workflow"},
    {"name": "progress", "description": "进展 Progress reports on an item"},
    {"name": "evidence", "description": "佐证 Evidence: proposed from new reports, accepted or rejected, links"},
    {"name": "reminders", "description": "催办 Reminders due, sending them (e-mail, webhook) and the delivery log"},
    {"name": "scorecards", "description": "考核 Unit scorecards and ranking"},
    {"name": "people", "description": "人物 People: posts over time and commitments"},
    {"name": "users", "description": "用户 Users, roles and API tokens (admin)"},
    {"name": "settings", "description": "设置 Ledger settings: light thresholds, scoring weights"},
    {"name": "audit", "description": "审计 Audit trail (supervisors)"},
]

_ROUTER_MODULES = [
    "session",
    "users",
    "documents",
    "articles",
    "items",
    "ledger",
    "reports",
    "people",
    "admin",
]

api_router = APIRouter()
for _name in _ROUTER_MODULES:
    _mod = importlib.import_module(f"{__name__}.{_name}")
    api_router.include_router(_mod.router)
