"""Reminders that arrive (催办送达): delivery by e-mail (SMTP) and by webhook (WeCom/DingTalk group robots),
with bounded retries and a delivery log.

- The admin sets the channels (:class:`DeliveryConfig`, stored as the ledger setting ``delivery``): an SMTP
  server, the office's group-robot webhooks (every reminder goes there) and each unit's e-mail addresses
  and webhooks (its own reminders go there).
- :func:`queue_deliveries` is called when reminders are sent: one ``deliveries`` row per target, ``queued``.
- :func:`deliver_due` drains the queue outside the request's transaction: each attempt is claimed, made
  with a short timeout and logged (``sent`` or ``failed`` with the error); a failed attempt queues the next
  one after ``retry_base_seconds × 2^(attempt−1)`` (capped at an hour) until ``max_attempts``. The web
  server drains right after a send (a background task, after the response) and every
  ``DRAIN_EVERY`` seconds (retries); ``luoshi remind`` drains too.

The webhook body is the group robots' text message, the same shape for WeCom and DingTalk:
``{"msgtype": "text", "text": {"content": "…"}}``; both answer ``{"errcode": 0, …}`` on success and a
non-zero ``errcode`` (with HTTP 200) when they refuse, which counts as a failed attempt.
"""
from __future__ import annotations

import json
import smtplib
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any, get_args

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from luoshi.storage.ledger_models import Delivery, DeliverySummary, Item, LedgerSetting, Reminder, SmtpSecurity
from luoshi.tracking import audit, permissions
from luoshi.tracking.actor import Actor
from luoshi.tracking.errors import PermissionDenied, ValidationFailed

SETTING_KEY = "delivery"
SECURITY: tuple[str, ...] = get_args(SmtpSecurity)
MAX_BACKOFF = timedelta(hours=1)
STALE_CLAIM = timedelta(minutes=10)  # a ``sending`` row older than this was left by a worker that died
WEBHOOK_MAX_BYTES = 2000  # WeCom's text limit is 2048 bytes of UTF-8 (DingTalk's is larger)
DRAIN_EVERY = 30.0  # seconds between the web server's drains (retries that came due)
MASK = "********"


@dataclass
class DeliveryConfig:
    smtp_host: str = ""  # empty: no e-mail
    smtp_port: int = 25
    smtp_security: str = "none"  # none | starttls | ssl
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = ""
    webhook_urls: list[str] = field(default_factory=list)  # the office's group robots: every reminder
    unit_contacts: dict[str, dict[str, list[str]]] = field(default_factory=dict)  # unit -> emails, webhooks
    max_attempts: int = 4
    retry_base_seconds: float = 60.0
    timeout_seconds: float = 5.0
    link_base: str = ""  # e.g. https://duban.example.gov.cn — a link to the item in each message

    def to_dict(self, *, masked: bool = True) -> dict[str, Any]:
        data = asdict(self)
        if masked:
            data["smtp_password"] = MASK if self.smtp_password else ""
        return data

    @property
    def email_enabled(self) -> bool:
        return bool(self.smtp_host and self.smtp_from)


_FIELDS = {f.name: f for f in fields(DeliveryConfig)}


def get_config(session: Session) -> DeliveryConfig:
    row = session.get(LedgerSetting, SETTING_KEY)
    values = row.value if row is not None and isinstance(row.value, dict) else {}
    return DeliveryConfig(**{k: v for k, v in values.items() if k in _FIELDS})


def _urls(value: Any, name: str) -> list[str]:
    items = value.split() if isinstance(value, str) else list(value or [])
    urls = [str(u).strip() for u in items if str(u).strip()]
    for url in urls:
        if not url.startswith(("http://", "https://")) or len(url) > 500:
            raise ValidationFailed(f"{name}不是有效的网址：{url}")
    return urls


