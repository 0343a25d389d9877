"""Over HTTP: reminders delivered (a real local SMTP server and webhook receiver) and their log, the
admin's delivery settings, merge proposals accepted from an item, a statistic attached as evidence."""
from __future__ import annotations

from datetime import date, timedelta

from api_support import ARTICLE_TEXT, UNIT_A, assert_error, make_item, seed_article

from tracking.delivery_servers import SmtpSink, WebhookReceiver


def test_delivery_settings_are_the_admins_and_reminders_arrive_with_their_log(api_env):
    admin, boss, unit = api_env.client("admin"), api_env.client("supervisor"), api_env.client("unit")
    assert_error(boss.get("/api/v1/delivery-settings"), 403)
    assert_error(boss.patch("/api/v1/delivery-settings", json={"smtp_host": "x"}), 403)
    assert_error(admin.patch("/api/v1/delivery-settings", json={"smtp_security": "tls13"}), 422)
    item_id, _ = make_item(api_env, "assigned", due_date=date.today() - timedelta(days=2))
    with SmtpSink() as smtp, WebhookReceiver(failures=[503]) as hook:
        settings = admin.patch("/api/v1/delivery-settings", json={
            "smtp_host": "127.0.0.1", "smtp_port": smtp.port, "smtp_from": "duchashi@example.gov.cn",
            "smtp_password": "pw-1", "webhook_urls": [hook.url], "retry_base_seconds": 0,
            "unit_contacts": {UNIT_A: {"emails": ["rsj@example.gov.cn"]}}})
        assert settings.status_code == 200 and settings.json()["smtp_password"] == "********"
        sent = boss.post("/api/v1/reminders/send", json={"item_ids": [item_id]})
        assert sent.status_code == 200 and sent.json()["total"] == 1
        # TestClient runs the background delivery before it returns the response: both channels tried.
        assert [m["To"] for m in smtp.messages] == ["rsj@example.gov.cn"]
        assert len(hook.bodies) == 1 and hook.requests == 2  # 503 first, retried with no back-off
    history = unit.get(f"/api/v1/items/{item_id}/reminders").json()["items"]
    assert len(history) == 1 and history[0]["delivery"] == "sent"
    attempts = sorted((d["channel"], d["attempt"], d["status"]) for d in history[0]["deliveries"])
    assert attempts == [("email", 1, "sent"), ("webhook", 1, "failed"), ("webhook", 2, "sent")]
    log = boss.get("/api/v1/reminders/deliveries", params={"status": "failed"}).json()
    assert log["total"] == 1 and log["items"][0]["error"].startswith("HTTP 503")
    assert api_env.client("unit_b").get("/api/v1/reminders/deliveries").json()["total"] == 0
    assert_error(api_env.client("viewer").get("/api/v1/reminders/deliveries"), 403)
    assert boss.post("/api/v1/reminders/deliveries/drain").json() == {"sent": 0, "failed": 0, "given_up": 0,
                                                                       "waiting": 0}


def test_a_merge_proposal_is_listed_on_its_item_and_accepted(api_env):
    boss = api_env.client("supervisor")
    first, _ = make_item(api_env, "assigned")
    second, _ = make_item(api_env, "proposed")
    from luoshi.storage.db import transaction
    from luoshi.storage.ledger_models import Item
    from luoshi.tracking.items import propose_merges

    with transaction(api_env.app.state.session_factory) as s:
        [link] = propose_merges(s, s.get(Item, second))
        link_id = link.id
    listed = boss.get(f"/api/v1/items/{first}/merge-proposals").json()["items"]
    assert [(r["link"]["id"], r["other"]["id"]) for r in listed] == [(link_id, second)]
    assert_error(api_env.client("unit").get(f"/api/v1/items/{first}/merge-proposals"), 403)
    kept = boss.post(f"/api/v1/merge-proposals/{link_id}/accept", json={"why": "同一目标重复提出"})
    assert kept.status_code == 200 and kept.json()["id"] == first  # the earlier item is kept by default
    assert boss.get(f"/api/v1/items/{second}").json()["status"] == "merged"
    assert_error(boss.post(f"/api/v1/merge-proposals/{link_id}/accept", json={}), 422)


def test_a_statistic_of_an_article_is_attached_as_evidence_with_its_span(api_env):
    from luoshi.storage.models import StatisticRow

    article_id = seed_article(api_env)
    start = ARTICLE_TEXT.index("2.6万人")
    with api_env.session() as s:
        stat = StatisticRow(article_id=article_id, ordinal=0, value=26000.0, unit="人", metric="新增城镇就业",
                            as_of="截至8月底", span_start=start, span_end=start + 5)
        s.add(stat)
        s.commit()
        stat_id = stat.id
    item_id, _ = make_item(api_env, "in_progress")
    boss = api_env.client("supervisor")
    made = boss.post(f"/api/v1/items/{item_id}/evidence/statistic", json={"statistic_id": stat_id})
    assert made.status_code == 201, made.text
    body = made.json()
    assert (body["kind"], body["status"], body["value"], body["quote"]) == ("statistic", "accepted", 26000.0, "2.6万人")
    assert (body["span_start"], body["span_end"], body["article_id"]) == (start, start + 5, article_id)
    assert boss.get(f"/api/v1/items/{item_id}").json()["progress_value"] == 26000.0
    assert_error(boss.post(f"/api/v1/items/{item_id}/evidence/statistic", json={"statistic_id": stat_id}), 422)
