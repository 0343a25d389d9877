"""Reports: upload (read → extract → store → propose items/evidence, one transaction), list, get."""
from __future__ import annotations

import hashlib
from datetime import date
from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Query, Request, Response, UploadFile, status
from fastapi.responses import JSONResponse
from sqlalchemy import func, select

from luoshi.reading.errors import ReadError
from luoshi.reading.limits import check_date
from luoshi.storage import ingest
from luoshi.storage.models import Article, Document
from luoshi.tracking import audit
from luoshi.tracking.errors import NotFound, ValidationFailed
from luoshi.tracking.intake import after_ingest
from luoshi.web.api.deps import DB, ActorDep, PageDep, SupervisorDep, commit
from luoshi.web.api.schemas import BINARY_RESPONSE, DocumentDetail, DocumentSummary, Page, UploadResult, out

router = APIRouter(tags=["documents"])


def document_summary(doc: Document, articles: int | None = None) -> dict:
    fields = {name: getattr(doc, name) for name in DocumentSummary.model_fields if name != "articles"}
    return out(DocumentSummary, {**fields, "warnings": doc.warnings or [], "articles": articles})


def _read_limited(upload: UploadFile, limit: int) -> bytes:
    data = upload.file.read(limit + 1)
    if len(data) > limit:
        raise HTTPException(
            status_code=413,
            detail=f"{upload.filename}: 文件超过上限 {limit // (1024 * 1024)} MB (file too large)",
        )
    return data


@router.post(
    "/documents", status_code=status.HTTP_201_CREATED, response_model=UploadResult,
    summary="上传报告 Upload a report (txt/html/docx/pdf): read, extract, store, propose items",
)
def upload_document(
    request: Request,
    response: Response,
    db: DB,
    actor: SupervisorDep,
    file: Annotated[UploadFile, File(description="报告文件 the report file")],
    published: Annotated[date | None, Form(description="发布日期 YYYY-MM-DD (if the file does not say)")] = None,
    place: Annotated[str | None, Form(max_length=100, description="地点提示 place hint, e.g. 南通市")] = None,
) -> dict:
    settings = request.app.state.settings
    data = _read_limited(file, settings.max_upload_bytes)
    name = file.filename or "upload"
    try:
        check_date(published, name)
        outcome = _ingest(db, data, name, published, place or None, isolate=settings.isolate_uploads)
    except ReadError as exc:
        db.rollback()
        raise ValidationFailed(str(exc)) from exc
    audit.record(db, actor, "ingest", "document", outcome.document_id, None,
                 {"filename": name, "created": outcome.created, "via": "upload", "sha256": outcome.sha256})
    commit(db)
    intake = outcome.after_store
    if not outcome.created:
        response.status_code = status.HTTP_200_OK
    return {
        "document_id": outcome.document_id,
        "created": outcome.created,
        "filename": name,
        "articles": outcome.articles,
        "counts": outcome.items,
        "items_proposed": _count(getattr(intake, "items_proposed", 0)),
        "evidence_proposed": _count(getattr(intake, "evidence_proposed", 0)),
    }


def _ingest(db, data: bytes, name: str, published: date | None, place: str | None, *,  # noqa: ANN001
            isolate: bool) -> ingest.IngestOutcome:
    """Read and extract in a worker process (memory and time limits: a bad file costs one request,
    not the server), then store here; ``isolate=False`` reads in this process (tests, tools)."""
    if not isolate:
        return ingest.ingest_bytes(db, data, name=name, published=published, place=place,
                                   after_store=after_ingest)
    from luoshi.web.isolation import read_and_extract

    found = ingest.find_document(db, hashlib.sha256(data).hexdigest())
    if found is not None:  # the same bytes again: no need to read them
        return ingest.IngestOutcome(name, found.id, False, len(found.articles), sha256=found.sha256)
    result = read_and_extract(data, name=name, published=published, place=place)
    return ingest.ingest_read(db, result.document, result.articles, result.extractions, after_ingest)


def _count(value) -> int:
    return len(value) if isinstance(value, (list, tuple, set)) else int(value or 0)


@router.get("/documents", response_model=Page[DocumentSummary], summary="报告列表 List stored reports")
def list_documents(
    db: DB, actor: ActorDep, page: PageDep,
    place: str | None = None,
    since: Annotated[date | None, Query(description="发布日期不早于 published on/after")] = None,
    until: Annotated[date | None, Query(description="发布日期不晚于 published on/before")] = None,
) -> JSONResponse:
    stmt = select(Document)
    if place:
        stmt = stmt.where(Document.place.contains(place, autoescape=True))
    if since:
        stmt = stmt.where(Document.published >= since)
    if until:
        stmt = stmt.where(Document.published <= until)
    total = db.scalar(select(func.count()).select_from(stmt.with_only_columns(Document.id).subquery())) or 0
    docs = list(db.scalars(stmt.order_by(Document.id.desc()).offset(page.offset).limit(page.page_size)))
    counts: dict[int, int] = {document_id: n for document_id, n in db.execute(
        select(Article.document_id, func.count(Article.id))
        .where(Article.document_id.in_([d.id for d in docs]))
        .group_by(Article.document_id)
    )}
    return page.wrap([document_summary(d, counts.get(d.id, 0)) for d in docs], total)


def _document(db, document_id: int) -> Document:
    doc = db.get(Document, document_id)
    if doc is None:
        raise NotFound(f"报告不存在 (no document {document_id})")
    return doc


@router.get("/documents/{document_id}", response_model=DocumentDetail, summary="报告详情 One report with its articles")
def get_document(document_id: int, db: DB, actor: ActorDep) -> JSONResponse:
    doc = _document(db, document_id)
    fields = {name: getattr(doc, name) for name in DocumentDetail.model_fields}
    return JSONResponse(out(DocumentDetail, {**fields, "warnings": doc.warnings or []}))


@router.get("/documents/{document_id}/raw", response_class=Response, responses=BINARY_RESPONSE, summary="原始文件 The uploaded bytes, unchanged (as a download)")
def get_document_raw(document_id: int, db: DB, actor: ActorDep) -> Response:
    doc = _document(db, document_id)
    return download_response(doc.raw, doc.source_path or f"document-{doc.id}.{doc.format}", _MEDIA.get(doc.format))


_MEDIA = {"html": "text/html", "pdf": "application/pdf", "text": "text/plain",
          "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def download_response(data: bytes, filename: str, media_type: str | None) -> Response:
    """Serve stored bytes as a download that a browser never renders in our origin: an uploaded HTML
    report must not run scripts next to the API (attachment + nosniff + a sandboxing CSP)."""
    from pathlib import PurePath
    from urllib.parse import quote

    name = PurePath(filename).name or "download"
    return Response(data, media_type=media_type or "application/octet-stream", headers={
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": "sandbox; default-src 'none'",
    })
