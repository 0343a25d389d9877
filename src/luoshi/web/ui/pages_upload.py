"""The upload page. The files themselves go, one request per file, to the API's upload endpoint
(POST /api/v1/documents) from static/luoshi.js, so each shows its own progress and failure reason."""
from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from luoshi.tracking.errors import PermissionDenied
from luoshi.web.ui.context import UIRoute, db, render, require_actor

router = APIRouter(route_class=UIRoute)
ACCEPTED = ".txt,.text,.htm,.html,.docx,.pdf"


@router.get("/upload")
def upload_page(request: Request, session: Session = Depends(db)) -> Response:
    actor = require_actor(request, session)
    if not actor.is_supervisor:
        raise PermissionDenied("只有督查员和管理员可以上传报道")
    return render(request, "upload.html", {"accept": ACCEPTED}, actor=actor)
