"""The ledger side of the UI: dashboard, ledger table (+ Excel export of exactly what is shown), one
item with its workflow, progress and evidence, and the unit pages. Reads are SQL queries filtered by
the actor's visibility; every write goes through the ledger services (permissions, audit, versions)."""
from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, BackgroundTasks, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response, StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.storage.ledger_models import LIGHTS, STATUSES, Attachment, Evidence, Item, ProgressReport
from luoshi.storage.models import Article
from luoshi.tracking import delivery, progress
from luoshi.tracking import items as item_service
from luoshi.tracking import settings as ledger_settings
from luoshi.tracking.actor import Actor
from luoshi.tracking.errors import NotFound, ValidationFailed
from luoshi.web.ui import charts, i18n, services
from luoshi.web.ui import ledger_queries as lq
from luoshi.web.ui.context import UIRoute, check_form_csrf, db, redirect, render, require_actor
from luoshi.web.ui.form_values import SPLIT_ROWS
from luoshi.web.ui.form_values import parse_date as _date
from luoshi.web.ui.form_values import parse_number as _number
from luoshi.web.ui.highlight import context_window, ocr_lines, span_boxes

router = APIRouter(route_class=UIRoute)

STATUS_CLASS = {"closed": "fill-closed", "rejected": "fill-grey", "merged": "fill-grey", "proposed": "fill-yellow"}


@router.get("/")
def dashboard(request: Request, session: Session = Depends(db)) -> Response:
    actor = require_actor(request, session)
    _ = i18n.translator(_lang(request))
    today = services.today()
    d = lq.dashboard(session, actor, today)
    light_parts = [charts.Bar(_("light." + k), d.by_light.get(k, 0), charts.LIGHT_CLASS.get(k, "fill-grey"))
                   for k in ("green", "yellow", "red", "none")]
    status_bars = [charts.Bar(_("status." + s), d.by_status[s], STATUS_CLASS.get(s, "fill-accent"),
                              "/ledger?status=" + s) for s in STATUSES if d.by_status.get(s)]
    unit_bars = [charts.Bar(unit, sum(counts.values()),
                            "fill-red" if counts.get("red") else ("fill-yellow" if counts.get("yellow") else "fill-green"),
                            "/ledger?live=1&lead=" + _q(unit)) for unit, counts in d.by_unit]
    return render(request, "dashboard.html", {
        "d": d,
        "charts": {
            "light": charts.stacked_bar(light_parts, _("dash.by_light")),
            "status": charts.bar_chart(status_bars, _("dash.by_status")),
            "units": charts.bar_chart(unit_bars, _("dash.by_unit")),
        },
        "doc_titles": _document_titles(session, d.recent_documents),
    }, actor=actor)


def _document_titles(session: Session, rows: Sequence[Any]) -> dict[int, str]:
    from luoshi.web.ui.pages_reading import _first_headlines, document_title

    first = _first_headlines(session, [r.id for r in rows])
    return {r.id: document_title(r.title, first.get(r.id, []), r.source_path, r.id) for r in rows}


