"""Evidence (佐证材料): statistics from newly ingested reports proposed automatically for open items, links
to article spans, and uploaded files. A supervisor accepts a proposal (which records progress) or rejects it.

A statistic plausibly measures an item when (all required):
- same place (the statistic's article place equals the item's place);
- compatible unit (same unit, or same family in ``extraction/data/units.tsv``; values converted);
- similar metric (character-overlap similarity of the metrics' cores ≥ ``evidence_min_similarity``, default
  0.6; generic words such as 同比增长/全市/累计 are left out, ``data/generic_metric_words.tsv``);
- date within the period (report published after the item's start and no later than the due date plus
  ``evidence_grace_days``; an undated report proposes nothing), and not from the report the item came from.
Mentioning the lead unit or the responsible person in the same article is noted in the reason and raises
the score, but is not required (results are usually published by the statistics bureau).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Any, NamedTuple, Protocol

from sqlalchemy import func, insert, or_, select
from sqlalchemy.orm import Session

from luoshi.extraction.dates import as_of_date
from luoshi.extraction.units import convert, families, unit_family, units_compatible
from luoshi.storage.ledger_models import FINAL_STATUSES, Evidence, Item, ProgressReport
from luoshi.storage.models import Article, Document, StatisticRow
from luoshi.tracking import audit, permissions
from luoshi.tracking.actor import SYSTEM, Actor
from luoshi.tracking.errors import InvalidTransition, NotFound, ValidationFailed
from luoshi.tracking.items import get_item
from luoshi.tracking.matching import metric_similarity, similar_metrics
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


class _Stat(Protocol):
    @property
    def unit(self) -> str | None: ...
    @property
    def metric(self) -> str | None: ...


def match_statistic(item: Item, stat: _Stat, place: str | None, article_text: str, published: date | None,
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
    return f"单位{a}与{b}同属{family}" if family in {f for f, _ in families().values()} else f"单位{a}与{b}可换算"


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


@dataclass(frozen=True)
class StatFacts:
    """The columns of one stored statistic that proposing needs (no Article/Document rows, no JSON)."""

    id: int
    article_id: int
    value: float
    unit: str | None
    metric: str | None
    as_of: str | None
    span_start: int | None
    span_end: int | None
    place: str | None  # the article's, else its document's
    published: date | None  # the article's, else its document's


def compatible_units(unit: str | None) -> list[str]:
    """Every unit string of ``unit``'s family (itself when the family table does not know it)."""
    return list(_compatible_units(unit)) if unit else []


@lru_cache(maxsize=1024)
def _compatible_units(unit: str) -> tuple[str, ...]:
    family = unit_family(unit)
    return tuple(sorted({unit} | {u for u, (f, _factor) in families().items() if f == family}))


def _stat_columns() -> tuple[Any, ...]:
    return (StatisticRow.id, StatisticRow.article_id, StatisticRow.value, StatisticRow.unit, StatisticRow.metric,
            StatisticRow.as_of, StatisticRow.span_start, StatisticRow.span_end,
            func.coalesce(Article.place, Document.place), func.coalesce(Article.published, Document.published))


