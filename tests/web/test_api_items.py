"""Items, progress, attachments, evidence links, reminders, scorecards, settings and audit over HTTP."""
from __future__ import annotations

from datetime import date, timedelta

from api_support import (
    UNIT_A,
    UNIT_B,
    assert_error,
    make_item,
    seed_article,
)


def test_listing_filters_search_and_pagination(api_env):
    boss = api_env.client("supervisor")
    make_item(api_env, "in_progress", title="新增城镇就业3.5万人", place="泰州市")
    make_item(api_env, "assigned", lead_unit=UNIT_B, title="完成老旧小区改造60个", target_metric="老旧小区改造",
              place="泰州市", due_date=date(2027, 6, 30))
    make_item(api_env, "proposed", lead_unit=UNIT_B, title="新增公共停车泊位5000个", place="靖江市")
    everything = boss.get("/api/v1/items?page_size=2").json()
    assert everything["total"] == 3 and len(everything["items"]) == 2
    assert (everything["page"], everything["page_size"]) == (1, 2)
    assert len(boss.get("/api/v1/items?page=2&page_size=2").json()["items"]) == 1
    assert boss.get("/api/v1/items?q=老旧小区").json()["total"] == 1
    assert boss.get("/api/v1/items?q=就业 3.5万").json()["total"] == 1
    assert boss.get(f"/api/v1/items?unit={UNIT_B}").json()["total"] == 2
    assert boss.get("/api/v1/items?status=proposed&status=assigned").json()["total"] == 2
    assert boss.get("/api/v1/items?place=靖江市").json()["total"] == 1
    assert boss.get("/api/v1/items?year=2027").json()["total"] == 1
    lights = boss.get("/api/v1/items?facets=true").json()["facets"]["light"]
    for light, count in lights.items():
        assert boss.get(f"/api/v1/items?light={light}").json()["total"] == count
    by_due = [i["due_date"] for i in boss.get("/api/v1/items?sort=-due_date").json()["items"]]
    assert by_due[0] == "2027-06-30"
    assert_error(boss.get("/api/v1/items?sort=colour"), 422)
    assert_error(boss.get("/api/v1/items?status=done"), 422)
    assert_error(boss.get("/api/v1/items?page_size=100000"), 422)


def test_create_get_by_serial_and_update_with_versions(api_env):
    boss = api_env.client("supervisor")
    created = boss.post("/api/v1/items", json={"title": "新建人才公寓1000套", "lead_unit": UNIT_B, "status": "assigned",
                                               "target_value": 1000, "target_unit": "套", "due_date": "2026-12-31",
                                               "why": "市政府常务会议交办"})
    assert created.status_code == 201, created.text
    item = created.json()
    assert item["serial"].startswith("DB-") and item["status"] == "assigned" and item["target_label"]
    assert boss.get(f"/api/v1/items/{item['serial']}").json()["id"] == item["id"]
    first = boss.patch(f"/api/v1/items/{item['id']}", json={"version": item["version"], "target_value": 1200,
                                                            "why": "目标上调"})
    assert first.status_code == 200 and first.json()["version"] == item["version"] + 1
    stale = boss.patch(f"/api/v1/items/{item['id']}", json={"version": item["version"], "target_value": 900})
    assert_error(stale, 409, "conflict")
    assert boss.get(f"/api/v1/items/{item['id']}").json()["target_value"] == 1200
    revisions = boss.get(f"/api/v1/items/{item['id']}/history").json()["revisions"]
    assert [(r["field"], r["old"], r["new"], r["why"]) for r in revisions] == [("target_value", 1000, 1200, "目标上调")]
    assert_error(boss.patch(f"/api/v1/items/{item['id']}", json={"version": 1, "source_text": "改写原文"}), 422)
    assert_error(boss.patch(f"/api/v1/items/{item['id']}", json={"title": "缺版本号"}), 422)
    assert_error(boss.get("/api/v1/items/DB-1999-9999"), 404)
    assert_error(boss.post("/api/v1/items", json={"title": ""}), 422)


