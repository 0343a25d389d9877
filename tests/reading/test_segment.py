"""Splitting a page into articles: headlines, subtitles, datelines, credits, sections, boilerplate."""
from __future__ import annotations

import pytest

from luoshi.reading import read_bytes

PAGE = """
东川市召开重点项目推进会，强调压实责任 加快建设

奋楫争先 实干担当 勇毅前行

——深入推进“项目攻坚年”行动

晚报讯 昨天下午，东川市召开重点项目推进会，市长林小禾出席会议并讲话。

会议要求，全年新开工亿元以上项目不少于30个。

记者周一鸣

西山县调研组来东川考察 推动产业协作

晚报讯 3日~4日，西山县县长王川率调研组来东川考察。

调研组指出，东川市委、

市政府高度重视产业协作，成效明显。

记者 陈小雨 通讯员 李木

东川市举办招才引智活动

晚报讯 昨天，东川市举办招才引智活动，签约人才项目12个。

记者 马晓 摄
"""


def read(text: str):
    return read_bytes(text.encode("utf-8"), name="page.txt")


def test_a_multi_article_page_splits_into_blocks_in_order():
    _doc, articles = read(PAGE)
    assert [a.headline for a in articles] == [
        "东川市召开重点项目推进会，强调压实责任 加快建设",
        "西山县调研组来东川考察 推动产业协作",
        "东川市举办招才引智活动",
    ]
    assert [a.index for a in articles] == [0, 1, 2]


def test_banners_and_dash_lines_are_subtitles_not_headlines():
    _doc, articles = read(PAGE)
    assert articles[0].subtitles == ["奋楫争先 实干担当 勇毅前行", "——深入推进“项目攻坚年”行动"]


def test_dateline_is_taken_off_the_body():
    _doc, articles = read(PAGE)
    assert articles[0].dateline == "晚报讯"
    assert articles[0].text.startswith("昨天下午，东川市召开重点项目推进会")


def test_reporters_correspondents_and_photographers_are_kept_apart():
    _doc, articles = read(PAGE)
    assert articles[0].reporters == ["周一鸣"]
    assert (articles[1].reporters, articles[1].correspondents) == (["陈小雨"], ["李木"])
    assert (articles[2].reporters, articles[2].photographers) == ([], ["马晓"])


def test_bylines_never_enter_the_body_and_repaired_text_is_unbroken():
    _doc, articles = read(PAGE)
    assert "记者" not in articles[1].text
    assert "东川市委、市政府高度重视产业协作" in articles[1].text


def test_leading_box_byline_lists_several_reporters():
    page = "春潮涌动开新局\n——市委全会侧记\n□记者 周一鸣 陈小雨 马晓\n初春时节，东川大地生机勃勃。全会审议通过了决定。\n"
    _doc, articles = read(page)
    assert articles[0].reporters == ["周一鸣", "陈小雨", "马晓"]
    assert articles[0].subtitles == ["——市委全会侧记"]
    assert articles[0].text == "初春时节，东川大地生机勃勃。全会审议通过了决定。"


def test_bracketed_credit_after_dateline_is_parsed():
    page = "东川市召开常务会议\n本报讯（融媒体中心记者 林小禾）7月1日，东川市召开常务会议。\n"
    _doc, articles = read(page)
    assert articles[0].reporters == ["林小禾"]
    assert articles[0].dateline == "本报讯（融媒体中心记者 林小禾）"
    assert articles[0].text == "7月1日，东川市召开常务会议。"


def test_xinhua_style_dateline():
    page = "东川港年吞吐量突破1亿吨\n新华社东川7月1日电（记者王川）东川港年货物吞吐量突破1亿吨。\n"
    _doc, articles = read(page)
    assert articles[0].dateline.startswith("新华社东川7月1日电") and articles[0].reporters == ["王川"]


