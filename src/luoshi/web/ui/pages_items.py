"""Items made and reshaped by hand: a new item (supervisors; audited by the service), split one into
several, merge duplicates (the merge proposals computed on intake, accepted or declined on the item
page), and evidence from a report passage — a selection in the reading view, or a statistic or a
paragraph picked from an article — not only from a file. Every write goes through the ledger services."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from luoshi.storage.ledger_models import Item
from luoshi.storage.models import Article, Document, StatisticRow
from luoshi.tracking import evidence as evidence_service
from luoshi.tracking import items as item_service
from luoshi.tracking import permissions
from luoshi.tracking.errors import ValidationFailed
from luoshi.tracking.items import COMPARATORS
from luoshi.web.ui import i18n
from luoshi.web.ui import ledger_queries as lq
from luoshi.web.ui.context import UIRoute, check_form_csrf, db, lang_of, redirect, render, require_actor
from luoshi.web.ui.form_values import SPLIT_ROWS
from luoshi.web.ui.form_values import parse_date as _date
from luoshi.web.ui.form_values import parse_number as _number

router = APIRouter(route_class=UIRoute)
PICK_ARTICLES = 20




def _units(text: str) -> list[str]:
    return [u.strip() for u in text.replace("，", "、").replace(",", "、").split("、") if u.strip()]


def _back(url: str, default: str) -> str:
    return url if url.startswith("/") and not url.startswith("//") else default


# ---------------------------------------------------------------- a new item


@router.get("/items/new")
def new_item_form(request: Request, session: Session = Depends(db)) -> Response:
    actor = require_actor(request, session)
    permissions.require_supervisor(actor, "新建督办事项")
    return render(request, "item_new.html", {"units": lq.unit_names(session, actor), "comparators": COMPARATORS},
                  actor=actor)


@router.post("/items/new")
def create_item(
    request: Request, title: str = Form(""), lead_unit: str = Form(""), supporting_units: str = Form(""),
    responsible_person: str = Form(""), target_metric: str = Form(""), target_comparator: str = Form(""),
    target_value: str = Form(""), target_unit: str = Form(""), period_text: str = Form(""),
    start_date: str = Form(""), due_date: str = Form(""), place: str = Form(""), source_event: str = Form(""),
    assign: str = Form(""), why: str = Form(""), csrf_token: str = Form(""), session: Session = Depends(db),
) -> Response:
    """A new item by hand (e.g. a task set at a meeting): 待确认, or 交办 at once when ``assign`` is ticked
    (a lead unit and a deadline are then required, as for every 交办)."""
    check_form_csrf(request, csrf_token)
    actor = require_actor(request, session)
    typed: dict[str, object] = {
        "title": title.strip(), "lead_unit": lead_unit.strip() or None, "supporting_units": _units(supporting_units),
        "responsible_person": responsible_person.strip() or None, "target_metric": target_metric.strip() or None,
        "target_comparator": target_comparator or None, "target_value": _number(target_value),
        "target_unit": target_unit.strip() or None, "period_text": period_text.strip() or None,
        "start_date": _date(start_date), "due_date": _date(due_date), "place": place.strip() or None,
        "source_event": source_event.strip() or None,
    }
    values = {k: v for k, v in typed.items() if v not in (None, [], "")} | {"title": title.strip()}
    item = item_service.create_item(session, actor, values, why=why.strip(),
                                    status="assigned" if assign else "proposed")
    _ = i18n.translator(lang_of(request))
    return redirect(f"/items/{item.id}", flash=[("ok", _("flash.created", serial=item.serial,
                                                          status=_("status." + item.status)))])


# ---------------------------------------------------------------- split and merge


@router.post("/items/{item_id}/split")
async def split_item(request: Request, item_id: int, session: Session = Depends(db)) -> Response:
    """Split into the parts given (a row counts when its title is filled); each part may set its own lead
    unit, target value and deadline, the rest is the parent's."""
    form = await request.form()
    check_form_csrf(request, str(form.get("csrf_token", "")))
    actor = require_actor(request, session)
    parts = []
    for n in range(1, SPLIT_ROWS + 1):
        title = str(form.get(f"part{n}_title", "")).strip()
        if not title:
            continue
        part: dict[str, Any] = {"title": title}
        for field, key, cast in (("lead_unit", "unit", str), ("target_value", "value", _number),
                                 ("due_date", "due", _date)):
            raw = str(form.get(f"part{n}_{key}", "")).strip()
            if raw:
                part[field] = cast(raw)
        parts.append(part)
    version = str(form.get("version", "")).strip()
    children = item_service.split_item(session, actor, item_id, parts, why=str(form.get("why", "")).strip(),
                                       expected_version=int(version) if version.isdigit() else None)
    _ = i18n.translator(lang_of(request))
    return redirect(f"/items/{item_id}#related", flash=[("ok", _("flash.split", n=len(children),
                                                                  serials="、".join(c.serial for c in children)))])


@router.post("/items/{item_id}/merge")
def merge_into(request: Request, item_id: int, duplicates: str = Form(""), why: str = Form(""),
               csrf_token: str = Form(""), session: Session = Depends(db)) -> Response:
    """Merge the duplicates named by serial (DB-2026-0012, …) into this item."""
    check_form_csrf(request, csrf_token)
    actor = require_actor(request, session)
    refs = [r for r in _units(duplicates.replace(" ", "、")) if r]
    if not refs:
        raise ValidationFailed("请填写要合并进来的重复事项编号")
    keep = item_service.merge_items(session, actor, item_id, refs, why=why.strip())
    _ = i18n.translator(lang_of(request))
    return redirect(f"/items/{keep.id}#related", flash=[("ok", _("flash.merged", serials="、".join(refs),
                                                                  serial=keep.serial))])


