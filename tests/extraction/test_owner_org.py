"""Which organisation owns a commitment when its owner holds several posts."""
from datetime import date

import pytest

from luoshi.extraction.model import ArticleMeta
from luoshi.extraction.pipeline import extract_article


def test_meeting_targets_belong_to_the_chairs_executive_post_not_the_party_post():
    text = ("昨天上午，市委副书记、市长陈海峰主持召开市政府第五次常务会议。"
            "会议要求，确保全年新建口袋公园20个以上。")
    result = extract_article(text, ArticleMeta(headline="市政府召开常务会议", published=date(2026, 4, 2),
                                               place="泰州市"))
    targets = [c for c in result.commitments if c.target]
    assert [(c.target.value, c.owner.person, c.owner.org) for c in targets] == [(20, "陈海峰", "泰州市人民政府")]


def test_a_bureau_heads_targets_belong_to_the_bureau():
    text = "市住房和城乡建设局党委书记、局长冯志刚表示，将全年完成城镇老旧小区改造45个。"
    result = extract_article(text, ArticleMeta(published=date(2026, 3, 20), place="泰州市"))
    assert [(c.owner.person, c.owner.org) for c in result.commitments if c.target] == [
        ("冯志刚", "泰州市住房和城乡建设局")]


def test_a_closing_sentence_about_everyone_ends_the_last_speakers_turn():
    text = ("市商务局局长韩雪梅表示，力争全年外贸进出口总额突破300亿元。\n"
            "奋进新征程。全市上下将以更加务实的作风，确保全年新增市场主体2万户以上。")
    result = extract_article(text, ArticleMeta(published=date(2026, 3, 20), place="泰州市"))
    owners = [(c.target.value, c.owner.person, c.owner.org) for c in result.commitments if c.target]
    assert owners == [(30000000000, "韩雪梅", "泰州市商务局"), (20000, None, "泰州市")]


def test_a_deadline_before_the_thing_counted_is_the_period_not_part_of_the_metric():
    text = "市住建局局长冯志刚表示，将坚持民生优先，6月底前新开工保障性租赁住房2000套。"
    result = extract_article(text, ArticleMeta(published=date(2026, 3, 20), place="泰州市"))
    [target] = [c for c in result.commitments if c.target]
    assert (target.target.metric, target.period.text, target.period.end) == (
        "新开工保障性租赁住房", "6月底前", date(2026, 6, 30))


@pytest.mark.parametrize("presenting", ["代表县人民政府向大会报告工作。主要预期目标是：", "在政府工作报告中提出，"])
def test_other_ways_of_presenting_a_work_report_name_its_presenter(presenting):
    """代表县人民政府向大会报告工作 / 县长在政府工作报告中提出: the presenter owns the report's plans for
    the government; a report that proposes (报告中提出，今年…) opens its plans like 主要预期目标是."""
    text = f"泰兴市市长林小禾{presenting}今年全市地区生产总值增长6%左右，城镇新增就业3000人。"
    result = extract_article(text, ArticleMeta(published=date(2026, 1, 20), place="泰兴市"))
    assert [(c.target.value, c.owner.person, c.owner.org) for c in result.commitments if c.target] == [
        (6, "林小禾", "泰兴市人民政府"), (3000, "林小禾", "泰兴市人民政府")]