def test_section_headings_between_paragraphs_are_recorded():
    page = (
        "东川市召开全会\n□记者 周一鸣\n全会审议通过了决定。各部门表示将抓好落实。\n"
        "在稳就业上持续用力\n就业是最基本的民生。全年新增就业3万人以上。\n"
        "在扩开放上奋勇争先\n外贸是开放型经济的重要支撑。全年外贸增长5%。\n"
    )
    _doc, articles = read(page)
    art = articles[0]
    assert [art.text[s:e] for s, e in art.sections] == ["在稳就业上持续用力", "在扩开放上奋勇争先"]
    assert len(art.paragraphs) == 5


def test_promotional_footer_is_dropped_and_publisher_kept():
    page = (
        "春潮涌动开新局\n□记者 周一鸣\n全会审议通过了决定。各部门表示将抓好落实。\n"
        "奋进新征程，建功新时代。\n\n\n书香东川\nSHUXIANGDONGCHUAN\n查看更多，请扫码关注\n"
        "读书让城市更美好 阅读让生活更精彩\n中共东川市委宣传部\n"
    )
    doc, articles = read(page)
    text = articles[0].text
    for junk in ("书香东川", "SHUXIANG", "扫码关注", "读书让城市更美好", "中共东川市委宣传部"):
        assert junk not in text
    assert text.endswith("奋进新征程，建功新时代。")
    assert doc.publisher == articles[0].publisher == "中共东川市委宣传部"


def test_a_publisher_line_after_a_mark_and_the_paper_s_title_is_kept_as_the_publisher():
    page = (
        "区领导调研城市更新工作\n本报讯（记者 周一鸣）区领导前往老街区调研。要加快推进更新改造。\n"
        "◎ 《东川晨报》东川市西城区融媒体中心\n版权所有◎All Rights Reserved\n"
    )
    doc, articles = read(page)
    assert "东川晨报" not in articles[0].text
    assert doc.publisher == "《东川晨报》东川市西城区融媒体中心"


def test_a_live_text_s_time_stamped_entries_at_the_end_of_a_page_are_kept():
    page = (
        "据了解，今年第一季度集中开工的重大项目共有12个，总投资58亿元。\n"
        "开工仪式主现场设立在物流园项目，4个分现场同步进行。\n"
        "9:30\n奠基仪式\n9:25\n县委书记某某宣布全县重大项目集中开工\n9:10\n县委副书记、县长某某致辞\n"
        "8:50\n3月1日上午\n某县举行了春季重大项目集中开工仪式\n"
    )
    _doc, articles = read(page)
    assert "县委书记某某宣布全县重大项目集中开工" in articles[0].text
    assert articles[0].text.rstrip().endswith("某县举行了春季重大项目集中开工仪式")


def test_cms_metadata_and_widgets_are_dropped():
    page = (
        "东川市政府采购规模增长20%\n发布时间：2024-07-02\n发布人：-东川日报\n来源：东川日报\n"
        "上半年，东川市政府采购规模同比增长20%。\n【打印】【关闭】\n上一篇：西山县召开会议\n下一篇：南湖区召开会议\n"
        "责任编辑：林小禾\n"
    )
    _doc, articles = read(page)
    assert articles[0].text == "上半年，东川市政府采购规模同比增长20%。"
    assert articles[0].headline == "东川市政府采购规模增长20%"


def test_photo_caption_credit_goes_to_photographers():
    page = "东川市召开人代会\n市长林小禾作政府工作报告。 本报记者 周一鸣 摄\n会议听取了政府工作报告。\n"
    _doc, articles = read(page)
    assert articles[0].photographers == ["周一鸣"] and articles[0].reporters == []
    assert articles[0].text == "市长林小禾作政府工作报告。\n会议听取了政府工作报告。"


