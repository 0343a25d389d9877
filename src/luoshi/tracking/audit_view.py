"""The audit log as an office reads it (审计记录): serials instead of row ids, people's names instead of
user names, Chinese labels for every action, field and stored code (``data/audit_labels.tsv``), only the
fields that changed, and times on the office's clock (setting ``time_zone``, Asia/Shanghai by default).

The log itself stays as written (append-only, codes and UTC); this module only reads it."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.storage.ledger_models import AuditEntry, Item
from luoshi.tracking.matching import _data_lines
from luoshi.tracking.settings import get_settings

# Bookkeeping columns that change with every write and say nothing to a reader.
HIDDEN_FIELDS = frozenset({"id", "version", "updated_at", "created_at", "search_text", "search_bigrams",
                           "support_key", "created_by", "year", "seq", "light_reason", "password_hash"})


@lru_cache(maxsize=1)
def labels() -> dict[tuple[str, str], str]:
    """(kind, key) -> 中文, from data/audit_labels.tsv."""
    return {(row[0], row[1]): row[2] for row in _data_lines("audit_labels.tsv") if len(row) >= 3}


def label(kind: str, key: Any) -> str:
    """The Chinese label, or the key itself when none is written (visible, so a missing one is noticed)."""
    return labels().get((kind, str(key)), str(key))


def value_text(name: str, value: Any) -> str:
    """A stored value as words: codes (status, outcome, light, role, booleans) labelled, lists joined."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return "、".join(value_text(name, v) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{label('field', k)}：{value_text(k, v)}" for k, v in value.items())
    if name == "password":
        return "（已修改）"
    text = str(value)
    return labels().get(("value", text), text)


def local_time(moment: datetime | None, zone: str) -> datetime | None:
    """An audit time (UTC; SQLite returns it without a zone) on the office's clock."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(zone))


@dataclass
class AuditLine:
    at: datetime | None  # on the office's clock
    who: str  # display name (user name when none is set)
    username: str
    action: str  # Chinese label
    entity: str  # 督办事项 DB-2026-0003, 用户 zhang.san, 设置 …
    link: str | None  # where the entity is shown
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (field label, before, after)


def changes_of(before: Any, after: Any) -> list[tuple[str, str, str]]:
    """The fields that differ between two snapshots, labelled (a snapshot that is not a dict: one line)."""
    if not isinstance(after, dict):
        return [] if after is None else [("", "", value_text("", after))]
    before = before if isinstance(before, dict) else {}
    rows = []
    for name, new in after.items():
        old = before.get(name)
        if name in HIDDEN_FIELDS or old == new:
            continue
        rows.append((label("field", name), value_text(name, old) if name in before else "", value_text(name, new)))
    return rows


def display_names(session: Session, usernames: set[str]) -> dict[str, str]:
    from luoshi.storage.auth_models import User

    if not usernames:
        return {}
    rows = session.execute(select(User.username, User.display_name).where(User.username.in_(usernames)))
    names = {u: d for u, d in rows if d}
    names.setdefault("system", "系统")
    return names


def readable(session: Session, entries: list[AuditEntry]) -> list[AuditLine]:
    """Audit rows as lines a person reads (two lookups per page: users' names, items' serials)."""
    zone = get_settings(session).time_zone
    names = display_names(session, {e.actor for e in entries})
    item_ids = [int(e.entity_id) for e in entries if e.entity_type == "item" and e.entity_id and e.entity_id.isdigit()]
    serials = dict(session.execute(select(Item.id, Item.serial).where(Item.id.in_(item_ids))).tuples().all()) if item_ids else {}
    lines = []
    for e in entries:
        entity, link = label("entity", e.entity_type), None
        if e.entity_type == "item" and e.entity_id and e.entity_id.isdigit():
            entity, link = f"{entity} {serials.get(int(e.entity_id), '#' + str(e.entity_id))}", f"/items/{e.entity_id}"
        elif e.entity_type == "user" and isinstance(e.after or e.before, dict):
            entity = f"{entity} {(e.after or e.before).get('username', e.entity_id)}"
        elif e.entity_id and e.entity_type not in ("settings",):
            entity = f"{entity} {e.entity_id}"
        lines.append(AuditLine(local_time(e.at, zone), names.get(e.actor, e.actor), e.actor, label("action", e.action),
                               entity, link, changes_of(e.before, e.after)))
    return lines


__all__ = ["AuditLine", "readable", "label", "value_text", "local_time", "changes_of", "labels"]
