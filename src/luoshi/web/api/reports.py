"""Reminders (催办) and scorecards (考核)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from luoshi.storage.ledger_models import ReminderKind
from luoshi.tracking import reminders as reminder_service
from luoshi.tracking import settings as ledger_settings
from luoshi.web.api.deps import DB, ActorDep, PageDep, commit
from luoshi.web.api.schemas import (
    BodyId,
    Page,
    RankingPage,
    RankingRow,
    ReminderDraftOut,
    ReminderOut,
    RemindersSent,
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


@router.post("/reminders/send", tags=["reminders"], response_model=RemindersSent, summary="标记已发送 Record reminders as sent (supervisors)")
def send_reminders(body: SendRequest, db: DB, actor: ActorDep) -> dict:
    drafts = reminder_service.pending_reminders(db, actor)
    if body.item_ids is not None:
        drafts = [d for d in drafts if d.item_id in set(body.item_ids)]
    if body.units is not None:
        drafts = [d for d in drafts if d.unit in set(body.units)]
    if body.kinds is not None:
        drafts = [d for d in drafts if d.kind in set(body.kinds)]
    sent = reminder_service.send_reminders(db, actor, drafts, channel=body.channel)
    commit(db)
    return {"items": outs(ReminderOut, sent), "total": len(sent)}


@router.get("/reminders/sent", tags=["reminders"], response_model=Page[ReminderOut], summary="已发催办 Reminders sent, newest first")
def sent_reminders(db: DB, actor: ActorDep, page: PageDep, unit: str | None = None) -> JSONResponse:
    rows = reminder_service.list_sent_reminders(db, actor, unit=unit, limit=page.offset + page.page_size + 1000)
    return page.wrap(outs(ReminderOut, rows[page.offset: page.offset + page.page_size]), len(rows))


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
