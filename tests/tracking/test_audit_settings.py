"""The audit trail is append-only (the database refuses UPDATE/DELETE) and records every change; settings
are validated, audited and recompute lights."""
from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from luoshi.storage.ledger_models import AuditEntry
from luoshi.tracking import audit
from luoshi.tracking.errors import PermissionDenied, ValidationFailed
from luoshi.tracking.intake import after_ingest
from luoshi.tracking.items import update_item
from luoshi.tracking.settings import get_settings
from luoshi.tracking.settings_change import update_settings
from luoshi.tracking.workflow import transition
from tracking.ledger_fixtures import JOBS_CLERK, PLENUM, SUPERVISOR, VIEWER, store


def test_raw_update_and_delete_of_audit_rows_fail(session):
    entry = audit.record(session, SUPERVISOR, "update", "user", 7, {"role": "viewer"}, {"role": "unit"})
    for statement in ("UPDATE audit_log SET actor = 'mallory' WHERE id = :id", "DELETE FROM audit_log WHERE id = :id"):
        savepoint = session.begin_nested()
        with pytest.raises(DBAPIError, match="append-only"):
            session.execute(sa.text(statement), {"id": entry.id})
        savepoint.rollback()
    assert session.scalar(sa.select(AuditEntry.actor).where(AuditEntry.id == entry.id)) == "dc_wang"


def test_every_item_change_is_audited_with_before_and_after(session):
    item_id = after_ingest(session, store(session, PLENUM).id).item_ids[0]
    update_item(session, SUPERVISOR, item_id, {"title": "新标题"}, expected_version=1, why="精简")
    transition(session, SUPERVISOR, item_id, "assign")
    rows = audit.entity_history(session, "item", item_id)
    assert [r.action for r in rows] == ["create", "update", "assign"]
    assert rows[1].before["title"] == "确保全年新增城镇就业4.2万人以上" and rows[1].after["title"] == "新标题"
    assert rows[2].before["status"] == "proposed" and rows[2].after["status"] == "assigned"
    page = audit.list_audit(session, SUPERVISOR, entity_type="item", entity_id=item_id, page_size=2)
    assert page.total == 3 and [r.action for r in page.items] == ["assign", "update"]


def test_only_supervisors_read_the_audit_log(session):
    for actor in (JOBS_CLERK, VIEWER):
        with pytest.raises(PermissionDenied):
            audit.list_audit(session, actor)


def test_settings_change_is_validated_audited_and_relights(session):
    from luoshi.storage.ledger_models import Item

    item_id = after_ingest(session, store(session, PLENUM).id).item_ids[0]
    transition(session, SUPERVISOR, item_id, "assign")
    assert get_settings(session).yellow_days == 15
    with pytest.raises(PermissionDenied):
        update_settings(session, JOBS_CLERK, {"yellow_days": 400})
    with pytest.raises(ValidationFailed):
        update_settings(session, SUPERVISOR, {"yellow_days": "soon"})
    with pytest.raises(ValidationFailed):
        update_settings(session, SUPERVISOR, {"colour": "blue"})
    update_settings(session, SUPERVISOR, {"yellow_days": 400})
    assert get_settings(session).yellow_days == 400
    assert session.get(Item, item_id).light == "yellow"  # every open item is now "due soon"
    row = audit.entity_history(session, "settings", "ledger")[-1]
    assert (row.before["yellow_days"], row.after["yellow_days"], row.actor) == (15, 400, "dc_wang")
