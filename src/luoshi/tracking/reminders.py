"""Reminders (催办): items due soon or overdue, and units that have not reported for N days.

``pending_reminders`` lists what should be sent today; ``send_reminders`` records what was sent (the
``reminders`` table: who was reminded of what, when) and queues its delivery to the unit's e-mail and
webhooks and the office's group robots, as the admin set them (tracking/delivery.py: sent after the
transaction, with retries and a delivery log). A reminder already sent today is not listed again.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.storage.ledger_models import Item, Reminder
from luoshi.tracking import audit, permissions
from luoshi.tracking.actor import Actor
from luoshi.tracking.delivery import queue_deliveries
from luoshi.tracking.items import filtered_query
from luoshi.tracking.lights import CHINA_TZ, local_today
from luoshi.tracking.settings import get_settings

ACTIVE = ("assigned", "accepted", "in_progress", "completion_requested")  # obligations (proposed are not yet)
REPORTING = ("accepted", "in_progress")


@dataclass
class ReminderDraft:
    kind: str  # due_soon | overdue | no_report
    unit: str | None
    message: str
    item_id: int | None = None
    serial: str | None = None
    due_date: date | None = None
    days: int = 0  # days left (due_soon), days overdue (overdue), days without a report (no_report)


def pending_reminders(session: Session, actor: Actor, *, today: date | None = None) -> list[ReminderDraft]:
    """Reminders to send today, overdue first, then due soon, then silent units; the actor's visible items only."""
    today = today or local_today()
    settings = get_settings(session)
    sent_today = _sent_today(session, today)
    drafts = _item_drafts(session, actor, today, settings.yellow_days) + _silent_units(
        session, actor, today, settings.no_report_days
    )
    return [d for d in drafts if (d.kind, d.item_id, d.unit) not in sent_today]


def _item_drafts(session: Session, actor: Actor, today: date, yellow_days: int) -> list[ReminderDraft]:
    query = filtered_query(actor, None).where(
        Item.status.in_(ACTIVE), Item.due_date.is_not(None), Item.due_date <= today + timedelta(days=yellow_days)
    ).order_by(Item.due_date, Item.id)
    drafts = []
    for item in session.scalars(query):
        if item.due_date is None:  # excluded by the query
            continue
        days = (item.due_date - today).days
        if days < 0:
            text = f"已逾期{-days}天"
            kind = "overdue"
        else:
            text = "今天到期" if days == 0 else f"还有{days}天到期"
            kind = "due_soon"
        message = (f"【催办】{item.serial}「{item.title}」{text}（完成时限{item.due_date.isoformat()}），"
                   f"请{item.lead_unit or '承办单位'}抓紧办理并报送进展。")
        drafts.append(ReminderDraft(kind, item.lead_unit, message, item.id, item.serial, item.due_date, abs(days)))
    drafts.sort(key=lambda d: (d.kind != "overdue", d.due_date or today))
    return drafts


def _silent_units(session: Session, actor: Actor, today: date, no_report_days: int) -> list[ReminderDraft]:
    """Units with items being worked on whose latest report (or, never reported, the item's creation)
    is older than ``no_report_days``."""
    visible = filtered_query(actor, None).where(Item.status.in_(REPORTING), Item.lead_unit.is_not(None)).subquery()
    latest = func.max(func.coalesce(visible.c.last_report_at, visible.c.created_at))
    rows = session.execute(select(visible.c.lead_unit, latest, func.count()).group_by(visible.c.lead_unit))
    drafts = []
    for unit, last, count in rows:
        last_day = _as_local_date(last)
        silent = (today - last_day).days if last_day else no_report_days
        if silent >= no_report_days:
            message = f"【催办】{unit}已{silent}天未报送进展（在办事项{count}项），请及时填报。"
            drafts.append(ReminderDraft("no_report", unit, message, days=silent))
    return drafts


def _as_local_date(value: datetime | None) -> date | None:
    if value is None:
        return None
    if value.tzinfo is None:  # SQLite returns naive UTC datetimes
        value = value.replace(tzinfo=UTC)
    return value.astimezone(CHINA_TZ).date()


def _sent_today(session: Session, today: date) -> set[tuple[str, int | None, str | None]]:
    # China's midnight, in UTC: SQLite compares the stored UTC wall-clock text and drops a zone offset
    start = datetime(today.year, today.month, today.day, tzinfo=CHINA_TZ).astimezone(UTC)
    rows = session.execute(select(Reminder.kind, Reminder.item_id, Reminder.unit).where(Reminder.sent_at >= start))
    return {(kind, item_id, unit) for kind, item_id, unit in rows}


def send_reminders(session: Session, actor: Actor, drafts: list[ReminderDraft] | None = None, *,
                   today: date | None = None, channel: str = "ledger") -> list[Reminder]:
    """Record reminders as sent (supervisors). Default: everything pending today."""
    permissions.require_supervisor(actor, "发送催办")
    drafts = pending_reminders(session, actor, today=today) if drafts is None else drafts
    sent = []
    for draft in drafts:
        row = Reminder(item_id=draft.item_id, unit=draft.unit, kind=draft.kind, message=draft.message,
                       channel=channel, sent_by=actor.username)
        session.add(row)
        sent.append(row)
    session.flush()
    queued = queue_deliveries(session, sent)
    if sent:
        audit.record(session, actor, "remind", "reminders", None, None,
                     {"count": len(sent), "ids": [r.id for r in sent], "channel": channel,
                      "deliveries": len(queued)})
    return sent


def list_sent_reminders(session: Session, actor: Actor, *, unit: str | None = None, limit: int = 200) -> list[Reminder]:
    """Reminders sent, newest first; unit users see those addressed to their unit."""
    query = select(Reminder).order_by(Reminder.id.desc()).limit(limit)
    if actor.role == "unit":
        unit = actor.unit or "\x00"
    if unit:
        query = query.where(Reminder.unit == unit)
    return list(session.scalars(query))
