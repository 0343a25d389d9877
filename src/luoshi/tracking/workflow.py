"""The workflow of a supervised item (督办流程):

    proposed ──assign(交办)──▶ assigned ──accept(签收)──▶ accepted ──start(办理)──▶ in_progress
        │                                                    │                        │
        └─reject(不予立项)─▶ rejected                         └──request_completion(申请办结)──▶ completion_requested
                                                                                      │            │
                                       in_progress ◀──return(退回)────────────────────┘            │
                                                                              closed(销号) ◀─close─┘

Supervisors assign, reject, return and close; the lead unit accepts, starts and requests completion
(supervisors may do those too). Every step is an ``item_transitions`` row (who, when, why) and an audit row.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.storage.ledger_models import Item, ItemTransition, ProgressReport
from luoshi.tracking import audit, permissions
from luoshi.tracking.actor import Actor
from luoshi.tracking.errors import InvalidTransition, PermissionDenied, ValidationFailed
from luoshi.tracking.items import check_version, flush_item, get_item, set_fields
from luoshi.tracking.lights import apply_light, progress_share
from luoshi.tracking.settings import get_settings


@dataclass(frozen=True)
class Step:
    sources: tuple[str, ...]
    target: str
    label: str  # Chinese name of the step, for messages and buttons
    needs_reason: bool = False


# The workflow steps (tests/tracking check these are exactly the keys of TRANSITIONS).
Action = Literal["assign", "reject", "accept", "start", "request_completion", "return", "close"]

TRANSITIONS: dict[str, Step] = {
    "assign": Step(("proposed",), "assigned", "交办"),
    "reject": Step(("proposed",), "rejected", "不予立项", needs_reason=True),
    "accept": Step(("assigned",), "accepted", "签收"),
    "start": Step(("accepted",), "in_progress", "开始办理"),
    "request_completion": Step(("accepted", "in_progress"), "completion_requested", "申请办结"),
    "return": Step(("completion_requested",), "in_progress", "退回", needs_reason=True),
    "close": Step(("completion_requested",), "closed", "销号"),
}
STATUS_LABELS = {
    "proposed": "待确认", "assigned": "已交办", "accepted": "已签收", "in_progress": "办理中",
    "completion_requested": "申请办结", "closed": "已销号", "rejected": "不予立项", "merged": "已合并",
}


def allowed_actions(actor: Actor, item: Item) -> list[str]:
    """The steps this actor may take on this item now (for buttons and API hints)."""
    result = []
    for action, step in TRANSITIONS.items():
        if item.status not in step.sources:
            continue
        try:
            permissions.require_action(actor, item, action)
        except PermissionDenied:
            continue
        result.append(action)
    return result


def suggested_outcome(item: Item) -> str:
    """Outcome proposed at closing from the figures: reached the target → achieved, some → partly."""
    share = progress_share(item)
    if share is None:
        return "not_measurable" if item.target_value is None else "not_rated"
    if share >= 1 - 1e-9:
        return "achieved"
    return "partly_achieved" if share > 0 else "not_achieved"


def transition(
    session: Session, actor: Actor, item_ref: int | str, action: str, *, why: str = "",
    expected_version: int | None = None, unit: str | None = None, due_date: date | str | None = None,
    outcome: str | None = None, today: date | None = None,
) -> Item:
    """Take one workflow step. ``unit``/``due_date`` may accompany ``assign`` (recorded as revisions);
    ``outcome`` may accompany ``close`` (default: suggested from the figures)."""
    step = TRANSITIONS.get(action)
    if step is None:
        raise InvalidTransition(f"未知的流程操作：{action}（可用：{'、'.join(TRANSITIONS)}）")
    settings = get_settings(session)  # read before any change: a query would autoflush half an edit
    item = get_item(session, actor, item_ref)
    permissions.require_action(actor, item, action)
    check_version(item, expected_version)
    if item.status not in step.sources:
        raise InvalidTransition(
            f"事项{item.serial}当前状态为{STATUS_LABELS.get(item.status, item.status)}，不能{step.label}"
        )
    if step.needs_reason and not why.strip():
        raise ValidationFailed(f"{step.label}须说明理由")
    before = audit.row_snapshot(item)
    _apply_extras(session, actor, item, action, why, unit=unit, due_date=due_date, outcome=outcome)
    session.add(ItemTransition(item_id=item.id, action=action, from_status=item.status, to_status=step.target,
                               actor=actor.username, why=why, data=_step_data(unit, due_date, outcome)))
    item.status = step.target
    apply_light(item, settings, today)
    flush_item(session, item)
    audit.record(session, actor, action, "item", item.id, before, audit.row_snapshot(item))
    return item


def _apply_extras(session: Session, actor: Actor, item: Item, action: str, why: str, *, unit: str | None,
                  due_date: date | str | None, outcome: str | None) -> None:
    changes: dict[str, object] = {}
    if action == "assign":
        if unit:
            changes["lead_unit"] = unit
        if due_date:
            changes["due_date"] = due_date
        if not (unit or item.lead_unit):
            raise ValidationFailed(f"交办事项{item.serial}须指定牵头单位")
        if not (due_date or item.due_date):
            raise ValidationFailed(f"交办事项{item.serial}须指定完成时限（无时限则不亮灯、不催办、不计分）")
    elif (unit and unit != item.lead_unit) or (due_date and str(due_date) != str(item.due_date)):
        # A form may echo the item's current unit and date with every button: only a change is refused.
        raise ValidationFailed("只有交办时可以同时指定牵头单位和完成时限")
    if action == "request_completion" and not _has_progress(session, item):
        raise ValidationFailed(f"事项{item.serial}尚无进展报告，申请办结前须至少报告一次进展")
    if action == "close":
        changes["outcome"] = outcome or suggested_outcome(item)
        item.closed_at = datetime.now(UTC)
    elif outcome:
        raise ValidationFailed("只有销号时可以评定达成情况")
    set_fields(session, actor, item, changes, why or f"{TRANSITIONS[action].label}时设定")


def _has_progress(session: Session, item: Item) -> bool:
    return session.scalar(select(ProgressReport.id).where(ProgressReport.item_id == item.id).limit(1)) is not None


def _step_data(unit: str | None, due_date: date | str | None, outcome: str | None) -> dict[str, str]:
    data = {"unit": unit, "due_date": str(due_date) if due_date else None, "outcome": outcome}
    return {k: v for k, v in data.items() if v}
