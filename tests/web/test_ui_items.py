"""The item tools of the UI through TestClient: a new item by hand (supervisors only, audited), split,
merge proposals accepted and declined on the item page, evidence from a passage and from a statistic."""
from __future__ import annotations

import lxml.html
from sqlalchemy import select
from ui_support import TEXT, UNIT_A
from ui_support import csrf_token as _token

from luoshi.storage.db import transaction
from luoshi.storage.ledger_models import AuditEntry, Evidence, Item
from luoshi.storage.models import StatisticRow


def _flash(html: str) -> str:
    return " ".join(lxml.html.fromstring(html).xpath("string(//*[contains(@class,'flash')])").split())


def test_a_supervisor_creates_an_item_by_hand_and_the_audit_records_it(site, sign_in):
    app, _ = site
    assert sign_in(app, "ua").get("/items/new").status_code == 403
    client = sign_in(app, "sup")
    form = client.get("/items/new")
    assert form.status_code == 200 and "立即交办" in form.text
    refused = client.post("/items/new", data={"title": "建设城市书房10个", "assign": "1", "lead_unit": UNIT_A,
                                              "csrf_token": _token(form.text)})
    assert refused.status_code == 422 and "完成时限" in refused.text
    made = client.post("/items/new", data={
        "title": "建设城市书房10个", "lead_unit": UNIT_A, "target_metric": "城市书房", "target_comparator": ">=",
        "target_value": "10", "target_unit": "个", "due_date": "2026-12-31", "assign": "1",
        "why": "市政府常务会议交办", "csrf_token": _token(form.text)})
    assert made.status_code == 200 and "已新建" in _flash(made.text) and "已交办" in _flash(made.text)
    with app.state.session_factory() as s:
        item = s.scalars(select(Item).where(Item.title == "建设城市书房10个")).one()
        assert (item.status, item.target_value, item.created_by) == ("assigned", 10.0, "sup")
        assert s.scalars(select(AuditEntry).where(AuditEntry.action == "create", AuditEntry.entity_id == str(item.id),
                                                  AuditEntry.actor == "sup")).one()


def test_split_and_a_merge_proposal_accepted_from_the_item_page(site, sign_in):
    app, ids = site
    client = sign_in(app, "sup")
    page = client.get(f"/items/{ids['jobs']}")
    split = client.post(f"/items/{ids['jobs']}/split", data={
        "part1_title": "海陵区新增就业1.2万人", "part1_value": "1.2万", "part2_title": "高港区新增就业1.8万人",
        "part2_value": "18000", "why": "按区分解", "csrf_token": _token(page.text)})
    assert split.status_code == 200 and "拆分为2个子事项" in _flash(split.text)
    children = lxml.html.fromstring(split.text).xpath("//*[@data-testid='children']//li")
    assert [" ".join(c.text_content().split())[:13] for c in children][0].startswith("DB-")
    with transaction(app.state.session_factory) as s:
        from luoshi.tracking.actor import SYSTEM
        from luoshi.tracking.items import create_item, propose_merges

        parts = s.scalars(select(Item).where(Item.parent_id == ids["jobs"]).order_by(Item.id)).all()
        assert [p.target_value for p in parts] == [12000.0, 18000.0]
        parts[0].target_metric = "新增城镇就业"
        twin = create_item(s, SYSTEM, {"title": "海陵区新增城镇就业1.2万人", "lead_unit": parts[0].lead_unit,
                                       "target_value": 12000, "target_unit": parts[0].target_unit,
                                       "target_metric": "新增城镇就业"})
        [link] = propose_merges(s, twin)
        link_id, twin_id, kept_id, twin_serial = link.id, twin.id, parts[0].id, twin.serial
    item_page = client.get(f"/items/{kept_id}")
    proposals = lxml.html.fromstring(item_page.text).xpath("//*[@data-testid='merge-proposals']//li")
    assert len(proposals) == 1 and twin_serial in proposals[0].text_content()
    accepted = client.post(f"/merge-proposals/{link_id}", data={"decision": "accept", "keep": str(kept_id),
                                                                "csrf_token": _token(item_page.text)})
    assert accepted.status_code == 200 and "已合并" in _flash(accepted.text)
    assert twin_serial in lxml.html.fromstring(accepted.text).xpath("string(//*[@id='related'])")
    with app.state.session_factory() as s:
        assert s.get(Item, twin_id).status == "merged" and s.get(Item, twin_id).merged_into_id == kept_id


def test_evidence_from_a_selected_passage_and_from_a_picked_statistic(site, sign_in):
    app, ids = site
    start = TEXT.index("确保")
    with transaction(app.state.session_factory) as s:
        item = s.get(Item, ids["jobs"])
        article_id = item.article_id
        number = TEXT.index("3万")
        stat = StatisticRow(article_id=article_id, ordinal=0, value=30000.0, unit="人", metric="新增城镇就业",
                            span_start=number, span_end=number + 5)
        s.add(stat)
        s.flush()
        stat_id = stat.id
    unit = sign_in(app, "ua")  # the lead unit proposes evidence; the office reviews it
    reading = unit.get(f"/documents/{ids['document']}")
    form = lxml.html.fromstring(reading.text).xpath(f"//form[@data-testid='selection-form-{article_id}']")
    assert form, "the reading view offers the selected-passage form to the item's unit"
    with app.state.session_factory() as s:
        serial = s.get(Item, ids["jobs"]).serial
    added = unit.post("/evidence/selection", data={
        "item": serial, "article_id": str(article_id), "span_start": str(start), "span_end": str(start + 10),
        "note": "会议要求", "back": f"/documents/{ids['document']}", "csrf_token": _token(reading.text)})
    assert added.status_code == 200 and "已为" in _flash(added.text) and "待审核" in _flash(added.text)
    assert sign_in(app, "ub").post("/evidence/selection", data={
        "item": serial, "article_id": str(article_id), "span_start": "0", "span_end": "4",
        "csrf_token": _token(reading.text)}).status_code == 403  # not their item
    boss = sign_in(app, "sup")
    pick = boss.get(f"/items/{ids['jobs']}/evidence/pick?article={article_id}")
    assert pick.status_code == 200 and f'data-statistic="{stat_id}"' in pick.text
    assert pick.text.count("data-span=") >= 1
    taken = boss.post(f"/items/{ids['jobs']}/evidence/statistic", data={"statistic_id": str(stat_id),
                                                                         "csrf_token": _token(pick.text)})
    assert taken.status_code == 200 and "采纳" in _flash(taken.text)
    with app.state.session_factory() as s:
        rows = s.scalars(select(Evidence).where(Evidence.item_id == ids["jobs"]).order_by(Evidence.id)).all()
        assert [(e.kind, e.status, e.quote) for e in rows] == [
            ("span", "proposed", TEXT[start:start + 10]), ("statistic", "accepted", TEXT[number:number + 5])]
        assert s.get(Item, ids["jobs"]).progress_value == 30000.0
