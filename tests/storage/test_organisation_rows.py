"""Organisation mentions are stored like every other kind: a row each, exported, counted, and filled
from the stored JSON when an existing database is upgraded to 0005_organisations."""
from __future__ import annotations

from sqlalchemy import inspect, select

from luoshi.storage.db import make_engine, session_factory, transaction
from luoshi.storage.ingest import store_document
from luoshi.storage.migrate import downgrade_to, upgrade_to_head
from luoshi.storage.models import OrganisationRow
from luoshi.storage.queries import article_summaries, export_columns, item_rows


def _with_organisations(articles, sample_extractions):
    extractions = sample_extractions(articles)
    text = articles[1].text
    start = text.index("柳溪镇")
    extractions[1].organisations = [
        {"as_printed": "柳溪镇", "name": "青川县柳溪镇", "span": [start, start + 3]},
        {"as_printed": "镇", "name": "青川县柳溪镇", "span": [start + 2, start + 3]},
    ]
    return extractions


def _store(factory, sample_read, sample_extractions):
    doc, articles = sample_read()
    with transaction(factory) as session:
        row, _ = store_document(session, doc, articles, _with_organisations(articles, sample_extractions))
        return row.articles[1].id


def _rows(factory) -> list[tuple[int, int, str, str]]:
    with transaction(factory) as session:
        return [tuple(r) for r in session.execute(
            select(OrganisationRow.article_id, OrganisationRow.ordinal, OrganisationRow.as_printed,
                   OrganisationRow.name).order_by(OrganisationRow.article_id, OrganisationRow.ordinal))]


def test_organisations_are_stored_exported_and_counted(factory, sample_read, sample_extractions):
    article_id = _store(factory, sample_read, sample_extractions)
    assert _rows(factory) == [(article_id, 0, "柳溪镇", "青川县柳溪镇"), (article_id, 1, "镇", "青川县柳溪镇")]
    with transaction(factory) as session:
        rows = list(item_rows(session, "organisations"))
        counts = {s.id: s.counts for s in article_summaries(session)}
    assert [(r["as_printed"], r["span_end"] - r["span_start"]) for r in rows] == [("柳溪镇", 3), ("镇", 1)]
    assert all(set(r) == set(export_columns("organisations")) for r in rows)
    assert counts[article_id]["organisations"] == 2


def test_upgrade_fills_organisations_from_stored_extractions(db_url, sample_read, sample_extractions):
    engine = make_engine(db_url)
    upgrade_to_head(engine)
    factory = session_factory(engine)
    _store(factory, sample_read, sample_extractions)
    before = _rows(factory)
    downgrade_to(engine, "0004_ledger_perf")
    assert "organisations" not in inspect(engine).get_table_names()
    upgrade_to_head(engine)
    assert _rows(factory) == before
    engine.dispose()


def test_every_registered_kind_has_a_table_exporting_its_columns():
    from luoshi.extraction.kinds import KINDS
    from luoshi.storage.models import ITEM_TABLES

    assert list(ITEM_TABLES) == [k.name for k in KINDS]
    for k in KINDS:
        model = ITEM_TABLES[k.name]
        assert model.__name__ == k.row_model
        missing = [c for c in k.columns if c not in model.__table__.columns]
        assert missing == [], f"{k.name}: export columns not in {model.__tablename__}: {missing}"
