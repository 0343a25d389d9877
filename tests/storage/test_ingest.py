"""Storing documents: everything extracted lands in rows, the same bytes are stored once, and a
failure part-way through a document leaves nothing of it behind."""
from __future__ import annotations

import pytest
from sqlalchemy import select
from storage_samples import make_extractions, make_read

from luoshi.extraction.kinds import KIND_NAMES
from luoshi.extraction.pipeline import extract_document
from luoshi.storage import ingest as ingest_module
from luoshi.storage.db import transaction
from luoshi.storage.ingest import store_document
from luoshi.storage.models import Article, Document, decode_offsets, encode_offsets
from luoshi.storage.queries import count_rows


def _store(factory, suffix: str = "", extract=make_extractions):
    doc, articles = make_read(suffix)
    extractions = extract(articles)
    with transaction(factory) as session:
        row, created = store_document(session, doc, articles, extractions)
        return row.id, created, extractions


@pytest.mark.parametrize("extract", [make_extractions, None], ids=["hand-made", "pipeline"])
def test_document_articles_and_items_are_stored(factory, extract):
    if extract is None:  # the real extraction pipeline, whatever it finds today
        def extract(articles):
            return extract_document(make_read()[0], articles)
    doc_id, created, extractions = _store(factory, extract=extract)
    assert created
    with transaction(factory) as session:
        doc = session.get(Document, doc_id)
        assert doc.raw.decode("gb18030").startswith("全县重点项目推进会召开")
        assert [a.headline for a in doc.articles] == ["全县重点项目推进会召开", "柳溪镇推进农村公路提档升级"]
        first = doc.articles[0]
        assert first.text == doc.text[first.doc_start:first.doc_end]
        assert first.text_to_doc[0] == first.doc_start
        assert first.extraction == extractions[0].to_dict()
        counts = count_rows(session)
    expected = {k: sum(len(getattr(x, k)) for x in extractions) for k in KIND_NAMES}
    assert {k: counts[k] for k in expected} == expected
    assert counts["documents"] == 1 and counts["articles"] == 2


def test_item_spans_slice_the_article_text(factory):
    _store(factory)
    with transaction(factory) as session:
        for art in session.scalars(select(Article)):
            for c in art.commitments:
                assert art.text[c.span_start:c.span_end] == c.text
            for s in art.statistics:
                assert art.text[s.span_start:s.span_end] == s.number_text
            for p in art.people:
                assert art.text[p.span_start:p.span_end] == p.name


def test_same_bytes_are_stored_once(factory):
    first_id, created, _ = _store(factory)
    second_id, created_again, _ = _store(factory)
    assert created and not created_again
    assert second_id == first_id
    other_id, created_other, _ = _store(factory, suffix="另据统计，全镇新建候车亭8个。")
    assert created_other and other_id != first_id
    with transaction(factory) as session:
        assert count_rows(session)["documents"] == 2


def test_failure_after_rows_were_added_leaves_nothing(factory, monkeypatch):
    real = ingest_module._article_row
    calls = []

    def fail_on_second_article(doc, article, extraction):
        calls.append(article.index)
        if article.index == 1:
            raise RuntimeError("injected failure while storing the second article")
        return real(doc, article, extraction)

    monkeypatch.setattr(ingest_module, "_article_row", fail_on_second_article)
    doc, articles = make_read()
    extractions = make_extractions(articles)
    with pytest.raises(RuntimeError, match="injected"):
        with transaction(factory) as session:
            store_document(session, doc, articles, extractions)
            pytest.fail("store_document should have raised")  # pragma: no cover
    assert calls == [0, 1]  # the document and the first article had been flushed before the failure
    with transaction(factory) as session:
        assert set(count_rows(session).values()) == {0}


def test_hook_failure_rolls_back_the_document(factory):
    """The ledger's after_ingest runs in the same transaction: if it fails, the document goes too."""
    doc, articles = make_read()

    def failing_hook(session, document_id):
        assert session.get(Document, document_id) is not None
        raise RuntimeError("proposal step failed")

    with pytest.raises(RuntimeError):
        with transaction(factory) as session:
            ingest_module._ingest_read(session, doc, articles, failing_hook)
    with transaction(factory) as session:
        assert count_rows(session)["documents"] == 0