@pytest.mark.parametrize("credit", ["文/图 周一鸣 林小禾", "周一鸣 林小禾 文/图", "撰稿：周一鸣 林小禾"])
def test_words_and_pictures_and_writer_credits_name_the_reporters(credit):
    """文/图 X (no separator after it), X Y 文/图 (names first) and 撰稿：X credit the writers."""
    page = f"东川市召开人代会\n{credit}\n市长林小禾作政府工作报告。会议听取了政府工作报告。\n"
    _doc, articles = read(page)
    assert articles[0].reporters == ["周一鸣", "林小禾"] and articles[0].correspondents == []
    assert articles[0].text == "市长林小禾作政府工作报告。会议听取了政府工作报告。"


def test_stray_spaces_inside_chinese_body_are_removed_but_headline_spaces_kept():
    page = "东川市召开会议 部署工作\n晚报讯 会议 强调， 要 抓好 落实。\n"
    _doc, articles = read(page)
    assert articles[0].headline == "东川市召开会议 部署工作"
    assert articles[0].text == "会议强调，要抓好落实。"


def test_the_same_article_printed_twice_is_kept_once():
    block = "东川市召开会议\n晚报讯 昨天，东川市召开会议。\n记者周一鸣\n"
    _doc, articles = read(block + block)
    assert len(articles) == 1


def test_single_article_without_markers_uses_first_line_as_headline():
    page = "东川市上半年经济运行情况\n上半年，东川市地区生产总值增长5.2%。\n一、工业生产\n规模以上工业增加值增长6%。\n"
    _doc, articles = read(page)
    assert len(articles) == 1 and articles[0].headline == "东川市上半年经济运行情况"
    assert [articles[0].text[s:e] for s, e in articles[0].sections] == ["一、工业生产"]


@pytest.mark.parametrize(
    "page,reporters,correspondents,photographers,body",
    [
        ("东川市召开会议\n■本报记者 王小川 通讯员 李木\n昨天，东川市召开会议。\n", ["王小川"], ["李木"], [], "昨天，东川市召开会议。"),
        ("东川市召开会议\n◎记者 王小川\n昨天，东川市召开会议。\n", ["王小川"], [], [], "昨天，东川市召开会议。"),
        ("东川市召开会议\n本报记者 王小川 报道\n昨天，东川市召开会议。\n", ["王小川"], [], [], "昨天，东川市召开会议。"),
        ("东川市召开会议\n文/王小川 图/李木\n昨天，东川市召开会议。\n", ["王小川"], [], ["李木"], "昨天，东川市召开会议。"),
        ("东川市召开会议\n本报东川7月1日讯 （记者 王小川）昨天，东川市召开会议。\n", ["王小川"], [], [], "昨天，东川市召开会议。"),
        ("东川市召开会议\n新华社东川7月1日电 记者王小川、李木 昨天，东川市召开会议。\n", ["王小川", "李木"], [], [], "昨天，东川市召开会议。"),
        ("东川市召开会议\n昨天，东川市召开会议，部署工作。（记者 王小川 通讯员 李木）\n", ["王小川"], ["李木"], [], "昨天，东川市召开会议，部署工作。"),
        ("东川市召开会议\n昨天，东川市召开会议，部署工作。 记者 王小川\n", ["王小川"], [], [], "昨天，东川市召开会议，部署工作。"),
        ("东川市召开会议\n晚报讯 记者昨天从东川市获悉，全市新增就业3万人。\n", [], [], [], "记者昨天从东川市获悉，全市新增就业3万人。"),
        ("东川市召开会议\n会议审议了文件（草案）。（作者系党校教授）\n", [], [], [], "会议审议了文件（草案）。（作者系党校教授）"),
        ("东川市召开会议\n本报记者 王小川/文 李木/摄\n昨天，东川市召开会议。\n", ["王小川"], [], ["李木"], "昨天，东川市召开会议。"),
        ("东川市召开会议\n本报记者 王川 通讯员 李木 昨天，东川市召开会议。\n", ["王川"], ["李木"], [], "昨天，东川市召开会议。"),
        ("东川市召开会议\n本报记者 王川 报道：昨天，东川市召开会议。\n", ["王川"], [], [], "昨天，东川市召开会议。"),
        ("东川市召开会议\n昨天，东川市召开会议。\n记者 王\u3000川 通讯员 李\u3000木\n", ["王川"], ["李木"], [], "昨天，东川市召开会议。"),
    ],
)
def test_credit_forms(page, reporters, correspondents, photographers, body):
    _doc, articles = read(page)
    art = articles[0]
    assert (art.reporters, art.correspondents, art.photographers) == (reporters, correspondents, photographers)
    assert art.text == body


