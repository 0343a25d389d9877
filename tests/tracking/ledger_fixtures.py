"""Builders of the ledger tests: actors, and ingested documents written directly as rows (so these tests
do not depend on the extraction stage). Invented city 临江市, invented people and figures."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from luoshi.storage.models import Article, CommitmentRow, Document, StatisticRow
from luoshi.tracking.actor import Actor

SUPERVISOR = Actor("dc_wang", "supervisor")
ADMIN = Actor("admin", "admin")
VIEWER = Actor("viewer_li", "viewer")
JOBS_UNIT = "临江市人力资源和社会保障局"
HOUSING_UNIT = "临江市住房和城乡建设局"
JOBS_CLERK = Actor("hr_zhao", "unit", JOBS_UNIT)
HOUSING_CLERK = Actor("zj_sun", "unit", HOUSING_UNIT)


@dataclass
class C:
    """A commitment to store: text is written around the target so spans are real."""

    text: str
    metric: str | None = None
    value: float | None = None
    unit: str | None = None
    owner_org: str | None = JOBS_UNIT
    owner_person: str | None = None
    comparator: str = ">="
    period_text: str | None = "全年"
    period_end: date | None = None
    kind: str = "target"
    strength: str | None = "确保"


@dataclass
class S:
    text: str
    metric: str
    value: float
    unit: str


@dataclass
class Doc:
    published: date | None
    place: str | None = "临江市"
    headline: str = "市委全会侧记"
    commitments: list[C] = field(default_factory=list)
    statistics: list[S] = field(default_factory=list)


def store(session: Session, doc: Doc) -> Document:
    """Store a one-article document with the given commitments and statistics; returns the Document."""
    body = "\n".join([c.text for c in doc.commitments] + [s.text for s in doc.statistics])
    document = Document(
        sha256=hashlib.sha256((body + str(doc.published)).encode()).hexdigest(), raw=body.encode(),
        format="text", encoding="utf-8", text=body, original_text=body, published=doc.published,
        place=doc.place, offset_runs=[], warnings=[],
    )
    article = Article(index=0, headline=doc.headline, text=body, doc_start=0, doc_end=len(body),
                      published=doc.published, place=doc.place, extraction={})
    document.articles.append(article)
    cursor = 0
    for n, c in enumerate(doc.commitments):
        start = body.index(c.text, cursor)
        article.commitments.append(CommitmentRow(
            ordinal=n, kind=c.kind, text=c.text, action=None, owner_person=c.owner_person, owner_org=c.owner_org,
            value=c.value, unit=c.unit, comparator=c.comparator, metric=c.metric, period_text=c.period_text,
            period_end=c.period_end, strength=c.strength, span_start=start, span_end=start + len(c.text)))
        cursor = start + len(c.text)
    for n, s in enumerate(doc.statistics):
        start = body.index(s.text, cursor)
        article.statistics.append(StatisticRow(ordinal=n, value=s.value, unit=s.unit, comparator="=", metric=s.metric,
                                               span_start=start, span_end=start + len(s.text)))
        cursor = start + len(s.text)
    session.add(document)
    session.flush()
    return document


PLENUM = Doc(
    published=date(2026, 3, 20),
    commitments=[
        C("确保全年新增城镇就业4.2万人以上", "新增城镇就业", 42000, "人", owner_person="罗文清"),
        C("全年完成城镇老旧小区改造80个", "城镇老旧小区改造", 80, "个", owner_org=HOUSING_UNIT),
        C("6月底前新开工保障性租赁住房1500套", "新开工保障性租赁住房", 1500, "套", owner_org=HOUSING_UNIT,
          period_text="6月底前", period_end=date(2026, 6, 30)),
    ],
)
RESULTS = Doc(
    published=date(2026, 9, 8), headline="前8个月民生指标稳中有进",
    statistics=[
        S("全市新增城镇就业3.6万人", "新增城镇就业", 36000, "人"),
        S("完成城镇老旧小区改造30个", "城镇老旧小区改造", 30, "个"),
        S("城镇登记失业率1.8%", "城镇登记失业率", 1.8, "%"),
        S("新开工保障性租赁住房1320套", "新开工保障性租赁住房", 1320, "套"),
    ],
)


def fields_of(obj: Any, *names: str) -> tuple:
    return tuple(getattr(obj, n) for n in names)


def assign_all(session: Session, item_ids: list[int], *, why: str = "测试交办") -> None:
    """交办 every listed proposal (units see an item, and it carries a light, only once assigned)."""
    from luoshi.tracking.workflow import transition

    for item_id in item_ids:
        transition(session, SUPERVISOR, item_id, "assign", why=why)
