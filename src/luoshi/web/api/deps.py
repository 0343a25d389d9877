"""FastAPI dependencies shared by the API routers and the web UI.

- :func:`get_db` — one SQLAlchemy session per request; rolled back on any error. Endpoints that
  write call :func:`commit` themselves, so a failing COMMIT becomes an error response (409) instead
  of a success that was never stored.
- :func:`optional_actor` / :func:`current_actor` — who is calling: ``Authorization: Bearer <token>``
  first, else the signed session cookie. ``current_actor`` answers 401 when nobody is signed in.
- :func:`api_actor` — ``current_actor`` plus CSRF: a cookie-authenticated POST/PUT/PATCH/DELETE must
  send the ``X-CSRF-Token`` header (bearer tokens are not sent by browsers, so they need none).
- :func:`pagination` — ``?page=&page_size=`` → :class:`Page`.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from luoshi.tracking import auth
from luoshi.tracking.actor import Actor
from luoshi.tracking.errors import Conflict, PermissionDenied

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
MAX_PAGE_SIZE = 500


def get_db(request: Request) -> Iterator[Session]:
    session: Session = request.app.state.session_factory()
    try:
        yield session
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


DB = Annotated[Session, Depends(get_db)]


def commit(session: Session) -> None:
    """Commit now; a unique-key or stale-version failure becomes Conflict (409)."""
    try:
        session.commit()
    except (IntegrityError, StaleDataError) as exc:
        session.rollback()
        raise Conflict(f"并发修改冲突，请刷新后重试 (conflicting write: {exc.__class__.__name__})") from exc


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def optional_actor(request: Request, db: DB) -> Actor | None:
    """The caller, or None. Remembers it on ``request.state`` (actor, auth_method) for logging."""
    if getattr(request.state, "actor_resolved", False):
        return request.state.actor
    actor: Actor | None = None
    method = None
    token = _bearer(request)
    if token:
        actor, method = auth.actor_for_token(db, token), "token"
    else:
        cookie = request.cookies.get(auth.SESSION_COOKIE)
        if cookie:
            settings = request.app.state.settings
            actor = auth.read_session_cookie(
                cookie, db, secret_key=settings.secret_key, max_age=settings.session_max_age
            )
            method = "cookie"
    request.state.actor = actor
    request.state.auth_method = method if actor else None
    request.state.actor_resolved = True
    return actor


def current_actor(actor: Annotated[Actor | None, Depends(optional_actor)]) -> Actor:
    """The signed-in caller; 401 when there is none (or the token/cookie is invalid)."""
    if actor is None:
        raise HTTPException(
            status_code=401,
            detail="未登录或凭据无效 (not signed in or invalid credentials)",
            headers={"WWW-Authenticate": "Bearer"},
        )
    return actor


def api_actor(request: Request, actor: Annotated[Actor, Depends(current_actor)]) -> Actor:
    """``current_actor`` plus the CSRF check for cookie-authenticated writes."""
    if request.method not in SAFE_METHODS and request.state.auth_method == "cookie":
        cookie = request.cookies.get(auth.SESSION_COOKIE)
        token = request.headers.get(auth.CSRF_HEADER)
        if not auth.check_csrf(cookie, token, secret_key=request.app.state.settings.secret_key):
            raise PermissionDenied("CSRF 校验失败：缺少或错误的 X-CSRF-Token (CSRF check failed)")
    return actor


ActorDep = Annotated[Actor, Depends(api_actor)]


def require_role(*roles: str):
    """Dependency factory: the caller must hold one of ``roles`` (else 403, logged and audited)."""

    def check(actor: ActorDep) -> Actor:
        if actor.role not in roles:
            raise PermissionDenied(f"角色 {actor.role} 无权执行此操作 (role {actor.role} may not do this)")
        return actor

    return check


SupervisorDep = Annotated[Actor, Depends(require_role("admin", "supervisor"))]
AdminDep = Annotated[Actor, Depends(require_role("admin"))]


@dataclass(frozen=True)
class Page:
    page: int
    page_size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    def wrap(self, items: list[Any], total: int, **extra: Any) -> JSONResponse:
        """The list envelope, sent as-is: the items are already JSON-ready (``schemas.outs``: each one
        validated by its response model), so FastAPI's second pass — validate and encode again — is skipped."""
        body = {"items": items, "total": total, "page": self.page, "page_size": self.page_size, **extra}
        return JSONResponse(body)


def pagination(
    page: Annotated[int, Query(ge=1, description="页码，从1开始 (1-based page number)")] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE, description="每页条数 (items per page)")] = 50,
) -> Page:
    return Page(page=page, page_size=page_size)


PageDep = Annotated[Page, Depends(pagination)]
