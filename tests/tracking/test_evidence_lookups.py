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
