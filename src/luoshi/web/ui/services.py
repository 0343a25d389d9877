"""The ledger services the UI calls, gathered in one module: the page handlers stay short, and the
UI has one place that knows the service signatures (docs/tracking.md)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, BinaryIO

from sqlalchemy.orm import Session

from luoshi.storage.ledger_models import Item
from luoshi.tracking import audit, permissions, progress, workflow
from luoshi.tracking.actor import Actor
from luoshi.tracking.errors import PermissionDenied
from luoshi.tracking.lights import local_today
from luoshi.web.ui import i18n


def today() -> date:
    """Today in China (the ledger's lights are judged on China's calendar day)."""
    return local_today()


def allowed_actions(actor: Actor, item: Item) -> list[str]:
    return workflow.allowed_actions(actor, item)


def can_report(actor: Actor, item: Item) -> bool:
    """Show the progress form only to those the progress service would accept."""
    if item.status in progress.CLOSED_TO_REPORTS:
        return False
    if not actor.is_supervisor and item.status not in progress.UNIT_REPORTABLE:
        return False
    try:
        permissions.require_progress(actor, item)
    except PermissionDenied:
        return False
    return True


def transition(session: Session, actor: Actor, item_id: int, action: str, **kwargs: Any) -> Item:
    return workflow.transition(session, actor, item_id, action, **kwargs)


def report_progress(session: Session, actor: Actor, item_id: int, **kwargs: Any) -> Any:
    return progress.add_progress(session, actor, item_id, **kwargs)


def decide_evidence(session: Session, actor: Actor, evidence_id: int, accept: bool, note: str) -> Any:
    from luoshi.tracking import evidence

    if accept:
        return evidence.accept_evidence(session, actor, evidence_id, why=note)
    return evidence.reject_evidence(session, actor, evidence_id, why=note)


@dataclass
class RankRow:
    unit: str
    score: float
    detail: Any = None


_RANKING_CACHE: dict[tuple, list[RankRow]] = {}
_RANKING_CACHE_SIZE = 64


def ranking(session: Session, actor: Actor, day: date) -> list[RankRow]:
    """Units ranked by the configurable scoring rule of the ledger's scorecards (this year).

    The scorecard service scores every item in Python, which takes seconds with 100,000 items, so
    the result is remembered until the ledger changes: the key holds the database, what the actor
    may see, the day, and a fingerprint of the items and settings (count, newest id, last update)."""
    from luoshi.tracking import scorecards

    key = (str(session.get_bind().engine.url), actor.role if actor.role != "unit" else "unit:" + (actor.unit or ""),
           day, _ledger_fingerprint(session))
    cached = _RANKING_CACHE.get(key)
    if cached is not None:
        return cached
    rows = scorecards.unit_scorecards(session, actor, period=day.year, today=day)
    result = [RankRow(unit=r.unit, score=float(r.score or 0), detail=r) for r in rows]
    if len(_RANKING_CACHE) >= _RANKING_CACHE_SIZE:
        _RANKING_CACHE.clear()
    _RANKING_CACHE[key] = result
    return result


def _ledger_fingerprint(session: Session) -> tuple:
    from sqlalchemy import func, select

    from luoshi.storage.ledger_models import AuditEntry

    # Every change to an item or a setting writes an audit row, so the newest audit id moves with them.
    return (session.scalar(select(func.max(AuditEntry.id))),)


def write_ledger_xlsx(session: Session, actor: Actor, target: BinaryIO, filters: Any) -> None:
    from luoshi.tracking import excel

    excel.write_ledger_xlsx(session, actor, target, filters)


@dataclass
class HistoryRow:
    at: Any
    who: str
    what: str
    note: str


def history_rows(session: Session, actor: Actor, item: Item, lang: str) -> list[HistoryRow]:
    """Workflow steps, field revisions and other audited changes of one item, oldest first — with people's
    names, Chinese labels for fields and codes, and times on the office's clock (tracking.audit_view)."""
    from luoshi.tracking import audit_view
    from luoshi.tracking.settings import get_settings

    _ = i18n.translator(lang)
    zone = get_settings(session).time_zone
    entries = audit.entity_history(session, "item", item.id)
    names = audit_view.display_names(session, {t.actor for t in item.transitions} | {r.actor for r in item.revisions}
                                     | {e.actor for e in entries})

    def who(username: str) -> str:
        return names.get(username, username)

    def when(moment: Any) -> Any:
        return audit_view.local_time(moment, zone)

    rows = [HistoryRow(when(t.at), who(t.actor), _("action." + t.action, audit_view.label("action", t.action)), " ".join(
        x for x in (t.why, "→ " + t.data["unit"] if t.data and t.data.get("unit") else "") if x))
        for t in item.transitions]
    rows += [HistoryRow(when(r.at), who(r.actor), audit_view.label("field", r.field),
                        f"{audit_view.value_text(r.field, r.old)} → {audit_view.value_text(r.field, r.new)} {r.why}".strip())
             for r in item.revisions]
    seen = {"assign", "accept", "start", "request_completion", "return", "close", "reject", "update", "create"}
    for entry in entries:
        if entry.action not in seen:
            note = "；".join(f"{name}：{new}" for name, _old, new in audit_view.changes_of(entry.before, entry.after)[:4]
                            if name in ("理由", "说明", "文件名", "子事项", "数值", "进展数值"))
            rows.append(HistoryRow(when(entry.at), who(entry.actor),
                                   _("action." + entry.action, audit_view.label("action", entry.action)), note))
    return sorted(rows, key=lambda r: (_ts(r.at)))


def _ts(value: Any) -> float:
    try:
        return value.timestamp()
    except (AttributeError, ValueError, OSError):
        return 0.0


def _fmt(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return "、".join(str(v) for v in value)
    return str(value)


def _get(row: Any, name: str) -> Any:
    return row.get(name) if isinstance(row, dict) else getattr(row, name, None)
