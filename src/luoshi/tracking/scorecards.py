"""Scorecards (考核) per unit and period, the unit ranking, and people's timelines.

Scoring rule (weights in the ``scoring_weights`` setting, defaults in brackets), per lead unit over the
items that are obligations in the period (status other than proposed, rejected, merged; due in the period):

- ``on_time_rate`` [0.4]: items closed on or before their due date ÷ items due by today or closed;
- ``progress_ratio`` [0.4]: average progress share (capped at 1; no report = 0) ÷ average elapsed share of
  the period, capped at 1 (1 = on the straight line or ahead);
- ``green_share`` [0.2]: share of the unit's items whose light is green today;

score = 100 × (Σ weight × rate) ÷ (Σ weight of the rates that exist) − ``overdue_penalty`` [5] × overdue items,
never below 0. A rate without a denominator (nothing due yet) is left out rather than counted as 0 or 1.
Units are ranked by score (ties: by name).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Date, and_, case, cast, func, literal, or_, select
from sqlalchemy.orm import Session

from luoshi.storage.ledger_models import Item
from luoshi.storage.models import Article, CommitmentRow, PersonMention
from luoshi.tracking.actor import Actor
from luoshi.tracking.items import ItemFilters, filtered_query
from luoshi.tracking.lights import elapsed_share_sql, light_sql, local_today, progress_share_sql
from luoshi.tracking.settings import LedgerSettings, get_settings

NOT_OBLIGATIONS = ("proposed", "rejected", "merged")


@dataclass
class UnitScore:
    unit: str
    total: int = 0  # obligations in the period
    by_status: dict[str, int] = field(default_factory=dict)  # every status, proposed included
    by_light: dict[str, int] = field(default_factory=dict)
    due: int = 0  # due by today or already closed
    closed_on_time: int = 0
    on_time_rate: float | None = None
    avg_progress: float | None = None
    avg_expected: float | None = None
    progress_ratio: float | None = None
    overdue: int = 0
    green_share: float | None = None
    score: float = 0.0
    rank: int = 0


def _period_filters(period: int | None) -> ItemFilters:
    return ItemFilters(year=period) if period else ItemFilters()


def unit_scorecards(session: Session, actor: Actor, *, period: int | None = None,
                    today: date | None = None) -> list[UnitScore]:
    """Every visible lead unit's scorecard for the period (a year), ranked. The counts and sums are
    computed by the database (two GROUP BY queries), so 100,000 items take a fraction of a second."""
    today = today or local_today()
    settings = get_settings(session)
    scores = _aggregate(session, actor, period, today, settings)
    scores = [s for s in scores.values() if s.total]  # units with only proposals have nothing to be scored on yet
    for score in scores:
        _finish(score, settings)
    scores.sort(key=lambda s: (-s.score, s.unit))
    for rank, score in enumerate(scores, start=1):
        score.rank = rank
    return scores


def unit_scorecard(session: Session, actor: Actor, unit: str, *, period: int | None = None,
                   today: date | None = None) -> UnitScore:
    """One unit's scorecard, with its rank among all visible units."""
    for score in unit_scorecards(session, actor, period=period, today=today):
        if score.unit == unit:
            return score
    return UnitScore(unit=unit)


@dataclass
class _Sums:
    """Progress sums of one unit, from which the averages are taken."""

    measured: int = 0
    done: float = 0.0
    gone: float = 0.0


def _aggregate(session: Session, actor: Actor, period: int | None, today: date,
               settings: LedgerSettings) -> dict[str, UnitScore]:
    """One GROUP BY (unit, status, light today) giving counts and the rates' numerators and denominators."""
    dialect = session.get_bind().dialect.name
    sub = filtered_query(actor, _period_filters(period)).where(Item.lead_unit.is_not(None)).subquery()
    c = sub.c
    light = light_sql(c, today, settings, dialect).label("light_today")
    done, gone = progress_share_sql(c), elapsed_share_sql(c, today, dialect)
    measured = and_(c.target_value.is_not(None), c.target_value != 0, gone.is_not(None))
    is_due = or_(c.status == "closed", c.due_date <= literal(today))
    closed_day = func.date(c.closed_at) if dialect == "sqlite" else cast(c.closed_at, Date)
    on_time = and_(c.status == "closed", c.closed_at.is_not(None), or_(c.due_date.is_(None), closed_day <= c.due_date))
    capped_done = case((done.is_(None), 0.0), (done > 1, 1.0), else_=done)
    rows = session.execute(
        select(c.lead_unit, c.status, light, func.count(), _count_if(is_due), _count_if(on_time),
               _count_if(measured), func.sum(case((measured, capped_done), else_=0.0)),
               func.sum(case((measured, gone), else_=0.0)))
        .group_by(c.lead_unit, c.status, light)
    )
    scores: dict[str, UnitScore] = {}
    sums: dict[str, _Sums] = defaultdict(_Sums)
    for unit, status, light_today, count, due, on_time_count, measured_count, done_sum, gone_sum in rows:
        score = scores.setdefault(unit, UnitScore(unit=unit))
        score.by_status[status] = score.by_status.get(status, 0) + count
        if status in NOT_OBLIGATIONS:
            continue
        score.total += count
        score.by_light[light_today] = score.by_light.get(light_today, 0) + count
        score.due += int(due or 0)
        score.closed_on_time += int(on_time_count or 0)
        unit_sums = sums[unit]
        unit_sums.measured += int(measured_count or 0)
        unit_sums.done += float(done_sum or 0)
        unit_sums.gone += float(gone_sum or 0)
    for unit, unit_sums in sums.items():
        _progress_rates(scores[unit], unit_sums)
    return scores