def test_articles_with_leading_bylines_and_no_datelines_split_at_each_headline():
    page = (
        "东川市召开会议\n本报记者 王小川\n昨天，东川市召开会议，部署工作。\n会议要求抓好落实。\n"
        "西山县开展安全检查\n本报记者 李木\n近日，西山县开展安全生产大检查。\n"
    )
    _doc, articles = read(page)
    assert [(a.headline, a.reporters) for a in articles] == [("东川市召开会议", ["王小川"]), ("西山县开展安全检查", ["李木"])]


def test_page_metadata_lines_give_date_and_outlet_when_the_caller_gave_none():
    page = "东川市政府采购规模增长20%\n发布时间：2024-07-02\n来源：东川日报\n上半年，东川市政府采购规模同比增长20%。\n"
    doc, articles = read(page)
    assert doc.published.isoformat() == "2024-07-02" and articles[0].published == doc.published
    assert doc.publisher == "东川日报"
    given, _ = read_bytes(page.encode("utf-8"), name="p.txt", published=__import__("datetime").date(2024, 7, 3))
    assert given.published.isoformat() == "2024-07-03"  # the caller's date wins


def test_a_dateline_in_mid_page_starts_a_headline_less_brief():
    page = (
        "西山县举办人才招聘会\n晚报讯 （记者 陈小雨）近日，西山县举办春季人才招聘会，提供岗位1200个。\n"
        "本报讯 南湖区今年计划实施民生实事项目10件。\n（通讯员 赵一）\n"
    )
    _doc, articles = read(page)
    assert [(a.headline, a.reporters, a.correspondents) for a in articles] == [
        ("西山县举办人才招聘会", ["陈小雨"], []),
        ("南湖区今年计划实施民生实事项目10件", [], ["赵一"]),  # a brief prints no headline: guessed
    ]
    assert articles[1].text == "南湖区今年计划实施民生实事项目10件。"
    assert articles[1].headline_guessed and not articles[0].headline_guessed


def test_a_banner_shaped_line_is_the_headline_when_there_is_no_other():
    _doc, articles = read("稳中求进 提质增效\n□记者 周一鸣\n全会审议通过了决定。各部门表示将抓好落实。\n")
    assert articles[0].headline == "稳中求进 提质增效" and articles[0].subtitles == []


def test_wechat_copy_loses_its_header_action_bar_and_link_list():
    page = (
        "东川市召开重点项目推进会\n原创 东川发布 东川发布 2024-07-02 09:30 发表于江苏\n点击蓝字 关注我们\n"
        "7月1日，东川市召开重点项目推进会，市长林小禾出席会议并讲话。\n"
        "来源：东川日报\n编辑：李木\n审核：周一\n推荐阅读\n西山县召开乡村振兴推进会\n南湖区部署安全生产工作\n分享 收藏 点赞 在看\n"
    )
    doc, articles = read(page)
    assert articles[0].subtitles == []
    assert articles[0].text == "7月1日，东川市召开重点项目推进会，市长林小禾出席会议并讲话。"
    assert doc.published.isoformat() == "2024-07-02" and doc.publisher == "东川日报"


