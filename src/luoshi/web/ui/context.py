"""Per-request plumbing of the web UI: the database session, the signed-in actor, CSRF, language,
and rendering a template with all of them.

The app factory (``luoshi.web.app.create_app``) owns the engine; the UI finds the session factory on
``app.state`` so that mounting the UI is one ``include_router`` line."""
from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Coroutine, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session, sessionmaker

from luoshi.tracking.actor import Actor
from luoshi.tracking.errors import TrackingError
from luoshi.web.ui import i18n

TEMPLATES_DIR = Path(__file__).with_name("templates")
STATIC_DIR = Path(__file__).with_name("static")
LOGIN_CSRF_COOKIE = "luoshi_login_csrf"

templates = Jinja2Templates(directory=str(TEMPLATES_DIR))  # autoescape is on for .html
templates.env.filters["cn_date"] = i18n.format_date
templates.env.filters["cn_datetime"] = i18n.format_datetime
templates.env.filters["num"] = i18n.format_number
templates.env.filters["urlq"] = lambda s: quote(str(s or ""), safe="")


class NotSignedIn(Exception):
    """Raised by page handlers; the router turns it into a redirect to the sign-in page."""


class FormExpired(Exception):
    """The CSRF token of a POSTed form is missing or wrong."""


def session_factory(request: Request) -> sessionmaker[Session]:
    """The app's session factory: ``app.state.session_factory`` (or one built on ``app.state.engine``)."""
    state = request.app.state
    factory = getattr(state, "session_factory", None) or getattr(state, "sessionmaker", None)
    if factory is None:
        from luoshi.storage.db import session_factory as make

        factory = make(state.engine)
        state.session_factory = factory
    return factory


def db(request: Request) -> Iterator[Session]:
    """FastAPI dependency: one session per request, committed when the handler succeeds."""
    from luoshi.storage.db import transaction

    with transaction(session_factory(request)) as session:
        request.state.ui_session = session
        yield session


def session_cookie_name() -> str:
    from luoshi.tracking import auth

    return auth.SESSION_COOKIE


def secret_key(request: Request) -> str | None:
    """The app's signing key (``app.state.settings.secret_key``); None: the process-wide configured key."""
    settings = getattr(request.app.state, "settings", None)
    return getattr(settings, "secret_key", None)


def optional_actor(request: Request, session: Session) -> Actor | None:
    """The signed-in user, re-read from the database (disabled users are signed out at once)."""
    from luoshi.tracking import auth

    settings = getattr(request.app.state, "settings", None)
    return auth.read_session_cookie(request.cookies.get(auth.SESSION_COOKIE), session, secret_key=secret_key(request),
                                    max_age=getattr(settings, "session_max_age", auth.SESSION_MAX_AGE))


def require_actor(request: Request, session: Session) -> Actor:
    actor = optional_actor(request, session)
    if actor is None:
        raise NotSignedIn()
    return actor


def csrf_token(request: Request) -> str:
    """The token for forms on this page: tied to the session cookie, or to the pre-login cookie."""
    from luoshi.tracking import auth

    cookie = request.cookies.get(auth.SESSION_COOKIE)
    if cookie:
        return auth.csrf_token_for(cookie, secret_key=secret_key(request))
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or getattr(request.state, "login_csrf", None)
    if not token:
        token = secrets.token_urlsafe(24)
        request.state.login_csrf = token
    return token


def secure_cookies(request: Request) -> bool:
    """Cookies get the Secure flag when LUOSHI_SECURE_COOKIES is set (AppSettings) or over https."""
    settings = getattr(request.app.state, "settings", None)
    return bool(getattr(settings, "secure_cookies", False)) or request.url.scheme == "https"


def check_form_csrf(request: Request, token: str | None) -> None:
    """Refuse a POST whose token does not match the session (or the pre-login cookie)."""
    from luoshi.tracking import auth

    cookie = request.cookies.get(auth.SESSION_COOKIE)
    if cookie:
        ok = auth.check_csrf(cookie, token, secret_key=secret_key(request))
    else:
        expected = request.cookies.get(LOGIN_CSRF_COOKIE)
        ok = bool(expected and token and hmac.compare_digest(expected, token))
    if not ok:
        raise FormExpired()


