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

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.storage.ledger_models import Item
from luoshi.storage.models import Article, CommitmentRow, PersonMention
from luoshi.tracking.actor import Actor
from luoshi.tracking.items import ItemFilters, filtered_query
from luoshi.tracking.lights import _assess, elapsed_share, local_today, progress_share
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
    """Every visible lead unit's scorecard for the period (a year), ranked."""
    today = today or local_today()
    settings = get_settings(session)
    items_by_unit: dict[str, list[Item]] = defaultdict(list)
    for item in session.scalars(filtered_query(actor, _period_filters(period)).where(Item.lead_unit.is_not(None))):
        items_by_unit[item.lead_unit].append(item)
    scores = [_score_unit(unit, items, today, settings) for unit, items in items_by_unit.items()]
    scores = [s for s in scores if s.total]  # units with only proposals have nothing to be scored on yet
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


def _score_unit(unit: str, items: list[Item], today: date, settings: LedgerSettings) -> UnitScore:
    result = UnitScore(unit=unit, by_status=dict(Counter(i.status for i in items)))
    counted = [i for i in items if i.status not in NOT_OBLIGATIONS]
    result.total = len(counted)
    lights = {i.id: _assess(i, today, settings)[0] for i in counted}
    result.by_light = dict(Counter(lights.values()))
    due = [i for i in counted if i.status == "closed" or (i.due_date and i.due_date <= today)]
    result.due = len(due)
    result.closed_on_time = sum(1 for i in due if _closed_on_time(i))
    result.on_time_rate = result.closed_on_time / len(due) if due else None
    result.overdue = sum(1 for light in lights.values() if light == "red")
    result.green_share = result.by_light.get("green", 0) / len(counted) if counted else None
    _progress_rates(result, counted, today)
    result.score = _weighted_score(result, settings.scoring_weights)
    return result


def _closed_on_time(item: Item) -> bool:
    if item.status != "closed" or item.closed_at is None:
        return False
    return item.due_date is None or item.closed_at.date() <= item.due_date


def _progress_rates(result: UnitScore, items: list[Item], today: date) -> None:
    measured = [(progress_share(i) or 0.0, elapsed_share(i, today)) for i in items if i.target_value]
    measured = [(min(done, 1.0), gone) for done, gone in measured if gone is not None]
    if not measured:
        return
    result.avg_progress = sum(d for d, _ in measured) / len(measured)
    result.avg_expected = sum(g for _, g in measured) / len(measured)
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
