"""Error responses: every failure of the API is ``{"error": {"code": "...", "message": "..."}}``.

Tracking errors map to HTTP statuses (NotFound 404, PermissionDenied 403, Conflict 409,
InvalidTransition 409, ValidationFailed 422). A refusal (403) is logged as a warning naming the
user, method, path and reason, and recorded in the audit trail as action "denied" — in its own
transaction, because the request's own transaction is rolled back.
"""
from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import OperationalError, PendingRollbackError
from sqlalchemy.orm.exc import StaleDataError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from luoshi.tracking.errors import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    TrackingError,
    ValidationFailed,
)

log = logging.getLogger("luoshi.web.api")

STATUS_OF: dict[type[TrackingError], tuple[int, str]] = {
    NotFound: (404, "not_found"),
    PermissionDenied: (403, "forbidden"),
    Conflict: (409, "conflict"),
    InvalidTransition: (409, "invalid_transition"),
    ValidationFailed: (422, "validation_failed"),
}
HTTP_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    409: "conflict", 413: "too_large", 415: "unsupported_media_type", 422: "validation_failed",
    429: "too_many_requests",
}


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    body.update(extra)
    return {"error": body}


def status_for(exc: TrackingError) -> tuple[int, str]:
    for cls in type(exc).__mro__:
        if cls in STATUS_OF:
            return STATUS_OF[cls]
    return 400, "bad_request"


def record_denial(request: Request, reason: str) -> None:
    """Log a refusal and append an audit row "denied" (best effort: never masks the 403)."""
    actor = getattr(request.state, "actor", None)
    username = actor.username if actor else "anonymous"
    log.warning("denied user=%s method=%s path=%s reason=%s", username, request.method, request.url.path, reason)
    if actor is None:
        return
    try:
        from luoshi.storage.db import transaction
        from luoshi.tracking import audit

        with transaction(request.app.state.session_factory) as session:
            audit.record(
                session, actor, "denied", "request", None, None,
                {"method": request.method, "path": request.url.path, "reason": reason},
            )
    except Exception:  # noqa: BLE001 - auditing a refusal must not turn a 403 into a 500
        log.exception("could not audit denial for %s %s", request.method, request.url.path)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/")


async def tracking_error_handler(request: Request, exc: TrackingError) -> JSONResponse:
    status, code = status_for(exc)
    if status == 403:
        await run_in_threadpool(record_denial, request, str(exc))
    return JSONResponse(error_body(code, str(exc)), status_code=status)


async def http_error_handler(request: Request, exc: StarletteHTTPException) -> Response:
    if not _wants_json(request):
        ui_handler = getattr(request.app.state, "ui_error_handler", None)
        if ui_handler is not None:
            response = await ui_handler(request, exc)
            if response is not None:
                return response
    message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    return JSONResponse(
        error_body(HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}"), message),
        status_code=exc.status_code,
        headers=getattr(exc, "headers", None),
    )


async def validation_error_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    problems = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body")
        problems.append(f"{where}: {err.get('msg')}")
    message = "请求参数无效 (invalid request): " + "; ".join(problems[:5])
    return JSONResponse(
        error_body("validation_failed", message, details=[{"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in exc.errors()]),
        status_code=422,
    )


async def database_error_handler(request: Request, exc: OperationalError) -> JSONResponse:
    """SQLite's "database is locked" under concurrent writers is a retryable conflict, not a crash."""
    text = str(exc.orig if getattr(exc, "orig", None) is not None else exc).lower()
    if "locked" in text or "busy" in text or "could not serialize" in text or "deadlock" in text:
        return JSONResponse(error_body("conflict", "数据库正忙，请稍后重试 (database busy, retry)"), status_code=409)
    log.error("database error on %s %s: %s", request.method, request.url.path, text.splitlines()[0] if text else "")
    return JSONResponse(error_body("database_unavailable", "数据库暂不可用 (database unavailable)"), status_code=503)


async def stale_data_handler(request: Request, exc: StaleDataError | PendingRollbackError) -> JSONResponse:
    """A versioned UPDATE matched no row: someone else changed the record first (optimistic concurrency)."""
    return JSONResponse(
        error_body("conflict", "记录已被他人修改，请刷新后重试 (changed by someone else; reload and retry)"),
        status_code=409,
    )


async def pending_rollback_handler(request: Request, exc: PendingRollbackError) -> JSONResponse:
    """A stale-version flush that a caller touched again afterwards surfaces as PendingRollbackError;
    it is still a concurrent-write conflict. Anything else stays a server error."""
    if "expected to update" in str(exc):
        return await stale_data_handler(request, exc)
    log.error("unexpected PendingRollbackError on %s %s", request.method, request.url.path)
    return JSONResponse(error_body("internal_error", "服务器内部错误 (internal error)"), status_code=500)


async def internal_error_handler(request: Request, exc: Exception) -> Response:
    """Unexpected failures still answer in the API's error format (the transaction was rolled back)."""
    log.error("internal error on %s %s", request.method, request.url.path, exc_info=exc)
    if not _wants_json(request):
        from fastapi.responses import PlainTextResponse

        return PlainTextResponse("服务器内部错误，操作未保存 (internal error; nothing was saved)", status_code=500)
    return JSONResponse(error_body("internal_error", "服务器内部错误，操作未保存 (internal error; nothing was saved)"),
                        status_code=500)


# Starlette types a handler as taking any Exception; each of these takes the one type it is registered for.
_Handler = Callable[[Request, Any], Awaitable[Response]]


def install_error_handlers(app: FastAPI) -> None:
    handlers: dict[type[Exception], _Handler] = {
        Exception: internal_error_handler,
        StaleDataError: stale_data_handler,
        PendingRollbackError: pending_rollback_handler,
        OperationalError: database_error_handler,
        TrackingError: tracking_error_handler,
        StarletteHTTPException: http_error_handler,
        RequestValidationError: validation_error_handler,
    }
    for exc_type, handler in handlers.items():
        app.add_exception_handler(exc_type, handler)
