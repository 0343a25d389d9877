"""Scoring rules on tiny hand-made gold / prediction pairs (invented names and figures)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from luoshi.evaluation.gold import GoldArticle, GoldDocument
from luoshi.evaluation.score import score_document
from luoshi.extraction.model import ArticleExtraction, Commitment, Event, Owner, Person, Quantity, Statistic
from luoshi.reading.model import Article

TEXT = ("市委书记周明远主持召开会议。\n市商务局局长林海波表示，全年新引进外资项目30个以上。"
        "\n今年以来全市实际使用外资2.5亿美元。")


def gold_doc(**overrides) -> GoldDocument:
    article = GoldArticle(
        headline="江城市召开开放型经济推进会",
        reporters=["苏文"],
        place="江城市",
        people=[{"name": "周明远", "title": "市委书记"}, {"name": "林海波", "title": "市商务局局长"}],
        events=[{"type": "meeting", "name": "开放型经济推进会", "start": "2024-03-04", "end": "2024-03-04"}],
        targets=[{"value": 30, "unit": "个", "comparator": ">=", "owner": "林海波", "metric": "新引进外资项目"}],
        statistics=[{"value": 250000000, "unit": "美元", "comparator": "=", "metric": "实际使用外资"}],
        must_contain=["市商务局局长林海波表示"],
    )
    for key, value in overrides.items():
        setattr(article, key, value)
    return GoldDocument(path=Path("gold/dev/toy.json"), file="raw/toy.txt", published=date(2024, 3, 5),
                        articles=[article], must_not_contain=["扫码关注"])


def prediction(owner: str = "林海波", target_value: float = 30, extra_statistics: list | None = None,
               text: str = TEXT, headline: str = "江城市召开开放型经济推进会"):
    article = Article(index=0, headline=headline, text=text, reporters=["苏文"])
    extraction = ArticleExtraction(
        place="江城市",
        people=[Person(name="周明远", title="市委书记"), Person(name="林海波", title="市商务局局长")],
        events=[Event(type="meeting", name="开放型经济推进会", start=date(2024, 3, 4), end=date(2024, 3, 4),
                      date_text="昨天")],
        commitments=[Commitment(kind="target", text="全年新引进外资项目30个以上", action="新引进外资项目",
                                owner=Owner(person=owner),
                                target=Quantity(value=target_value, unit="个", comparator=">=", metric="外资项目"))],
        statistics=[Statistic(value=2.5e8, unit="美元", comparator="=", metric="实际使用外资")]
        + (extra_statistics or []),
    )
    return [article], [extraction]


def f1(score, field: str) -> float:
    return score.counts[field].f1


def test_perfect_prediction_scores_one_on_every_field():
    score = score_document(gold_doc(), *prediction())
    assert {name: c.f1 for name, c in score.counts.items()} == {name: 1.0 for name in score.counts}
    assert not any(score.misses.values()) and not any(score.false_hits.values())


def test_missing_target_lowers_recall_not_precision():
    articles, extractions = prediction()
    extractions[0].commitments = []
    score = score_document(gold_doc(), articles, extractions)
    assert score.counts["targets"].recall == 0.0
    assert score.counts["targets"].precision == 1.0
    assert score.misses["targets"] and "30个" in score.misses["targets"][0]


def test_wrong_value_is_both_a_miss_and_a_false_hit():
    score = score_document(gold_doc(), *prediction(target_value=31))
    c = score.counts["targets"]
    assert (c.tp, c.fp, c.fn) == (0, 1, 1)


def test_values_match_within_relative_tolerance():
    score = score_document(gold_doc(), *prediction(target_value=30 * (1 + 1e-9)))
    assert f1(score, "targets") == 1.0


def test_owner_mismatch_lowers_only_target_owners():
    score = score_document(gold_doc(), *prediction(owner="周明远"))
    assert f1(score, "targets") == 1.0
    assert score.counts["target_owners"].tp == 0 and f1(score, "target_owners") == 0.0
    assert "predicted owner 周明远" in score.misses["target_owners"][0]


def test_owner_organisation_matches_its_city_qualified_name():
    gold = gold_doc(targets=[{"value": 30, "unit": "个", "comparator": ">=", "owner": "市商务局"}])
    articles, extractions = prediction()
    extractions[0].commitments[0].owner = Owner(org="江城市商务局")
    assert f1(score_document(gold, articles, extractions), "target_owners") == 1.0


def test_prediction_matching_an_optional_item_is_ignored():
    optional = [{"value": 742, "unit": "个", "comparator": "=", "metric": "计划安排项目"}]
    extra = [Statistic(value=742, unit="个", comparator="~", metric="项目")]
    score = score_document(gold_doc(optional=optional), *prediction(extra_statistics=extra))
    assert f1(score, "statistics") == 1.0
    assert any("optional" in n for n in score.notes)


def test_unmatched_extra_statistic_lowers_precision():
    extra = [Statistic(value=742, unit="个", comparator="=", metric="项目")]
    score = score_document(gold_doc(), *prediction(extra_statistics=extra))
    assert score.counts["statistics"].precision == 0.5 and score.counts["statistics"].recall == 1.0


def test_comparator_must_agree():
    articles, extractions = prediction()
    extractions[0].statistics[0].comparator = "~"
    assert f1(score_document(gold_doc(), articles, extractions), "statistics") == 0.0


def test_title_difference_lowers_people_with_title_only():
    articles, extractions = prediction()
    extractions[0].people[1].title = "局长"
    score = score_document(gold_doc(), articles, extractions)
    assert f1(score, "people") == 1.0
    assert score.counts["people_with_title"].tp == 1
    assert score.misses["people_with_title"] == ["article 1 «江城市召开开放型经济推进会»: 林海波（市商务局局长）"]


def test_titles_compare_after_nfkc_without_whitespace():
    articles, extractions = prediction()
    extractions[0].people[0].title = "市委 书记"
    assert f1(score_document(gold_doc(), articles, extractions), "people_with_title") == 1.0


def test_event_needs_type_and_dates_but_not_name():
    articles, extractions = prediction()
    extractions[0].events[0].name = "会议"
    score = score_document(gold_doc(), articles, extractions)
    assert f1(score, "events") == 1.0
    assert any("event names agree for 0 of 1" in n for n in score.notes)
    extractions[0].events[0].start = date(2024, 3, 3)
    assert f1(score_document(gold_doc(), articles, extractions), "events") == 0.0


def test_broken_passage_is_not_repaired():
    broken = TEXT.replace("局长林海波", "局长林\n海波")
    score = score_document(gold_doc(), *prediction(text=broken))
    assert score.counts["repaired_passages"].recall == 0.0
    assert score.counts["repaired_passages"].precision is None


def test_boilerplate_left_in_the_text_is_a_miss():
    score = score_document(gold_doc(), *prediction(text=TEXT + "\n请扫码 关注"))
    assert f1(score, "boilerplate") == 0.0
    assert "扫码关注" in score.misses["boilerplate"][0]


def test_missing_article_counts_all_its_items_as_missed():
    score = score_document(gold_doc(), [], [])
    assert score.counts["articles"].fn == 1
    assert score.counts["people"].fn == 2 and score.counts["targets"].fn == 1
    assert score.counts["repaired_passages"].fn == 1


def test_extra_article_counts_as_false_hits():
    articles, extractions = prediction()
    more_articles, more_extractions = prediction(headline="完全不同的另一篇稿件标题")
    more_articles[0].index = 1
    score = score_document(gold_doc(), articles + more_articles, extractions + more_extractions)
    assert (score.counts["articles"].tp, score.counts["articles"].fp) == (1, 1)
    assert score.counts["people"].fp == 2 and score.counts["people"].tp == 2


@pytest.mark.parametrize("headline", ["江城市召开开放型经济推进会", "江城市召开开放型经济推进会 强调扩大开放"])
def test_headlines_compare_exactly_after_alignment(headline):
    score = score_document(gold_doc(), *prediction(headline=headline))
    assert score.counts["articles"].tp == 1
    assert f1(score, "headlines") == (1.0 if headline == "江城市召开开放型经济推进会" else 0.0)