def _emails(value: Any, unit: str) -> list[str]:
    items = value.replace("，", ",").replace(";", ",").split(",") if isinstance(value, str) else list(value or [])
    emails = [str(e).strip() for e in items if str(e).strip()]
    for address in emails:
        local, _, domain = address.partition("@")
        if not local or "." not in domain or " " in address or len(address) > 254:
            raise ValidationFailed(f"单位{unit}的邮箱地址无效：{address}")
    return emails


def _validated(key: str, value: Any) -> Any:
    if key not in _FIELDS:
        raise ValidationFailed(f"未知的送达设置项：{key}")
    if key == "smtp_security":
        if value not in SECURITY:
            raise ValidationFailed(f"smtp_security应为{'、'.join(SECURITY)}之一：{value}")
        return value
    if key == "webhook_urls":
        return _urls(value, "群机器人webhook")
    if key == "unit_contacts":
        if not isinstance(value, dict):
            raise ValidationFailed("unit_contacts应为对象：{单位: {emails: [...], webhooks: [...]}}")
        contacts = {}
        for unit, entry in value.items():
            if not isinstance(entry, dict) or set(entry) - {"emails", "webhooks"}:
                raise ValidationFailed(f"单位{unit}的联系方式应为 {{emails: [...], webhooks: [...]}}")
            emails, hooks = _emails(entry.get("emails"), unit), _urls(entry.get("webhooks"), f"单位{unit}的webhook")
            if emails or hooks:
                contacts[str(unit).strip()] = {"emails": emails, "webhooks": hooks}
        return contacts
    default = getattr(DeliveryConfig(), key)
    try:
        cast = type(default)(value)
    except (TypeError, ValueError) as exc:
        raise ValidationFailed(f"送达设置项{key}的值应为{type(default).__name__}：{value}") from exc
    if key == "max_attempts" and not 1 <= cast <= 10:
        raise ValidationFailed("max_attempts应在1到10之间")
    if key == "timeout_seconds" and not 0 < cast <= 30:
        raise ValidationFailed("timeout_seconds应在0到30秒之间（送达不能长时间占用线程）")
    if isinstance(cast, (int, float)) and cast < 0:
        raise ValidationFailed(f"送达设置项{key}不能为负数")
    if key == "smtp_port" and not 0 < cast < 65536:
        raise ValidationFailed(f"smtp_port无效：{value}")
    return cast.strip() if isinstance(cast, str) else cast


def update_config(session: Session, actor: Actor, changes: dict[str, Any]) -> DeliveryConfig:
    """Change the delivery settings (admins only; audited, the password never written to the log).
    A password equal to the mask (``********``) leaves the stored one as it is."""
    if actor.role != "admin":
        raise PermissionDenied(f"用户{actor.username}（{actor.role}）无权修改催办送达设置，只有管理员可以")
    current = get_config(session)
    before = current.to_dict()
    values = current.to_dict(masked=False)
    for key, value in changes.items():
        if key == "smtp_password" and value == MASK:
            continue
        values[key] = _validated(key, value)
    result = DeliveryConfig(**values)
    row = session.get(LedgerSetting, SETTING_KEY)
    stored = result.to_dict(masked=False)
    if row is None:
        session.add(LedgerSetting(key=SETTING_KEY, value=stored, updated_by=actor.username))
    else:
        row.value, row.updated_by = stored, actor.username
    session.flush()
    audit.record(session, actor, "update", "settings", SETTING_KEY, before, result.to_dict())
    return result


# ---------------------------------------------------------------- queue


def targets_for(config: DeliveryConfig, unit: str | None) -> list[tuple[str, str]]:
    """(channel, target) pairs a reminder to ``unit`` goes to: the unit's e-mail addresses (when an SMTP
    server is set) and webhooks, then the office's group robots; each once."""
    contact = config.unit_contacts.get(unit or "", {}) if unit else {}
    pairs = [("email", e) for e in contact.get("emails", [])] if config.email_enabled else []
    pairs += [("webhook", u) for u in [*contact.get("webhooks", []), *config.webhook_urls]]
    return list(dict.fromkeys(pairs))