class _Texts:
    """Article texts, read one column at a time and only for statistics that matched."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.cache: dict[int, str] = {}

    def __call__(self, article_id: int) -> str:
        if article_id not in self.cache:
            self.cache[article_id] = self.session.scalar(select(Article.text).where(Article.id == article_id)) or ""
        return self.cache[article_id]


def propose_for_document(session: Session, document: Document, settings: LedgerSettings | None = None) -> list[Proposed]:
    """Propose statistics of a newly stored document as evidence for open items (called by intake). The
    candidate items are looked up by index: same place, a compatible unit, a period that can hold the date."""
    settings = settings or get_settings(session)
    proposals: list[dict[str, Any]] = []
    texts = _Texts(session)
    stats = [StatFacts(*row) for row in session.execute(
        select(*_stat_columns()).join(Article, StatisticRow.article_id == Article.id)
        .join(Document, Article.document_id == Document.id).where(Article.document_id == document.id)
        .order_by(Article.index, StatisticRow.ordinal))]
    links = _Links(session, statistic_ids=[stat.id for stat in stats])
    groups: dict[tuple[str, date | None], list[StatFacts]] = {}
    for stat in stats:
        if stat.place:
            groups.setdefault((stat.place, stat.published), []).append(stat)
    for (place, published), group in groups.items():
        units = sorted({u for s in group for u in compatible_units(s.unit)})
        dates = [d for s in group if (d := as_of_date(s.as_of, published)) is not None]
        metrics = {s.metric for s in group if s.metric}
        candidates = _open_items_in(session, place, document.id, units, min(dates, default=None), metrics, settings)
        for stat in group:
            proposals.extend(_propose_statistic(stat, texts, candidates, settings, links))
    return _insert_proposals(session, proposals)


def propose_for_new_items(session: Session, items: list[Item], settings: LedgerSettings | None = None) -> list[Proposed]:
    """The other direction: statistics already in the database (reports ingested earlier, e.g. a folder read
    in another order) proposed for newly proposed items. Looked up by index (articles by place and
    publication date, statistics by article and unit), reading only the columns matching needs — once for
    all the items of one place, not once per item: the distinct (unit, metric) pairs first, compared with
    each item's metric, then only the rows of the similar metrics, each checked against each item."""
    settings = settings or get_settings(session)
    proposals: list[dict[str, Any]] = []
    texts = _Texts(session)
    wanted = [item for item in items if item.target_value is not None and item.target_unit and item.place]
    links = _Links(session, item_ids=[item.id for item in items])
    article_ids = sorted({item.article_id for item in wanted if item.article_id})
    own_documents: dict[int | None, int | None] = dict(session.execute(
        select(Article.id, Article.document_id).where(Article.id.in_(article_ids))).tuples().all()) if article_ids else {}
    places: dict[str, list[Item]] = {}
    for item in wanted:
        places.setdefault(item.place or "", []).append(item)
    found: dict[int, list[tuple[Any, ...]]] = {}  # item id -> its statistic rows, in id order
    for place, group in places.items():
        found.update(_statistics_for(session, place, group, own_documents, settings))
    for item in wanted:
        for row in found.get(item.id, []):
            proposals.extend(_propose_statistic(StatFacts(*row), texts, [item], settings, links))
    return _insert_proposals(session, proposals)


