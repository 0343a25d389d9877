"""What happens to the ledger when a report is ingested (called by ``storage.ingest`` inside the
ingest transaction, so a failure leaves nothing half-written):

1. every extracted commitment of the document becomes a *proposed* item (never an obligation until a
   supervisor assigns it); lead unit = the commitment's owner organisation (already resolved to its city),
   due date from the period (全年 → 31 December of the report's year);
2. duplicates are proposed for merging (same lead unit, same value, same metric);
3. every statistic of the document is matched against open items and proposed as evidence, and the new
   items are matched against statistics already stored (reports ingested out of order).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from luoshi.storage.ledger_models import Item, ItemTransition
from luoshi.storage.models import Article, CommitmentRow, Document
from luoshi.tracking import audit
from luoshi.tracking.actor import SYSTEM, Actor
from luoshi.tracking.errors import NotFound
from luoshi.tracking.evidence import propose_for_document, propose_for_new_items
from luoshi.tracking.items import METRIC_MAX, assign_serials, default_period, new_item, propose_merges
from luoshi.tracking.lights import local_today
from luoshi.tracking.settings import LedgerSettings, get_settings

TITLE_MAX = 200

# Near-duplicate articles propose once (issue 10). The detector is the corpus work's (a MinHash
# detector, built elsewhere — do not write a second one here): set ``NEAR_DUPLICATE_OF`` to a function
# ``(session, article) -> article id | None`` that names an already-ingested article this one copies;
# its commitments are then not proposed again (the copy's text still reads in the reading view).
NEAR_DUPLICATE_OF: Callable[[Session, Article], int | None] | None = None


@dataclass
class IntakeResult:
    items_proposed: int = 0
    evidence_proposed: int = 0
    merges_proposed: int = 0
    item_ids: list[int] = field(default_factory=list)
    evidence_ids: list[int] = field(default_factory=list)


def after_ingest(session: Session, document_id: int, *, actor: Actor = SYSTEM) -> IntakeResult:
    """Propose items from the document's commitments and evidence from its statistics (idempotent:
    a commitment already in the ledger, or an evidence already proposed, is not proposed again)."""
    document = session.get(Document, document_id)
    if document is None:
        raise NotFound(f"文档不存在：{document_id}")
    result = IntakeResult()
    settings = get_settings(session)
    commitments: list[tuple[Article, CommitmentRow]] = []
    for article in document.articles:
        if NEAR_DUPLICATE_OF is not None and NEAR_DUPLICATE_OF(session, article) is not None:
            continue  # a copy of a page already proposed from
        commitments.extend((article, commitment) for commitment in article.commitments)
    taken = set(session.scalars(select(Item.commitment_id).where(
        Item.commitment_id.in_([c.id for _, c in commitments])))) if commitments else set()
    new_items, sources = [], []
    with session.no_autoflush:  # the items are inserted in one batch below
        for article, commitment in commitments:
            if commitment.id in taken:
                continue
            new_items.append(_proposed_item(session, commitment, article, article.published or document.published,
                                            place=article.place or document.place, actor=actor,
                                            serial_later=True, settings=settings))
            sources.append(article)
    session.flush()
    if new_items:  # one executemany (the ORM would send one INSERT … RETURNING per row on SQLite)
        session.execute(insert(ItemTransition), [_transition_values(item, article, actor)
                                                 for item, article in zip(new_items, sources, strict=True)])
    for item in new_items:
        result.merges_proposed += len(propose_merges(session, item))
    evidence = propose_for_document(session, document, settings)
    evidence += propose_for_new_items(session, new_items, settings)
    result.items_proposed, result.item_ids = len(new_items), [i.id for i in new_items]
    result.evidence_proposed, result.evidence_ids = len(evidence), [e.id for e in evidence]
    audit.record_many(session, actor, [  # who brought the evidence in, and from which document
        ("propose", "evidence", proposal.id, None, {"document_id": document_id, "item_id": proposal.item_id})
        for proposal in evidence])
    assign_serials(session, actor, new_items)  # last: the year's counter row is locked from here to commit
    return result


def propose_item(session: Session, commitment: CommitmentRow, article: Article, published: date | None, *,
                 place: str | None, actor: Actor = SYSTEM, serial_later: bool = False) -> Item | None:
    """One proposed item for one commitment (None when the commitment already has one). ``serial_later``:
    the caller gives it its serial with ``items.assign_serials`` (as :func:`after_ingest` does)."""
    if session.scalar(select(Item.id).where(Item.commitment_id == commitment.id)) is not None:
        return None
    item = _proposed_item(session, commitment, article, published, place=place, actor=actor,
                          serial_later=serial_later)
    session.flush()
    session.add(_propose_transition(item, article, actor))
    return item


def _proposed_item(session: Session, commitment: CommitmentRow, article: Article, published: date | None, *,
                   place: str | None, actor: Actor, serial_later: bool,
                   settings: LedgerSettings | None = None) -> Item:
    start, due = default_period(commitment.period_text, commitment.period_start, commitment.period_end, published)
    year = (published or due or local_today()).year
    item = new_item(
        session, actor, year=year, status="proposed", serial_later=serial_later, settings=settings,
        commitment_id=commitment.id, article_id=article.id, span_start=commitment.span_start,
        span_end=commitment.span_end, source_text=commitment.text, source_event=_meeting_of(article),
        title=commitment.text[:TITLE_MAX], kind=commitment.kind, lead_unit=commitment.owner_org,
        responsible_person=commitment.owner_person, target_value=commitment.value, target_unit=commitment.unit,
        target_comparator=commitment.comparator, target_low=commitment.target_low,
        target_high=commitment.target_high, target_metric=_metric(commitment.metric),
        target_text=commitment.target_text, period_text=commitment.period_text, start_date=start, due_date=due,
        strength=commitment.strength, place=place,
    )
    return item


def _metric(metric: str | None) -> str | None:
    """An extracted metric is short; an absurd one is cut to what the items' metric index holds."""
    return metric[:METRIC_MAX] if metric else metric


def _transition_values(item: Item, article: Article, actor: Actor) -> dict[str, object]:
    return {"item_id": item.id, "action": "propose", "from_status": "", "to_status": "proposed",
            "actor": actor.username, "why": f"从《{article.headline or '无标题'}》抽取", "data": {}}


def _propose_transition(item: Item, article: Article, actor: Actor) -> ItemTransition:
    return ItemTransition(**_transition_values(item, article, actor))


def _meeting_of(article: Article) -> str | None:
    """The meeting the commitment was made at, when the article reports one."""
    for event in article.events:
        if event.type == "meeting" and event.name:
            return event.name
    return None
