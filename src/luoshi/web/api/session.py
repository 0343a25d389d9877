"""Sign in and out (for the web UI and for people trying the API in a browser)."""
from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, Field

from luoshi.storage.auth_models import User
from luoshi.tracking import audit, auth
from luoshi.web.api.deps import DB, ActorDep, commit
from luoshi.web.api.schemas import Done, LoginResult, WhoAmI

router = APIRouter(prefix="/session", tags=["session"])


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=1024)


def _actor_json(actor) -> dict:
    return {"username": actor.username, "role": actor.role, "unit": actor.unit, "user_id": actor.user_id}


def client_address(request: Request) -> str | None:
    """The caller's address as the server sees it (behind a proxy: configure uvicorn's
    --forwarded-allow-ips so this is the client, not the proxy)."""
    return request.client.host if request.client else None


def set_session_cookie(request: Request, response: Response, value: str) -> None:
    """Write the session cookie with the project's flags (HttpOnly, SameSite=Lax, Secure if configured)."""
    settings = request.app.state.settings
    response.set_cookie(
        auth.SESSION_COOKIE, value, max_age=settings.session_max_age, httponly=True,
        samesite="lax", secure=settings.secure_cookies, path="/",
    )


@router.post("/login", response_model=LoginResult, summary="登录 Sign in (sets the session cookie)")
def login(body: LoginRequest, request: Request, response: Response, db: DB) -> dict:
    """Throttled per account and per client address (429 with Retry-After after repeated failures)."""
    try:
        actor = auth.authenticate_throttled(db, request.app.state.login_throttle, body.username, body.password,
                                            client_address(request))
    except auth.Throttled as exc:
        raise HTTPException(status_code=429, detail=str(exc), headers={"Retry-After": str(exc.retry_after)}) from exc
    if actor is None:
        raise HTTPException(status_code=401, detail="用户名或密码错误 (wrong username or password)")
    commit(db)  # a password rehash may have been written
    cookie = auth.issue_session_cookie(actor, secret_key=request.app.state.settings.secret_key)
    set_session_cookie(request, response, cookie)
    csrf = auth.csrf_token_for(cookie, secret_key=request.app.state.settings.secret_key)
    return {"user": _actor_json(actor), "csrf_token": csrf}


@router.post("/logout", response_model=Done, summary="退出 Sign out (clears the cookie and ends this user's earlier sessions)")
def logout(request: Request, response: Response, actor: ActorDep, db: DB) -> dict:
    """Server-side sign-out: every cookie issued to this user so far stops working (a copied cookie
    cannot be replayed), which also signs the user out on their other browsers."""
    if request.state.auth_method == "cookie" and actor.user_id is not None:
        user = db.get(User, actor.user_id)
        if user is not None:
            auth.end_all_sessions(db, user)
    audit.record(db, actor, "logout", "user", actor.user_id, None, {"via": request.state.auth_method})
    commit(db)
    response.delete_cookie(auth.SESSION_COOKIE, path="/")
    return {"ok": True}


@router.get("", response_model=WhoAmI, summary="当前用户 Who am I (and the CSRF token for cookie sessions)")
def whoami(request: Request, actor: ActorDep) -> dict:
    cookie = request.cookies.get(auth.SESSION_COOKIE)
    csrf = None
    if request.state.auth_method == "cookie" and cookie:
        csrf = auth.csrf_token_for(cookie, secret_key=request.app.state.settings.secret_key)
    return {"user": _actor_json(actor), "auth": request.state.auth_method, "csrf_token": csrf}