def _statistics_for(session: Session, place: str, items: list[Item], own_documents: dict[int | None, int | None],
                    settings: LedgerSettings) -> dict[int, list[tuple[Any, ...]]]:
    """{item id: the rows (``_stat_columns``) of the stored statistics that may measure it}, for items of one
    place: same place, a compatible unit, a similar metric, not from the item's own report, published from
    the item's start on and by its due date plus the grace days unless the figure names its year. Two
    queries for all the items: the distinct (unit, metric) pairs under the items' widest conditions, then
    the rows of the pairs some item can use; each item takes the rows that meet its own conditions."""
    grace = timedelta(days=settings.evidence_grace_days)
    units = {item.id: set(compatible_units(item.target_unit)) for item in items}
    conditions = [StatisticRow.unit.in_(sorted(set().union(*units.values()))),
                  Article.place == place]  # stored articles carry their document's place (storage.ingest)
    # a statistic's date is never after its report's publication (as_of_date): the report must be
    # published from the item's start on, and by the due date plus the grace days unless it names a year
    published = Article.published  # stored articles carry their document's date: (place, published) index
    if all(item.start_date is not None for item in items):
        conditions.append(published >= min(item.start_date for item in items if item.start_date is not None))
    if all(item.due_date is not None for item in items):
        latest = max(item.due_date for item in items if item.due_date is not None)
        conditions.append(or_(published <= latest + grace, StatisticRow.as_of.is_not(None)))
    owns = {own_documents.get(item.article_id) for item in items}
    if len(owns) == 1 and (own := next(iter(owns))) is not None:
        conditions.append(Article.document_id != own)
    # the distinct metrics first (read from the index range, compared once per item), then only the rows
    # of the similar ones: the rows compared no longer grow with every figure the place ever reported
    pairs = session.execute(_statistics_of((StatisticRow.unit, StatisticRow.metric), conditions).distinct()).all()
    similar: dict[int, set[str]] = {}
    for item in items:
        metrics = similar_metrics([item.target_metric], (metric for unit, metric in pairs if unit in units[item.id]),
                                  settings.evidence_min_similarity)
        if metrics:
            similar[item.id] = metrics
    if not similar:
        return {}
    rows = session.execute(_statistics_of(
        (*_stat_columns(), Article.published, Article.document_id, StatisticRow.as_of),
        [*conditions, StatisticRow.metric.in_(sorted(set().union(*similar.values())))]).order_by(StatisticRow.id)).all()
    found: dict[int, list[tuple[Any, ...]]] = {}
    for item in items:
        wanted = similar.get(item.id)
        if not wanted:
            continue
        own = own_documents.get(item.article_id)
        due = item.due_date + grace if item.due_date is not None else None
        mine = []
        for row in rows:
            *facts, article_published, document_id, as_of = row
            stat_unit, stat_metric = facts[3], facts[4]
            if stat_metric not in wanted or stat_unit not in units[item.id]:
                continue
            if own is not None and document_id == own:
                continue
            if item.start_date is not None and (article_published is None or article_published < item.start_date):
                continue
            if due is not None and as_of is None and (article_published is None or article_published > due):
                continue
            mine.append(tuple(facts))
        if mine:
            found[item.id] = mine
    return found


def _statistics_of(columns: Any, conditions: list[Any]) -> Any:
    """SELECT ``columns`` of the statistics meeting ``conditions`` (joined to their article and document)."""
    columns = columns if isinstance(columns, tuple) else (columns,)
    return (select(*columns).select_from(StatisticRow).join(Article, StatisticRow.article_id == Article.id)
            .join(Document, Article.document_id == Document.id).where(*conditions))


def item_metrics_query(place: str, units: list[str]) -> Any:
    """SELECT DISTINCT target_metric of the place's items in ``units`` — from ix_items_place_unit_metric alone."""
    return select(Item.target_metric).where(Item.place == place, Item.target_unit.in_(units)).distinct()


def _open_items_in(session: Session, place: str, document_id: int, units: list[str], earliest: date | None,
                   metrics: set[str], settings: LedgerSettings) -> list[Item]:
    """Open items of the place with a numeric target in one of ``units``, whose period can hold a figure
    dated ``earliest`` or later, not proposed from this very document."""
    if not units or earliest is None:
        return []  # an undated report proposes nothing
    same_document = select(Article.id).where(Article.document_id == document_id)
    conditions = (
        Item.place == place, Item.status.not_in(FINAL_STATUSES), Item.target_value.is_not(None),
        Item.target_unit.in_(units), (Item.article_id.is_(None)) | (Item.article_id.not_in(same_document)),
        Item.due_date.is_(None) | (Item.due_date >= earliest - timedelta(days=settings.evidence_grace_days)),
    )
    # the distinct metrics of the place's items in these units first, read from ix_items_place_unit_metric
    # alone (no other condition, so no row is read) and each compared once with the figures' (they repeat:
    # the comparisons grow with the place's vocabulary, not with every item it ever had); whole rows only
    # of the similar metrics, looked up by (place, unit, metric)
    vocabulary = session.scalars(item_metrics_query(place, units))
    similar = similar_metrics(metrics, vocabulary, settings.evidence_min_similarity)
    if not similar:
        return []
    return list(session.scalars(select(Item).where(*conditions, Item.target_metric.in_(sorted(similar))).order_by(Item.id)))


