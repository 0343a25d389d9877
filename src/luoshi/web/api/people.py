"""People named in the reports: the posts they held over time, what they committed to, their items."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse

from luoshi.tracking import scorecards
from luoshi.tracking.errors import NotFound
from luoshi.web.api.deps import DB, ActorDep, PageDep
from luoshi.web.api.schemas import Page, PersonDetail, PersonListEntry, out, outs

router = APIRouter(tags=["people"])


@router.get("/people", response_model=Page[PersonListEntry], summary="人物列表 People named in the reports, most mentioned first")
def list_people(db: DB, actor: ActorDep, page: PageDep,
                q: Annotated[str | None, Query(max_length=50, description="姓名包含 name contains")] = None) -> JSONResponse:
    result = scorecards.list_people(db, actor, q=q, page=page.page, page_size=page.page_size)
    return page.wrap(outs(PersonListEntry, result.items), result.total)


@router.get("/people/{name}", response_model=PersonDetail,
            summary="人物详情 A person's posts over time, commitments and items")
def get_person(name: str, db: DB, actor: ActorDep) -> JSONResponse:
    timeline = scorecards.person_timeline(db, actor, name)
    if not timeline.posts and not timeline.commitments and not timeline.items:
        raise NotFound(f"报告中没有此人 (no person named {name})")
    return JSONResponse(out(PersonDetail, timeline))
