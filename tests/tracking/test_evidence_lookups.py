"""How the ingest's ledger step finds evidence candidates, so that it costs the same at 5,000 stored
documents as at the first: index lookups, one batch per place, each metric compared once — with the
same proposals the plain per-item rules give."""
from __future__ import annotations

import random
import re
from datetime import date

import pytest
from sqlalchemy import event, select, text

from luoshi.storage.ledger_models import Evidence
from luoshi.tracking.intake import after_ingest
from luoshi.tracking.matching import metric_similarity, similar_metrics
from tracking.ledger_fixtures import PLENUM, RESULTS, Doc, S, store

METRICS = ["新增城镇就业", "城镇新增就业", "1—8月全市新增城镇就业", "开展职业技能培训", "职业技能培训", "城镇登记失业率",
           "实际使用外资同比增长", "实际使用外资增长", "同比增长", "增长", "外贸进出口总额", "1—9月外贸进出口总额",
           "城镇老旧小区改造", "老旧小区改造", "新开工保障性租赁住房", "保障性租赁住房", "规上工业增加值", "工业增加值",
           "地区生产总值", "一般公共预算收入", "", None]


@pytest.mark.parametrize("minimum", [0.5, 0.6, 0.75, 0.86, 1.0])
def test_similar_metrics_are_the_pairs_metric_similarity_accepts(minimum):
    rng = random.Random(14)
    for _ in range(200):
        metrics = rng.sample(METRICS, 3)
        candidates = rng.sample(METRICS, 8)
        expected = {c for c in candidates if c and any(metric_similarity(m, c) >= minimum for m in metrics)}
        assert similar_metrics(metrics, candidates, minimum) == expected


def _statements(session):
    seen: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    engine = session.get_bind().engine
    event.listen(engine, "before_cursor_execute", record)
    return seen, lambda: event.remove(engine, "before_cursor_execute", record)


def test_stored_statistics_are_looked_up_once_per_place_not_once_per_item(session):
    """Three new items of one place: two reads of the statistics table (the distinct metrics, then the rows
    of the similar ones), not two per item; the proposals are the per-item rules' (the jobless rate and
    the unlike metrics propose nothing)."""
    after_ingest(session, store(session, RESULTS).id)
    plenum = store(session, PLENUM)
    seen, stop = _statements(session)
    try:
        result = after_ingest(session, plenum.id)
    finally:
        stop()
    reads = [s for s in seen if s.lstrip().startswith("SELECT") and re.search(r"FROM statistics\b", s)]
    assert result.items_proposed == 3 and result.evidence_proposed == 3
    assert len(reads) <= 3, reads  # the document's own statistics (none here) + the two lookups
    proposed = session.scalars(select(Evidence).where(Evidence.id.in_(result.evidence_ids))).all()
    assert sorted((e.item_id, e.metric) for e in proposed) == sorted(
        zip(result.item_ids, ["新增城镇就业", "城镇老旧小区改造", "新开工保障性租赁住房"], strict=True))


def test_items_of_one_place_keep_their_own_periods_in_the_batch(session):
    """One lookup for items with different periods: a figure inside one item's period is proposed for it
    only (6月底前 ends before the September figure's grace days run out for it, 全年 does not)."""
    late = Doc(published=date(2026, 11, 20), headline="前10个月",
               statistics=[S("新开工保障性租赁住房1490套", "新开工保障性租赁住房", 1490, "套"),
                           S("全市新增城镇就业4.1万人", "新增城镇就业", 41000, "人")])
    store(session, late)
    result = after_ingest(session, store(session, PLENUM).id)
    proposed = session.scalars(select(Evidence).where(Evidence.id.in_(result.evidence_ids))).all()
    assert [e.metric for e in proposed] == ["新增城镇就业"]  # 2026-11-20 is past 6月底 + 92 days


def test_evidence_of_a_document_s_statistics_is_an_index_lookup(session):
    """Which of a new document's statistics already have evidence is read through ix_evidence_statistic_id
    (migration 0013), not by scanning every evidence row."""
    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("SQLite's query plan")
    query = select(Evidence.item_id, Evidence.statistic_id).where(Evidence.statistic_id.in_([1, 2, 3]),
                                                                  Evidence.statistic_id.is_not(None))
    compiled = str(query.compile(session.get_bind(), compile_kwargs={"literal_binds": True}))
    plan = " ".join(str(row) for row in session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
    assert "ix_evidence_statistic_id" in plan and not re.search(r"SCAN evidence\b", plan), plan


def _plan(session, query) -> str:
    compiled = str(query.compile(session.get_bind(), compile_kwargs={"literal_binds": True}))
    return " ".join(str(row) for row in session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))


def test_open_items_metrics_are_read_from_the_index_alone(session):
    """The distinct metrics of a place's items in some units come from ix_items_place_unit_metric (a covering
    index: no item row is read, however many items the place has)."""
    from luoshi.tracking.evidence import item_metrics_query

    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("SQLite's query plan")
    plan = _plan(session, item_metrics_query("临江市", ["人", "万人"]))
    assert "COVERING INDEX ix_items_place_unit_metric" in plan, plan


def test_merge_candidates_are_two_index_lookups_not_every_item_with_the_value(session):
    """Same value and lead unit, or same value, place and due date: each side of the OR by its own index."""
    from luoshi.storage.ledger_models import Item
    from luoshi.tracking.items import merge_candidates_query

    if session.get_bind().dialect.name != "sqlite":
        pytest.skip("SQLite's query plan")
    item = Item(id=1, target_value=42000.0, lead_unit="临江市人力资源和社会保障局", place="临江市",
                due_date=date(2026, 12, 31))
    plan = _plan(session, merge_candidates_query(item))
    assert "ix_items_target_value (target_value=? AND lead_unit=?)" in plan, plan
    assert "ix_items_value_place_due (target_value=? AND place=? AND due_date=?)" in plan, plan


def test_merge_candidates_still_come_from_either_side(session):
    """The UNION finds what the OR found: an item of another unit with the same place and due date, and one
    of the same unit elsewhere — and only open items with the same value."""
    from luoshi.tracking.items import propose_merges
    from tracking.ledger_fixtures import C

    first = after_ingest(session, store(session, PLENUM).id).item_ids
    restated = Doc(published=date(2026, 4, 2), place="临江市", headline="人社局部署",
                   commitments=[C("全年新增城镇就业4.2万人", "新增城镇就业", 42000, "人", owner_org="临江市人社局")])
    result = after_ingest(session, store(session, restated).id)
    assert result.merges_proposed == 1
    elsewhere = Doc(published=date(2026, 5, 6), place="江城市", headline="对口支援",
                    commitments=[C("新增城镇就业4.2万人", "新增城镇就业", 42000, "人", period_text=None)])
    assert after_ingest(session, store(session, elsewhere).id).merges_proposed == 1  # the same lead unit
    from luoshi.storage.ledger_models import Item

    assert propose_merges(session, session.get(Item, first[1])) == []  # 80个: no other item has the value


def test_an_edited_metric_is_refused_when_longer_than_the_index_holds():
    from luoshi.tracking.errors import ValidationFailed
    from luoshi.tracking.items import METRIC_MAX, clean_value

    assert clean_value("target_metric", " 新增城镇就业 ") == "新增城镇就业"
    assert clean_value("target_metric", "就" * METRIC_MAX) == "就" * METRIC_MAX
    with pytest.raises(ValidationFailed):
        clean_value("target_metric", "就" * (METRIC_MAX + 1))