def _propose_statistic(stat: StatFacts, texts: _Texts, candidates: list[Item], settings: LedgerSettings,
                       links: _Links) -> list[dict[str, Any]]:
    """The evidence rows (column values) proposing ``stat`` for the candidates it matches."""
    # when the figure was true: extraction's Statistic.as_of_date, from the stored as_of and publication date
    published = as_of_date(stat.as_of, stat.published)
    found = []
    for item in candidates:
        if not match_statistic(item, stat, stat.place, "", published, settings).ok:
            continue  # the cheap checks first; the article's text is read only for a match
        text = texts(stat.article_id)
        match = match_statistic(item, stat, stat.place, text, published, settings)
        if not match.ok or (item.id, stat.id) in links:
            continue
        links.add((item.id, stat.id))
        found.append({
            "item_id": item.id, "kind": "statistic", "statistic_id": stat.id, "article_id": stat.article_id,
            "span_start": stat.span_start, "span_end": stat.span_end,
            "value": convert(stat.value, stat.unit, item.target_unit), "unit": item.target_unit,
            "metric": stat.metric, "as_of": published, "quote": text[stat.span_start:stat.span_end],
            "score": match.score, "reason": match.reason, "status": "proposed", "proposed_by": SYSTEM.username,
        })
    return found


class Proposed(NamedTuple):
    """One evidence row proposed on ingest: its id, item and statistic."""

    id: int
    item_id: int
    statistic_id: int


def _insert_proposals(session: Session, rows: list[dict[str, Any]]) -> list[Proposed]:
    """Insert the proposed evidence in one batch (an executemany; the ORM would send one INSERT … RETURNING
    per row on SQLite), then read their ids by (item, statistic) — unique, and indexed both ways."""
    if not rows:
        return []
    session.execute(insert(Evidence), rows)
    ids = {(item_id, statistic_id): evidence_id for evidence_id, item_id, statistic_id in session.execute(
        select(Evidence.id, Evidence.item_id, Evidence.statistic_id).where(
            Evidence.statistic_id.in_(sorted({r["statistic_id"] for r in rows})),
            Evidence.item_id.in_(sorted({r["item_id"] for r in rows}))))}
    return [Proposed(ids[(r["item_id"], r["statistic_id"])], r["item_id"], r["statistic_id"]) for r in rows]


def _already_linked(session: Session, item_id: int, statistic_id: int) -> bool:
    return session.scalar(select(Evidence.id).where(Evidence.item_id == item_id,
                                                     Evidence.statistic_id == statistic_id)) is not None


class _Links:
    """(item, statistic) pairs that already have evidence: read in one query for the statistics or the
    items at hand, then kept up to date as proposals are made — not one query per match."""

    def __init__(self, session: Session, *, statistic_ids: list[int] | None = None,
                 item_ids: list[int] | None = None) -> None:
        condition = (Evidence.statistic_id.in_(statistic_ids) if statistic_ids is not None
                     else Evidence.item_id.in_(item_ids or []))
        self.pairs: set[tuple[int, int]] = {
            (item_id, statistic_id) for item_id, statistic_id in session.execute(
                select(Evidence.item_id, Evidence.statistic_id).where(condition, Evidence.statistic_id.is_not(None)))}

    def __contains__(self, pair: tuple[int, int]) -> bool:
        return pair in self.pairs

    def add(self, pair: tuple[int, int]) -> None:
        self.pairs.add(pair)


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
    document = session.get(Document, article.document_id) if article is not None else None
    if article is None or document is None:
        raise NotFound(f"统计数据的文章不存在：{statistic_id}")
    text = article.text or ""
    return _manual_evidence(session, actor, item, Evidence(
        item_id=item.id, kind="statistic", statistic_id=stat.id, article_id=article.id,
        span_start=stat.span_start, span_end=stat.span_end,
        value=convert(stat.value, stat.unit, item.target_unit), unit=item.target_unit, metric=stat.metric,
        as_of=as_of_date(stat.as_of, article.published or document.published),
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
    "Match", "Proposed", "match_statistic", "propose_for_document", "list_evidence", "accept_evidence", "reject_evidence",
    "add_span_evidence", "add_statistic_evidence", "add_file_evidence", "UploadedFile",
]