@router.get("/ledger")
def ledger(request: Request, page: int = 1, session: Session = Depends(db)) -> Response:
    actor = require_actor(request, session)
    filters = lq.LedgerFilters.from_query(request.query_params)
    page = max(1, page)
    rows, total = lq.ledger_page(session, actor, filters, page)
    return render(request, "ledger.html", {
        "rows": rows, "total": total, "page": page, "pages": max(1, -(-total // lq.PAGE_SIZE)),
        "f": filters, "choices": lq.choices(session, actor),
        "statuses": STATUSES, "lights": [l for l in LIGHTS if l != "none"], "sorts": list(lq.SORTS),
        "pct": lq.progress_percent,
        "export_url": "/ledger.xlsx" + ("?" + urlencode(filters.as_query()) if filters.as_query() else ""),
    }, actor=actor)


@router.get("/ledger.xlsx")
def ledger_export(request: Request, session: Session = Depends(db)) -> Response:
    """The ledger as the 督查室 prints it, with the same filters as the page (ledger engineer's writer)."""
    actor = require_actor(request, session)
    filters = lq.LedgerFilters.from_query(request.query_params)
    buffer = io.BytesIO()
    services.write_ledger_xlsx(session, actor, buffer, filters.to_item_filters())
    name = f"督办事项台账-{services.today().isoformat()}.xlsx"
    return StreamingResponse(
        iter([buffer.getvalue()]),
        media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f"attachment; filename=\"ledger.xlsx\"; filename*=UTF-8''{_q(name)}"},
    )


@router.get("/items/{item_id}")
def item_page(request: Request, item_id: int, session: Session = Depends(db)) -> Response:
    actor = require_actor(request, session)
    lang = _lang(request)
    _ = i18n.translator(lang)
    item = item_service.get_item(session, actor, item_id)
    article = lq.article_of(session, item)
    context = None
    if article is not None and item.span_end:
        context = context_window(article.text, item.span_start or 0, item.span_end)
    reports = list(session.scalars(select(ProgressReport).where(ProgressReport.item_id == item.id)
                                   .order_by(ProgressReport.as_of, ProgressReport.id)))
    attachments: dict[int | None, list[Attachment]] = {}
    for row in session.scalars(select(Attachment).where(Attachment.item_id == item.id).order_by(Attachment.id)):
        attachments.setdefault(row.progress_id, []).append(row)
    evidence = list(session.scalars(select(Evidence).where(Evidence.item_id == item.id)
                                    .order_by(Evidence.status != "proposed", Evidence.id)))
    evidence_docs: dict[int, int] = {article_id: document_id for article_id, document_id in session.execute(
        select(Article.id, Article.document_id).where(Article.id.in_([e.article_id for e in evidence if e.article_id])))
    } if evidence else {}
    today = services.today()
    points = [(r.as_of or r.reported_at.date(), 100 * r.value / item.target_value)
              for r in reports if r.value is not None and item.target_value]
    chart = charts.progress_chart(points, item.start_date, item.due_date, today,
                                  {"title": _("item.chart"), "plan": _("item.plan"), "actual": _("item.actual")})
    light_reason = item.light_reason
    if lang == "en":
        from luoshi.tracking.lights import compute_light_en

        light_reason = compute_light_en(item, today, ledger_settings.get_settings(session))[1]
    return render(request, "item.html", {
        "it": item, "light_reason": light_reason, "article": article, "context": context, "pct": lq.progress_percent(item),
        "on_scan": article is not None and bool(item.span_end) and bool(span_boxes(ocr_lines(article), item.span_start or 0,
                                                                                  item.span_end or 0)),
        "reports": reports, "attachments": attachments, "evidence": evidence, "evidence_docs": evidence_docs, "chart": chart,
        "actions": services.allowed_actions(actor, item),
        "can_report": services.can_report(actor, item),
        "can_edit": actor.is_supervisor and item.status not in ("merged",),
        "can_decide": actor.is_supervisor,
        "units": lq.unit_names(session, actor),
        "history": services.history_rows(session, actor, item, lang),
        "reminders": delivery.item_reminders(session, actor, item),
        "summary": delivery.summary,
        **_split_merge_context(session, actor, item),
    }, actor=actor)


def _split_merge_context(session: Session, actor: Actor, item: Item) -> dict[str, object]:
    """What the item page offers besides the workflow: related items (parent, parts, merged duplicates),
    the merge proposals that involve it (accept / decline), and whether it may be split or merged."""
    from luoshi.storage.ledger_models import FINAL_STATUSES

    return {
        "related": item_service.related_items(session, actor, item.id),
        "merge_proposals": item_service.item_merge_proposals(session, actor, item.id),
        "can_reshape": actor.is_supervisor and item.status not in FINAL_STATUSES, "split_rows": SPLIT_ROWS,
        "can_pick_evidence": item.status not in FINAL_STATUSES and (actor.is_supervisor or services.can_report(actor, item)),
    }


@router.post("/items/{item_id}/transition")
def item_transition(
    request: Request, item_id: int,
    action: str = Form(...), version: int | None = Form(None), why: str = Form(""),
    unit: str = Form(""), due_date: str = Form(""), back: str = Form(""), csrf_token: str = Form(""),
    title: str = Form(""), session: Session = Depends(db),
) -> Response:
    """A workflow step; from the reading view's triage row it may carry an edited title (a dated
    revision first, then the step — both in this request's one transaction)."""
    check_form_csrf(request, csrf_token)
    actor = require_actor(request, session)
    if title.strip() and action == "assign":
        current = item_service.get_item(session, actor, item_id)
        if title.strip() != current.title:
            edited = item_service.update_item(session, actor, item_id, {"title": title.strip()},
                                              expected_version=version, why=why.strip() or "确认时修改")
            version = edited.version
    # The forms carry the unit and due date fields with every button (prefilled): only 交办 uses them.
    assigning = action == "assign"
    item = services.transition(session, actor, item_id, action, expected_version=version, why=why.strip(),
                               unit=(unit.strip() or None) if assigning else None,
                               due_date=_date(due_date) if assigning else None)
    _ = i18n.translator(_lang(request))
    said = _("flash.step", serial=item.serial, step=_("action." + action), status=_("status." + item.status))
    return redirect(back if back.startswith("/") and not back.startswith("//") else f"/items/{item_id}",
                    flash=[("ok", said)])


@router.post("/items/{item_id}/progress")
def item_progress(
    request: Request, item_id: int,
    value: str = Form(""), as_of: str = Form(""), note: str = Form(""), problems: str = Form(""),
    next_steps: str = Form(""), csrf_token: str = Form(""), files: list[UploadFile] = File(default=[]),
    session: Session = Depends(db),
) -> Response:
    """A progress report with optional attachments (stored in the database, size-limited by the ledger)."""
    check_form_csrf(request, csrf_token)
    actor = require_actor(request, session)
    limit = ledger_settings.get_settings(session).attachment_max_bytes
    uploads = [_uploaded(f, limit) for f in files if f.filename]
    services.report_progress(session, actor, item_id, value=_number(value), as_of=_date(as_of) or services.today(),
                             note=note.strip(), problems=problems.strip(), next_steps=next_steps.strip(),
                             files=uploads or None)
    return redirect(f"/items/{item_id}")


@router.get("/attachments/{attachment_id}")
def attachment(request: Request, attachment_id: int, session: Session = Depends(db)) -> Response:
    """Download an attachment; always as a download (never rendered inline: it is user content)."""
    actor = require_actor(request, session)
    row = progress.get_attachment(session, actor, attachment_id)
    return Response(row.data, media_type=row.mime or "application/octet-stream", headers={
        "Content-Disposition": f"attachment; filename=\"file\"; filename*=UTF-8''{_q(row.filename)}",
        "X-Content-Type-Options": "nosniff",
    })


def _uploaded(upload: UploadFile, limit: int) -> progress.UploadedFile:
    data = upload.file.read(limit + 1)  # one byte over the limit is enough for the service to refuse it
    return progress.UploadedFile(filename=upload.filename or "file", data=data,
                                 mime=upload.content_type or "application/octet-stream")


@router.post("/items/{item_id}/evidence/{evidence_id}")
def item_evidence(
    request: Request, item_id: int, evidence_id: int, decision: str = Form(...), note: str = Form(""),
    csrf_token: str = Form(""), session: Session = Depends(db),
) -> Response:
    check_form_csrf(request, csrf_token)
    actor = require_actor(request, session)
    services.decide_evidence(session, actor, evidence_id, decision == "accept", note.strip())
    return redirect(f"/items/{item_id}#evidence")


@router.post("/items/{item_id}/edit")
def item_edit(
    request: Request, item_id: int, version: int | None = Form(None), why: str = Form(""),
    title: str = Form(""), lead_unit: str = Form(""), supporting_units: str = Form(""),
    responsible_person: str = Form(""), target_value: str = Form(""), start_date: str = Form(""),
    due_date: str = Form(""),
    csrf_token: str = Form(""), session: Session = Depends(db),
) -> Response:
    check_form_csrf(request, csrf_token)
    actor = require_actor(request, session)
    changes = {
        "title": title.strip(),
        "lead_unit": lead_unit.strip() or None,
        "supporting_units": [u.strip() for u in supporting_units.replace("，", "、").replace(",", "、").split("、") if u.strip()],
        "responsible_person": responsible_person.strip() or None,
        "target_value": _number(target_value),
        "start_date": _date(start_date),
        "due_date": _date(due_date),
    }
    if not changes["title"]:
        raise ValidationFailed("督办事项名称不能为空")
    item_service.update_item(session, actor, item_id, changes, expected_version=version, why=why.strip())
    return redirect(f"/items/{item_id}")


@router.get("/fragments/ranking")
def ranking_fragment(request: Request, limit: int = 10, session: Session = Depends(db)) -> Response:
    """The unit ranking, loaded after the page (the scorecards can take seconds on a huge ledger)."""
    actor = require_actor(request, session)
    rows = services.ranking(session, actor, services.today())
    return render(request, "_ranking.html", {"ranking": rows[: max(1, min(limit, 500))]}, actor=actor)


@router.get("/fragments/reminders")
def reminders_fragment(request: Request, session: Session = Depends(db)) -> Response:
    """Reminders (催办): for the office, those due today (overdue, due soon, units that stopped reporting)
    and the latest sent with how their delivery went; for a unit, the reminders it has received."""
    from luoshi.tracking import reminders

    actor = require_actor(request, session)
    drafts = reminders.pending_reminders(session, actor, today=services.today()) if actor.role != "unit" else []
    received = reminders.list_sent_reminders(session, actor, limit=10) if actor.role in (
        "unit", "admin", "supervisor") else []
    logs = delivery.reminder_deliveries(session, [r.id for r in received])
    states = {r.id: delivery.summary(logs[r.id]) for r in received}
    return render(request, "_reminders.html", {"drafts": drafts[:10], "total": len(drafts), "received": received,
                                               "states": states}, actor=actor)


@router.post("/reminders/send")
def send_reminders(request: Request, background: BackgroundTasks, csrf_token: str = Form(""),
                   session: Session = Depends(db)) -> Response:
    """Send today's pending reminders (supervisors): recorded, then delivered by e-mail and webhook as the
    admin set them — after the response, in a background task (retries in the server's delivery worker)."""
    from luoshi.tracking import reminders

    check_form_csrf(request, csrf_token)
    actor = require_actor(request, session)
    sent = reminders.send_reminders(session, actor, today=services.today())
    queued = len(delivery.delivery_log(session, actor, reminder_ids=[r.id for r in sent])) if sent else 0
    session.commit()  # the background delivery reads the queue from its own sessions
    background.add_task(delivery.drain_quietly, request.app.state.session_factory)
    _ = i18n.translator(_lang(request))
    return redirect("/#reminders", flash=[("ok", _("flash.reminded", n=len(sent), queued=queued))])


@router.get("/fragments/scorecard")
def scorecard_fragment(request: Request, unit: str, session: Session = Depends(db)) -> Response:
    actor = require_actor(request, session)
    score = next((r for r in services.ranking(session, actor, services.today()) if r.unit == unit), None)
    return render(request, "_scorecard.html", {"score": score}, actor=actor)


@router.get("/units")
def units(request: Request, session: Session = Depends(db)) -> Response:
    actor = require_actor(request, session)
    return render(request, "units.html", {"rows": lq.unit_item_counts(session, actor)}, actor=actor)


@router.get("/units/{name}")
def unit_page(request: Request, name: str, page: int = 1, session: Session = Depends(db)) -> Response:
    actor = require_actor(request, session)
    filters = lq.LedgerFilters(unit=name)
    rows, total = lq.ledger_page(session, actor, filters, max(1, page))
    if total == 0 and actor.role == "unit" and actor.unit != name:
        raise NotFound(f"没有找到单位“{name}”的事项")
    return render(request, "unit.html", {
        "name": name, "rows": rows, "total": total, "page": max(1, page),
        "pages": max(1, -(-total // lq.PAGE_SIZE)), "pct": lq.progress_percent,
    }, actor=actor)


def _lang(request: Request) -> str:
    from luoshi.web.ui.context import lang_of

    return lang_of(request)


def _q(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