def test_official_notice_signature_gives_publisher_and_date():
    page = (
        "东川市人民政府办公室关于做好防汛工作的通知\n东政办发〔2024〕12号\n各区县人民政府，市各委办局：\n"
        "为切实做好今年防汛工作，现将有关事项通知如下。\n一、压实防汛责任\n各地要落实防汛责任制。\n"
        "东川市人民政府办公室\n2024年7月1日\n"
    )
    doc, articles = read(page)
    assert doc.publisher == "东川市人民政府办公室" and doc.published.isoformat() == "2024-07-01"
    assert articles[0].text.endswith("各地要落实防汛责任制。")
    assert [articles[0].text[s:e] for s, e in articles[0].sections] == ["一、压实防汛责任"]


def test_newspaper_page_labels_and_date_lines_are_furniture():
    page = "东川晚报 第A3版：要闻\n2024年7月2日 星期二\n本版编辑：王某\n东川市召开会议\n晚报讯 昨天，东川市召开会议。\n记者林小禾\n"
    doc, articles = read(page)
    assert [a.headline for a in articles] == ["东川市召开会议"] and articles[0].subtitles == []
    assert doc.published.isoformat() == "2024-07-02"


def test_a_short_quote_before_an_end_byline_is_body_not_a_new_article():
    page = (
        "东川市召开会议\n晚报讯 昨天，东川市召开会议，部署工作。\n林小禾表示：\n“我们一定把项目建好”\n记者 王川\n"
        "西山县开展安全检查\n晚报讯 近日，西山县开展安全生产大检查。\n记者 李木\n"
    )
    _doc, articles = read(page)
    assert [a.headline for a in articles] == ["东川市召开会议", "西山县开展安全检查"]
    assert articles[0].text.endswith("“我们一定把项目建好”") and articles[0].sections == []


def test_a_short_kicker_above_the_headline_is_a_subtitle():
    page = "聚焦高质量发展\n东川市十大产业链产值突破千亿元\n晚报讯 昨天，记者从东川市工信局获悉，全市十大产业链产值突破千亿元。\n"
    _doc, articles = read(page)
    assert articles[0].headline == "东川市十大产业链产值突破千亿元"
    assert articles[0].subtitles == ["聚焦高质量发展"]


def test_a_speaker_line_under_a_report_title_is_not_the_headline():
    page = "政府工作报告\n广东省省长 王小川\n各位代表：\n现在，我代表省人民政府，向大会报告工作。\n"
    _doc, articles = read(page)
    assert articles[0].headline == "政府工作报告" and articles[0].subtitles == ["广东省省长 王小川"]


def test_a_page_that_is_only_a_headline_is_one_article_without_body():
    _doc, articles = read("东川市召开重点项目推进会\n")
    assert [(a.headline, a.text) for a in articles] == [("东川市召开重点项目推进会", "")]


def test_an_exclaiming_headline_after_a_byline_starts_an_article():
    page = (
        "东川市召开会议\n晚报讯 昨天，东川市召开会议。\n记者 王川\n"
        "好消息！东川地铁1号线今天开通\n晚报讯 今天上午，东川地铁1号线正式开通运营。\n记者 李木\n"
    )
    _doc, articles = read(page)
    assert [a.headline for a in articles] == ["东川市召开会议", "好消息！东川地铁1号线今天开通"]


def test_end_marks_and_bracketed_editor_credits_are_dropped():
    page = "东川港吞吐量突破1亿吨\n新华社东川7月1日电（记者王川）东川港年货物吞吐量突破1亿吨。（完）\n（编辑 李木）\n"
    _doc, articles = read(page)
    assert articles[0].text == "东川港年货物吞吐量突破1亿吨。" and articles[0].reporters == ["王川"]


def test_a_bare_bracketed_name_closing_an_item_is_its_reporter():
    page = "东川市召开经济工作会议\n昨天，东川市召开经济工作会议。\n市领导林小禾、王川参加讨论。（周一鸣） |\n"
    _doc, articles = read(page)
    assert articles[0].reporters == ["周一鸣"]
    assert articles[0].text.endswith("参加讨论。")


