"""Viewer and portal furniture (工具栏, 面包屑, 来源/时间 labels) around a report: dropped, with the
metadata it carries kept, and the report's own title taken as the headline."""
from __future__ import annotations

from luoshi.reading import read_bytes

VIEWER_PAGE = """下载
打印
全屏
收藏
【字号：
加大
还原
减小
】
2026年东川市政府工作报告
——2026年1月20日在东川市第十届人民代表大会第五次会议上
来源：东川日报
时间：2026-01-25
东川市市长 林 小 禾
各位代表：
现在，我代表市人民政府，向大会报告工作，请予审议。
一、2025年工作回顾
过去一年，全市地区生产总值增长5.6%。
"""

PORTAL_PAGE = """分享：
西山县2025年政府工作报告
2025年1月10日在西山县第十八届人民代表大会第四次会议上 西山县县长 王川
首页
>
政府信息公开
>
政府工作报告
西山县2025年政府工作报告
2025年1月10日在西山县第十八届人民代表大会第四次会议上 西山县县长 王川
时间：
2025-01-15 09:20
来源：
西山县人民政府
【字体：
大
中
小
】
各位代表：
现在，我代表县人民政府向大会报告工作，请予审议。
今年全县地区生产总值增长6%左右。
"""


def _read(page: str):
    doc, articles = read_bytes(page.encode("utf-8"), name="page.txt")
    assert len(articles) == 1
    return doc, articles[0]


def test_a_viewer_toolbar_is_dropped_and_the_title_is_the_headline():
    doc, art = _read(VIEWER_PAGE)
    assert art.headline == "2026年东川市政府工作报告"
    assert art.subtitles[0].startswith("——2026年1月20日")
    for control in ("下载", "全屏", "加大", "减小", "【字号"):
        assert control not in art.text and control not in art.headline
    assert doc.publisher == "东川日报" and str(doc.published) == "2026-01-25"


def test_breadcrumbs_split_labels_and_a_repeated_title_block_are_dropped():
    doc, art = _read(PORTAL_PAGE)
    assert art.headline == "西山县2025年政府工作报告"
    assert art.subtitles == ["2025年1月10日在西山县第十八届人民代表大会第四次会议上 西山县县长 王川"]
    assert art.text.startswith("各位代表：")
    for furniture in ("首页", "政府信息公开", "分享", "字体", "来源"):
        assert furniture not in art.text
    assert doc.publisher == "西山县人民政府" and str(doc.published) == "2025-01-15"


def test_a_single_toolbar_word_in_the_body_is_kept():
    page = "东川市召开会议\n本报讯 会议要求做好以下工作：\n下载\n各单位认真落实。\n"
    _, art = _read(page)
    assert "下载" in art.text


def test_metadata_glued_to_the_headline_and_portal_widgets_are_dropped():
    page = ("扩大有效投资 加快转型发展——西山县4个项目集中开工发布日期：2016年10月28日\n"
            "您现在的位置：首页 > 要闻\n"
            "2016年10月28日 08:19 来源：西山新闻网\n"
            "10月27日，西山县4个重点项目集中开工，总投资12亿元。\n"
            "发表于 2016-10-30 17:16:23\n"
            "【发布日期:2016-10-28】 【字号: 】 【关闭此页\n")
    doc, [art] = read_bytes(page.encode("utf-8"), name="page.txt")
    assert art.headline == "扩大有效投资 加快转型发展——西山县4个项目集中开工"
    for furniture in ("您现在的位置", "来源", "发表于", "关闭此页"):
        assert furniture not in art.text


def test_bare_names_in_brackets_closing_an_item_are_its_reporters():
    page = "西山县召开常委会议\n1月12日，县委召开常委会议，研究部署工作。会议还研究了其他事项。（林小禾 周一鸣）\n"
    _, [art] = read_bytes(page.encode("utf-8"), name="page.txt")
    assert art.reporters == ["林小禾", "周一鸣"] and "林小禾" not in art.text
