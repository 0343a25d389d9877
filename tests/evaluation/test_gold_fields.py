"""A gold file may list the fields its annotator filled in ("fields"); the others are not scored."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from luoshi.evaluation.gold import GoldArticle, GoldDocument, GoldError, load_gold
from luoshi.evaluation.score import score_document
from luoshi.extraction.model import ArticleExtraction, Statistic
from luoshi.reading.model import Article


def _partial_gold(fields: frozenset[str] | None) -> GoldDocument:
    article = GoldArticle(headline="江城市召开推进会", place="江城市",
                          people=[{"name": "周明远", "title": "市委书记"}])
    return GoldDocument(path=Path("toy.json"), file="raw/toy.txt", published=date(2024, 3, 5),
                        articles=[article], fields=fields)


def _prediction() -> tuple[list[Article], list[ArticleExtraction]]:
    article = Article(index=0, headline="江城市召开推进会", text="全市实际使用外资2.5亿美元。")
    extraction = ArticleExtraction(place="江城市", statistics=[Statistic(value=250000000, unit="美元", comparator="=", metric="实际使用外资")])
    return [article], [extraction]


def test_unlisted_fields_are_not_scored() -> None:
    score = score_document(_partial_gold(frozenset({"articles", "place", "people", "people_with_title"})),
                           *_prediction())
    assert score.counts["statistics"].fp == 0 and not score.false_hits.get("statistics")
    assert score.counts["place"].tp == 1
    assert score.counts["people"].fn == 1


def test_without_fields_every_field_is_scored() -> None:
    score = score_document(_partial_gold(None), *_prediction())
    assert score.counts["statistics"].fp == 1


def test_fields_list_maps_names_to_scored_fields(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"file": "raw/x.txt", "published": None, "fields": ["people", "headline"],
                                "articles": []}), encoding="utf-8")
    assert load_gold(path).fields == {"articles", "people", "people_with_title", "headlines"}


def test_unknown_field_name_is_a_gold_error(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"file": "raw/x.txt", "fields": ["peeple"], "articles": []}), encoding="utf-8")
    with pytest.raises(GoldError):
        load_gold(path)