@pytest.mark.parametrize("tail", ["（完）", "（东川）", "（下转2版）"])
def test_other_bracketed_endings_are_not_reporters(tail):
    page = f"东川市召开经济工作会议\n昨天，东川市召开经济工作会议。\n会议由市委办公室承办。{tail}\n"
    _doc, articles = read(page)
    assert articles[0].reporters == []


def test_a_caption_saying_someone_answered_the_reporters_question_is_no_byline():
    page = ("东川县长谈发展\n主持人：今年有什么打算？\n东川县县长周一鸣回答记者的提问\n"
            "周一鸣县长：今年我们将加快建设。\n主持人：谢谢。\n")
    _doc, articles = read(page)
    assert len(articles) == 1 and articles[0].reporters == []


@pytest.mark.parametrize("closing,reporters", [
    ("周一鸣", ["周一鸣"]),
    ("周一鸣 林 川", ["周一鸣", "林川"]),
    ("高新区", []),
    ("黄石市", []),
])
def test_a_line_of_bare_names_closing_a_single_article_is_its_authors(closing, reporters):
    page = f"东川市召开常务会议\n昨天，东川市召开常务会议，研究了有关事项。\n会议还研究了其他事项。\n\n{closing}\n"
    _doc, articles = read(page)
    assert articles[0].reporters == reporters
    assert closing not in articles[0].text


def test_an_office_and_its_named_author_closing_a_release_give_the_author_as_reporter():
    page = "东川县上半年经济运行情况\n上半年，全县规上工业增加值增长3.4%。（东川县统计局 周一鸣）\n"
    _doc, articles = read(page)
    assert articles[0].reporters == ["周一鸣"]
    assert articles[0].text.endswith("（东川县统计局周一鸣）")  # the office tells the place of the release


def test_a_name_above_the_date_and_source_row_is_the_author_not_the_headline():
    page = "周一鸣\n2017年10月10日13:32 来源：东川日报\n东川市市长林小禾昨天会见了来访的客人。\n双方就合作交换了意见。\n"
    _doc, articles = read(page)
    assert articles[0].reporters == ["周一鸣"] and articles[0].headline != "周一鸣"

def test_a_caption_about_the_reporters_question_is_no_byline():
    from luoshi.reading import patterns
    assert not patterns.is_byline("某县县长王某回答记者的提问")
    assert not patterns.is_byline("县长王某接受记者们采访")
    assert patterns.is_byline("记者 王某某")


def test_a_credit_in_lenticular_brackets_opening_the_body_is_the_byline():
    """【全媒体记者 王某】6月30日，… (a county TV site's byline) gives the reporter and leaves the body."""
    _doc, articles = read("县委常委会召开\n【全媒体记者 周一鸣】6月30日，县委书记林小禾主持召开县委常委会会议。\n")
    assert articles[0].reporters == ["周一鸣"] and articles[0].text.startswith("6月30日")


def test_a_long_list_the_stored_page_cut_off_stays_in_the_article():
    """县人大常委会党组副书记某某，县政协…，县委 ending the page mid-list is body, not a footer heading."""
    page = ("某县集中开工重点项目\n9月26日上午，县委书记周一鸣宣布开工。项目建设进展顺利，完成投资84亿元。\n\n"
            "县人大常委会党组副书记林小禾，县政协党组副书记王川，县委常委、县政府党组副书记李明，县委\n")
    _doc, articles = read(page)
    assert articles[0].text.endswith("县政府党组副书记李明，县委")


def test_a_caption_naming_the_pictures_source_does_not_split_the_article():
    """某县一中。通讯员供图 between the headline and the dateline is a caption: the dateline below it
    continues the same article."""
    page = ("东川县两会|县一中即将扩建\n\n东川县一中。通讯员供图\n\n"
            "东川网讯(通讯员 周一鸣)11月9日，东川县人民代表大会开幕，代县长林小禾作政府工作报告。\n过去五年，全县新建学校11所。\n")
    _doc, articles = read(page)
    assert len(articles) == 1 and articles[0].headline == "东川县两会|县一中即将扩建"
