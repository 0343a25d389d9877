"""A work report's range targets, roles and sections survive storage on both databases, and the
ledger item proposed from a range keeps its bounds."""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from luoshi.storage.ingest import ingest_bytes
from luoshi.storage.ledger_models import Item
from luoshi.storage.models import CommitmentRow, StatisticRow
from luoshi.tracking.intake import propose_item
from luoshi.tracking.items import target_label

REPORT = """2026年泰州市政府工作报告
——2026年1月20日在泰州市第十届人民代表大会第五次会议上
泰州市市长 林 小 禾
各位代表：
一、2025年工作回顾
过去一年，全市地区生产总值增长5.2%。
二、2026年工作安排
今年主要预期目标是：地区生产总值增长5%—5.5%，城镇新增就业3万人以上。
"""


def test_ranges_roles_and_sections_are_stored(factory):
    with factory() as session:
        ingest_bytes(session, REPORT.encode("utf-8"), name="report.txt", published=date(2026, 1, 25))
        session.commit()
        rows = session.scalars(select(CommitmentRow).where(CommitmentRow.kind == "target")).all()
        ranged = next(r for r in rows if r.comparator == "between")
        assert (ranged.value, ranged.target_low, ranged.target_high) == (5.0, 5.0, 5.5)
        assert {r.role for r in rows} == {"expected"} and ranged.section == "2026年工作安排"
        assert ranged.owner_person == "林小禾" and ranged.owner_org == "泰州市人民政府"
        [stat] = session.scalars(select(StatisticRow)).all()
        assert (stat.value, stat.section) == (5.2, "2025年工作回顾")


def test_a_proposed_item_keeps_the_bounds_of_a_range(factory):
    with factory() as session:
        ingest_bytes(session, REPORT.encode("utf-8"), name="report.txt", published=date(2026, 1, 25))
        session.commit()
        ranged = session.scalars(select(CommitmentRow).where(CommitmentRow.comparator == "between")).one()
        propose_item(session, ranged, ranged.article, date(2026, 1, 25), place="泰州市")
        session.commit()
        item = session.scalars(select(Item).where(Item.commitment_id == ranged.id)).one()
        assert (item.target_comparator, item.target_low, item.target_high) == ("between", 5.0, 5.5)
        assert target_label(item).endswith("5–5.5%")