def queue_deliveries(session: Session, reminders: list[Reminder], *, now: datetime | None = None) -> list[Delivery]:
    """Queue the first attempt of every reminder to every target (called with the reminders' insert)."""
    config = get_config(session)
    now = now or datetime.now(UTC)
    rows = [Delivery(reminder_id=r.id, channel=channel, target=target, attempt=1, status="queued", at=now,
                     next_at=now, error="")
            for r in reminders for channel, target in targets_for(config, r.unit)]
    session.add_all(rows)
    session.flush()
    return rows


# ---------------------------------------------------------------- sending


class DeliveryError(Exception):
    """One attempt failed; the message is what the log shows."""


def _subject(reminder: Reminder, serial: str | None) -> str:
    return f"【催办】{serial}" if serial else f"【催办】{reminder.unit or ''}"


def _text(reminder: Reminder, config: DeliveryConfig, item_id: int | None) -> str:
    text = reminder.message
    if config.link_base and item_id:
        text += f"\n{config.link_base.rstrip('/')}/items/{item_id}"
    elif config.link_base and reminder.unit:
        from urllib.parse import quote

        text += f"\n{config.link_base.rstrip('/')}/units/{quote(reminder.unit, safe='')}"
    return text


def send_email(config: DeliveryConfig, to: str, subject: str, body: str) -> None:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = config.smtp_from, to, subject
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = make_msgid(domain=config.smtp_from.partition("@")[2] or None)
    message.set_content(body)
    try:
        if config.smtp_security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(config.smtp_host, config.smtp_port, timeout=config.timeout_seconds,
                                                    context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=config.timeout_seconds)
        with client:
            if config.smtp_security == "starttls":
                client.starttls(context=ssl.create_default_context())
            if config.smtp_user:
                client.login(config.smtp_user, config.smtp_password)
            refused = client.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"SMTP {config.smtp_host}:{config.smtp_port}：{exc.__class__.__name__} {exc}".strip()) from exc
    if refused:
        raise DeliveryError(f"SMTP 拒收：{refused}")


def webhook_body(text: str) -> bytes:
    """The group robots' text message (WeCom and DingTalk), cut to their length limit."""
    data = text.encode("utf-8")
    if len(data) > WEBHOOK_MAX_BYTES:
        text = data[: WEBHOOK_MAX_BYTES - 3].decode("utf-8", errors="ignore") + "…"
    return json.dumps({"msgtype": "text", "text": {"content": text}}, ensure_ascii=False).encode("utf-8")


