"""Political formulations: kinds and the noun phrase they name."""
from __future__ import annotations

import pytest

from luoshi.extraction.formulations import extract_formulations, formulation_kind
from luoshi.extraction.model import ArticleMeta


@pytest.mark.parametrize("quoted,kind", [
    ("52111", "numeric_code"), ("2+4+N", "plus_formula"), ("数字+", "plus_formula"),
    ("三个不变", "numbered_slogan"), ("两个确立", "numbered_slogan"), ("三农", "numbered_slogan"),
    ("绿美宜居", "quoted_slogan"), ("十五五", None), ("好", None),
])
def test_kind_of_a_quoted_text(quoted, kind):
    assert formulation_kind(quoted) == kind


def test_formulations_carry_what_they_name_and_slice_the_text():
    text = "全区将聚焦“52111”攻坚行动，深耕“2+4+N”现代产业体系，紧扣“三个不变”总要求，建设“绿美宜居”新家园。"
    found = extract_formulations(text, ArticleMeta())
    assert [(f.text, f.kind, f.context) for f in found] == [
        ("52111", "numeric_code", "攻坚行动"),
        ("2+4+N", "plus_formula", "现代产业体系"),
        ("三个不变", "numbered_slogan", "总要求"),
        ("绿美宜居", "quoted_slogan", "新家园"),
    ]
    for f in found:
        assert text[f.span[0]:f.span[1]] == f.text


def test_a_formulation_followed_by_a_particle_has_no_context():
    found = extract_formulations("把“蓝图”变为“实景”。", ArticleMeta())
    assert [(f.text, f.context) for f in found] == [("蓝图", None), ("实景", None)]


def test_repeated_formulation_is_listed_once():
    found = extract_formulations("践行“两个维护”，坚决做到“两个维护”。", ArticleMeta())
    assert [f.text for f in found] == ["两个维护"]


def test_text_without_quotes_has_no_formulations():
    assert extract_formulations("No Chinese text at all, 84211.", ArticleMeta()) == []
