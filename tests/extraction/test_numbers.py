"""Numbers as printed -> values, and quantity phrases found in text (units, comparators, rejects)."""
from __future__ import annotations

import pytest

from luoshi.extraction.numbers import parse_number
from luoshi.extraction.quantities import find_quantities


@pytest.mark.parametrize("printed,value", [
    ("4.6万", 46000), ("3亿", 300000000), ("1.3万亿", 1300000000000), ("28461.3亿", 2846130000000),
    ("一千二百", 1200), ("两百", 200), ("三十亿", 3000000000), ("百亿", 10000000000), ("１２０", 120),
    ("1,200", 1200), ("0.5", 0.5), ("一点五", 1.5),
])
def test_parse_number_scales_arabic_and_chinese_numerals(printed, value):
    assert parse_number(printed) == value


@pytest.mark.parametrize("printed", ["1.2.3万", "一二三", "", "万人", "abc", "第29"])
def test_parse_number_refuses_what_is_not_one_number(printed):
    assert parse_number(printed) is None


def test_parse_number_returns_int_when_whole():
    assert isinstance(parse_number("4.6万"), int)


def _one(text):
    found = [q for q in find_quantities(text) if not q.qualifier]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text,value,unit,comparator", [
    ("全年培训技工3万人次以上。", 30000, "人次", ">="),
    ("吸引超5万人返乡创业。", 50000, "人", ">"),
    ("建成服务站600多个。", 600, "个", ">"),
    ("惠及企业10多万户。", 100000, "户", ">"),
    ("年产阀门3万余台。", 30000, "台", ">"),
    ("城镇调查失业率5.5%左右。", 5.5, "%", "~"),
    ("近两百名客商参加。", 200, "名", "~"),
    ("新增贷款不少于80亿元。", 8000000000, "元", ">="),
    ("赤字率控制在3%以内。", 3, "%", "<="),
    ("亏损企业低于10家。", 10, "家", "<"),
    ("累计投资达12.5亿元。", 1250000000, "元", "="),
    ("新建道路二十公里。", 20, "公里", "="),
    ("完成投资40亿，", 4000000000, "元", "="),
    ("同比增长77％，", 77, "%", "="),
    ("占比超过百分之五十。", 50, "%", ">"),
    ("增长百分之三点五左右。", 3.5, "%", "~"),
    ("新建道路5千米。", 5, "千米", "="),
    ("清理闲置用房1万2000平方米。", 12000, "平方米", "="),
    ("每人一间18个平方米的宿舍。", 18, "平方米", "="),
    ("值班人员不到20人。", 20, "人", "<"),
    ("粮食产量1300亿斤以上。", 130000000000, "斤", ">="),
])
def test_quantity_value_unit_and_comparator(text, value, unit, comparator):
    q = _one(text)
    assert (q.value, q.unit, q.comparator) == (value, unit, comparator)
    assert text[q.start:q.end] == q.text


@pytest.mark.parametrize("text", [
    "2023年7月14日召开会议。",  # dates
    "市政府第31次常务会议。",  # ordinals
    "市委七届九次全会召开。",  # session numbers in Chinese numerals
    "咨询电话0513-85098765。",  # phone numbers
    "依据《关于加快5G发展的10条意见》执行。",  # inside a book title
    "聚焦“84211”攻坚行动。",  # inside a quoted formulation
    "建设T7二期项目和5G基站。",  # codes glued to letters
    "坚持一个中心、两个基本点。",  # enumerations in small Chinese numerals
    "千家万户共享发展成果。",  # scale words alone are words
    "1.2.3万个",  # malformed number
    "经济总量迈上3万亿台阶。",  # 台 of 台阶 is no measure word
    "There are no Chinese numbers here, only 42 apples.",
])
def test_non_quantities_are_not_extracted(text):
    assert [q for q in find_quantities(text) if not q.qualifier] == []


def test_a_range_is_one_quantity_between_its_bounds():
    found = find_quantities("预计年税收6-8亿元，增速4.5%—5%，人数8至5人。")
    assert [(q.value, q.unit, q.comparator, q.low, q.high) for q in found][:2] == [
        (600000000, "元", "between", 600000000, 800000000), (4.5, "%", "between", 4.5, 5)]
    assert all(q.comparator != "between" for q in found[2:])  # bounds out of order: not a range


@pytest.mark.parametrize("text", ["1至7月", "2019-2021年", "电话0513-85098765", "5月7日—9日"])
def test_ranges_of_dates_and_codes_give_nothing(text):
    assert find_quantities(text) == []


def test_a_number_qualifying_what_is_counted_is_a_qualifier():
    found = find_quantities("新招引亿元以上项目120个以上，其中10亿元以上的项目有6个。")
    kept = [(q.value, q.unit) for q in found if not q.qualifier]
    assert kept == [(120, "个"), (6, "个")]


def test_threshold_after_a_count_is_a_qualifier():
    found = find_quantities("18个项目总投资超5亿元。")
    assert [(q.value, q.qualifier) for q in found] == [(18, False), (500000000, True)]


@pytest.mark.parametrize("text,value", [
    ("到2030年，全县生产总值比2020年翻一番。", 2),
    ("力争农民收入翻番。", 2),
    ("旅游收入五年翻两番。", 4),
])
def test_doubling_idioms_are_multiples_of_the_base(text, value):
    q = _one(text)
    assert (q.value, q.unit, q.comparator, q.text) == (value, "倍", "=", text[q.start:q.end])


def test_a_word_glued_after_the_number_decides_the_comparator():
    assert _one("失业率控制在5.5%左右。").comparator == "~"
    assert _one("失业率控制在5.5%以内。").comparator == "<="


def test_road_sections_are_counted():
    q = _one("已打通接头路5段。")
    assert (q.value, q.unit) == (5, "段")


def test_an_analysis_is_a_finished_read_only_value():
    """``analyse`` is not cached and returns a value nobody can change: every sentence's carried
    tense is worked out, quantities are a tuple."""
    import dataclasses
    from datetime import date

    from luoshi.extraction.quantities import analyse, sentence_carry

    text = "去年全市已建成服务站120个。其中，新增社区食堂8个。明年将新建服务站50个。"
    analysis = analyse(text, date(2025, 6, 1))
    assert analysis is not analyse(text, date(2025, 6, 1)) and analysis == analyse(text, date(2025, 6, 1))
    assert isinstance(analysis.quantities, tuple) and len(analysis.quantities) == 3
    assert set(analysis.sentence_tense) == set(range(len(analysis.layout.sentence_starts)))
    assert [sentence_carry(analysis, s) for s in range(3)] == ["past", None, "future"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        analysis.quantities = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        analysis.sentence_tense[0] = "future"  # type: ignore[index]
