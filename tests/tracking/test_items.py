"""Items: proposal from commitments, serials, revisions, optimistic concurrency, visibility, filters,
split and merge (with merge proposals)."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from luoshi.storage.ledger_models import Item, ItemLink
from luoshi.tracking.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from luoshi.tracking.intake import after_ingest
from luoshi.tracking.items import (
    ItemFilters,
    create_item,
    get_item,
    list_items,
    list_merge_proposals,
    merge_items,
    related_items,
    split_item,
    target_label,
    update_item,
)
from tracking.ledger_fixtures import (
    HOUSING_CLERK,
    HOUSING_UNIT,
    JOBS_CLERK,
    JOBS_UNIT,
    PLENUM,
    SUPERVISOR,
    VIEWER,
    C,
    Doc,
    assign_all,
    store,
)


@pytest.fixture
def plenum_ids(session):
    return after_ingest(session, store(session, PLENUM).id).item_ids


def test_commitments_become_proposed_items_with_defaults(session, plenum_ids):
    jobs, renovation, housing = (get_item(session, SUPERVISOR, i) for i in plenum_ids)
    assert jobs.status == "proposed" and jobs.serial == "DB-2026-0001"
    assert (jobs.lead_unit, jobs.responsible_person, jobs.place) == (JOBS_UNIT, "罗文清", "临江市")
    assert (jobs.start_date, jobs.due_date) == (date(2026, 1, 1), date(2026, 12, 31))  # 全年
    assert target_label(jobs) == "新增城镇就业≥4.2万人"
    assert jobs.source_text == "确保全年新增城镇就业4.2万人以上"
    assert housing.due_date == date(2026, 6, 30)  # a printed date wins
    assert renovation.serial == "DB-2026-0002" and housing.serial == "DB-2026-0003"


def test_intake_is_idempotent_per_commitment(session):
    document = store(session, PLENUM)
    assert after_ingest(session, document.id).items_proposed == 3
    assert after_ingest(session, document.id).items_proposed == 0


def test_edit_is_a_dated_revision_and_source_text_stays(session, plenum_ids):
    item = update_item(session, SUPERVISOR, plenum_ids[0], {"title": "新增城镇就业4.2万人", "due_date": "2026-11-30"},
                       expected_version=1, why="按会议纪要调整")
    assert item.version == 2 and item.source_text == "确保全年新增城镇就业4.2万人以上"
    revisions = {(r.field, r.old, r.new, r.actor, r.why) for r in item.revisions}
    assert revisions == {
        ("title", "确保全年新增城镇就业4.2万人以上", "新增城镇就业4.2万人", "dc_wang", "按会议纪要调整"),
        ("due_date", "2026-12-31", "2026-11-30", "dc_wang", "按会议纪要调整"),
    }
    assert all(r.at is not None for r in item.revisions)


def test_source_text_cannot_be_edited(session, plenum_ids):
    with pytest.raises(ValidationFailed):
        update_item(session, SUPERVISOR, plenum_ids[0], {"source_text": "改写"}, expected_version=1)


def test_stale_version_is_refused(session, plenum_ids):
    update_item(session, SUPERVISOR, plenum_ids[0], {"title": "甲"}, expected_version=1)
    with pytest.raises(Conflict):
        update_item(session, SUPERVISOR, plenum_ids[0], {"title": "乙"}, expected_version=1)
    assert get_item(session, SUPERVISOR, plenum_ids[0]).title == "甲"


def test_bad_values_are_refused_with_a_reason(session, plenum_ids):
    with pytest.raises(ValidationFailed, match="日期"):
        update_item(session, SUPERVISOR, plenum_ids[0], {"due_date": "明年"}, expected_version=1)
    with pytest.raises(ValidationFailed):
        update_item(session, SUPERVISOR, plenum_ids[0], {"outcome": "great"}, expected_version=1)


def test_only_supervisors_edit(session, plenum_ids):
    for actor in (JOBS_CLERK, VIEWER):
        with pytest.raises(PermissionDenied):
            update_item(session, actor, plenum_ids[0], {"title": "x"}, expected_version=1)


def test_units_see_only_their_items(session, plenum_ids):
    from luoshi.tracking.workflow import transition

    assert list_items(session, JOBS_CLERK).total == 0  # proposals stay with the office until assigned
    with pytest.raises(PermissionDenied):
        get_item(session, JOBS_CLERK, plenum_ids[0])
    transition(session, SUPERVISOR, plenum_ids[2], "reject", why="不属本地")
    assign_all(session, plenum_ids[:2])
    assert list_items(session, JOBS_CLERK).total == 1
    assert list_items(session, HOUSING_CLERK).total == 1  # the rejected proposal stays with the office


def test_filters_and_text_search(session, plenum_ids):
    assert list_items(session, SUPERVISOR, {"q": "老旧小区"}).total == 1
    assert list_items(session, SUPERVISOR, {"q": "DB-2026-0003"}).total == 1
    assert list_items(session, SUPERVISOR, ItemFilters(lead_unit=HOUSING_UNIT)).total == 2
    assert list_items(session, SUPERVISOR, {"due_before": "2026-07-01"}).total == 1
    assert list_items(session, SUPERVISOR, {"year": 2026, "place": "临江市"}).total == 3
    assert list_items(session, SUPERVISOR, {"status": ["assigned"]}).total == 0
    page = list_items(session, SUPERVISOR, page=2, page_size=2, sort="-serial", with_facets=True)
    assert [i.serial for i in page.items] == ["DB-2026-0001"] and page.facets["status"] == {"proposed": 3}


def test_search_follows_edits_and_supporting_units(session, plenum_ids):
    assert list_items(session, SUPERVISOR, {"q": "零工市场"}).total == 0
    update_item(session, SUPERVISOR, plenum_ids[0], {"title": "建设零工市场", "supporting_units": "临江市总工会"},
                expected_version=1)
    assert [i.id for i in list_items(session, SUPERVISOR, {"q": "零工市场"}).items] == [plenum_ids[0]]
    assert list_items(session, SUPERVISOR, {"q": "总工会 罗文清"}).total == 1  # words AND-ed
    assert list_items(session, SUPERVISOR, {"q": "100%_"}).total == 0  # LIKE wildcards are literal


def test_unknown_sort_is_refused(session, plenum_ids):
    with pytest.raises(ValidationFailed):
        list_items(session, SUPERVISOR, sort="password")


def test_get_by_serial_and_missing(session, plenum_ids):
    assert get_item(session, SUPERVISOR, "db-2026-0002").id == plenum_ids[1]
    with pytest.raises(NotFound):
        get_item(session, SUPERVISOR, "DB-2026-9999")


def test_manual_item_gets_next_serial_of_its_year(session, plenum_ids):
    item = create_item(session, SUPERVISOR, {"title": "完成市民中心改造", "lead_unit": HOUSING_UNIT,
                                             "due_date": "2027-03-31"}, status="assigned")
    assert item.serial == "DB-2027-0001" and item.status == "assigned"
    with pytest.raises(PermissionDenied):
        create_item(session, JOBS_CLERK, {"title": "x"})


def test_split_keeps_links_and_own_serials(session, plenum_ids):
    children = split_item(session, SUPERVISOR, plenum_ids[1], [
        {"title": "东城区改造50个", "target_value": 50}, {"title": "西城区改造30个", "target_value": 30},
    ], why="按区分解")
    assert [c.serial for c in children] == ["DB-2026-0004", "DB-2026-0005"]
    assert all(c.parent_id == plenum_ids[1] and c.lead_unit == HOUSING_UNIT for c in children)
    assert [c.serial for c in related_items(session, SUPERVISOR, plenum_ids[1])["children"]] == [
        "DB-2026-0004", "DB-2026-0005"]
    links = session.scalars(select(ItemLink).where(ItemLink.kind == "split")).all()
    assert len(links) == 2 and {link.reason for link in links} == {"按区分解"}


def test_same_commitment_reported_twice_is_proposed_for_merge_and_merged(session, plenum_ids):
    again = Doc(published=date(2026, 4, 2), headline="就业工作推进会",
                commitments=[C("今年确保城镇新增就业4.2万人", "城镇新增就业", 42000, "人")])
    result = after_ingest(session, store(session, again).id)
    assert result.merges_proposed == 1
    proposal = list_merge_proposals(session, SUPERVISOR)[0]
    assert "目标值相同" in proposal.reason
    kept = merge_items(session, SUPERVISOR, plenum_ids[0], [result.item_ids[0]], why="重复")
    duplicate = get_item(session, SUPERVISOR, result.item_ids[0])
    assert duplicate.status == "merged" and duplicate.merged_into_id == kept.id and duplicate.light == "none"
    assert proposal.status == "accepted"
    assert related_items(session, SUPERVISOR, kept.id)["merged"] == [duplicate]


def test_a_target_restated_by_another_unit_is_proposed_for_merge(session, plenum_ids):
    meeting = Doc(published=date(2026, 3, 12), headline="市政府常务会议",
                  commitments=[C("确保全年完成城镇老旧小区改造80个", "城镇老旧小区改造", 80, "个", owner_org="临江市人民政府")])
    result = after_ingest(session, store(session, meeting).id)
    assert result.merges_proposed == 1
    assert list_merge_proposals(session, SUPERVISOR)[0].reason.startswith("同一地点临江市、同一期限2026-12-31")


def test_merge_refuses_final_items(session, plenum_ids):
    from luoshi.tracking.workflow import transition

    transition(session, SUPERVISOR, plenum_ids[2], "reject", why="已有专项督办")
    with pytest.raises(ValidationFailed):
        merge_items(session, SUPERVISOR, plenum_ids[0], [plenum_ids[2]])


def test_light_is_stored_and_refreshed(session, plenum_ids):
    from luoshi.tracking.lights import refresh_lights

    assert {session.get(Item, i).light for i in plenum_ids} == {"none"}  # proposals carry no light
    assign_all(session, plenum_ids)

    assert refresh_lights(session, today=date(2026, 7, 1)) >= 1
    housing = session.get(Item, plenum_ids[2])
    assert (housing.light, housing.light_reason) == ("red", "已逾期1天")
    assert housing.version == 2  # assigned once; the refreshed light is a derived value, not an edit
    assert list_items(session, SUPERVISOR, {"light": "red"}).total == 1


def test_ingested_items_get_consecutive_serials_and_audit_rows_that_name_them(session, plenum_ids):
    from luoshi.tracking import audit

    serials = [get_item(session, SUPERVISOR, i).serial for i in plenum_ids]
    assert serials == ["DB-2026-0001", "DB-2026-0002", "DB-2026-0003"]
    for item_id, serial in zip(plenum_ids, serials, strict=True):
        (created,) = [e for e in audit.entity_history(session, "item", item_id) if e.action == "create"]
        assert created.after["serial"] == serial
    assert get_item(session, SUPERVISOR, plenum_ids[0]).version == 1  # naming it is not an edit


def test_counts_are_capped_when_asked(session, plenum_ids):
    capped = list_items(session, SUPERVISOR, count_cap=2, page_size=1)
    assert (capped.total, capped.total_exact, len(capped.items)) == (2, False, 1)
    exact = list_items(session, SUPERVISOR, count_cap=3)
    assert (exact.total, exact.total_exact) == (3, True)
    assert list_items(session, SUPERVISOR).total_exact
