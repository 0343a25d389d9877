"""Assemble the UI router from its page modules and handle the UI's own errors.

Errors raised by page handlers are turned into pages here (not JSON): not signed in -> redirect to
the sign-in page; tracking errors -> a Chinese error page with the right HTTP status."""
from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response
from starlette.exceptions import HTTPException

from luoshi.web.ui import (
    pages_admin,
    pages_auth,
    pages_import,
    pages_items,
    pages_ledger,
    pages_people,
    pages_reading,
    pages_reports,
    pages_research,
    pages_triage,
    pages_upload,
)
from luoshi.web.ui.context import STATIC_DIR

router = APIRouter(include_in_schema=False)

_STATIC_TYPES = {".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml"}


@router.get("/static/{name}")
def static_file(name: str) -> Response:
    """The UI's CSS/JS/icons, served by luoshi itself (no CDN); only plain names, no paths."""
    path = STATIC_DIR / name
    if "/" in name or name.startswith(".") or not path.is_file():
        raise HTTPException(status_code=404)
    return FileResponse(path, media_type=_STATIC_TYPES.get(path.suffix),
                        headers={"Cache-Control": "public, max-age=3600"})


for _module in (pages_auth, pages_import, pages_reports, pages_items, pages_ledger, pages_triage, pages_reading, pages_people,
                pages_research, pages_upload, pages_admin):
    router.include_router(_module.router)
