"""Near-duplicates: recall on the labelled set (copies derived from ../shared at test time, invented
same-meeting pairs) is at least 0.95 with no false merge; grouping does not depend on input order."""
from __future__ import annotations

import random

import duplicate_set
import pytest

from luoshi.research.duplicates import (
    MIN_SHINGLES,
    THRESHOLD,
    DuplicateIndex,
    group_duplicates,
    shingles,
    signature,
    similarity,
)


@pytest.fixture(scope="module")
def labelled(news_manifest):
    unreadable: list[str] = []
    items = duplicate_set.build(news_manifest, unreadable)
    return items, unreadable


def test_recall_at_least_095_with_no_false_merge(labelled):
    items, unreadable = labelled
    scores = duplicate_set.score(items)
    assert scores.positive_pairs >= 250 and len(unreadable) <= 3
    assert scores.false_merges == []
    assert scores.recall >= 0.95, scores.missed
    for variant, (found, total) in scores.by_variant.items():
        assert total >= 30 and found / total >= 0.9, variant


def test_same_meeting_reports_stay_apart(labelled):
    items, _ = labelled
    meeting = [i for i in items if i.variant == "same_meeting"]
    assert len(meeting) == 6
    for a in meeting:
        for b in meeting:
            if a.label < b.label and a.label.split("/")[0] == b.label.split("/")[0]:
                assert similarity(signature(a.text), signature(b.text)) < THRESHOLD / 2


def test_copies_score_well_above_and_distinct_well_below_the_threshold(labelled):
    items, _ = labelled
    originals = {i.label: signature(i.text) for i in items if i.variant == "original"}
    copies = [similarity(signature(i.text), originals[i.label]) for i in items
              if i.variant not in ("original", "same_meeting")]
    distinct = [similarity(a, b) for n, a in enumerate(originals.values()) for b in list(originals.values())[n + 1:]]
    assert min(copies) > THRESHOLD + 0.1 and max(distinct) < THRESHOLD - 0.3


def test_shingles_ignore_encoding_width_and_punctuation():
    assert shingles("全市ＧＤＰ增长５％，好。") == shingles("全市GDP 增长5% 好")
    assert signature("太短的文字") is None and len(shingles("一" * (MIN_SHINGLES + 4))) == 1


def test_grouping_does_not_depend_on_input_order(labelled):
    items, _ = labelled
    pairs = [(f"{i.label}/{i.variant}", signature(i.text)) for i in items[:80]]
    first = group_duplicates(pairs)
    random.Random(7).shuffle(pairs)
    assert group_duplicates(pairs) == first and first


def test_canonical_is_the_first_published():
    text = "江城市召开全市安全生产工作会议，会议传达学习了上级有关文件精神，部署了下一阶段重点工作任务。" * 2
    sig = signature(text)
    groups = group_duplicates([("b", sig), ("a", sig), ("c", sig)], order={"a": (3,), "b": (1,), "c": (2,)})
    assert [g.canonical for g in groups] == ["b"] and [k for k, _ in groups[0].members] == ["b", "c", "a"]


def test_index_answers_best_match():
    index = DuplicateIndex()
    base = "东川县召开春季森林防火工作会议，要求各乡镇严格落实巡山制度，清明前后加密巡查频次，野外用火一律审批。"
    index.add("x", signature(base))
    assert index.best(signature(base + "会议还作了其他部署。"))[0] == "x"
    assert index.best(signature("南湖区召开重点项目建设调度会，听取二十个重点项目进展情况汇报并研究解决问题。")) is None
