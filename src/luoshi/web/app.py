"""The FastAPI application: the JSON API under /api/v1 and (unless ``mount_ui=False``) the web UI.

``create_app(database_url)`` upgrades the schema, configures the secret key, mounts the API
routers and the UI package ``luoshi.web.ui``: its ``router``, its ``static/`` folder at ``/static``
and ``handle_http_error(request, exc) -> Response | None`` (async), which renders its own pages for
non-API errors such as 401 → sign-in redirect.

Run it: ``uvicorn --factory luoshi.web.app:create_app`` (database from LUOSHI_DATABASE_URL) or
``luoshi serve``.
"""
from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from luoshi.storage.db import make_engine, session_factory
from luoshi.storage.migrate import normalise_url, upgrade_to_head
from luoshi.tracking import auth
from luoshi.tracking.delivery import drain_periodically
from luoshi.tracking.lights import refresh_daily
from luoshi.tracking.throttle import LoginThrottle
from luoshi.web.api import OPENAPI_TAGS, api_router
from luoshi.web.api.errors import install_error_handlers
from luoshi.web.edge import EdgeMiddleware

API_PREFIX = "/api/v1"


def _env_flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


@dataclass
class AppSettings:
    """Server settings (not the ledger's settings table). Defaults come from the environment."""

    secret_key: str | None = None  # None: LUOSHI_SECRET_KEY, else the key file beside the database
    secure_cookies: bool = field(default_factory=lambda: _env_flag("LUOSHI_SECURE_COOKIES", False))
    session_max_age: int = auth.SESSION_MAX_AGE
    max_upload_bytes: int = field(
        default_factory=lambda: int(os.environ.get("LUOSHI_MAX_UPLOAD_BYTES", str(50 * 1024 * 1024)))
    )
    # read + extract uploads in a worker process with memory/time limits (luoshi.web.isolation)
    isolate_uploads: bool = field(default_factory=lambda: _env_flag("LUOSHI_ISOLATE_UPLOADS", True))
    migrate: bool = True  # run Alembic upgrade to head on start
    mount_ui: bool = True  # False: the API alone (API tests, headless deployments)


def _mount_ui(app: FastAPI) -> None:
    """Mount the web UI: its pages, its ``static/`` folder at /static and its error pages."""
    from luoshi.web import ui  # imported only when mounted: API-only apps skip the templates

    app.mount("/static", StaticFiles(directory=ui.STATIC_DIR), name="static")
    app.include_router(ui.router)
    app.state.ui_error_handler = ui.handle_http_error


def _mount_docs(app: FastAPI) -> None:
    """Swagger UI at /api/v1/docs and ReDoc at /api/v1/redoc, their scripts and styles served from
    the fastapi-offline package's copy (pinned), never from a CDN."""
    import fastapi_offline
    from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
    from fastapi.responses import HTMLResponse

    assets = Path(fastapi_offline.__file__).resolve().parent / "static"
    app.mount(f"{API_PREFIX}/docs-assets", StaticFiles(directory=assets), name="docs-assets")
    base = f"{API_PREFIX}/docs-assets"

    @app.get(f"{API_PREFIX}/docs", include_in_schema=False)
    def swagger() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url or "", title=f"{app.title} — Swagger UI",
                                   swagger_js_url=f"{base}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{base}/swagger-ui.css", swagger_favicon_url=f"{base}/favicon.png")

    @app.get(f"{API_PREFIX}/redoc", include_in_schema=False)
    def redoc() -> HTMLResponse:
        return get_redoc_html(openapi_url=app.openapi_url or "", title=f"{app.title} — ReDoc",
                              redoc_js_url=f"{base}/redoc.standalone.js", redoc_favicon_url=f"{base}/favicon.png",
                              with_google_fonts=False)


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Keep the ledger's stored traffic lights current: refresh at start-up and after each midnight
    (tracking.lights.refresh_daily, in a thread; a no-op when they are already current); deliver queued
    reminders and retries every few seconds (tracking.delivery.drain_periodically, in a thread)."""
    tasks = [asyncio.create_task(refresh_daily(app.state.session_factory)),
             asyncio.create_task(drain_periodically(app.state.session_factory))]
    try:
        yield
    finally:
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task


def create_app(database_url: str | None = None, *, settings: AppSettings | None = None) -> FastAPI:
    """Build the application for one database (SQLite file or PostgreSQL URL)."""
    settings = settings or AppSettings()
    url = normalise_url(database_url)  # a bare file path means a SQLite file (as ``--db`` accepts)
    if not settings.secret_key:
        settings.secret_key = auth.load_secret_key(url)
    auth.configure_secret_key(settings.secret_key)

    engine = make_engine(url)
    if settings.migrate:
        upgrade_to_head(engine)

    app = FastAPI(
        title="落实 luoshi API",
        version="1",
        description=(
            "督办事项台账与政府报告抽取的 JSON 接口。Authenticate with `Authorization: Bearer <token>` "
            "(`luoshi user token NAME`) or the session cookie from `POST /api/v1/session/login`."
        ),
        openapi_tags=OPENAPI_TAGS,
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # served by _mount_docs from local files: an offline intranet has no CDN
        redoc_url=None,
        lifespan=_lifespan,
    )
    app.state.engine = engine
    app.state.session_factory = session_factory(engine)
    app.state.settings = settings
    app.state.database_url = url
    app.state.ui_error_handler = None
    app.state.login_throttle = LoginThrottle()
    install_error_handlers(app)
    app.add_middleware(EdgeMiddleware, max_body_bytes=lambda: settings.max_upload_bytes)
    app.include_router(api_router, prefix=API_PREFIX)
    _mount_docs(app)
    if settings.mount_ui:
        _mount_ui(app)
    else:

        @app.get("/", include_in_schema=False)
        def root() -> RedirectResponse:
            return RedirectResponse(f"{API_PREFIX}/docs")

    return app
