"""Excel import in the UI (导入Excel): upload a ledger workbook, see what it would change (a preview that
writes nothing: changes per row, conflicts, status steps refused, row errors by column), then apply it.
The workbook travels back with the apply form (base64 in a hidden field), so nothing is kept on the
server between the two steps; applying plans it again against the ledger as it is then."""
from __future__ import annotations

import base64
import binascii
import io

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import Response
from sqlalchemy.orm import Session

from luoshi.tracking import excel
from luoshi.tracking import settings as ledger_settings
from luoshi.tracking.errors import PermissionDenied, ValidationFailed
from luoshi.web.ui.context import UIRoute, check_form_csrf, db, render, require_actor

router = APIRouter(route_class=UIRoute)


@router.get("/ledger/import")
def import_page(request: Request, session: Session = Depends(db)) -> Response:
    actor = require_actor(request, session)
    if not actor.is_supervisor:
        raise PermissionDenied("只有管理员和督查员可以导入台账")
    return render(request, "import.html", {"report": None}, actor=actor)


@router.post("/ledger/import")
def import_workbook(
    request: Request, csrf_token: str = Form(""), mode: str = Form("preview"), workbook: str = Form(""),
    file: UploadFile | None = File(None), session: Session = Depends(db),
) -> Response:
    check_form_csrf(request, csrf_token)
    actor = require_actor(request, session)
    limit = ledger_settings.get_settings(session).attachment_max_bytes
    if file is not None and file.filename:
        data = file.file.read(limit + 1)
    else:
        try:
            data = base64.b64decode(workbook, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ValidationFailed("请选择要导入的Excel文件（.xlsx）") from exc
    if not data:
        raise ValidationFailed("请选择要导入的Excel文件（.xlsx）")
    if len(data) > limit:
        raise ValidationFailed(f"文件过大（上限{limit // (1024 * 1024)}MB）")
    dry_run = mode != "apply"
    report = excel.import_ledger_xlsx(session, actor, io.BytesIO(data), dry_run=dry_run)
    if report.errors and not dry_run:
        session.rollback()
    return render(request, "import.html", {
        "report": report, "applied": not dry_run and not report.errors,
        "workbook": base64.b64encode(data).decode() if dry_run and not report.errors else "",
    }, actor=actor)
