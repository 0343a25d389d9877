"""Progress reports (进展填报) and attachments. A report carries the cumulative value reached (3.2万 of
7万), a note, problems and next steps; files are stored in the database, size-limited by the
``attachment_max_bytes`` setting. Reporting on an accepted item moves it to in_progress."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi.storage.db import lock_for_write
from luoshi.storage.ledger_models import Attachment, Item, ItemTransition, ProgressReport
from luoshi.tracking import audit, permissions
from luoshi.tracking.actor import Actor
from luoshi.tracking.errors import NotFound, ValidationFailed
from luoshi.tracking.items import check_version, flush_item, get_item
from luoshi.tracking.lights import apply_light, local_today
from luoshi.tracking.settings import get_settings

UNIT_REPORTABLE = ("accepted", "in_progress", "completion_requested")
CLOSED_TO_REPORTS = ("closed", "rejected", "merged")


@dataclass
class UploadedFile:
    filename: str
    data: bytes
    mime: str = "application/octet-stream"


def add_progress(
    session: Session, actor: Actor, item_ref: int | str, *, value: float | None = None, note: str = "",
    problems: str = "", next_steps: str = "", as_of: date | None = None, expected_version: int | None = None,
    files: list[UploadedFile] | None = None, source: str = "unit", today: date | None = None,
) -> ProgressReport:
    """Record a progress report; the item's progress value, last report time and light follow it.

    Reports without a version queue: the write lock is taken before the item is read (SQLite
    ``BEGIN IMMEDIATE``; the API also row-locks on PostgreSQL), so 20 at once all succeed."""
    lock_for_write(session)
    settings = get_settings(session)  # read before any change: a query would autoflush half an edit
    item = get_item(session, actor, item_ref)
    permissions.require_progress(actor, item)
    check_version(item, expected_version)
    _check_reportable(actor, item)
    if value is not None and (not isinstance(value, (int, float)) or value < 0):
        raise ValidationFailed(f"进展数值应为非负数：{value}")
    if value is None and not (note or problems or next_steps or files):
        raise ValidationFailed("进展填报不能为空：请填写完成数值或进展情况")
    today = today or local_today()
    as_of = as_of or today
    report = ProgressReport(item_id=item.id, value=value, as_of=as_of, note=note, problems=problems,
                            next_steps=next_steps, source=source, reported_by=actor.username)
    session.add(report)
    before = audit.row_snapshot(item)
    if value is not None and (item.progress_as_of is None or as_of >= item.progress_as_of):
        item.progress_value, item.progress_as_of = float(value), as_of
    item.last_report_at = datetime.now(UTC)
    if item.status == "accepted" and source == "unit":
        session.add(ItemTransition(item_id=item.id, action="start", from_status="accepted", to_status="in_progress",
                                   actor=actor.username, why="首次填报进展"))
        item.status = "in_progress"
    apply_light(item, settings, today)
    flush_item(session, item)
    for upload in files or []:
        add_attachment(session, actor, item, upload, progress_id=report.id)
    audit.record(session, actor, "progress", "item", item.id, before,
                 {**audit.row_snapshot(item), "report": audit.row_snapshot(report)})
    return report


def _check_reportable(actor: Actor, item: Item) -> None:
    if item.status in CLOSED_TO_REPORTS:
        raise ValidationFailed(f"事项{item.serial}已{item.status}，不能再填报进展")
    if not actor.is_supervisor and item.status not in UNIT_REPORTABLE:
        raise ValidationFailed(f"事项{item.serial}尚未签收，签收后才能填报进展")


def list_progress(session: Session, actor: Actor, item_ref: int | str) -> list[ProgressReport]:
    item = get_item(session, actor, item_ref)
    return list(item.progress_reports)


def add_attachment(
    session: Session, actor: Actor, item: Item | int | str, upload: UploadedFile, *, progress_id: int | None = None
) -> Attachment:
    """Store a file in the database (refused above the size limit, or when empty)."""
    if not isinstance(item, Item):
        item = get_item(session, actor, item)
        permissions.require_progress(actor, item)
    limit = get_settings(session).attachment_max_bytes
    if not upload.data:
        raise ValidationFailed(f"{upload.filename}: 文件为空")
    if len(upload.data) > limit:
        raise ValidationFailed(f"{upload.filename}: 文件过大（{len(upload.data)}字节，上限{limit}字节）")
    attachment = Attachment(item_id=item.id, progress_id=progress_id, filename=upload.filename[:255],
                            mime=upload.mime or "application/octet-stream", size=len(upload.data),
                            data=upload.data, uploaded_by=actor.username)
    session.add(attachment)
    session.flush()
    audit.record(session, actor, "attach", "item", item.id, None,
                 {"attachment_id": attachment.id, "filename": attachment.filename, "size": attachment.size})
    return attachment


def get_attachment(session: Session, actor: Actor, attachment_id: int) -> Attachment:
    attachment = session.get(Attachment, attachment_id)
    if attachment is None:
        raise NotFound(f"附件不存在：{attachment_id}")
    get_item(session, actor, attachment.item_id)  # visibility
    return attachment


def list_attachments(session: Session, actor: Actor, item_ref: int | str) -> list[Attachment]:
    item = get_item(session, actor, item_ref)
    return list(session.scalars(select(Attachment).where(Attachment.item_id == item.id).order_by(Attachment.id)))