@router.post("/merge-proposals/{link_id}")
def decide_merge(request: Request, link_id: int, decision: str = Form(""), keep: str = Form(""),
                 why: str = Form(""), back: str = Form(""), csrf_token: str = Form(""),
                 session: Session = Depends(db)) -> Response:
    """采纳 (merge: the item ``keep`` stays, the other becomes 已合并) or 驳回 a merge proposal."""
    check_form_csrf(request, csrf_token)
    actor = require_actor(request, session)
    _ = i18n.translator(lang_of(request))
    if decision == "accept":
        kept = item_service.accept_merge_proposal(session, actor, link_id, keep_ref=int(keep) if keep.isdigit() else None,
                                                  why=why.strip())
        said = _("flash.merge_accepted", serial=kept.serial)
        default = f"/items/{kept.id}#related"
    elif decision == "reject":
        item_service.reject_merge_proposal(session, actor, link_id, why=why.strip())
        said, default = _("flash.merge_declined"), "/"
    else:
        raise ValidationFailed(f"未知的决定：{decision}")
    return redirect(_back(back, default) if decision == "reject" else default, flash=[("ok", said)])


# ---------------------------------------------------------------- evidence from a passage


@dataclass
class Passage:
    start: int
    end: int
    text: str


def _passages(article: Article) -> list[Passage]:
    text = article.text or ""
    spans = [tuple(p) for p in (article.paragraphs or [])] or [(0, len(text))]
    return [Passage(s, e, text[s:e]) for s, e in spans if text[s:e].strip()]


@router.get("/items/{item_id}/evidence/pick")
def pick_evidence(request: Request, item_id: int, article: int | None = None, q: str = "",
                  session: Session = Depends(db)) -> Response:
    """Choose an article (the item's own report first, then by headline or text), then a statistic or a
    paragraph of it to attach as evidence, with its span."""
    actor = require_actor(request, session)
    item = item_service.get_item(session, actor, item_id)
    permissions.require_progress(actor, item)
    chosen = session.get(Article, article) if article else None
    query = select(Article.id, Article.headline, Article.published, Article.place, Article.document_id).order_by(
        Article.published.desc().nulls_last(), Article.id.desc()).limit(PICK_ARTICLES)
    if q.strip():
        query = query.where(or_(Article.headline.contains(q.strip()), Article.text.contains(q.strip())))
    articles = session.execute(query).all()
    statistics: list[tuple[StatisticRow, str]] = []
    if chosen is not None:
        for stat in session.scalars(select(StatisticRow).where(StatisticRow.article_id == chosen.id)
                                    .order_by(StatisticRow.ordinal)):
            statistics.append((stat, (chosen.text or "")[stat.span_start:stat.span_end] if stat.span_end else ""))
    return render(request, "evidence_pick.html", {
        "it": item, "articles": articles, "chosen": chosen, "q": q, "statistics": statistics,
        "passages": _passages(chosen) if chosen is not None else [],
        "document": session.get(Document, chosen.document_id) if chosen is not None else None,
        "own_article": item.article_id,
    }, actor=actor)


@router.post("/items/{item_id}/evidence/passage")
def attach_passage(request: Request, item_id: int, article_id: int = Form(...), span_start: int = Form(...),
                   span_end: int = Form(...), value: str = Form(""), note: str = Form(""), back: str = Form(""),
                   csrf_token: str = Form(""), session: Session = Depends(db)) -> Response:
    """Characters of an article (a selection or a paragraph) as evidence of this item."""
    check_form_csrf(request, csrf_token)
    actor = require_actor(request, session)
    row = evidence_service.add_span_evidence(session, actor, item_id, article_id, span_start, span_end,
                                             note=note.strip(), value=_number(value))
    return _attached(request, session, item_id, row, back)


@router.post("/items/{item_id}/evidence/statistic")
def attach_statistic(request: Request, item_id: int, statistic_id: int = Form(...), note: str = Form(""),
                     back: str = Form(""), csrf_token: str = Form(""), session: Session = Depends(db)) -> Response:
    check_form_csrf(request, csrf_token)
    actor = require_actor(request, session)
    row = evidence_service.add_statistic_evidence(session, actor, item_id, statistic_id, note=note.strip())
    return _attached(request, session, item_id, row, back)


@router.post("/evidence/selection")
def attach_selection(request: Request, item: str = Form(""), article_id: int = Form(...), span_start: int = Form(...),
                     span_end: int = Form(...), value: str = Form(""), note: str = Form(""), back: str = Form(""),
                     csrf_token: str = Form(""), session: Session = Depends(db)) -> Response:
    """From the reading view: the selected passage as evidence of the item named by serial (or id)."""
    check_form_csrf(request, csrf_token)
    actor = require_actor(request, session)
    ref = item.strip()
    if not ref:
        raise ValidationFailed("请填写佐证所属督办事项的编号")
    target = item_service.get_item(session, actor, int(ref) if ref.isdigit() else ref)
    row = evidence_service.add_span_evidence(session, actor, target.id, article_id, span_start, span_end,
                                             note=note.strip(), value=_number(value))
    return _attached(request, session, target.id, row, back)


def _attached(request: Request, session: Session, item_id: int, row: Any, back: str) -> Response:
    item = session.get(Item, item_id)
    _ = i18n.translator(lang_of(request))
    said = _("flash.evidence_added", serial=item.serial if item else item_id,
             status=_("action.accept_evidence") if row.status == "accepted" else _("item.proposed_evidence"))
    return redirect(_back(back, f"/items/{item_id}#evidence"), flash=[("ok", said)])


