"""催办 that arrives: reminders delivered to a real local SMTP server and a real local webhook receiver,
a failing receiver retried with back-off and every attempt logged; the settings are the admin's."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from luoshi.storage.db import session_factory
from luoshi.storage.ledger_models import AuditEntry, Delivery
from luoshi.tracking import delivery
from luoshi.tracking.errors import PermissionDenied, ValidationFailed
from luoshi.tracking.items import create_item
from luoshi.tracking.lights import local_today
from luoshi.tracking.reminders import send_reminders
from tracking.delivery_servers import SmtpSink, WebhookReceiver, free_port
from tracking.ledger_fixtures import ADMIN, HOUSING_UNIT, JOBS_UNIT, SUPERVISOR

OFFICE_HOOK = "office"


def _overdue_item(session, unit: str, title: str) -> int:
    due = (local_today() - timedelta(days=3)).isoformat()  # the ledger's calendar (China)
    return create_item(session, SUPERVISOR, {"title": title, "lead_unit": unit, "due_date": due},
                       status="assigned").id


def _configure(session, **values) -> None:
    delivery.update_config(session, ADMIN, values)


def _log(factory) -> list[tuple]:
    with factory() as session:
        return [(d.channel, d.target, d.attempt, d.status, d.error)
                for d in session.scalars(select(Delivery).order_by(Delivery.id))]


def test_a_reminder_reaches_the_smtp_server_and_the_webhook_receivers(engine):
    factory = session_factory(engine)
    with SmtpSink() as smtp, WebhookReceiver() as unit_hook, WebhookReceiver() as office_hook:
        with factory() as session:
            _configure(session, smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_from="duchashi@example.gov.cn",
                       webhook_urls=[office_hook.url], link_base="https://duban.example.gov.cn",
                       unit_contacts={HOUSING_UNIT: {"emails": ["zjj@example.gov.cn"], "webhooks": [unit_hook.url]}})
            item_id = _overdue_item(session, HOUSING_UNIT, "完成危房排查")
            [reminder] = send_reminders(session, SUPERVISOR)
            session.commit()
            serial = reminder.message.split("「")[0].removeprefix("【催办】")
        assert _log(factory)[0][3] == "queued"  # nothing is sent inside the request's transaction
        result = delivery.deliver_due(factory)
    assert (result.sent, result.failed, result.waiting) == (3, 0, 0)
    [mail] = smtp.messages
    assert smtp.recipients == [["zjj@example.gov.cn"]]
    assert mail["Subject"] == f"【催办】{serial}" and mail["From"] == "duchashi@example.gov.cn"
    body = mail.get_content()
    assert "已逾期3天" in body and f"https://duban.example.gov.cn/items/{item_id}" in body
    for hook in (unit_hook, office_hook):
        [sent] = hook.bodies
        assert sent["msgtype"] == "text" and set(sent) == {"msgtype", "text"}
        assert sent["text"]["content"].startswith(f"【催办】{serial}") and "已逾期3天" in sent["text"]["content"]
        assert hook.content_types == ["application/json; charset=utf-8"]
    assert sorted(row[:4] for row in _log(factory)) == sorted([
        ("email", "zjj@example.gov.cn", 1, "sent"), ("webhook", unit_hook.url, 1, "sent"),
        ("webhook", office_hook.url, 1, "sent")])
    assert delivery.deliver_due(factory).sent == 0  # sent once, never again


def test_a_failing_receiver_is_retried_with_back_off_and_every_attempt_logged(engine):
    factory = session_factory(engine)
    with WebhookReceiver(failures=[500, ("errcode", 310000)]) as hook:
        with factory() as session:
            _configure(session, webhook_urls=[hook.url], retry_base_seconds=60, max_attempts=4)
            _overdue_item(session, JOBS_UNIT, "建设零工市场")
            send_reminders(session, SUPERVISOR)
            session.commit()
        t0 = datetime.now(UTC)
        clock = {"now": t0}
        first = delivery.deliver_due(factory, now=lambda: clock["now"])
        assert (first.sent, first.failed, first.waiting) == (0, 1, 1)
        clock["now"] = t0 + timedelta(seconds=30)  # the back-off (60 s) is not over
        assert delivery.deliver_due(factory, now=lambda: clock["now"]).failed == 0 and hook.requests == 1
        clock["now"] = t0 + timedelta(seconds=61)
        assert delivery.deliver_due(factory, now=lambda: clock["now"]).failed == 1  # the robot refused it
        clock["now"] = t0 + timedelta(seconds=61 + 119)  # the second back-off is 120 s
        assert delivery.deliver_due(factory, now=lambda: clock["now"]).sent == 0
        clock["now"] = t0 + timedelta(seconds=61 + 121)
        assert delivery.deliver_due(factory, now=lambda: clock["now"]).sent == 1
    log = _log(factory)
    assert [(attempt, status) for _c, _t, attempt, status, _e in log] == [(1, "failed"), (2, "failed"), (3, "sent")]
    assert log[0][4] == "HTTP 500 Internal Server Error" and log[1][4].startswith("errcode 310000")
    assert len(hook.bodies) == 1 and hook.requests == 3


def test_an_unreachable_server_is_given_up_after_the_last_attempt(engine):
    factory = session_factory(engine)
    closed_port = free_port()  # nothing listens there
    with factory() as session:
        _configure(session, smtp_host="127.0.0.1", smtp_port=closed_port, smtp_from="duchashi@example.gov.cn",
                   unit_contacts={JOBS_UNIT: {"emails": ["rsj@example.gov.cn"]}}, max_attempts=2,
                   retry_base_seconds=0, timeout_seconds=2)
        _overdue_item(session, JOBS_UNIT, "出台稳岗政策")
        send_reminders(session, SUPERVISOR)
        session.commit()
    result = delivery.deliver_due(factory)
    assert (result.sent, result.failed, result.given_up, result.waiting) == (0, 2, 1, 0)
    log = _log(factory)
    assert [(row[2], row[3]) for row in log] == [(1, "failed"), (2, "failed")]
    assert f"127.0.0.1:{closed_port}" in log[0][4] and "放弃" in log[1][4]
    with factory() as session:
        rows = list(session.scalars(select(Delivery).order_by(Delivery.id)))
        assert delivery.summary(rows) == "failed"


def test_only_the_admin_sets_delivery_and_the_password_never_reaches_the_log(session):
    with pytest.raises(PermissionDenied):
        delivery.update_config(session, SUPERVISOR, {"smtp_host": "mail.example.gov.cn"})
    with pytest.raises(ValidationFailed, match="邮箱地址无效"):
        delivery.update_config(session, ADMIN, {"unit_contacts": {JOBS_UNIT: {"emails": ["not-an-address"]}}})
    with pytest.raises(ValidationFailed, match="网址"):
        delivery.update_config(session, ADMIN, {"webhook_urls": ["ftp://robot"]})
    with pytest.raises(ValidationFailed, match="timeout_seconds"):
        delivery.update_config(session, ADMIN, {"timeout_seconds": 120})
    config = delivery.update_config(session, ADMIN, {"smtp_host": "mail.example.gov.cn", "smtp_password": "s3cret",
                                                     "unit_contacts": {JOBS_UNIT: {"emails": "a@x.cn，b@x.cn"}}})
    assert config.unit_contacts[JOBS_UNIT]["emails"] == ["a@x.cn", "b@x.cn"]
    again = delivery.update_config(session, ADMIN, {"smtp_password": delivery.MASK, "smtp_port": 587})
    assert again.smtp_password == "s3cret" and again.to_dict()["smtp_password"] == delivery.MASK
    logged = json.dumps([row.after for row in session.scalars(select(AuditEntry).where(
        AuditEntry.entity_id == delivery.SETTING_KEY))], ensure_ascii=False)
    assert "s3cret" not in logged and delivery.MASK in logged


def test_targets_are_the_units_then_the_offices_each_once():
    config = delivery.DeliveryConfig(smtp_host="h", smtp_from="f@x.cn", webhook_urls=["http://o", "http://u"],
                                     unit_contacts={JOBS_UNIT: {"emails": ["a@x.cn"], "webhooks": ["http://u"]}})
    assert delivery.targets_for(config, JOBS_UNIT) == [("email", "a@x.cn"), ("webhook", "http://u"),
                                                       ("webhook", "http://o")]
    assert delivery.targets_for(config, None) == [("webhook", "http://o"), ("webhook", "http://u")]
    no_mail = delivery.DeliveryConfig(unit_contacts={JOBS_UNIT: {"emails": ["a@x.cn"], "webhooks": []}})
    assert delivery.targets_for(no_mail, JOBS_UNIT) == []  # e-mail needs an SMTP server


def test_the_webhook_body_is_cut_to_the_robots_limit():
    body = json.loads(delivery.webhook_body("催" * 3000))
    assert len(body["text"]["content"].encode("utf-8")) <= delivery.WEBHOOK_MAX_BYTES
    assert body["text"]["content"].endswith("…")


def test_luoshi_remind_send_delivers_and_a_later_run_drains_the_retry(tmp_path):
    from typer.testing import CliRunner

    from luoshi.cli.main import app
    from luoshi.storage.db import make_engine
    from luoshi.storage.migrate import upgrade_to_head

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    engine = make_engine(url)
    upgrade_to_head(engine)
    factory = session_factory(engine)
    with WebhookReceiver(failures=[500]) as hook:
        with factory() as session:
            _configure(session, webhook_urls=[hook.url], retry_base_seconds=0)
            _overdue_item(session, HOUSING_UNIT, "完成危房排查")
            session.commit()
        first = CliRunner().invoke(app, ["remind", "--send", "--db", url])
        assert first.exit_code == 0, first.output
        assert "1 reminder(s) recorded as sent" in first.output and "deliveries: 1 sent, 1 failed" in first.output
        assert len(hook.bodies) == 1
        again = CliRunner().invoke(app, ["remind", "--db", url])
        assert again.exit_code == 0 and "deliveries:" not in again.output  # nothing left to deliver
    engine.dispose()
