"""Ledger settings (light thresholds, scoring weights) and the audit trail."""
from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body
from fastapi.responses import JSONResponse

from luoshi.tracking import audit, settings_change
from luoshi.tracking import settings as ledger_settings
from luoshi.web.api.deps import DB, ActorDep, PageDep, commit
from luoshi.web.api.schemas import AuditEntryOut, Page, SettingsOut, outs

router = APIRouter()


@router.get("/settings", tags=["settings"], response_model=SettingsOut, summary="查看设置 Ledger settings")
def get_settings(db: DB, actor: ActorDep) -> dict:
    return ledger_settings.get_settings(db).to_dict()


@router.patch("/settings", tags=["settings"], response_model=SettingsOut, summary="修改设置 Change settings (admin, supervisor; audited)")
def update_settings(
    db: DB, actor: ActorDep,
    changes: dict[str, Any] = Body(examples=[{"yellow_days": 10, "scoring_weights": {"overdue_penalty": 3}}]),
) -> dict:
    result = settings_change.update_settings(db, actor, changes)
    commit(db)
    return result.to_dict()


@router.get("/audit", tags=["audit"], response_model=Page[AuditEntryOut], summary="审计日志 Audit trail, newest first (supervisors)")
def list_audit(
    db: DB, actor: ActorDep, page: PageDep,
    entity_type: str | None = None, entity_id: str | None = None, username: str | None = None,
) -> JSONResponse:
    result = audit.list_audit(
        db, actor, entity_type=entity_type, entity_id=entity_id, username=username,
        page=page.page, page_size=page.page_size,
    )
    return page.wrap(outs(AuditEntryOut, result.items), result.total)
