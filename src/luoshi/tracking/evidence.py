"""Evidence (佐证材料): statistics from newly ingested reports proposed automatically for open items, links
to article spans, and uploaded files. A supervisor accepts a proposal (which records progress) or rejects it.

A statistic plausibly measures an item when (all required):
- same place (the statistic's article place equals the item's place);
- compatible unit (same unit, or same family in ``data/unit_families.tsv``; values converted);
- similar metric (character-overlap similarity of the metrics' cores ≥ ``evidence_min_similarity``, default
  0.6; generic words such as 同比增长/全市/累计 are left out, ``data/generic_metric_words.tsv``);
- date within the period (report published after the item's start and no later than the due date plus
  ``evidence_grace_days``; an undated report proposes nothing), and not from the report the item came from.
Mentioning the lead unit or the responsible person in the same article is noted in the reason and raises
the score, but is not required (results are usually published by the statistics bureau).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.storage.ledger_models import FINAL_STATUSES, Evidence, Item, ProgressReport
from luoshi.storage.models import Article, Document, StatisticRow
from luoshi.tracking import audit, permissions
from luoshi.tracking.actor import SYSTEM, Actor
from luoshi.tracking.errors import InvalidTransition, NotFound, ValidationFailed
from luoshi.tracking.items import get_item
from luoshi.tracking.matching import convert, metric_similarity, unit_family, unit_table, units_compatible
from luoshi.tracking.progress import UploadedFile, add_attachment, add_progress
from luoshi.tracking.settings import LedgerSettings, get_settings


@dataclass
class Match:
    ok: bool
    score: float
    reason: str  # 同一地点泰州市；单位人一致；指标相似度0.86；日期在期限内


def short_unit_name(unit: str, place: str | None) -> str:
    """泰州市人力资源和社会保障局 -> 市人力资源和社会保障局 (how reports name a city's own departments)."""
    if place and unit.startswith(place) and len(place) >= 2:
        return place[-1] + unit[len(place):]
    return unit


def match_statistic(item: Item, stat: StatisticRow, place: str | None, article_text: str, published: date | None,
                    settings: LedgerSettings) -> Match:
    """Does this statistic (reported in ``place`` on ``published``) plausibly measure this item? Pure."""
    if not place or place != item.place:
        return Match(False, 0.0, "地点不同")
    if not units_compatible(stat.unit, item.target_unit):
        return Match(False, 0.0, "单位不一致")
    similarity = metric_similarity(stat.metric, item.target_metric)
    if similarity < settings.evidence_min_similarity:
        return Match(False, similarity, f"指标相似度{similarity:.2f}不足")
    date_reason = _date_reason(item, published, settings)
    if date_reason is None:
        return Match(False, similarity, "日期不在期限内")
    parts = [f"同一地点{place}", _unit_reason(stat.unit, item.target_unit), f"指标相似度{similarity:.2f}", date_reason]
    score = similarity
    mention = _mention_reason(item, article_text)
    if mention:
        parts.append(mention)
        score = min(1.0, score + 0.2)
    return Match(True, round(score, 3), "；".join(parts))


def _unit_reason(a: str | None, b: str | None) -> str:
    if a == b:
        return f"单位{a}一致"
    family = unit_family(a) or ""
    return f"单位{a}与{b}同属{family}" if family in {f for f, _ in unit_table().values()} else f"单位{a}与{b}可换算"


def _date_reason(item: Item, published: date | None, settings: LedgerSettings) -> str | None:
    if published is None:
        return None  # a figure of unknown date cannot be placed in the period
    if item.start_date and published < item.start_date:
        return None
    if item.due_date is None or published <= item.due_date:
        return "日期在期限内"
    late = (published - item.due_date).days
    return f"日期晚于期限{late}天（宽限期内）" if late <= settings.evidence_grace_days else None


def _mention_reason(item: Item, text: str) -> str | None:
    if item.lead_unit and item.lead_unit != item.place and (item.lead_unit in text or short_unit_name(item.lead_unit, item.place) in text):
        return f"提及牵头单位{item.lead_unit}"
    if item.responsible_person and item.responsible_person in text:
        return f"提及责任人{item.responsible_person}"
    return None


def propose_for_document(session: Session, document: Document, settings: LedgerSettings | None = None) -> list[Evidence]:
    """Propose statistics of a newly stored document as evidence for open items (called by intake)."""
    settings = settings or get_settings(session)
    proposals: list[Evidence] = []
    for article in document.articles:
        article_place = article.place or document.place
        if not article_place or not article.statistics:
            continue
        candidates = _open_items_in(session, article_place, document.id)
        for stat in article.statistics:
            proposals.extend(_propose_statistic(session, stat, article, document, candidates, settings))
    session.flush()
    return proposals


def propose_for_new_items(session: Session, items: list[Item], settings: LedgerSettings | None = None) -> list[Evidence]:
    """The other direction: statistics already in the database (reports ingested earlier, e.g. a folder read
    in another order) proposed for newly proposed items."""
    settings = settings or get_settings(session)
    proposals: list[Evidence] = []
    for item in items:
        if item.target_value is None or not item.target_unit or not item.place:
            continue
        place = func.coalesce(Article.place, Document.place)
        rows = session.execute(
            select(StatisticRow, Article, Document).join(Article, StatisticRow.article_id == Article.id)
            .join(Document, Article.document_id == Document.id)
            .where(place == item.place, Article.id != item.article_id,
                   Article.document_id.not_in(select(Article.document_id).where(Article.id == item.article_id)))
        ).all()
        for stat, article, document in rows:
            proposals.extend(_propose_statistic(session, stat, article, document, [item], settings))
    session.flush()
    return proposals


def _open_items_in(session: Session, place: str, document_id: int) -> list[Item]:
    """Open items of the place with a numeric target, not proposed from this very document."""
    same_document = select(Article.id).where(Article.document_id == document_id)
    return list(session.scalars(select(Item).where(
        Item.place == place, Item.status.not_in(FINAL_STATUSES), Item.target_value.is_not(None),
        Item.target_unit.is_not(None), (Item.article_id.is_(None)) | (Item.article_id.not_in(same_document)),
    )))


_YEAR = re.compile(r"(?P<year>(?:19|20)\d{2})年")
_LAST_YEAR = re.compile(r"去年|上年|上一年")


def statistic_date(as_of: str | None, published: date | None) -> date | None:
    """When a reported figure was true: the end of the year it names ("2025年…" / "去年…" in a report
    published in 2026 -> 2025-12-31), else the publication date. A figure about last year must not be
    taken as progress on this year's target."""
    if published is None or not as_of:
        return published
    year = _YEAR.search(as_of)
    if year is None and _LAST_YEAR.search(as_of):
        return date(published.year - 1, 12, 31)
    if year is not None and int(year.group("year")) < published.year:
        return date(int(year.group("year")), 12, 31)
    return published


def _propose_statistic(session: Session, stat: StatisticRow, article: Article, document: Document,
                       candidates: list[Item], settings: LedgerSettings) -> list[Evidence]:
    published = statistic_date(stat.as_of, article.published or document.published)
    place = article.place or document.place
    found = []
    for item in candidates:
        match = match_statistic(item, stat, place, article.text or "", published, settings)
        if not match.ok or _already_linked(session, item.id, stat.id):
            continue
        evidence = Evidence(
            item_id=item.id, kind="statistic", statistic_id=stat.id, article_id=article.id,
            span_start=stat.span_start, span_end=stat.span_end,
            value=convert(stat.value, stat.unit, item.target_unit), unit=item.target_unit, metric=stat.metric,
            as_of=published, quote=(article.text or "")[stat.span_start:stat.span_end], score=match.score,
            reason=match.reason, status="proposed", proposed_by=SYSTEM.username,
        )
        session.add(evidence)
        found.append(evidence)
    return found


def _already_linked(session: Session, item_id: int, statistic_id: int) -> bool:
    return session.scalar(select(Evidence.id).where(Evidence.item_id == item_id,
                                                     Evidence.statistic_id == statistic_id)) is not None


def list_evidence(session: Session, actor: Actor, item_ref: int | str | None = None, *,
                  status: str | None = None, limit: int = 500) -> list[Evidence]:
    """Evidence of one item, or (item_ref None) every visible item's, newest first."""
    query = select(Evidence).order_by(Evidence.id.desc()).limit(limit)
    if item_ref is not None:
        query = query.where(Evidence.item_id == get_item(session, actor, item_ref).id)
    else:
        visible = permissions.visibility_clause(actor)
        if visible is not None:
            query = query.where(Evidence.item_id.in_(select(Item.id).where(visible)))
    if status:
        query = query.where(Evidence.status == status)
    return list(session.scalars(query))


def _proposed(session: Session, actor: Actor, evidence_id: int) -> tuple[Evidence, Item]:
    evidence = session.get(Evidence, evidence_id)
    if evidence is None:
        raise NotFound(f"佐证材料不存在：{evidence_id}")
    item = get_item(session, actor, evidence.item_id)
    permissions.require_supervisor(actor, "审核佐证材料")
    if evidence.status != "proposed":
        raise InvalidTransition(f"佐证材料{evidence_id}已{evidence.status}，不能重复审核")
    return evidence, item


def accept_evidence(session: Session, actor: Actor, evidence_id: int, *, why: str = "",
                    today: date | None = None) -> ProgressReport | None:
    """Accept a proposed evidence; when it carries a value, a progress report records it (source=evidence)."""
    evidence, item = _proposed(session, actor, evidence_id)
    evidence.status, evidence.decided_by = "accepted", actor.username
    evidence.decided_at, evidence.decision_note = datetime.now(UTC), why
    report = None
    if evidence.value is not None and item.status not in FINAL_STATUSES:
        note = f"佐证：{evidence.quote or evidence.metric or ''}（{evidence.reason}）"
        report = add_progress(session, actor, item.id, value=evidence.value, note=note, as_of=evidence.as_of,
                              source="evidence", today=today)
        evidence.progress_id = report.id
    session.flush()
    audit.record(session, actor, "accept_evidence", "item", item.id, None,
                 {"evidence_id": evidence.id, "value": evidence.value, "why": why})
    return report


def reject_evidence(session: Session, actor: Actor, evidence_id: int, *, why: str = "") -> Evidence:
    evidence, item = _proposed(session, actor, evidence_id)
    evidence.status, evidence.decided_by = "rejected", actor.username
    evidence.decided_at, evidence.decision_note = datetime.now(UTC), why
    session.flush()
    audit.record(session, actor, "reject_evidence", "item", item.id, None, {"evidence_id": evidence.id, "why": why})
    return evidence


def add_span_evidence(session: Session, actor: Actor, item_ref: int | str, article_id: int, span_start: int,
                      span_end: int, *, note: str = "", value: float | None = None) -> Evidence:
    """Link characters of an ingested article as evidence (accepted at once when a supervisor adds it)."""
    item = get_item(session, actor, item_ref)
    permissions.require_progress(actor, item)
    article = session.get(Article, article_id)
    if article is None:
        raise NotFound(f"文章不存在：{article_id}")
    if not 0 <= span_start < span_end <= len(article.text):
        raise ValidationFailed(f"引用位置超出文章范围：[{span_start}, {span_end})，文章长度{len(article.text)}")
    return _manual_evidence(session, actor, item, Evidence(
        item_id=item.id, kind="span", article_id=article.id, span_start=span_start, span_end=span_end,
        value=value, unit=item.target_unit, as_of=article.published,
        quote=article.text[span_start:span_end], reason=note,
    ))


def add_statistic_evidence(session: Session, actor: Actor, item_ref: int | str, statistic_id: int, *,
                           note: str = "") -> Evidence:
    """A figure the reading extracted (a statistic, with its span in the article) as evidence, picked by
    hand: its value in the item's unit, dated as the matcher dates it (a figure about last year is last
    year's). Accepted at once when a supervisor adds it."""
    item = get_item(session, actor, item_ref)
    permissions.require_progress(actor, item)
    stat = session.get(StatisticRow, statistic_id)
    if stat is None:
        raise NotFound(f"统计数据不存在：{statistic_id}")
    if _already_linked(session, item.id, stat.id):
        raise ValidationFailed(f"这项统计数据已是事项{item.serial}的佐证")
    article = session.get(Article, stat.article_id)
    document = session.get(Document, article.document_id)
    text = article.text or ""
    return _manual_evidence(session, actor, item, Evidence(
        item_id=item.id, kind="statistic", statistic_id=stat.id, article_id=article.id,
        span_start=stat.span_start, span_end=stat.span_end,
        value=convert(stat.value, stat.unit, item.target_unit), unit=item.target_unit, metric=stat.metric,
        as_of=statistic_date(stat.as_of, article.published or document.published),
        quote=text[stat.span_start:stat.span_end] if stat.span_end else (stat.number_text or ""),
        reason=note or "人工选取",
    ))


def add_file_evidence(session: Session, actor: Actor, item_ref: int | str, upload: UploadedFile, *,
                      note: str = "", value: float | None = None) -> Evidence:
    """An uploaded file as evidence (stored in the database, size-limited)."""
    item = get_item(session, actor, item_ref)
    permissions.require_progress(actor, item)
    attachment = add_attachment(session, actor, item, upload)
    return _manual_evidence(session, actor, item, Evidence(
        item_id=item.id, kind="file", attachment_id=attachment.id, value=value, unit=item.target_unit,
        quote=upload.filename, reason=note,
    ))


def _manual_evidence(session: Session, actor: Actor, item: Item, evidence: Evidence) -> Evidence:
    """Units propose (a supervisor reviews); a supervisor's own evidence is accepted as given."""
    evidence.proposed_by = actor.username
    evidence.status = "proposed"
    session.add(evidence)
    session.flush()
    audit.record(session, actor, "add_evidence", "item", item.id, None, audit.row_snapshot(evidence))
    if actor.is_supervisor:
        accept_evidence(session, actor, evidence.id, why="督查员直接添加")
    return evidence


__all__ = [
    "Match", "match_statistic", "propose_for_document", "list_evidence", "accept_evidence", "reject_evidence",
    "add_span_evidence", "add_statistic_evidence", "add_file_evidence", "UploadedFile",
]
