"""Sign-in and sign-out. The cookie is the API's signed session cookie (luoshi.tracking.auth), so
the pages and the JSON API called from the pages' scripts see the same user."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from luoshi.storage.auth_models import User
from luoshi.tracking import audit, auth
from luoshi.web.ui.context import (
    LOGIN_CSRF_COOKIE,
    UIRoute,
    check_form_csrf,
    db,
    optional_actor,
    redirect,
    render,
    secret_key,
    secure_cookies,
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
    address = request.client.host if request.client else None
    try:
        actor = auth.authenticate_throttled(session, request.app.state.login_throttle, username.strip(), password,
                                            address)
    except auth.Throttled as exc:
        page = render(request, "login.html", {"next": _safe_next(next), "failed": True, "throttled": True,
                                              "username": username}, status_code=429)
        page.headers["Retry-After"] = str(exc.retry_after)
        return page
    if actor is None:
        return render(request, "login.html", {"next": _safe_next(next), "failed": True, "username": username},
                      status_code=401)
    response = redirect(_safe_next(next))
    settings = getattr(request.app.state, "settings", None)
    secure = secure_cookies(request)
    cookie = auth.issue_session_cookie(actor, secret_key=secret_key(request))
    response.set_cookie(auth.SESSION_COOKIE, cookie, max_age=getattr(settings, "session_max_age", auth.SESSION_MAX_AGE),
                        httponly=True, samesite="lax", secure=secure)
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout")
def logout(request: Request, csrf_token: str = Form(""), session: Session = Depends(db)) -> Response:
    """Sign out on the server too: every cookie issued to this user so far stops working (as the
    API's logout does), so a copied cookie cannot be replayed after "退出"."""
    check_form_csrf(request, csrf_token)
    actor = optional_actor(request, session)
    if actor is not None and actor.user_id is not None:
        user = session.get(User, actor.user_id)
        if user is not None:
            auth.end_all_sessions(session, user)
            audit.record(session, actor, "logout", "user", actor.user_id, None, {"via": "ui"})
            session.commit()  # now, before the redirect reaches the browser
    response = redirect("/login")
    response.delete_cookie(auth.SESSION_COOKIE)
    return response
