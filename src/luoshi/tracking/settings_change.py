"""Changing the ledger settings: supervisors only, validated, audited, and the stored traffic lights
recomputed when a light threshold changed. Apart from :mod:`luoshi.tracking.settings` (which
:mod:`luoshi.tracking.lights` reads) so that the lights never import what changes them.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from luoshi.storage.ledger_models import LedgerSetting
from luoshi.tracking import audit
from luoshi.tracking.actor import Actor
from luoshi.tracking.errors import PermissionDenied
from luoshi.tracking.lights import refresh_lights
from luoshi.tracking.settings import LedgerSettings, get_settings, validated


def update_settings(session: Session, actor: Actor, changes: dict[str, Any]) -> LedgerSettings:
    """Change settings (admin/supervisor). Lights are recomputed when a light threshold changed."""
    if not actor.is_supervisor:
        raise PermissionDenied(f"用户{actor.username}（{actor.role}）无权修改设置")
    before = get_settings(session).to_dict()
    for key, value in changes.items():
        value = validated(key, value)
        if isinstance(value, dict):
            value = {**before[key], **value}
        row = session.get(LedgerSetting, key)
        if row is None:
            session.add(LedgerSetting(key=key, value=value, updated_by=actor.username))
        else:
            row.value, row.updated_by = value, actor.username
    session.flush()
    after = get_settings(session)
    audit.record(session, actor, "update", "settings", "ledger", before, after.to_dict())
    if {"yellow_days", "progress_tolerance"} & set(changes):
        refresh_lights(session, settings=after)
    return after