def test_split_and_merge_keep_their_links(api_env):
    boss = api_env.client("supervisor")
    parent, version = make_item(api_env, "in_progress")
    split = boss.post(f"/api/v1/items/{parent}/split", json={"version": version, "why": "按区分解", "parts": [
        {"title": "海陵区新增就业2万人", "target_value": 20000}, {"title": "高港区新增就业1.5万人", "target_value": 15000}]})
    assert split.status_code == 201, split.text
    children = split.json()["items"]
    assert [c["parent_id"] for c in children] == [parent, parent]
    related = boss.get(f"/api/v1/items/{parent}/related").json()
    assert {c["id"] for c in related["children"]} == {c["id"] for c in children}
    assert_error(boss.post(f"/api/v1/items/{parent}/split", json={"parts": [{"title": "只有一个"}, ]}), 422)
    keep, _ = make_item(api_env, "in_progress")
    duplicate, _ = make_item(api_env, "in_progress")
    merged = boss.post(f"/api/v1/items/{keep}/merge", json={"duplicates": [duplicate], "why": "重复报道"})
    assert merged.status_code == 200, merged.text
    dup = boss.get(f"/api/v1/items/{duplicate}").json()
    assert dup["status"] == "merged" and dup["merged_into_id"] == keep
    assert_error(boss.post(f"/api/v1/items/{keep}/merge", json={"duplicates": [keep]}), 422)


def test_progress_attachments_and_span_evidence(api_env):
    unit, boss = api_env.client("unit"), api_env.client("supervisor")
    item_id, _ = make_item(api_env, "accepted")
    reported = unit.post(f"/api/v1/items/{item_id}/progress",
                         json={"value": 12000, "note": "一季度新增1.2万人", "problems": "招工难", "next_steps": "开展专场招聘"})
    assert reported.status_code == 201, reported.text
    assert reported.json()["item"]["status"] == "in_progress" and reported.json()["item"]["progress_value"] == 12000
    assert_error(unit.post(f"/api/v1/items/{item_id}/progress", json={}), 422)
    assert_error(unit.post(f"/api/v1/items/{item_id}/progress", json={"value": -5}), 422)
    upload = unit.post(f"/api/v1/items/{item_id}/attachments", files={"file": ("进展报告.txt", "一季度进展".encode(), "text/plain")})
    assert upload.status_code == 201 and "data" not in upload.json()
    download = unit.get(f"/api/v1/attachments/{upload.json()['id']}")
    assert download.content == "一季度进展".encode() and "filename*=UTF-8''" in download.headers["content-disposition"]
    assert_error(api_env.client("unit_b").get(f"/api/v1/attachments/{upload.json()['id']}"), 403)
    article = seed_article(api_env)
    link = unit.post(f"/api/v1/items/{item_id}/evidence/link",
                     json={"article_id": article, "span_start": 40, "span_end": 52, "value": 26000, "note": "8月底数据"})
    assert link.status_code == 201, link.text
    assert link.json()["status"] == "proposed" and link.json()["quote"]
    assert_error(unit.post(f"/api/v1/items/{item_id}/evidence/link",
                           json={"article_id": article, "span_start": 0, "span_end": 99999}), 422)
    proposed = boss.get(f"/api/v1/items/{item_id}/evidence?status=proposed").json()
    assert proposed["total"] == 1
    rejected = boss.post(f"/api/v1/evidence/{link.json()['id']}/reject", json={"why": "口径不一致"})
    assert rejected.json()["status"] == "rejected"
    assert_error(boss.post(f"/api/v1/evidence/{link.json()['id']}/accept", json={}), 409, "invalid_transition")
    assert boss.get(f"/api/v1/items/{item_id}/progress").json()["total"] == 1


def test_reminders_listed_then_marked_sent(api_env):
    boss = api_env.client("supervisor")
    overdue, _ = make_item(api_env, "in_progress", due_date=date.today() - timedelta(days=3),
                           start_date=date.today() - timedelta(days=90))
    pending = boss.get("/api/v1/reminders?kind=overdue").json()
    assert overdue in [r["item_id"] for r in pending["items"]]
    assert api_env.client("unit_b").get("/api/v1/reminders?kind=overdue").json()["total"] == 0
    sent = boss.post("/api/v1/reminders/send", json={"item_ids": [overdue], "channel": "OA"}).json()
    assert sent["total"] >= 1 and all(r["item_id"] == overdue for r in sent["items"])
    assert overdue not in [r["item_id"] for r in boss.get("/api/v1/reminders?kind=overdue").json()["items"]]
    history = api_env.client("unit").get("/api/v1/reminders/sent").json()
    assert history["total"] >= 1 and all(r["unit"] == UNIT_A for r in history["items"])


