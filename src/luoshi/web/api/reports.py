"""Reminders (催办) and scorecards (考核)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Body, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from luoshi.storage.ledger_models import ReminderKind
from luoshi.tracking import delivery as delivery_service
from luoshi.tracking import items as item_service
from luoshi.tracking import reminders as reminder_service
from luoshi.tracking import settings as ledger_settings
from luoshi.web.api.deps import DB, ActorDep, PageDep, commit
from luoshi.web.api.schemas import (
    BodyId,
    DeliveryConfigOut,
    DeliveryOut,
    DrainOut,
    Page,
    RankingPage,
    RankingRow,
    ReminderDraftOut,
    ReminderOut,
    RemindersSent,
    ReminderWithDeliveries,
    UnitScoreOut,
    out,
    outs,
)

router = APIRouter()


class SendRequest(BaseModel):
    """Which pending reminders were sent; empty = all pending today."""

    item_ids: list[BodyId] | None = Field(default=None, description="只发送这些事项的催办 only these items")
    units: list[str] | None = Field(default=None, description="只发送这些单位的催办 only these units")
    kinds: list[ReminderKind] | None = None
    channel: str = Field(default="ledger", max_length=20, description="发送渠道 e.g. 短信, OA, 电话")


@router.get("/reminders", tags=["reminders"], response_model=Page[ReminderDraftOut], summary="待发催办 Reminders to send today (due soon, overdue, silent units)")
def pending_reminders(db: DB, actor: ActorDep, page: PageDep,
                      kind: Annotated[ReminderKind | None, Query()] = None) -> JSONResponse:
    drafts = reminder_service.pending_reminders(db, actor)
    if kind:
        drafts = [d for d in drafts if d.kind == kind]
    chunk = drafts[page.offset: page.offset + page.page_size]
    return page.wrap(outs(ReminderDraftOut, chunk), len(drafts))


@router.post("/reminders/send", tags=["reminders"], response_model=RemindersSent, summary="发送催办 Record reminders as sent and deliver them (e-mail, webhook; supervisors)")
def send_reminders(body: SendRequest, db: DB, actor: ActorDep, request: Request, background: BackgroundTasks) -> dict:
    """Records the reminders and queues their delivery to the channels the admin set; the delivery runs
    after the response (and its retries in the server's delivery worker): see GET /reminders/deliveries."""
    drafts = reminder_service.pending_reminders(db, actor)
    if body.item_ids is not None:
        drafts = [d for d in drafts if d.item_id in set(body.item_ids)]
    if body.units is not None:
        drafts = [d for d in drafts if d.unit in set(body.units)]
    if body.kinds is not None:
        drafts = [d for d in drafts if d.kind in set(body.kinds)]
    sent = reminder_service.send_reminders(db, actor, drafts, channel=body.channel)
    commit(db)
    background.add_task(delivery_service.drain_quietly, request.app.state.session_factory)
    return {"items": outs(ReminderOut, sent), "total": len(sent)}


@router.get("/reminders/sent", tags=["reminders"], response_model=Page[ReminderOut], summary="已发催办 Reminders sent, newest first")
def sent_reminders(db: DB, actor: ActorDep, page: PageDep, unit: str | None = None) -> JSONResponse:
    rows = reminder_service.list_sent_reminders(db, actor, unit=unit, limit=page.offset + page.page_size + 1000)
    return page.wrap(outs(ReminderOut, rows[page.offset: page.offset + page.page_size]), len(rows))


def _with_deliveries(reminder: object, rows: list) -> dict:
    return {**out(ReminderOut, reminder), "deliveries": outs(DeliveryOut, rows),
            "delivery": delivery_service.summary(rows)}


@router.get("/reminders/deliveries", tags=["reminders"], response_model=Page[DeliveryOut], summary="送达记录 Delivery log, newest first (supervisors; a unit user: its own reminders)")
def delivery_log(db: DB, actor: ActorDep, page: PageDep, reminder_id: int | None = None,
                 status_: Annotated[str | None, Query(alias="status")] = None) -> JSONResponse:
    rows = delivery_service.delivery_log(db, actor, reminder_ids=[reminder_id] if reminder_id else None,
                                         status=status_, limit=page.offset + page.page_size + 1000)
    return page.wrap(outs(DeliveryOut, rows[page.offset: page.offset + page.page_size]), len(rows))


@router.post("/reminders/deliveries/drain", tags=["reminders"], response_model=DrainOut, summary="立即送达 Deliver every queued attempt that is due now (supervisors)")
def drain_deliveries(db: DB, actor: ActorDep, request: Request) -> dict:
    from luoshi.tracking import permissions

    permissions.require_supervisor(actor, "送达催办")
    return delivery_service.deliver_due(request.app.state.session_factory).to_dict()


@router.get("/items/{item_ref}/reminders", tags=["reminders"], response_model=Page[ReminderWithDeliveries], summary="催办记录 Reminders of an item with their delivery log")
def item_reminders(item_ref: str, db: DB, actor: ActorDep) -> JSONResponse:
    item = item_service.get_item(db, actor, item_ref)
    rows = [_with_deliveries(r, d) for r, d in delivery_service.item_reminders(db, actor, item)]
    return JSONResponse({"items": rows, "total": len(rows), "page": 1, "page_size": max(len(rows), 1)})


@router.get("/delivery-settings", tags=["settings"], response_model=DeliveryConfigOut, summary="催办送达设置 Delivery settings: SMTP, webhooks, unit contacts (admin)")
def get_delivery_settings(db: DB, actor: ActorDep) -> dict:
    from luoshi.tracking.errors import PermissionDenied

    if actor.role != "admin":
        raise PermissionDenied(f"用户{actor.username}（{actor.role}）无权查看催办送达设置，只有管理员可以")
    return delivery_service.get_config(db).to_dict()


@router.patch("/delivery-settings", tags=["settings"], response_model=DeliveryConfigOut, summary="修改催办送达设置 Change delivery settings (admin; audited, the password never shown)")
def update_delivery_settings(
    db: DB, actor: ActorDep,
    changes: dict = Body(examples=[{"smtp_host": "mail.example.gov.cn", "smtp_port": 25,
                                    "smtp_from": "duchashi@example.gov.cn",
                                    "webhook_urls": ["https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…"],
                                    "unit_contacts": {"泰州市交通运输局": {"emails": ["jtj@example.gov.cn"]}}}]),
) -> dict:
    result = delivery_service.update_config(db, actor, changes)
    commit(db)
    return result.to_dict()


# ---------------------------------------------------------------- scorecards
def _scorecards():
    from luoshi.tracking import scorecards

    return scorecards


@router.get("/scorecards", tags=["scorecards"], response_model=Page[UnitScoreOut], summary="单位考核 Scorecards of all units for a period")
def unit_scorecards(db: DB, actor: ActorDep, page: PageDep,
                    year: Annotated[int | None, Query(ge=1990, le=2100, description="考核年度 period (year); all years if absent")] = None) -> JSONResponse:
    cards = _scorecards().unit_scorecards(db, actor, period=year)
    return page.wrap(outs(UnitScoreOut, cards[page.offset: page.offset + page.page_size]), len(cards))


@router.get("/scorecards/ranking", tags=["scorecards"], response_model=RankingPage, summary="单位排名 Ranking of units by the configured scoring rule")
def ranking(db: DB, actor: ActorDep, page: PageDep,
            year: Annotated[int | None, Query(ge=1990, le=2100)] = None) -> JSONResponse:
    cards = _scorecards().unit_scorecards(db, actor, period=year)
    rows = outs(RankingRow, cards)
    weights = ledger_settings.get_settings(db).scoring_weights
    return page.wrap(rows[page.offset: page.offset + page.page_size], len(rows), scoring_weights=weights)


@router.get("/scorecards/units/{unit}", tags=["scorecards"], response_model=UnitScoreOut,
            summary="一个单位的考核 One unit's scorecard")
def unit_scorecard(unit: str, db: DB, actor: ActorDep,
                   year: Annotated[int | None, Query(ge=1990, le=2100)] = None) -> JSONResponse:
    return JSONResponse(out(UnitScoreOut, _scorecards().unit_scorecard(db, actor, unit, period=year)))
