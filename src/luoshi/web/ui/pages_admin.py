"""Administration: users and roles (admins), ledger settings — light thresholds and the scoring rule —
(admins and supervisors), and the audit log (admins and supervisors). Every change goes through the
services, which check the role and write the audit row."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from luoshi.tracking import audit, audit_view, delivery, settings_change, users
from luoshi.tracking import settings as ledger_settings
from luoshi.tracking.actor import ROLES
from luoshi.tracking.errors import PermissionDenied, ValidationFailed
from luoshi.web.ui.context import UIRoute, check_form_csrf, db, redirect, render, require_actor

router = APIRouter(route_class=UIRoute)
AUDIT_PAGE_SIZE = 50
# Settings shown as simple number fields (key, label); scoring weights are listed from the settings.
NUMBER_SETTINGS = ("yellow_days", "progress_tolerance", "no_report_days", "evidence_min_similarity",
                   "stale_report_years")
TEXT_SETTINGS = ("jurisdiction", "time_zone")  # 管辖范围 (the office's place), the office's clock
DELIVERY_LOG_SIZE = 50
DELIVERY_FIELDS = ("smtp_host", "smtp_port", "smtp_security", "smtp_user", "smtp_password", "smtp_from", "link_base",
                   "max_attempts", "retry_base_seconds", "timeout_seconds")


@router.get("/admin")
def admin(request: Request, page: int = 1, entity: str = "", session: Session = Depends(db)) -> Response:
    actor = require_actor(request, session)
    if not actor.is_supervisor:
        raise PermissionDenied("只有管理员和督查员可以进入系统管理")
    user_rows = users.list_users(session, actor)[0] if actor.role == "admin" else []
    log = audit.list_audit(session, actor, entity_type=entity or None, page=max(1, page), page_size=AUDIT_PAGE_SIZE)
    current = ledger_settings.get_settings(session)
    return render(request, "admin.html", {
        "delivery": delivery.get_config(session) if actor.role == "admin" else None,
        "contacts_text": _contacts_text(delivery.get_config(session)) if actor.role == "admin" else "",
        "deliveries": delivery.delivery_log(session, actor, limit=DELIVERY_LOG_SIZE),
        "securities": delivery.SECURITY,
        "users": user_rows, "roles": ROLES, "settings": current, "number_settings": NUMBER_SETTINGS,
        "text_settings": TEXT_SETTINGS,
        "log": log, "lines": audit_view.readable(session, list(log.items)), "entity": entity, "page": log.page,
        "pages": max(1, -(-log.total // AUDIT_PAGE_SIZE)),
    }, actor=actor)


@router.post("/admin/users")
def add_user(
    request: Request, username: str = Form(""), role: str = Form(""), unit: str = Form(""),
    password: str = Form(""), csrf_token: str = Form(""), session: Session = Depends(db),
) -> Response:
    check_form_csrf(request, csrf_token)
    actor = require_actor(request, session)
    users.create_user(session, actor, username, role, unit=unit.strip() or None, password=password or None)
    return redirect("/admin#users")


@router.post("/admin/users/{user_id}")
def change_user(
    request: Request, user_id: int, role: str = Form(""), unit: str = Form(""), active: str = Form(""),
    password: str = Form(""), csrf_token: str = Form(""), session: Session = Depends(db),
) -> Response:
    check_form_csrf(request, csrf_token)
    actor = require_actor(request, session)
    users.update_user(session, actor, user_id, role=role or None, unit=unit.strip(),
                      is_active=active == "1", password=password or None)
    return redirect("/admin#users")


@router.post("/admin/settings")
async def change_settings(request: Request, session: Session = Depends(db)) -> Response:
    form = await request.form()
    check_form_csrf(request, str(form.get("csrf_token", "")))
    actor = require_actor(request, session)
    current = ledger_settings.get_settings(session)
    changes: dict[str, object] = {}
    for key in NUMBER_SETTINGS:
        raw = str(form.get(key, "")).strip()
        if raw:
            changes[key] = _number(raw, key)
    for key in TEXT_SETTINGS:
        if key in form and str(form.get(key, "")).strip() != str(getattr(current, key)):
            changes[key] = str(form.get(key, "")).strip()
    weights = {}
    for key in current.scoring_weights:
        raw = str(form.get("weight_" + key, "")).strip()
        if raw:
            weights[key] = _number(raw, key)
    if weights:
        changes["scoring_weights"] = weights
    settings_change.update_settings(session, actor, changes)
    return redirect("/admin#settings")


def _number(raw: str, key: str) -> float:
    try:
        return float(raw)
    except ValueError as exc:
        raise ValidationFailed(f"设置项{key}应为数字：{raw}") from exc


def _contacts_text(config: delivery.DeliveryConfig) -> str:
    """Unit contacts as the form shows them: one unit a line, ``单位 | 邮箱, 邮箱 | webhook webhook``."""
    return "\n".join(f"{unit} | {', '.join(c.get('emails', []))} | {' '.join(c.get('webhooks', []))}".rstrip(" |")
                     for unit, c in config.unit_contacts.items())


def parse_contacts(text: str) -> dict[str, dict[str, list[str]]]:
    """The contacts textarea back to ``unit_contacts`` (a line without "|" is refused with its number)."""
    contacts: dict[str, dict[str, list[str]]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.replace("｜", "|").split("|")]
        if len(parts) < 2 or not parts[0]:
            raise ValidationFailed(f"单位联系方式第{number}行应为：单位名称 | 邮箱 | webhook网址")
        contacts[parts[0]] = {"emails": [e for e in parts[1].replace("，", ",").split(",") if e.strip()],
                              "webhooks": (parts[2] if len(parts) > 2 else "").split()}
    return contacts


@router.post("/admin/delivery")
async def change_delivery(request: Request, session: Session = Depends(db)) -> Response:
    """The admin's delivery settings: SMTP server, the office's group robots, each unit's contacts."""
    form = await request.form()
    check_form_csrf(request, str(form.get("csrf_token", "")))
    actor = require_actor(request, session)
    changes: dict[str, object] = {key: str(form.get(key, "")).strip() for key in DELIVERY_FIELDS if key in form}
    if changes.get("smtp_password") == "":
        changes.pop("smtp_password")  # an empty password field keeps the stored one
    changes["webhook_urls"] = str(form.get("webhook_urls", "")).split()
    changes["unit_contacts"] = parse_contacts(str(form.get("unit_contacts", "")))
    delivery.update_config(session, actor, changes)
    return redirect("/admin#delivery", flash=[("ok", "已保存催办送达设置")])


@router.post("/admin/deliveries/drain")
def drain_deliveries(request: Request, csrf_token: str = Form(""), session: Session = Depends(db)) -> Response:
    """Deliver every queued attempt that is due now (the worker does it every few seconds anyway)."""
    from luoshi.tracking import permissions
    from luoshi.web.ui import i18n
    from luoshi.web.ui.context import lang_of

    check_form_csrf(request, csrf_token)
    actor = require_actor(request, session)
    permissions.require_supervisor(actor, "送达催办")
    result = delivery.deliver_due(request.app.state.session_factory)
    _ = i18n.translator(lang_of(request))
    return redirect("/admin#deliveries", flash=[("ok", _("flash.drained", **result.to_dict()))])