def lang_of(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get(i18n.LANG_COOKIE) or "zh"
    return lang if lang in i18n.LANGS else "zh"


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    actor: Actor | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    """Render a page with the shared context: translator, actor, CSRF token, language, today."""
    lang = lang_of(request)
    _ = i18n.translator(lang)
    page = {
        "request": request,
        "_": _,
        "lang": lang,
        "actor": actor,
        "csrf_token": csrf_token(request),
        "today": date.today(),
        "fmt_date": lambda d: i18n.format_date(d, lang),
        "fmt_datetime": lambda d: i18n.format_datetime(d, lang),
        "fmt_clock": lambda d: i18n.format_datetime(_on_office_clock(request, d), lang),
        "pager_url": lambda n: page_url(request, n),
        **(context or {}),
    }
    flashed = _take_flash(request)
    if flashed:
        page["messages"] = list(page.get("messages") or []) + flashed
    response = templates.TemplateResponse(request, name, page, status_code=status_code)
    if flashed:
        response.delete_cookie(FLASH_COOKIE)
    if request.query_params.get("lang") in i18n.LANGS:
        response.set_cookie(i18n.LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax", httponly=True)
    login_token = getattr(request.state, "login_csrf", None)
    if login_token:
        response.set_cookie(LOGIN_CSRF_COOKIE, login_token, samesite="strict", httponly=True,
                            secure=secure_cookies(request))
    return response


def page_url(request: Request, page: int) -> str:
    """The current URL with its query kept and ``page`` replaced (filters survive paging)."""
    query = dict(request.query_params)
    query.pop("lang", None)
    query["page"] = str(page)
    return request.url.path + "?" + urlencode(query)


def redirect(url: str, status_code: int = 303, *, flash: list[tuple[str, str]] | None = None) -> RedirectResponse:
    """A POST's answer: go back to a page (``url`` may end in an anchor, so the page stays where it
    was); ``flash`` = [(kind ok|error, text)] lines shown once on that page (a short-lived cookie)."""
    response = RedirectResponse(url, status_code=status_code)
    if flash:
        import json
        from urllib.parse import quote

        value = quote(json.dumps([[k, t[:300]] for k, t in flash[:12]], ensure_ascii=False))
        response.set_cookie(FLASH_COOKIE, value[:3800], max_age=120, httponly=True, samesite="lax")
    return response


FLASH_COOKIE = "luoshi_flash"


def _on_office_clock(request: Request, moment: datetime | str | None) -> datetime | str | None:
    """A stored time (UTC; SQLite returns it without a zone) on the office's clock (setting time_zone)."""
    from luoshi.tracking.audit_view import local_time
    from luoshi.tracking.settings import get_settings

    if not isinstance(moment, datetime):
        return moment
    session = getattr(request.state, "ui_session", None)
    zone = get_settings(session).time_zone if session is not None else "Asia/Shanghai"
    return local_time(moment, zone)


def _take_flash(request: Request) -> list[tuple[str, str]]:
    """The flash lines left by the last POST (shown once: render deletes the cookie)."""
    raw = request.cookies.get(FLASH_COOKIE)
    if not raw:
        return []
    import json
    from urllib.parse import unquote

    try:
        rows = json.loads(unquote(raw))
        return [(str(k) if k in ("ok", "error") else "ok", str(t)) for k, t in rows][:12]
    except (ValueError, TypeError):
        return []


class UIRoute(APIRoute):
    """Route class of every UI page: errors become pages (or a redirect to sign in), not JSON,
    and whatever the failed handler wrote is rolled back."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                return await original(request)
            except NotSignedIn:
                _rollback(request)
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                return redirect("/login?next=" + quote(target, safe=""))
            except FormExpired:
                _rollback(request)
                return _error_page(request, "error.csrf", 403)
            except TrackingError as exc:
                _rollback(request)
                return _error_page(request, None, _STATUS.get(type(exc).__name__, 400), str(exc))

        return handler


_STATUS = {"NotFound": 404, "PermissionDenied": 403, "Conflict": 409, "InvalidTransition": 409,
           "ValidationFailed": 422}


def _rollback(request: Request) -> None:
    session = getattr(request.state, "ui_session", None)
    if session is not None:
        session.rollback()


def _error_page(request: Request, key: str | None, status: int, message: str = "") -> Response:
    _ = i18n.translator(lang_of(request))
    if key:
        message = _(key)
    elif status == 403 and not message:
        message = _("error.forbidden")
    actor = None
    session = getattr(request.state, "ui_session", None)
    if session is not None:
        try:
            actor = optional_actor(request, session)
        except Exception:  # noqa: BLE001 - the error page must render even if the DB is unwell
            actor = None
    return render(request, "error.html", {"message": message}, actor=actor, status_code=status)


async def handle_http_error(request: Request, exc: Any) -> Response | None:
    """Called by the app for HTTP errors outside the API (e.g. an unknown page): a page, not JSON."""
    if request.url.path.startswith("/api/") or request.url.path.startswith("/static/"):
        return None
    status = getattr(exc, "status_code", 500)
    if status == 401:
        return redirect("/login?next=" + quote(request.url.path, safe=""))
    key = {403: "error.forbidden", 404: "error.not_found"}.get(status)
    return _error_page(request, key, status, str(getattr(exc, "detail", "")))
