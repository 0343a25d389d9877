"""Sign-in and sign-out. The cookie is the API's signed session cookie (luoshi.tracking.auth), so
the pages and the JSON API called from the pages' scripts see the same user."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from luoshi.tracking import auth
from luoshi.web.ui.context import (
    LOGIN_CSRF_COOKIE,
    UIRoute,
    check_form_csrf,
    db,
    optional_actor,
    redirect,
    render,
    secret_key,
)

router = APIRouter(route_class=UIRoute)


def _safe_next(target: str | None) -> str:
    """Only local paths: never redirect a signed-in user to another site."""
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/"


@router.get("/login")
def login_page(request: Request, next: str = "/", session: Session = Depends(db)) -> Response:
    if optional_actor(request, session):
        return redirect(_safe_next(next))
    return render(request, "login.html", {"next": _safe_next(next), "failed": False, "username": ""})


@router.post("/login")
def login(
    request: Request,
    username: str = Form(""),
    password: str = Form(""),
    next: str = Form("/"),
    csrf_token: str = Form(""),
    session: Session = Depends(db),
) -> Response:
    check_form_csrf(request, csrf_token)
    actor = auth.authenticate(session, username.strip(), password)
    if actor is None:
        return render(request, "login.html", {"next": _safe_next(next), "failed": True, "username": username},
                      status_code=401)
    response = redirect(_safe_next(next))
    settings = getattr(request.app.state, "settings", None)
    secure = bool(getattr(settings, "secure_cookies", False)) or request.url.scheme == "https"
    cookie = auth.issue_session_cookie(actor, secret_key=secret_key(request))
    response.set_cookie(auth.SESSION_COOKIE, cookie, max_age=getattr(settings, "session_max_age", auth.SESSION_MAX_AGE),
                        httponly=True, samesite="lax", secure=secure)
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, csrf_token: str = Form("")) -> Response:
    check_form_csrf(request, csrf_token)
    response = redirect("/login")
    response.delete_cookie(auth.SESSION_COOKIE)
    return response
