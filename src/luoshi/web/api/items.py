"""Supervised items (督办事项): list with filters, create, get, update under optimistic concurrency,
split, merge, history. Permissions are the ledger services' (a unit user sees only their unit's items).

Concurrency: every update carries the ``version`` the client read. The service compares it, and the
UPDATE itself says ``WHERE id=? AND version=?`` (SQLAlchemy ``version_id_col``), so of two clients
that read the same version exactly one wins and the other gets 409 — never a silent overwrite.
"""
from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, status
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from luoshi.storage.ledger_models import Item, Light, Status
from luoshi.tracking import items as item_service
from luoshi.web.api.deps import DB, ActorDep, PageDep, commit
from luoshi.web.api.schemas import (
    BodyId,
    BodyInt,
    ItemHistory,
    ItemLinkOut,
    ItemList,
    ItemOut,
    ItemPage,
    MergeProposalOut,
    Page,
    RelatedItems,
    out,
    outs,
)

router = APIRouter(tags=["items"])


def item_json(item: Item) -> dict[str, Any]:
    """An item as the API answers it (ItemOut: its fields, span, target label, progress ratio)."""
    return out(ItemOut, item)


class ItemFields(BaseModel):
    """Editable fields of an item (all optional in an update)."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, max_length=2000, examples=["新增城镇就业3.5万人"])
    kind: str | None = Field(default=None, max_length=20)
    lead_unit: str | None = Field(default=None, max_length=200, examples=["泰州市人力资源和社会保障局"])
    supporting_units: list[str] | None = None
    responsible_person: str | None = Field(default=None, max_length=50)
    handler: str | None = Field(default=None, max_length=64)
    target_value: float | None = None
    target_unit: str | None = Field(default=None, max_length=20)
    target_comparator: str | None = Field(default=None, max_length=10, description=">= > = <= < ~ between")
    target_low: float | None = Field(default=None, description="a range target's low bound (comparator between)")
    target_high: float | None = Field(default=None, description="a range target's high bound")
    target_metric: str | None = None
    target_text: str | None = Field(default=None, max_length=100)
    period_text: str | None = Field(default=None, max_length=100)
    start_date: date | None = None
    due_date: date | None = None
    strength: str | None = Field(default=None, max_length=10)
    tags: list[str] | None = None
    place: str | None = Field(default=None, max_length=100)
    outcome: str | None = None
    source_event: str | None = None


class ItemCreate(ItemFields):
    title: str = Field(min_length=1, max_length=2000, examples=["完成老旧小区改造120个"])
    status: Literal["proposed", "assigned"] = "proposed"
    why: str = Field(default="", max_length=2000)


class ItemUpdate(ItemFields):
    version: BodyInt = Field(description="读取时的版本号 the version you read (409 if it moved)")
    why: str = Field(default="", max_length=2000, description="修改原因 why (kept with each revision)")


class SplitRequest(BaseModel):
    parts: list[dict[str, Any]] = Field(min_length=2, examples=[[{"title": "海陵区 1.2万人", "target_value": 12000}, {"title": "高港区 0.8万人", "target_value": 8000}]])
    why: str = ""
    version: BodyInt | None = None


class MergeRequest(BaseModel):
    duplicates: list[BodyId | str] = Field(min_length=1, description="重复事项的id或编号 ids or serials of the duplicates")
    why: str = ""


@router.get("/items", response_model=ItemPage, summary="督办事项列表 List items (filters: unit, status, light, place, year, q)")
def list_items(
    db: DB, actor: ActorDep, page: PageDep,
    unit: Annotated[str | None, Query(description="牵头或配合单位 lead or supporting unit")] = None,
    lead_unit: str | None = None,
    status_: Annotated[list[Status] | None, Query(alias="status", description="状态，可重复 status (repeatable)")] = None,
    light: Annotated[list[Light] | None, Query(description="预警灯，可重复 light (repeatable)")] = None,
    place: str | None = None,
    year: Annotated[int | None, Query(ge=1990, le=2100, description="完成时限所在年度 due in year")] = None,
    period: Annotated[int | None, Query(ge=1990, le=2100, description="同 year (alias)")] = None,
    due_before: date | None = None,
    due_after: date | None = None,
    responsible_person: str | None = None,
    open_only: bool = False,
    q: Annotated[str | None, Query(max_length=100, description="中文全文检索 text search (title, source text, serial, unit, metric)")] = None,
    sort: Annotated[str, Query(description="排序 serial|due_date|updated_at|created_at|lead_unit|light|status|progress, '-' = descending")] = "serial",
    facets: bool = False,
    cursor: Annotated[str | None, Query(max_length=1000, description="翻页游标：上一页的next_cursor (keyset "
                                        "pagination: the page after the previous page's last item; page is then ignored)")] = None,
) -> JSONResponse:
    filters = item_service.ItemFilters(
        unit=unit, lead_unit=lead_unit, status=status_ or None, light=light or None, place=place,
        year=year or period, due_before=due_before, due_after=due_after,
        responsible_person=responsible_person, q=q, open_only=open_only,
    )
    result = item_service.list_items(
        db, actor, filters, page=page.page, page_size=page.page_size, sort=sort, with_facets=facets,
        count_cap=item_service.COUNT_CAP, cursor=cursor,
    )
    extra: dict[str, Any] = {"facets": result.facets} if facets else {}
    extra["total_exact"] = result.total_exact
    extra["next_cursor"] = result.next_cursor
    return page.wrap([item_json(i) for i in result.items], result.total, **extra)


@router.post("/items", status_code=status.HTTP_201_CREATED, response_model=ItemOut, summary="新建督办事项 Create an item by hand (supervisors)")
def create_item(body: ItemCreate, db: DB, actor: ActorDep) -> dict:
    values = body.model_dump(exclude_unset=True, exclude={"status", "why"})
    values["title"] = body.title
    item = item_service.create_item(db, actor, values, why=body.why, status=body.status)
    commit(db)
    return item_json(item)


@router.get("/items/{item_ref}", response_model=ItemOut, summary="督办事项详情 One item by id or serial (DB-2026-0001)")
def get_item(item_ref: str, db: DB, actor: ActorDep) -> JSONResponse:
    return JSONResponse(item_json(item_service.get_item(db, actor, item_ref)))


@router.patch("/items/{item_ref}", response_model=ItemOut, summary="修改督办事项 Update fields; send the version you read (409 if stale)")
def update_item(item_ref: str, body: ItemUpdate, db: DB, actor: ActorDep) -> dict:
    changes = body.model_dump(exclude_unset=True, exclude={"version", "why"})
    item = item_service.update_item(db, actor, item_ref, changes, expected_version=body.version, why=body.why)
    commit(db)
    return item_json(item)


@router.get("/items/{item_ref}/history", response_model=ItemHistory,
            summary="办理记录 Transitions, revisions and audit rows of an item")
def item_history(item_ref: str, db: DB, actor: ActorDep) -> JSONResponse:
    return JSONResponse(out(ItemHistory, item_service.item_history(db, actor, item_ref)))


@router.get("/items/{item_ref}/related", response_model=RelatedItems,
            summary="关联事项 Sub-items, parent and merged duplicates")
def related_items(item_ref: str, db: DB, actor: ActorDep) -> JSONResponse:
    return JSONResponse(out(RelatedItems, item_service.related_items(db, actor, item_ref)))


@router.post("/items/{item_ref}/split", status_code=status.HTTP_201_CREATED, response_model=ItemList, summary="拆分 Split an item into sub-items (supervisors)")
def split_item(item_ref: str, body: SplitRequest, db: DB, actor: ActorDep) -> dict:
    children = item_service.split_item(db, actor, item_ref, body.parts, why=body.why, expected_version=body.version)
    commit(db)
    return {"items": [item_json(c) for c in children]}


@router.post("/items/{item_ref}/merge", response_model=ItemOut, summary="合并重复事项 Merge duplicates into this item (supervisors)")
def merge_items(item_ref: str, body: MergeRequest, db: DB, actor: ActorDep) -> dict:
    keep = item_service.merge_items(db, actor, item_ref, body.duplicates, why=body.why)
    commit(db)
    return item_json(keep)


@router.get("/merge-proposals", response_model=Page[ItemLinkOut],
            summary="合并建议 Proposed merges of look-alike items (supervisors)")
def merge_proposals(db: DB, actor: ActorDep, status_: Annotated[str, Query(alias="status")] = "proposed") -> JSONResponse:
    rows = outs(ItemLinkOut, item_service.list_merge_proposals(db, actor, status_))
    return JSONResponse({"items": rows, "total": len(rows), "page": 1, "page_size": max(len(rows), 1)})


@router.get("/items/{item_ref}/merge-proposals", response_model=Page[MergeProposalOut],
            summary="事项的合并建议 Pending merge proposals involving one item, with the other item (supervisors)")
def item_merge_proposals(item_ref: str, db: DB, actor: ActorDep) -> JSONResponse:
    from luoshi.tracking import permissions

    permissions.require_supervisor(actor, "查看合并建议")
    rows = [{"link": out(ItemLinkOut, link), "other": item_json(other)}
            for link, other in item_service.item_merge_proposals(db, actor, item_ref)]
    return JSONResponse({"items": rows, "total": len(rows), "page": 1, "page_size": max(len(rows), 1)})


class AcceptMergeRequest(BaseModel):
    keep: int | str | None = Field(default=None, description="保留哪一项（id或编号），默认先有的一项 the item kept; default the earlier one")
    why: str = Field(default="", max_length=2000)


@router.post("/merge-proposals/{link_id}/accept", response_model=ItemOut,
             summary="采纳合并建议 Accept a merge proposal: the duplicate is merged into the item kept (supervisors)")
def accept_merge_proposal(link_id: int, body: AcceptMergeRequest, db: DB, actor: ActorDep) -> dict:
    keep = item_service.accept_merge_proposal(db, actor, link_id, keep_ref=body.keep, why=body.why)
    commit(db)
    return item_json(keep)


@router.post("/merge-proposals/{link_id}/reject", response_model=ItemLinkOut,
             summary="驳回合并建议 Reject a merge proposal (supervisors)")
def reject_merge_proposal(link_id: int, db: DB, actor: ActorDep, why: str = "") -> dict:
    link = item_service.reject_merge_proposal(db, actor, link_id, why=why)
    commit(db)
    return out(ItemLinkOut, link)