def send_webhook(config: DeliveryConfig, url: str, text: str) -> None:
    request = urllib.request.Request(url, data=webhook_body(text), method="POST",
                                     headers={"Content-Type": "application/json; charset=utf-8"})
    try:
        with urllib.request.urlopen(request, timeout=config.timeout_seconds) as response:  # noqa: S310 - admin's URL
            payload = response.read(65536)
    except urllib.error.HTTPError as exc:
        raise DeliveryError(f"HTTP {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise DeliveryError(f"webhook：{getattr(exc, 'reason', exc)}") from exc
    try:
        answer = json.loads(payload or b"{}")
    except ValueError:
        return  # a receiver that does not answer JSON took the message (HTTP 2xx)
    if isinstance(answer, dict) and answer.get("errcode") not in (None, 0):
        raise DeliveryError(f"errcode {answer.get('errcode')}：{answer.get('errmsg', '')}")


Sender = Callable[[DeliveryConfig, Delivery, Reminder, str | None], None]


def _send(config: DeliveryConfig, row: Delivery, reminder: Reminder, serial: str | None) -> None:
    text = _text(reminder, config, reminder.item_id)
    if row.channel == "email":
        if not config.email_enabled:
            raise DeliveryError("未设置SMTP服务器")
        send_email(config, row.target, _subject(reminder, serial), text)
    elif row.channel == "webhook":
        send_webhook(config, row.target, text)
    else:
        raise DeliveryError(f"未知渠道：{row.channel}")


def backoff(config: DeliveryConfig, attempt: int) -> timedelta:
    """Wait before attempt ``attempt + 1``: base × 2^(attempt−1), at most an hour."""
    return min(timedelta(seconds=config.retry_base_seconds * 2 ** (attempt - 1)), MAX_BACKOFF)


@dataclass
class DrainResult:
    sent: int = 0
    failed: int = 0  # attempts that failed (retried or given up)
    given_up: int = 0
    waiting: int = 0  # queued for later (a back-off not over yet)

    def to_dict(self) -> dict[str, int]:
        return asdict(self)


def _claim(session_factory: Callable[[], Session], now: datetime, limit: int) -> list[int]:
    """Mark up to ``limit`` due rows ``sending`` (one UPDATE each, so two workers never take the same)."""
    with session_factory() as session:
        ids = list(session.scalars(select(Delivery.id).where(or_(
            (Delivery.status == "queued") & (Delivery.next_at <= now),
            (Delivery.status == "sending") & (Delivery.at < now - STALE_CLAIM),
        )).order_by(Delivery.next_at, Delivery.id).limit(limit)))
        claimed = []
        for delivery_id in ids:
            result = session.execute(update(Delivery).where(Delivery.id == delivery_id, Delivery.status.in_(
                ("queued", "sending"))).values(status="sending", at=now))
            if getattr(result, "rowcount", 0):  # a CursorResult for an UPDATE
                claimed.append(delivery_id)
        session.commit()
        return claimed


def deliver_due(session_factory: Callable[[], Session], *, now: Callable[[], datetime] | None = None,
                limit: int = 200, sender: Sender | None = None) -> DrainResult:
    """Make every due attempt (queued and ``next_at`` reached), each in its own short transaction; the
    network I/O happens outside any transaction. Attempts queued with no back-off (0 s) are made in the
    same call, so the loop ends after at most ``max_attempts`` rounds."""
    clock = now or (lambda: datetime.now(UTC))
    sender = sender or _send
    result = DrainResult()
    for _round in range(12):
        claimed = _claim(session_factory, clock(), limit)
        if not claimed:
            break
        for delivery_id in claimed:
            _attempt(session_factory, delivery_id, clock, sender, result)
    with session_factory() as session:
        result.waiting = session.scalar(select(func.count()).select_from(Delivery).where(
            Delivery.status == "queued")) or 0
    return result


def _attempt(session_factory: Callable[[], Session], delivery_id: int, clock: Callable[[], datetime],
             sender: Sender, result: DrainResult) -> None:
    with session_factory() as session:
        row = session.get(Delivery, delivery_id)
        if row is None or row.status != "sending":
            return
        config = get_config(session)
        reminder = session.get(Reminder, row.reminder_id)
        if reminder is None:
            return
        serial = session.scalar(select(Item.serial).where(Item.id == reminder.item_id)) if reminder.item_id else None
        session.expunge_all()  # no transaction held open during the network call
        session.rollback()
    error = ""
    try:
        sender(config, row, reminder, serial)
    except DeliveryError as exc:
        error = str(exc)[:2000] or "failed"
    except Exception as exc:  # noqa: BLE001 - any failure of a channel is logged, never raised to the caller
        error = f"{exc.__class__.__name__}：{exc}"[:2000]
    at = clock()
    with session_factory() as session:
        current = session.get(Delivery, delivery_id)
        if current is None:
            return
        current.at, current.next_at = at, None
        if not error:
            current.status, current.error = "sent", ""
            result.sent += 1
        else:
            current.status = "failed"
            result.failed += 1
            if current.attempt < config.max_attempts:
                current.error = error
                session.add(Delivery(reminder_id=current.reminder_id, channel=current.channel, target=current.target,
                                     attempt=current.attempt + 1, status="queued", at=at, error="",
                                     next_at=at + backoff(config, current.attempt)))
            else:
                current.error = f"{error}（已重试{current.attempt}次，放弃）"
                result.given_up += 1
        session.commit()


# ---------------------------------------------------------------- reading


def delivery_log(session: Session, actor: Actor, *, reminder_ids: list[int] | None = None,
                 item_id: int | None = None, status: str | None = None, limit: int = 200) -> list[Delivery]:
    """Delivery rows, newest first: supervisors see all; a unit user those of reminders to their unit."""
    query = select(Delivery).join(Reminder, Reminder.id == Delivery.reminder_id).order_by(Delivery.id.desc()).limit(limit)
    if not actor.is_supervisor:
        if actor.role != "unit":
            raise PermissionDenied(f"用户{actor.username}（{actor.role}）无权查看催办送达记录")
        query = query.where(Reminder.unit == (actor.unit or "\x00"))
    if reminder_ids is not None:
        query = query.where(Delivery.reminder_id.in_(reminder_ids))
    if item_id is not None:
        query = query.where(Reminder.item_id == item_id)
    if status:
        query = query.where(Delivery.status == status)
    return list(session.scalars(query))


def item_reminders(session: Session, actor: Actor, item: Item) -> list[tuple[Reminder, list[Delivery]]]:
    """The reminders of one item (newest first), each with its delivery log (oldest attempt first)."""
    if not permissions.can_view(actor, item):
        raise PermissionDenied(f"无权查看事项{item.serial}")
    reminders = list(session.scalars(select(Reminder).where(Reminder.item_id == item.id).order_by(Reminder.id.desc())))
    rows: dict[int, list[Delivery]] = {r.id: [] for r in reminders}
    if reminders:
        for row in session.scalars(select(Delivery).where(Delivery.reminder_id.in_(list(rows))).order_by(Delivery.id)):
            rows[row.reminder_id].append(row)
    return [(r, rows[r.id]) for r in reminders]


def reminder_deliveries(session: Session, reminder_ids: list[int]) -> dict[int, list[Delivery]]:
    rows: dict[int, list[Delivery]] = {i: [] for i in reminder_ids}
    if reminder_ids:
        for row in session.scalars(select(Delivery).where(Delivery.reminder_id.in_(reminder_ids)).order_by(Delivery.id)):
            rows[row.reminder_id].append(row)
    return rows


def summary(rows: list[Delivery]) -> DeliverySummary:
    """One word for a reminder's deliveries: sent / retrying / failed / queued / none."""
    if not rows:
        return "none"
    latest: dict[tuple[str, str], Delivery] = {}
    for row in rows:
        latest[(row.channel, row.target)] = row
    states = {r.status for r in latest.values()}
    if states == {"sent"}:
        return "sent"
    if "failed" in states:
        return "failed"
    if any(r.attempt > 1 for r in latest.values()):
        return "retrying"
    return "queued"


__all__ = [
    "DeliveryConfig", "DeliveryError", "DrainResult", "backoff", "deliver_due", "delivery_log", "get_config",
    "item_reminders", "queue_deliveries", "reminder_deliveries", "send_email", "send_webhook", "summary",
    "targets_for", "update_config", "webhook_body",
]


def drain_quietly(session_factory: Callable[[], Session]) -> DrainResult | None:
    """``deliver_due`` for a background task: a failure is logged, never raised (the next drain retries)."""
    import logging

    try:
        return deliver_due(session_factory)
    except Exception:  # noqa: BLE001 - a background drain must not take the server down
        logging.getLogger(__name__).exception("delivery drain failed")
        return None


async def drain_periodically(session_factory: Callable[[], Session], *, every: float = DRAIN_EVERY) -> None:
    """The web server's delivery worker: drain the queue every ``every`` seconds in a thread (retries whose
    back-off is over, reminders queued by another process such as ``luoshi remind --send``)."""
    import asyncio

    while True:
        await asyncio.to_thread(drain_quietly, session_factory)
        await asyncio.sleep(every)
