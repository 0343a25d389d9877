"""Workflow steps, progress reports, attachments and evidence of supervised items."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Response, UploadFile, status  # noqa: F401
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.storage.db import lock_for_write
from luoshi.storage.ledger_models import EvidenceStatus, Item
from luoshi.tracking import evidence as evidence_service
from luoshi.tracking import progress as progress_service
from luoshi.tracking import workflow
from luoshi.tracking.items import get_item
from luoshi.tracking.workflow import Action
from luoshi.web.api.deps import DB, ActorDep, PageDep, commit
from luoshi.web.api.documents import download_response
from luoshi.web.api.items import item_json
from luoshi.web.api.schemas import (
    BINARY_RESPONSE,
    AllowedActions,
    AttachmentOut,
    BodyId,
    BodyInt,
    EvidenceAccepted,
    EvidenceOut,
    ImportResult,
    ItemOut,
    Page,
    ProgressAdded,
    ProgressOut,
    out,
    outs,
)

router = APIRouter()


class TransitionRequest(BaseModel):
    action: Action = Field(description="assign交办 reject不予立项 accept签收 start办理 request_completion申请办结 return退回 close销号")
    why: str = Field(default="", max_length=2000)
    version: BodyInt | None = Field(default=None, description="读取时的版本号 (409 if stale)")
    unit: str | None = Field(default=None, max_length=200, description="交办时的牵头单位 lead unit (assign)")
    due_date: date | None = Field(default=None, description="交办时的完成时限 (assign)")
    outcome: str | None = Field(default=None, description="销号时的达成情况 (close)")


class ProgressRequest(BaseModel):
    value: float | None = Field(default=None, ge=0, description="累计完成值 cumulative value reached")
    note: str = Field(default="", max_length=5000, description="进展情况")
    problems: str = Field(default="", max_length=5000, description="存在问题")
    next_steps: str = Field(default="", max_length=5000, description="下步打算")
    as_of: date | None = None
    version: BodyInt | None = None


class DecisionRequest(BaseModel):
    why: str = Field(default="", max_length=2000)


class SpanEvidenceRequest(BaseModel):
    article_id: BodyId
    span_start: BodyInt
    span_end: BodyId
    note: str = Field(default="", max_length=2000)
    value: float | None = None


class StatisticEvidenceRequest(BaseModel):
    statistic_id: int = Field(description="抽取出的统计数据id (GET /articles/{id}/statistics)")
    note: str = Field(default="", max_length=2000)


def _lock_item(db: Session, item_ref: str) -> None:
    """Row-lock the item (SELECT … FOR UPDATE on PostgreSQL) so concurrent appends queue up instead of
    failing on the version check; on SQLite the write lock is taken first (BEGIN IMMEDIATE)."""
    lock_for_write(db)
    column = Item.id if item_ref.isdigit() else Item.serial
    key = int(item_ref) if item_ref.isdigit() else item_ref.strip().upper()
    db.execute(select(Item.id).where(column == key).with_for_update())


def _one_page(model: type, rows: list, page) -> JSONResponse:
    return page.wrap(outs(model, rows[page.offset: page.offset + page.page_size]), len(rows))


# ---------------------------------------------------------------- workflow
@router.get("/items/{item_ref}/actions", tags=["items"], response_model=AllowedActions,
            summary="可执行的流程操作 Workflow steps you may take now")
def allowed_actions(item_ref: str, db: DB, actor: ActorDep) -> dict:
    item = get_item(db, actor, item_ref)
    return {"status": item.status, "version": item.version, "actions": workflow.allowed_actions(actor, item)}


@router.post("/items/{item_ref}/transitions", tags=["items"], response_model=ItemOut, summary="流程操作 Take a workflow step (交办/签收/办理/申请办结/退回/销号/不予立项)")
def transition(item_ref: str, body: TransitionRequest, db: DB, actor: ActorDep) -> dict:
    item = workflow.transition(
        db, actor, item_ref, body.action, why=body.why, expected_version=body.version,
        unit=body.unit, due_date=body.due_date, outcome=body.outcome,
    )
    commit(db)
    return item_json(item)


# ---------------------------------------------------------------- progress
@router.get("/items/{item_ref}/progress", tags=["progress"], response_model=Page[ProgressOut],
            summary="进展记录 Progress reports of an item")
def list_progress(item_ref: str, db: DB, actor: ActorDep, page: PageDep) -> JSONResponse:
    return _one_page(ProgressOut, progress_service.list_progress(db, actor, item_ref), page)


@router.post("/items/{item_ref}/progress", status_code=status.HTTP_201_CREATED, tags=["progress"],
             response_model=ProgressAdded, summary="填报进展 Report progress (lead/supporting unit, supervisors)")
def add_progress(item_ref: str, body: ProgressRequest, db: DB, actor: ActorDep) -> dict:
    _lock_item(db, item_ref)
    report = progress_service.add_progress(
        db, actor, item_ref, value=body.value, note=body.note, problems=body.problems,
        next_steps=body.next_steps, as_of=body.as_of, expected_version=body.version,
    )
    commit(db)
    item = get_item(db, actor, report.item_id)
    return {"report": out(ProgressOut, report), "item": item_json(item)}


@router.get("/items/{item_ref}/attachments", tags=["progress"], response_model=Page[AttachmentOut],
            summary="附件列表 Attachments of an item")
def list_attachments(item_ref: str, db: DB, actor: ActorDep, page: PageDep) -> JSONResponse:
    return _one_page(AttachmentOut, progress_service.list_attachments(db, actor, item_ref), page)


@router.post("/items/{item_ref}/attachments", status_code=status.HTTP_201_CREATED, tags=["progress"],
             response_model=AttachmentOut, summary="上传附件 Upload an attachment (size-limited)")
def add_attachment(item_ref: str, db: DB, actor: ActorDep,
                   file: Annotated[UploadFile, File(description="附件 the file")]) -> dict:
    from luoshi.tracking.settings import get_settings

    limit = get_settings(db).attachment_max_bytes  # one byte over the limit is enough for the refusal
    upload = progress_service.UploadedFile(filename=file.filename or "attachment", data=file.file.read(limit + 1),
                                           mime=file.content_type or "application/octet-stream")
    attachment = progress_service.add_attachment(db, actor, item_ref, upload)
    commit(db)
    return out(AttachmentOut, attachment)


@router.get("/attachments/{attachment_id}", tags=["progress"], response_class=Response, responses=BINARY_RESPONSE,
            summary="下载附件 Download an attachment")
def download_attachment(attachment_id: int, db: DB, actor: ActorDep) -> Response:
    attachment = progress_service.get_attachment(db, actor, attachment_id)
    return download_response(attachment.data, attachment.filename, attachment.mime)


# ---------------------------------------------------------------- evidence


@router.get("/evidence", tags=["evidence"], response_model=Page[EvidenceOut],
            summary="佐证材料 Evidence of all visible items (filter by status)")
def list_evidence(db: DB, actor: ActorDep, page: PageDep,
                  status_: Annotated[EvidenceStatus | None, Query(alias="status")] = None) -> JSONResponse:
    rows = evidence_service.list_evidence(db, actor, None, status=status_, limit=page.offset + page.page_size + 1000)
    return _one_page(EvidenceOut, rows, page)


@router.get("/items/{item_ref}/evidence", tags=["evidence"], response_model=Page[EvidenceOut],
            summary="事项的佐证材料 Evidence of one item")
def item_evidence(item_ref: str, db: DB, actor: ActorDep, page: PageDep,
                  status_: Annotated[EvidenceStatus | None, Query(alias="status")] = None) -> JSONResponse:
    return _one_page(EvidenceOut, evidence_service.list_evidence(db, actor, item_ref, status=status_), page)


@router.post("/evidence/{evidence_id}/accept", tags=["evidence"], response_model=EvidenceAccepted,
             summary="采纳佐证 Accept proposed evidence (records progress; supervisors)")
def accept_evidence(evidence_id: int, body: DecisionRequest, db: DB, actor: ActorDep) -> dict:
    report = evidence_service.accept_evidence(db, actor, evidence_id, why=body.why)
    commit(db)
    return {"evidence_id": evidence_id, "status": "accepted", "progress": out(ProgressOut, report) if report else None}


@router.post("/evidence/{evidence_id}/reject", tags=["evidence"], response_model=EvidenceOut,
             summary="驳回佐证 Reject proposed evidence (supervisors)")
def reject_evidence(evidence_id: int, body: DecisionRequest, db: DB, actor: ActorDep) -> dict:
    evidence = evidence_service.reject_evidence(db, actor, evidence_id, why=body.why)
    commit(db)
    return out(EvidenceOut, evidence)


@router.post("/items/{item_ref}/evidence/link", status_code=status.HTTP_201_CREATED, tags=["evidence"],
             response_model=EvidenceOut, summary="引用文章片段作为佐证 Link an article span as evidence")
def add_span_evidence(item_ref: str, body: SpanEvidenceRequest, db: DB, actor: ActorDep) -> dict:
    evidence = evidence_service.add_span_evidence(
        db, actor, item_ref, body.article_id, body.span_start, body.span_end, note=body.note, value=body.value
    )
    commit(db)
    db.refresh(evidence)
    return out(EvidenceOut, evidence)


@router.post("/items/{item_ref}/evidence/statistic", status_code=status.HTTP_201_CREATED, tags=["evidence"],
             response_model=EvidenceOut, summary="选取统计数据作为佐证 Attach an extracted statistic (with its span) as evidence")
def add_statistic_evidence(item_ref: str, body: StatisticEvidenceRequest, db: DB, actor: ActorDep) -> dict:
    evidence = evidence_service.add_statistic_evidence(db, actor, item_ref, body.statistic_id, note=body.note)
    commit(db)
    db.refresh(evidence)
    return out(EvidenceOut, evidence)


@router.post("/items/{item_ref}/evidence/file", status_code=status.HTTP_201_CREATED, tags=["evidence"],
             response_model=EvidenceOut, summary="上传文件作为佐证 Upload a file as evidence")
def add_file_evidence(
    item_ref: str, db: DB, actor: ActorDep,
    file: Annotated[UploadFile, File(description="佐证文件 the file")],
    note: Annotated[str, Form(max_length=2000)] = "",
    value: Annotated[float | None, Form()] = None,
) -> dict:
    upload = progress_service.UploadedFile(filename=file.filename or "evidence", data=file.file.read(),
                                           mime=file.content_type or "application/octet-stream")
    evidence = evidence_service.add_file_evidence(db, actor, item_ref, upload, note=note, value=value)
    commit(db)
    db.refresh(evidence)
    return out(EvidenceOut, evidence)


@router.post("/ledger/import", tags=["ledger"], response_model=ImportResult,
             summary="导入Excel台账 Import a ledger workbook (dry_run=true: preview, nothing written)")
def import_ledger(db: DB, actor: ActorDep, file: UploadFile = File(...), dry_run: bool = Query(False)) -> Any:
    """The Excel round trip: rows with an older 版本 are conflicts (never applied); a changed 状态 goes
    through the workflow or is listed as not applied; any row error → nothing written (422)."""
    import io

    from luoshi.tracking import excel
    from luoshi.tracking.errors import ValidationFailed
    from luoshi.tracking.settings import get_settings

    limit = get_settings(db).attachment_max_bytes
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise ValidationFailed(f"文件过大（上限{limit}字节）")
    report = excel.import_ledger_xlsx(db, actor, io.BytesIO(data), dry_run=dry_run)
    body = {
        "dry_run": dry_run, "created": report.created, "updated": report.updated, "unchanged": report.unchanged,
        "errors": [{"row": e.row, "message": str(e)} for e in report.errors],
        "conflicts": [{"row": c.row, "serial": c.serial, "sheet_version": c.sheet_version,
                       "current_version": c.current_version, "message": str(c)} for c in report.conflicts],
        "not_applied": [{"row": n.row, "serial": n.serial, "message": str(n)} for n in report.not_applied],
        "preview": [{"row": p.row, "serial": p.serial, "note": p.note, "status_step": p.status_step,
                     "changes": [{"column": c, "before": b, "after": a} for c, b, a in p.changes]}
                    for p in report.preview],
    }
    if report.errors:
        db.rollback()
        return JSONResponse(status_code=422, content={"error": {"code": "validation_failed",
                                                                "message": "；".join(map(str, report.errors[:5])),
                                                                "details": body}})
    if not dry_run:
        commit(db)
    return ImportResult.model_validate(body)