def test_scorecards_and_ranking(api_env):
    make_item(api_env, "in_progress", due_date=date.today() - timedelta(days=1), start_date=date(2026, 1, 1))
    make_item(api_env, "in_progress", lead_unit=UNIT_B, due_date=date.today() + timedelta(days=200),
              start_date=date.today() - timedelta(days=1))
    viewer = api_env.client("viewer")
    cards = viewer.get("/api/v1/scorecards").json()
    assert {c["unit"] for c in cards["items"]} == {UNIT_A, UNIT_B}
    ranking = viewer.get("/api/v1/scorecards/ranking").json()
    assert [r["rank"] for r in ranking["items"]] == [1, 2] and ranking["scoring_weights"]
    assert ranking["items"][0]["score"] >= ranking["items"][1]["score"]
    one = viewer.get(f"/api/v1/scorecards/units/{UNIT_A}").json()
    assert one["unit"] == UNIT_A and one["overdue"] == 1


def test_settings_update_is_validated_and_audited(api_env):
    boss = api_env.client("supervisor")
    assert boss.get("/api/v1/settings").json()["yellow_days"] == 15
    changed = boss.patch("/api/v1/settings", json={"yellow_days": 10, "scoring_weights": {"overdue_penalty": 3}})
    assert changed.status_code == 200 and changed.json()["yellow_days"] == 10
    assert changed.json()["scoring_weights"]["overdue_penalty"] == 3
    assert_error(boss.patch("/api/v1/settings", json={"yellow_days": "soon"}), 422)
    assert_error(boss.patch("/api/v1/settings", json={"colour": "red"}), 422)
    audit = boss.get("/api/v1/audit?entity_type=settings").json()
    assert audit["total"] == 1 and audit["items"][0]["after"]["yellow_days"] == 10
    item_id, _ = make_item(api_env, "assigned")
    trail = boss.get(f"/api/v1/audit?entity_type=item&entity_id={item_id}").json()
    assert [r["action"] for r in trail["items"]] == ["assign", "create"]


def test_merge_proposals_listed_and_rejected(api_env):
    from luoshi.storage.db import transaction
    from luoshi.tracking import items as item_service

    first, _ = make_item(api_env, "assigned")
    second, _ = make_item(api_env, "assigned")
    with transaction(api_env.app.state.session_factory) as s:
        item_service.propose_merges(s, s.get(item_service.Item, second))
    boss = api_env.client("supervisor")
    proposals = boss.get("/api/v1/merge-proposals").json()
    assert proposals["total"] == 1 and {proposals["items"][0]["from_item_id"], proposals["items"][0]["to_item_id"]} == {first, second}
    rejected = boss.post(f"/api/v1/merge-proposals/{proposals['items'][0]['id']}/reject?why=不同区县的目标")
    assert rejected.status_code == 200 and rejected.json()["status"] == "rejected"
    assert boss.get("/api/v1/merge-proposals").json()["total"] == 0
    assert boss.get("/api/v1/merge-proposals?status=rejected").json()["total"] == 1


def test_cursor_pagination_follows_next_cursor_to_the_last_page(api_env):
    boss = api_env.client("supervisor")
    for n in range(5):
        make_item(api_env, "in_progress", title=f"新建充电桩{n + 1}00个", due_date=date(2026, 12, 31) - timedelta(days=n))
    numbered = [i["id"] for i in boss.get("/api/v1/items?sort=-due_date&page_size=5").json()["items"]]
    first = boss.get("/api/v1/items?sort=-due_date&page_size=2").json()
    seen, body = [i["id"] for i in first["items"]], first
    while body["next_cursor"]:
        body = boss.get(f"/api/v1/items?sort=-due_date&page_size=2&cursor={body['next_cursor']}").json()
        seen += [i["id"] for i in body["items"]]
    assert seen == numbered and body["total"] == 5
    assert_error(boss.get("/api/v1/items?cursor=garbage"), 422)
    assert_error(boss.get(f"/api/v1/items?sort=serial&cursor={first['next_cursor']}"), 422)  # another sort's
