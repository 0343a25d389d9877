"""The triage queue (待确认): proposals inside the office's jurisdiction, and the ones outside it, with
checkboxes for batch confirm / assign / reject, and each row's owner, target and period editable in place.
Every POST answers with a redirect back to the same list, page and row (the page stays where it was) and
a line saying what happened — which items changed, and which did not and why."""
from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.storage.models import Article, Document
from luoshi.tracking import items as item_service
from luoshi.tracking import triage
from luoshi.tracking.errors import ValidationFailed
from luoshi.tracking.items import COMPARATORS, target_label, target_range
from luoshi.tracking.settings import get_settings
from luoshi.web.ui import i18n
from luoshi.web.ui import ledger_queries as lq
from luoshi.web.ui.context import UIRoute, check_form_csrf, db, lang_of, redirect, render, require_actor

router = APIRouter(route_class=UIRoute)
PAGE_SIZE = 50
COMPARATOR_NAMES = {">=": "≥ 不低于", ">": "> 超过", "=": "= 达到", "<=": "≤ 不超过", "<": "< 低于", "~": "约",
                    "between": "区间"}


def _back(scope: str, page: int, document: int | None, anchor: str = "") -> str:
    query = {"scope": scope, "page": str(page)}
    if document:
        query["document"] = str(document)
    return "/triage?" + urlencode(query) + (f"#{anchor}" if anchor else "")


@router.get("/triage")
def triage_page(request: Request, scope: str = "inside", page: int = 1, document: int | None = None,
                session: Session = Depends(db)) -> Response:
    actor = require_actor(request, session)
    scope = scope if scope in triage.SCOPES else "inside"
    queue = triage.triage_queue(session, actor, scope, page=page, page_size=PAGE_SIZE, document_id=document)
    sources = _sources(session, [i.article_id for i in queue.items if i.article_id])
    return render(request, "triage.html", {
        "q": queue, "page": queue.page, "scope": scope, "document": document, "sources": sources,
        "pages": max(1, -(-queue.total // PAGE_SIZE)), "settings": get_settings(session),
        "units": lq.unit_names(session, actor), "comparators": COMPARATORS, "comparator_names": COMPARATOR_NAMES,
        "target_label": target_label, "target_range": target_range,
        "back": _back(scope, queue.page, document),
    }, actor=actor)


def _sources(session: Session, article_ids: list[int]) -> dict[int, tuple]:
    """article id -> (document id, headline, published) for the source column (one query per page)."""
    if not article_ids:
        return {}
    rows = session.execute(select(Article.id, Article.document_id, Article.headline, Article.published,
                                  Document.published).join(Document, Document.id == Article.document_id)
                           .where(Article.id.in_(set(article_ids))))
    return {r[0]: (r[1], r[2], r[3] or r[4]) for r in rows}


@router.post("/triage/batch")
async def triage_batch(request: Request, session: Session = Depends(db)) -> Response:
    form = await request.form()
    check_form_csrf(request, str(form.get("csrf_token", "")))
    actor = require_actor(request, session)
    _ = i18n.translator(lang_of(request))
    scope, page = str(form.get("scope", "inside")), _int(form.get("page"), 1)
    document = _int(form.get("document"), 0) or None
    ids = [_int(v, 0) for v in form.getlist("ids")]
    ids = [i for i in ids if i > 0]
    if not ids:
        return redirect(_back(scope, page, document, "queue"), flash=[("error", _("flash.nothing"))])
    versions = {i: _int(form.get(f"version-{i}"), 0) or None for i in ids}
    action = str(form.get("action", ""))
    due = str(form.get("due_date", "")).strip() or None
    result = triage.batch(session, actor, ids, action, why=str(form.get("why", "")).strip(),
                          unit=str(form.get("unit", "")).strip() or None, due_date=due,
                          versions={k: v for k, v in versions.items() if v})
    step = _("triage.confirm" if action == "confirm" else ("action.reject" if action == "reject" else "action.assign"))
    flash = []
    if result.done:
        flash.append(("ok", _("flash.batch_done", step=step, n=len(result.done), serials="、".join(result.done[:20])
                              + ("…" if len(result.done) > 20 else ""))))
    flash += [("error", _("flash.batch_failed", serial=s, reason=r)) for s, r in result.failed]
    anchor = str(form.get("anchor", "")) or "queue"
    return redirect(_back(scope, page, document, anchor if anchor.startswith("row-") else "queue"), flash=flash)


@router.post("/triage/{item_id}/edit")
def triage_edit(
    request: Request, item_id: int, version: int | None = Form(None), csrf_token: str = Form(""),
    scope: str = Form("inside"), page: int = Form(1), document: int | None = Form(None),
    title: str = Form(""), lead_unit: str = Form(""), responsible_person: str = Form(""),
    target_metric: str = Form(""), target_comparator: str = Form(""), target_value: str = Form(""),
    target_unit: str = Form(""), target_low: str = Form(""), target_high: str = Form(""),
    period_text: str = Form(""), due_date: str = Form(""),
    session: Session = Depends(db),
) -> Response:
    """Correct what extraction read (owner, target, period) before deciding; each change a revision."""
    from luoshi.web.ui.pages_ledger import _date, _number

    check_form_csrf(request, csrf_token)
    actor = require_actor(request, session)
    _ = i18n.translator(lang_of(request))
    if target_comparator and target_comparator not in COMPARATORS:
        raise ValidationFailed(f"比较符应为{'/'.join(COMPARATORS)}之一：{target_comparator}")
    changes = {
        "lead_unit": lead_unit.strip() or None, "responsible_person": responsible_person.strip() or None,
        "target_metric": target_metric.strip() or None, "target_comparator": target_comparator or None,
        "target_value": _number(target_value), "target_unit": target_unit.strip() or None,
        "period_text": period_text.strip() or None, "due_date": _date(due_date),
    }
    if target_comparator == "between":  # a range: its bounds (the value is the low one, as extraction sets it)
        changes["target_low"], changes["target_high"] = _number(target_low), _number(target_high)
        changes["target_value"] = changes["target_low"] if changes["target_low"] is not None else changes["target_value"]
    if title.strip():
        changes["title"] = title.strip()
    item = item_service.update_item(session, actor, item_id, changes, expected_version=version, why="分拣时修改")
    return redirect(_back(scope, page, document, f"row-{item_id}"), flash=[("ok", _("flash.saved", serial=item.serial))])


def _int(value: object, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return default
