"""The luoshi.extraction/1 contract: shape, JSON-serialisability, and spans that slice what they claim."""
from __future__ import annotations

import json
from datetime import date

import pytest

from luoshi.extraction.model import ArticleExtraction, Event, Person, Statistic
from luoshi.extraction.pipeline import extract_document
from luoshi.extraction.schema import SCHEMA_ID, TABLE_COLUMNS, document_to_json, span_problems, table_rows
from luoshi.reading.model import Article, SourceDocument

TEXT = "3月4日，全市开放型经济推进会召开。市委书记周明远出席会议并讲话。\n今年以来全市实际使用外资2.5亿美元。"

ARTICLE_FIELDS = {"index", "headline", "subtitles", "dateline", "reporters", "correspondents", "photographers",
                  "published", "place", "place_path", "text", "sections", "paragraphs", "people", "organisations",
                  "events", "commitments", "statistics", "formulations", "warnings"}


def toy() -> tuple[SourceDocument, list[Article]]:
    doc = SourceDocument(path="toy.txt", raw=TEXT.encode(), sha256="ab", format="text", encoding="utf-8",
                         original_text=TEXT, text=TEXT, published=date(2024, 3, 5))
    art = Article(index=0, headline="全市开放型经济推进会召开", text=TEXT, reporters=["苏文"],
                  published=date(2024, 3, 5), paragraphs=[(0, 33), (34, len(TEXT))])
    return doc, [art]


def test_document_to_json_has_every_documented_field_and_is_json():
    doc, articles = toy()
    payload = document_to_json(doc, articles, extract_document(doc, articles))
    assert payload["schema"] == SCHEMA_ID == "luoshi.extraction/1"
    assert set(payload["document"]) >= {"path", "sha256", "format", "encoding", "title", "published",
                                        "publisher", "place"}
    assert set(payload["articles"][0]) == ARTICLE_FIELDS
    assert payload["articles"][0]["published"] == "2024-03-05"
    assert json.loads(json.dumps(payload, ensure_ascii=False)) == payload


def test_span_problems_reports_a_span_that_slices_other_text():
    doc, articles = toy()
    start = TEXT.index("周明远")
    good = ArticleExtraction(people=[Person(name="周明远", title="市委书记", mentions=[(start, start + 3)])])
    assert span_problems(document_to_json(doc, articles, [good])) == []
    bad = ArticleExtraction(people=[Person(name="周明远", title="市委书记", mentions=[(start + 1, start + 4)])],
                            statistics=[Statistic(value=2.5e8, unit="美元", comparator="=", metric=None,
                                                  text="2.5亿美元", span=(0, 999))])
    problems = span_problems(document_to_json(doc, articles, [bad]))
    assert len(problems) == 2
    assert "person 周明远" in problems[0] and "outside text" in problems[1]


def test_mismatched_article_and_extraction_counts_are_refused():
    doc, articles = toy()
    with pytest.raises(ValueError):
        document_to_json(doc, articles, [])


def test_table_rows_have_one_row_per_item():
    doc, articles = toy()
    start = TEXT.index("周明远")
    ext = ArticleExtraction(place="江城市", place_path=["江南省", "江城市"],
                            people=[Person(name="周明远", title="市委书记", mentions=[(start, start + 3)])])
    rows = table_rows(doc, articles, [ext])
    assert all(tuple(r) == TABLE_COLUMNS for r in rows)
    assert [r["kind"] for r in rows] == ["place", "person"]
    assert rows[1]["span"] == f"{start}-{start + 3}" and rows[0]["item"] == "江南省 > 江城市"


def test_table_row_of_an_undated_event_shows_only_the_printed_date():
    doc, articles = toy()
    ext = ArticleExtraction(events=[Event(type="meeting", name="推进会", start=None, end=None, date_text="近日",
                                          span=(0, 5))])
    event_row = [r for r in table_rows(doc, articles, [ext]) if r["kind"] == "event:meeting"][0]
    assert event_row["detail"] == "近日"


@pytest.mark.shared
def test_seed_outputs_keep_every_span_promise(shared_dir):
    from luoshi.reading import read_path

    seeds = sorted((shared_dir / "seeds").glob("*.txt"))
    assert seeds
    for path in seeds:
        doc, articles = read_path(path)
        payload = document_to_json(doc, articles, extract_document(doc, articles, strict=True))
        assert span_problems(payload) == [], path.name
        assert json.loads(json.dumps(payload, ensure_ascii=False)) == payload


@pytest.mark.shared
def test_every_corpus_input_extracts_with_spans_that_slice_the_text(shared_dir):
    """All real reports of ../shared/corpus: no extractor raises, every span keeps its promise."""
    from luoshi.reading import ReadError, read_path

    paths = sorted(p for p in (shared_dir / "corpus" / "raw").iterdir() if p.is_file())
    assert paths
    broken = {}
    for path in paths:
        try:
            doc, articles = read_path(path)
        except ReadError:
            continue  # reading's own tests judge its refusals
        payload = document_to_json(doc, articles, extract_document(doc, articles, strict=True))
        if problems := span_problems(payload):
            broken[path.name] = problems[:3]
    assert broken == {}
