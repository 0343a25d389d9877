"""Rejoining paragraphs split by a newspaper column break, and leaving real breaks alone."""
from __future__ import annotations

import pytest

from luoshi.reading import read_bytes
from luoshi.reading.repair import repair, should_join


@pytest.mark.parametrize(
    "a,b",
    [
        ("会议指出，东川市委、", "市政府坚持项目为王，扎实推进重大项目建设。"),  # dangling 、
        ("林小禾强调，抓好项目建设，", "要把更多精力放到招商引资上。"),  # dangling ，
        ("市长林小禾会见了企业代表，集团首席运营官周", "一鸣，副总经理王川参加会见。"),  # a name split in two
        ("会议强调，要在推进乡村全面振兴上实现新提", "升”目标任务，确保落地见效。"),  # B starts with a closing quote
        ("文旅融合是激发消费活力的重要", "引擎，是带动服务业升级的关键一环。全市将扩大开放。"),  # short tail clause
        ("养老服务事关千家万户。市民", "政局局长王川表示，将完善养老服务体系。"),  # A ends mid-sentence
        ("他表示，要推动“项目攻坚", "年”行动落地见效。"),
    ],
)
def test_column_breaks_are_rejoined(a, b):
    assert should_join(a, b)


@pytest.mark.parametrize(
    "a,b",
    [
        ("在持续扩大有效投资上彰显作为", "项目是经济发展的生命线，扩大有效投资必先抓好项目。"),  # section heading
        ("会议要求，全年新开工项目不少于30个。", "各地各部门要压实责任。"),  # a full stop ends it
        ("东川市召开重点项目推进会", "晚报讯 昨天，东川市召开重点项目推进会。"),  # headline before a dateline
        ("会议还研究了其他事项。", "记者林小禾"),  # byline
        ("记者林小禾", "西山县召开乡村振兴工作会议"),  # byline then the next headline
        ("林小禾强调：", "一是要压实责任，确保项目按期开工。"),  # a colon introduces a list
        ("三、2026年重点工作", "今年是开局之年。我们将扎实推进各项工作。"),  # numbered heading
        ("东川市召开推进会 部署下半年工作", "7月1日，东川市召开推进会，部署下半年工作。"),  # spaced headline
        ("东川市召开重点项目推进会", "——深入推进项目攻坚年行动"),  # subtitle
        ("牢记使命 砥砺奋进 勇毅前行", "东川市召开重点项目推进会，部署工作。"),  # banner
        ("100余户企业在会上对接交流。 周一鸣 摄", "本次对接会由东川市人民政府主办。"),  # caption credit
    ],
)
def test_real_breaks_are_kept(a, b):
    assert not should_join(a, b)


def test_first_line_is_never_joined_even_when_unpunctuated():
    text = "东川市召开重点项目推进会，部署\n下半年工作，会议由市长主持。"
    assert repair(text)[0] == text


def test_repairs_are_recorded_where_the_second_part_begins():
    page = "东川市召开推进会\n晚报讯 昨天，东川市召开推进会。会议指出，东川市委、\n\n市政府坚持项目为王。\n记者林小禾\n"
    doc, articles = read_bytes(page.encode("utf-8"), name="p.txt")
    assert len(doc.repairs) == 1
    assert doc.text[doc.repairs[0]:].startswith("市政府坚持项目为王")
    assert "东川市委、市政府坚持项目为王" in articles[0].text
    assert articles[0].repairs == doc.repairs


def test_a_fragment_between_two_breaks_joins_both_ways():
    text = "东川市召开人代会\n今年是开局之年，做好工作意义重大。今年经济社会发展的\n主要预期目标\n是：地区生产总值增长6%左右。\n"
    repaired, _map, joins = repair(text.strip())
    assert "今年经济社会发展的主要预期目标是：地区生产总值增长6%左右。" in repaired
    assert len(joins) == 2


def test_a_section_heading_after_a_closed_paragraph_stays():
    text = "东川市召开人代会\n会议审议了报告。\n在稳就业上持续用力\n就业是最基本的民生。全年新增就业3万人。"
    assert repair(text)[0] == text


def test_a_headline_broken_after_a_comma_is_rejoined():
    page = (
        "东川市召开会议\n晚报讯 昨天，东川市召开会议。\n记者 王川\n林小禾主持召开市政府常务会议，\n"
        "学习贯彻全会精神 部署下半年工作\n晚报讯 昨天，市长林小禾主持召开常务会议。\n记者 李木\n"
    )
    _doc, articles = read_bytes(page.encode("utf-8"), name="p.txt")
    assert articles[1].headline == "林小禾主持召开市政府常务会议，学习贯彻全会精神 部署下半年工作"


def test_a_headline_is_not_glued_to_the_body_below_it():
    text = "东川市召开会议，部署下半年工作\n昨天，东川市召开会议，部署下半年工作。"
    assert repair(text)[0] == text
