"""督查通报 in the UI: choose a period and a unit, read the report on the page (printable), download it as
.docx or .xlsx — the same ``tracking.briefing`` tables as ``luoshi report``. And the print view of one
item (no forms, no navigation)."""
from __future__ import annotations

import io
from datetime import date, timedelta
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.storage.ledger_models import ProgressReport
from luoshi.tracking import briefing as briefing_service
from luoshi.tracking import items as item_service
from luoshi.tracking.errors import ValidationFailed
from luoshi.web.ui import ledger_queries as lq
from luoshi.web.ui import services
from luoshi.web.ui.context import UIRoute, db, render, require_actor

router = APIRouter(route_class=UIRoute)
MEDIA = {"docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def _period(start: str, end: str) -> tuple[date, date]:
    """The chosen period; by default the last seven days up to today (a weekly report)."""
    today = services.today()
    try:
        return (date.fromisoformat(start) if start else today - timedelta(days=6),
                date.fromisoformat(end) if end else today)
    except ValueError as exc:
        raise ValidationFailed(f"日期格式不对：{start or end}（应为 2026-05-07）") from exc


@router.get("/reports")
def reports_page(request: Request, start: str = "", end: str = "", unit: str = "",
                 session: Session = Depends(db)) -> Response:
    actor = require_actor(request, session)
    date_from, date_to = _period(start, end)
    b = briefing_service.build_briefing(session, actor, date_from, date_to, unit=unit or None, today=services.today())
    query = f"start={date_from}&end={date_to}" + (f"&unit={quote(unit)}" if unit else "")
    return render(request, "reports.html", {
        "b": b, "tables": briefing_service.tables(b), "summary": briefing_service.summary(b),
        "start": date_from, "end": date_to, "unit": unit, "units": lq.unit_names(session, actor), "query": query,
    }, actor=actor)


@router.get("/reports/briefing.{fmt}")
def briefing_file(request: Request, fmt: str, start: str = "", end: str = "", unit: str = "",
                  session: Session = Depends(db)) -> Response:
    actor = require_actor(request, session)
    if fmt not in MEDIA:
        raise ValidationFailed(f"格式应为docx或xlsx：{fmt}")
    date_from, date_to = _period(start, end)
    b = briefing_service.build_briefing(session, actor, date_from, date_to, unit=unit or None, today=services.today())
    buffer = io.BytesIO()
    (briefing_service.write_docx if fmt == "docx" else briefing_service.write_xlsx)(b, buffer)
    name = f"督查通报-{date_from}至{date_to}.{fmt}"
    return StreamingResponse(iter([buffer.getvalue()]), media_type=MEDIA[fmt], headers={
        "Content-Disposition": f"attachment; filename=\"briefing.{fmt}\"; filename*=UTF-8''{quote(name)}"})


@router.get("/items/{item_id}/print")
def item_print(request: Request, item_id: int, session: Session = Depends(db)) -> Response:
    """One item as a sheet to print or file: details, target, progress history, record — no forms."""
    actor = require_actor(request, session)
    item = item_service.get_item(session, actor, item_id)
    reports = list(session.scalars(select(ProgressReport).where(ProgressReport.item_id == item.id)
                                   .order_by(ProgressReport.as_of, ProgressReport.id)))
    return render(request, "item_print.html", {
        "it": item, "reports": reports, "target": item_service.target_label(item), "pct": lq.progress_percent(item),
        "history": services.history_rows(session, actor, item, "zh"),
    }, actor=actor)