def test_over_long_strings_are_clipped_not_rejected(factory):
    """PostgreSQL enforces varchar lengths; a runaway extraction must not fail the document."""
    doc, articles = make_read()
    extractions = make_extractions(articles)
    extractions[0].formulations[:0] = []
    from luoshi.extraction.model import Formulation

    extractions[0].formulations.append(Formulation(text="甲" * 500, kind="quoted_slogan", span=(0, 1)))
    with transaction(factory) as session:
        store_document(session, doc, articles, extractions)
    with transaction(factory) as session:
        art = session.scalars(select(Article).where(Article.index == 0)).one()
        assert len(art.formulations[-1].text) == 200


def test_offset_maps_round_trip_compactly():
    mapping = list(range(0, 100)) + list(range(105, 300)) + [300, 300, 301]
    runs = encode_offsets(mapping)
    assert decode_offsets(runs) == mapping
    assert len(runs) <= 4


def test_concurrent_ingest_of_the_same_bytes_stores_one_document(pg_url):
    """Two writers store the same file at once: the second waits on the unique sha256, then gets the
    first one's row back as a duplicate instead of an error (PostgreSQL savepoint path)."""
    import threading

    from luoshi.storage.db import make_engine, session_factory
    from luoshi.storage.migrate import upgrade_to_head

    engine = make_engine(pg_url)
    upgrade_to_head(engine)
    factory = session_factory(engine)
    doc, articles = make_read()
    extractions = make_extractions(articles)
    results = {}

    def second_writer():
        with transaction(factory) as session:
            row, created = store_document(session, doc, articles, extractions)
            results["second"] = (row.id, created)

    with transaction(factory) as session:
        row, created = store_document(session, doc, articles, extractions)
        results["first"] = (row.id, created)
        thread = threading.Thread(target=second_writer)
        thread.start()
        thread.join(timeout=1.0)
        assert thread.is_alive(), "the second writer should be waiting on the first one's uncommitted row"
    thread.join(timeout=30)
    assert results["first"][1] is True
    assert results["second"] == (results["first"][0], False)
    with transaction(factory) as session:
        assert count_rows(session)["documents"] == 1
    engine.dispose()


def test_extracted_items_are_inserted_one_batch_per_table_and_read_back_in_order(factory):
    """Each item table gets one executemany per document and set of filled columns (the ORM's bulk INSERT
    leaves a None out so that the column's default applies, as it did for row objects), not one INSERT per
    row; the stored document's articles, read in the same transaction, list their items in extraction order."""
    from sqlalchemy import event

    doc, articles = make_read()
    extractions = make_extractions(articles)
    statements: list[tuple[str, bool]] = []

    def record(_conn, _cursor, statement, _params, _context, executemany) -> None:
        statements.append((statement, executemany))

    with transaction(factory) as session:
        engine = session.get_bind().engine
        event.listen(engine, "before_cursor_execute", record)
        try:
            row, _ = store_document(session, doc, articles, extractions)
        finally:
            event.remove(engine, "before_cursor_execute", record)
        total_rows = total_inserts = 0
        for kind in KIND_NAMES:
            model = ingest_module.ITEM_TABLES[kind]
            rows = [model.values_from(item) for x in extractions for item in getattr(x, kind)]
            filled = {frozenset(k for k, v in r.items() if v is not None) for r in rows}
            inserts = [s for s in statements if s[0].startswith(f"INSERT INTO {model.__table__.name} ")]
            assert len(inserts) <= len(filled), (kind, inserts)
            total_rows, total_inserts = total_rows + len(rows), total_inserts + len(inserts)
        assert total_inserts < total_rows
        for article, extraction in zip(row.articles, extractions, strict=True):
            for kind in KIND_NAMES:
                stored = getattr(article, kind)
                assert [r.ordinal for r in stored] == list(range(len(getattr(extraction, kind)))), kind
