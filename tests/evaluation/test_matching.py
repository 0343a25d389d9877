"""Text normalisation, headline alignment and one-to-one item matching."""
from __future__ import annotations

import pytest

from luoshi.evaluation.matching import align_articles, match_items, norm, same_value
from luoshi.evaluation.metrics import Counts, field_name


def test_norm_applies_nfkc_and_drops_whitespace():
    assert norm("３０个 ,\n以上") == norm("30个,以上") == "30个,以上"


def test_same_value_relative_tolerance():
    assert same_value(3.07e12, 3070000000000)
    assert not same_value(30, 31)
    assert same_value(None, None) and not same_value(0, None)


def test_alignment_follows_page_order_and_skips_missing_articles():
    gold = ["市委常委会召开会议", "全市防汛工作推进会召开", "新区重点项目集中开工"]
    predicted = ["市委常委会召开会议", "新区重点项目集中开工", "读者来信选登"]
    assert align_articles(gold, predicted) == [(0, 0), (2, 1)]


def test_alignment_accepts_headline_containing_the_gold_one():
    assert align_articles(["甲", "主持召开市长办公会议"], ["甲", "韩某主持召开市长办公会议研究近期工作"]) == [
        (0, 0), (1, 1)]


def test_single_articles_are_always_aligned():
    assert align_articles(["一"], ["完全不同"]) == [(0, 0)]


def test_match_items_prefers_pairs_that_also_agree_on_owner():
    gold = [("30个", "甲"), ("30个", "乙")]
    predicted = [("30个", "乙"), ("30个", "甲")]
    pairs, missed, false = match_items(gold, predicted, lambda g, p: g[0] == p[0], prefer=lambda g, p: g == p)
    assert sorted(pairs) == [(("30个", "乙"), ("30个", "乙")), (("30个", "甲"), ("30个", "甲"))]
    assert missed == [] and false == []


def test_duplicate_predictions_match_once():
    pairs, missed, false = match_items(["a"], ["a", "a"], lambda g, p: g == p)
    assert len(pairs) == 1 and false == ["a"]


def test_counts_metrics():
    c = Counts(tp=3, fp=1, fn=2)
    assert c.precision == 0.75 and c.recall == 0.6 and round(c.f1, 4) == 0.6667
    assert Counts().f1 == 1.0  # nothing to find, nothing invented
    assert Counts(fn=2).f1 == 0.0


def test_field_names_accept_spaces_and_hyphens():
    assert field_name("people with title") == field_name("people-with-title") == "people_with_title"
    with pytest.raises(ValueError):
        field_name("persons")


def test_norm_leaves_out_pinyin_glosses_and_folds_traditional_characters():
    assert norm("市委常委、副市長(zhǎng)") == norm("市委常委、副市长")
    assert norm("張金倫") == norm("张金伦")
    assert norm("國內生產總值(GDP)") == norm("国内生产总值（GDP）")
    assert norm("副市长") != norm("市长")