def _count_if(condition: Any) -> Any:
    return func.sum(case((condition, 1), else_=0))


def _finish(result: UnitScore, settings: LedgerSettings) -> None:
    """The rates and the score from the unit's counts."""
    result.on_time_rate = result.closed_on_time / result.due if result.due else None
    result.overdue = result.by_light.get("red", 0)
    result.green_share = result.by_light.get("green", 0) / result.total if result.total else None
    result.score = _weighted_score(result, settings.scoring_weights)


def _progress_rates(result: UnitScore, sums: _Sums) -> None:
    if not sums.measured:
        return
    result.avg_progress = sums.done / sums.measured
    result.avg_expected = sums.gone / sums.measured
    if result.avg_expected > 0:
        result.progress_ratio = min(1.0, result.avg_progress / result.avg_expected)


def _weighted_score(result: UnitScore, weights: dict[str, float]) -> float:
    rates = {"on_time_rate": result.on_time_rate, "progress_ratio": result.progress_ratio,
             "green_share": result.green_share}
    present = {k: v for k, v in rates.items() if v is not None and weights.get(k, 0) > 0}
    weight_sum = sum(weights[k] for k in present)
    base = 100 * sum(weights[k] * v for k, v in present.items()) / weight_sum if weight_sum else 0.0
    return round(max(0.0, base - weights.get("overdue_penalty", 0) * result.overdue), 1)


# ---------------------------------------------------------------- people


@dataclass
class PostSpell:
    org: str | None
    title: str
    first_seen: date | None
    last_seen: date | None
    article_ids: list[int] = field(default_factory=list)


@dataclass
class PersonTimeline:
    name: str
    posts: list[PostSpell]
    commitments: list[dict[str, Any]]
    items: list[Item]


@dataclass
class PeoplePage:
    items: list[dict[str, Any]]  # {name, mentions, last_seen, title}
    total: int
    page: int
    page_size: int


def list_people(session: Session, actor: Actor, *, q: str | None = None, page: int = 1,
                page_size: int = 50) -> PeoplePage:
    """People named in ingested articles, most mentioned first (public reports: every role may read)."""
    query = (select(PersonMention.name, func.count(), func.max(Article.published))
             .join(Article, Article.id == PersonMention.article_id).group_by(PersonMention.name))
    if q:
        query = query.where(PersonMention.name.like(f"%{q}%"))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    page, page_size = max(page, 1), min(max(page_size, 1), 500)
    rows = session.execute(query.order_by(func.count().desc(), PersonMention.name)
                           .offset((page - 1) * page_size).limit(page_size)).all()
    people = [{"name": name, "mentions": count, "last_seen": last} for name, count, last in rows]
    return PeoplePage(people, total, page, page_size)


def person_timeline(session: Session, actor: Actor, name: str) -> PersonTimeline:
    """Posts held over time (from mentions across articles, by publication date), commitments made, and
    the visible ledger items for which the person is responsible."""
    mentions = session.execute(
        select(PersonMention, Article.published).join(Article, Article.id == PersonMention.article_id)
        .where(PersonMention.name == name).order_by(Article.published, Article.id)
    ).all()
    spells: list[PostSpell] = []
    for mention, published in mentions:
        for post in mention.posts or [{"org": mention.org, "title": mention.title or ""}]:
            _add_to_spells(spells, post.get("org"), post.get("title") or "", published, mention.article_id)
    commitments = [
        {"id": c.id, "text": c.text, "article_id": c.article_id, "published": published, "org": c.owner_org,
         "value": c.value, "unit": c.unit, "metric": c.metric}
        for c, published in session.execute(
            select(CommitmentRow, Article.published).join(Article, Article.id == CommitmentRow.article_id)
            .where(CommitmentRow.owner_person == name).order_by(Article.published, CommitmentRow.id))
    ]
    items = list(session.scalars(filtered_query(actor, ItemFilters(responsible_person=name)).order_by(Item.id)))
    return PersonTimeline(name, spells, commitments, items)


def _add_to_spells(spells: list[PostSpell], org: str | None, title: str, seen: date | None, article_id: int) -> None:
    """Extend the spell of the same post, or open a new one (a post held, left, and held again is two spells)."""
    for spell in reversed(spells):
        if (spell.org, spell.title) == (org, title):
            if spell is spells[-1] or _still_current(spells, spell):
                spell.last_seen = max(filter(None, [spell.last_seen, seen]), default=None)
                spell.article_ids.append(article_id)
                return
            break
    spells.append(PostSpell(org, title, seen, seen, [article_id]))


def _still_current(spells: list[PostSpell], spell: PostSpell) -> bool:
    """A person holds several posts at once (书记 and 主任): the spell is current if it was seen on the
    latest date seen for any post."""
    latest = max((s.last_seen for s in spells if s.last_seen), default=None)
    return spell.last_seen == latest
