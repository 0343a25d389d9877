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
    assert doc.breadcrumb == ["政府信息公开", "政府工作报告"]  # one item per line around the separators


def test_a_breadcrumb_line_is_dropped_and_its_columns_are_page_metadata():
    page = ("您当前所在位置：首页 > 政务信息 > 西山动态\n\n西山县召开项目推进会\n\n  • 日期:2025-12-31\n  • 分享到 :\n\n"
            "12月30日，县长王川主持召开项目推进会，要求各部门加快建设进度。\n")
    doc, art = _read(page)
    assert doc.breadcrumb == ["政务信息", "西山动态"]
    assert art.headline == "西山县召开项目推进会" and "位置" not in art.text and "政务信息" not in art.text
    assert str(doc.published) == "2025-12-31"  # a bulleted 日期 row


def test_a_breadcrumb_whose_last_column_opens_its_line_keeps_the_headline_apart():
    doc, art = _read("当前位置: 首页 > 新闻中心 > 西山要闻\n西山县召开项目推进会\n12月30日，县长王川主持召开项目推进会，要求加快建设。\n")
    assert doc.breadcrumb == ["新闻中心", "西山要闻"] and art.headline == "西山县召开项目推进会"


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


def _one(page: str):
    _doc, articles = read_bytes(page.encode("utf-8"), name="page.txt")
    assert len(articles) == 1
    return articles[0]


def test_a_portal_metadata_row_with_bars_is_furniture_not_a_table():
    art = _one("• 当前位置：\nnews\n东川县召开县委常委会\n来源：东川宣传 | 作者：ance | 发布时间： 2021-01-06 | 668 次浏览： | 分享到：\n"
               "1月5日，县委书记林小禾主持召开县委常委会，研究重点工作。\n会议要求，抓好落实。\n")
    assert art.headline == "东川县召开县委常委会"
    assert "次浏览" not in art.text and "当前位置" not in art.text and "news" not in art.text


def test_cms_counters_toolbar_words_and_skip_links_are_dropped():
    art = _one("登录 | 注册   微信 简体 繁体\n无障碍阅读 进入适老模式\n跳转到正文内容\n东川县召开项目推进会\n"
               "|| 2022-03-23 11:18:04 编辑： 林某 审核人：王某 阅读次数：2236 |\n"
               "3月21日，县长林小禾主持召开项目推进会。\n会议要求，加快推进。\n扫一扫在手机打开当前页\n")
    assert art.headline == "东川县召开项目推进会"
    for furniture in ("登录", "适老模式", "跳转到", "审核人", "阅读次数", "扫一扫"):
        assert furniture not in art.text


def test_date_time_and_outlet_line_under_a_headline_is_dropped_and_the_lead_is_no_headline():
    art = _one("西山县代表团来我区考察\n2021-05-14 19:25:06 东川融媒\n\n"
               "• 5月14日上午，西山县委书记王川率代表团到我区参观考\n\n察并交流座谈。\n")
    assert art.headline == "西山县代表团来我区考察"
    assert "19:25" not in art.text and "王川" in art.text


def test_the_headline_is_the_heading_the_lead_repeats_not_a_caption_above_it():
    art = _one("大会执行主席王川宣布大会开幕\n县长林小禾作政府工作报告\n第十七届人民代表大会第六次会议隆重开幕\n"
               "3月2日上午，东川县第十七届人民代表大会第六次会议在县城剧院隆重开幕。代表与会。\n林小禾说，成绩显著。\n")
    assert art.headline == "第十七届人民代表大会第六次会议隆重开幕"


def test_a_speaker_line_repeated_by_the_lead_is_no_headline():
    art = _one("2026年东川市政府工作报告\n——2026年1月20日在东川市第十届人民代表大会第五次会议上\n"
               "自治区主席 艾力·买买提\n1月20日，艾力·买买提代表市人民政府，向大会作政府工作报告。\n各位代表：\n现在，我报告工作。\n")
    assert art.headline == "2026年东川市政府工作报告"


def test_reposted_title_without_a_colon_and_glossed_furniture():
    art = _one("原标题 东川上半年GDP增长3%\n手機（jī）網（wǎng）站 | 幫助中心\n歡迎來訪 東川新聞網（wǎng）\n"
               "7月26日晚，东川发布上半年经济成绩单。\n")
    assert art.headline == "东川上半年GDP增长3%"
    assert "幫助中心" not in art.text and "歡迎" not in art.text


def test_a_headline_printed_with_a_full_stop_above_the_dateline_does_not_split_the_article():
    _doc, articles = read_bytes(("东川区第一届人民代表大会第二次会议开幕。\n东川区区长林小禾作政府工作报告。\n"
                                 "东川新闻网1月24日讯（记者 王川）1月24日上午，东川区第一届人民代表大会第二次会议开幕。\n"
                                 "林小禾说，今年要抓好八个方面的工作。\n").encode(), name="page.txt")
    assert len(articles) == 1
    assert articles[0].headline.startswith("东川区第一届人民代表大会第二次会议开幕")
    assert articles[0].reporters == ["王川"]


def test_the_author_of_a_portal_metadata_row_is_the_reporter():
    art = _one("区城建局召开项目调度会\n来源：区城建局 作者：林小禾 发布时间：2019-02-12 访问量：12\n"
               "2月11日，区城建局召开项目调度会。\n会议要求，抓好落实。\n")
    assert art.reporters == ["林小禾"] and "作者" not in art.text


def test_every_author_of_a_metadata_row_is_a_reporter_but_not_the_next_label():
    row = _one("区城建局召开项目调度会\n2019-02-12 14:33:00  来源：东川日报  作者：林小禾 王川 赵明\n"
               "2月11日，区城建局召开项目调度会。\n会议要求，抓好落实。\n")
    assert row.reporters == ["林小禾", "王川", "赵明"]
    labelled = _one("区城建局召开项目调度会\n来源：区城建局 作者：林小禾 責任編輯 王川\n"
                    "2月11日，区城建局召开项目调度会。\n会议要求，抓好落实。\n")
    assert labelled.reporters == ["林小禾"]


def test_a_site_and_its_paper_before_the_place_and_dian_make_a_dateline():
    art = _one("东川专场记者会举行\n东川新闻网-东川日报北京电（记者 王川）5月13日上午，新闻中心举行记者会。\n会议介绍了情况。\n")
    assert art.reporters == ["王川"] and art.text.startswith("5月13日上午")


def test_a_closing_credit_may_name_a_station_and_its_programme_before_the_reporter():
    art = _one("林小禾会见代表团\n林小禾会见了代表团一行。\n双方表示要深化合作。\n(东川广电-第1眼TV记者 王川 赵明)\n")
    assert art.reporters == ["王川", "赵明"]


def test_a_bracketed_dateline_takes_its_credit_with_a_spaced_name():
    art = _one("加强合作交流促进共同发展\n【本报讯】（记者 王 川）昨天上午，市长林小禾会见了代表团一行。\n双方表示，加强合作。\n")
    assert art.reporters == ["王川"] and art.text.startswith("昨天上午")


def test_a_photo_caption_between_headline_and_dateline_keeps_one_article():
    text = ("某州市今年经济社会发展预期目标公布\n图为王某代市长作政府工作报告。\n本报记者 林某 摄\n"
            "本网讯（某南日报记者）代市长王某昨日在政府工作报告中提出今年的预期目标。\n"
            "经济社会发展的主要预期目标是：地区生产总值增长8左右。\n")
    _doc, articles = read_bytes(text.encode(), name="page.txt")
    assert len(articles) == 1
    assert articles[0].headline == "某州市今年经济社会发展预期目标公布"


def test_the_outlet_of_a_metadata_row_or_of_a_dated_line_is_the_publisher():
    row = "区城建局召开项目调度会\n来源:区城建局 作者:王某 发布时间:2019-02-12 访问量: 字体大小: 放大 缩小\n2月12日上午，区城建局召开会议，部署各项工作。\n"
    assert _read(row)[0].publisher == "区城建局"
    dated = "西山县党政考察团来我区参观考察\n2021-05-14 19:25:06 东川融媒\n5月14日上午，考察团到我区参观考察并交流座谈。\n"
    assert _read(dated)[0].publisher == "东川融媒"


def test_a_disclosure_table_is_dropped_and_its_cells_are_page_metadata():
    doc, art = _read("索 引 号 000000000/2026-00001 发布日期 2026-02-03\n"
                     "发布机构 东川区政府 有 效 性 有效\n"
                     "标     题 东川区人民政府工作报告(2026年) 文     号\n"
                     "主题分类 政府工作报告\n"
                     "字号 :  | \n"
                     "各位代表：\n现在，我代表区人民政府向大会报告工作，请予审议。\n今年全区地区生产总值增长6%左右。\n")
    assert art.headline == "东川区人民政府工作报告（2026年）"
    assert doc.publisher == "东川区政府" and str(doc.published) == "2026-02-03"
    for furniture in ("索引号", "索 引 号", "有效性", "有 效 性", "主题分类", "文 号"):
        assert furniture not in art.text and furniture not in art.headline


def test_one_line_toolbars_picture_names_counters_and_layout_cells_are_dropped():
    art = _one("微信 智能问答 繁體版\n本网站已支持IPV6\n东川县召开县委常委会 | ||||||\n"
               "http://www.example.cn 2026年02月03日08:15 东川日报 | ||||||\n"
               "0 收藏 打印 增大字体 减小字体\nA+A-\n浏览次数：\n次\n东川县委常委会2.jpg\n"
               "2月2日，县委书记林小禾主持召开县委常委会，研究重点工作。\n会议要求，抓好落实。\n扫二维码，手机阅读本文\n")
    assert art.headline == "东川县召开县委常委会"
    for furniture in ("智能问答", "IPV6", "|", "example", "收藏", "A+", "浏览次数", ".jpg", "扫二维码"):
        assert furniture not in art.text and furniture not in art.headline
    assert art.text.startswith("2月2日")


def test_a_portal_footer_printed_as_one_long_line_is_dropped():
    footer = ("违法和不良信息举报电话：0000000 举报邮箱：jubao@example.cn 网站地图 政务邮箱 联系我们 "
              "版权所有：东川区人民政府门户网站 主办单位：东川区人民政府办公室 网站标识码：0000000000 备案号：ICP备00000000号")
    assert len(footer) > 100
    art = _one(f"东川区召开区政府常务会议\n2月2日，区长林小禾主持召开区政府常务会议。\n会议还研究了其他事项。\n{footer}\n")
    assert "版权所有" not in art.text and "网站地图" not in art.text and art.text.endswith("其他事项。")


def test_an_epaper_pager_a_converted_picture_path_and_a_picture_label_are_furniture():
    page = ("下一版»本期共4版， 当前第1版 PDF\n【图片新闻】\n![](/Files237/BeyondPic/2013-2/20/x.jpg)\n文章图片\n"
            "8月28日下午，县领导林小禾来到各分组讨论地点，慰问参会的政协委员。\n林小禾说，会议即将闭幕。\n")
    _doc, art = _read(page)
    assert "图片新闻" not in art.headline and "本期共" not in art.headline
    assert art.text.startswith("8月28日下午") and "本期共" not in art.text and "BeyondPic" not in art.text


def test_a_closing_credit_with_an_editor_gives_only_the_writer_as_reporter():
    writer = _one("周交办会议召开\n8月22日，县长林小禾主持召开会议。\n会议要求，抓好落实。\n        (图文:王川 审核:赵明)\n")
    assert writer.reporters == ["王川"] and "审核" not in writer.text
    drafted = _one("区政府召开常务会议\n3月1日，区长林小禾主持召开会议。\n会议还研究了其他事项。(撰稿人:王川??审稿人:赵明)\n")
    assert drafted.reporters == ["王川"] and drafted.text.endswith("会议还研究了其他事项。")


def test_names_alone_in_brackets_after_a_dateline_are_its_reporters():
    art = _one("西山县举行项目集中开工\n东川网讯(王川 李木)8月30日上午，西山县举行项目集中开工仪式。\n会议要求抓好落实。\n")
    assert art.reporters == ["王川", "李木"] and art.text.startswith("8月30日上午")


def test_a_traditional_source_label_gives_the_publisher():
    doc, art = _read("區政府召開常務會議\n來源:東川新聞網 發布時間:2023-02-13 12:26 瀏覽:1447次\n2月13日上午，區長主持召開區政府常務會議。\n會議要求抓好落實。\n")
    assert art.publisher == "東川新聞網"


def test_the_name_of_a_gambling_site_above_a_hijacked_page_is_furniture():
    doc, art = _read("手机彩票网\n区政府召开常务会议\n4月29日，区长林小禾主持召开区政府常务会。\n会议强调，要抓好落实。\n")
    assert "彩票" not in art.text and "彩票" not in art.headline


def test_a_calendar_widget_pipes_a_clock_line_a_weather_line_and_fold_links_are_furniture():
    page = ("|\n|\n日 | 一 | 二 | 三 | 四 | 五 | 六 |\n---|\n2018/12/28 上午9:27:28 星期五\n东川天气：今天白天阴，东风1级\n"
            "东川区召开项目推进会\n本报讯（记者 王川）日前，东川区召开项目推进会。\n会议要求，抓好落实。\n展开详细\n"
            "本文为东川新闻网原创文章\n新闻热线：0000-1234567\n")
    doc, art = _read(page)
    assert art.headline == "东川区召开项目推进会"
    for furniture in ("星期五", "天气", "展开详细", "原创文章", "新闻热线", "日 | 一"):
        assert furniture not in art.text
    assert "  • 分享到 :" not in art.text


def test_closing_credits_with_a_spaced_role_name_the_reporters_and_an_anonymous_author_none():
    doc, art = _read("县委书记到县融媒体中心调研\n11月8日上午，县委书记林小禾到县融媒体中心调研。\n林小禾强调，要讲好故事。\n"
                     "记 者 | 王川 赵 明\n视 觉 | 李 木\n")
    assert art.reporters == ["王川", "赵明"]
    doc, art = _read("開工儀式舉行\n作者:本臺記者\n2月18日，縣委書記林小禾出席開工儀式。\n會議要求抓好落實。\n")
    assert art.reporters == []


def test_a_timestamp_or_a_latin_site_name_on_the_first_line_is_no_headline():
    for first in ("9:50", "ZKX's LAB"):
        _doc, articles = read_bytes(f"{first}\n东川区召开项目建设推进会，区长林小禾出席并讲话。会议要求抓好落实。\n".encode(), name="page.txt")
        assert articles and articles[0].headline != first


def test_a_county_portal_s_service_bar_site_links_spaced_credits_and_validity_cells_are_dropped():
    art = _one("无障碍浏览 一网搜 登录| 注册\n中国政府网 省政府网 市政府网\n网站支持IPv6 无障碍辅助浏览 长者模式\n"
               "东川县召开项目推进会\n发布日期 2026-02-03 文  号\n是否有效 有效 有效期限\n【字体: 打印\n"
               "2月2日，县委书记林小禾主持召开项目推进会，研究重点工作。\n会议要求，抓好落实。\n编 辑 : 王小川\n")
    assert art.headline == "东川县召开项目推进会"
    for furniture in ("一网搜", "政府网", "IPv6", "文  号", "是否有效", "字体", "编 辑", "王小川"):
        assert furniture not in art.text and furniture not in art.headline


def test_a_bulleted_tab_menu_a_year_selector_and_a_title_label_are_dropped():
    art = _one("• 会议题目 • 林小禾主持召开区政府第4次常务会议\n  • 会议内容\n  • 提纲速读\n  • 解读评论\n\n"
               "4月8日上午，区长林小禾主持召开区政府第4次常务会议，研究部署近期工作。\n会议还研究了其他事项。\n"
               "  • 2018\n  • 2019\n  • 2020\n  • 2021\n")
    assert art.headline == "林小禾主持召开区政府第4次常务会议"
    for furniture in ("会议题目", "会议内容", "提纲速读", "2018", "2021"):
        assert furniture not in art.text and furniture not in art.headline


def test_two_bulleted_points_in_a_body_are_no_menu():
    art = _one("东川县召开项目推进会\n2月2日，县委书记林小禾主持召开项目推进会。会议要求：\n• 抓进度\n• 保质量\n会议还研究了其他事项。\n")
    assert "抓进度" in art.text and "保质量" in art.text


def test_a_trail_without_a_label_is_dropped_and_kept_as_the_breadcrumb():
    doc, art = _read("人民网\n人民网>>青海频道>>本网专稿\n\n东川区第二届人民代表大会第四次会议开幕\n"
                     "2月27日，东川区第二届人民代表大会第四次会议开幕，区长林小禾作政府工作报告。\n")
    assert doc.breadcrumb == ["人民网", "青海频道", "本网专稿"]
    assert ">>" not in art.text and "本网专稿" not in art.text


def test_a_search_and_a_menu_control_above_the_title_are_a_toolbar():
    art = _one("搜索\n导航\n东川县2025年国民经济和社会发展统计公报\n2025年，全县地区生产总值比上年增长6.1%。\n")
    assert art.headline == "东川县2025年国民经济和社会发展统计公报"
    assert "搜索" not in art.text and "导航" not in art.text


def test_a_paper_and_its_site_before_xun_make_a_dateline_with_its_bracketed_reporters():
    art = _one("西山县举行重点项目集中开工仪式\n东川都市报—东川网讯（田某某 贾某某）8月30日上午，西山县举行重点项目集中开工仪式。"
               "当天共有16个项目开工。\n")
    assert art.dateline == "东川都市报—东川网讯（田某某 贾某某）"
    assert art.reporters == ["田某某", "贾某某"] and art.text.startswith("8月30日上午")


def test_a_bulleted_share_widget_and_a_repost_s_original_title_label_are_dropped():
    art = _one("东川县召开项目推进会\n  • 日期:2025-12-31\n  • 分享到 :\n原标题：东川县召开项目推进会\n"
               "12月30日，县长王川主持召开项目推进会，要求各部门加快建设进度。\n")
    assert art.headline == "东川县召开项目推进会"
    assert "分享到" not in art.text and "原标题" not in art.text


def test_a_news_site_s_dated_outlet_line_menus_summary_and_app_prompts_are_dropped():
    doc, art = _read("立即下载\n首页 资讯 关注 科技 财经 汽车 房产 图片 视频\n旗下栏目: 东川县 西山县\n"
                     "东川县委书记林小禾到某镇调研产业发展\n东川日报 2021-03-19 06:42 大字\n—分享—\n"
                     "摘要:4月30日下午，县委书记林小禾深入某镇调研产业发展。\n"
                     "4月30日下午，县委书记林小禾深入某镇调研产业发展，镇党委书记王川陪同。\n")
    assert art.headline == "东川县委书记林小禾到某镇调研产业发展"
    for furniture in ("立即下载", "资讯", "旗下栏目", "大字", "分享", "摘要"):
        assert furniture not in art.text and furniture not in art.headline


def test_an_outlet_line_under_the_title_is_never_the_headline_and_a_page_label_in_words_is_dropped():
    art = _one("第二版：要闻\n东川县集中开工签约项目总投资34亿元\n东川融媒\n2021-03-01 16:43:19 字号:\n"
               "3月1日，东川县举行集中开工签约仪式，县长林小禾出席。\n")
    assert art.headline == "东川县集中开工签约项目总投资34亿元"
    assert "第二版" not in art.text and "字号" not in art.text


def test_a_recommended_news_block_a_bracketed_fold_link_and_an_epaper_s_credits_are_dropped():
    art = _one("东川县召开项目推进会\n3月1日，县长林小禾主持召开项目推进会，研究重点工作。\n[收起]\n"
               "值班编委/张某 本版编辑/王某 美编/李某 文检/赵某\n新闻推荐\n西山县举行集中开工仪式\n某某论坛在东川举行\n")
    assert art.text.rstrip().endswith("研究重点工作。")
    for furniture in ("收起", "值班编委", "新闻推荐", "西山县举行"):
        assert furniture not in art.text


def test_the_outlet_line_a_dateline_repeats_does_not_take_the_headline():
    art = _one("我县在分会场同步开展集中开工活动\n东川县融媒体中心\n2024-01-03 17:48:04\n"
               "东川县融媒体中心1月3日讯（全媒体记者 王某 李某）1月2日上午，我县在分会场同步开展集中开工活动。\n")
    assert art.headline == "我县在分会场同步开展集中开工活动"


def test_a_site_with_its_paper_in_brackets_before_xun_makes_a_dateline():
    art = _one("东川区人大会议开幕\n东川网（东川日报网）讯（记者吕某某、陶某 通讯员饶某）12月19日，东川区十届人大二次会议开幕。\n")
    assert art.dateline == "东川网（东川日报网）讯（记者吕某某、陶某 通讯员饶某）"
    assert art.reporters == ["吕某某", "陶某"] and art.correspondents == ["饶某"]


def _html_page(title: str) -> bytes:
    return (f"<html><head><title>{title}</title></head><body><h1>县长调研春季农业生产</h1>"
            "<p>3月11日，县长林小禾深入乡镇调研春季农业生产工作，要求抓好春耕备耕。</p></body></html>").encode()


def test_the_site_a_pages_title_names_beside_its_headline_is_page_metadata():
    doc, _arts = read_bytes(_html_page("县长调研春季农业生产_射阳县人民政府"), name="p.html")
    assert doc.site == "射阳县人民政府"
    doc, _arts = read_bytes(_html_page("县长调研春季农业生产 - 政务要闻 - 射阳县人民政府"), name="p.html")
    assert doc.site == "射阳县人民政府"


def test_a_title_without_a_site_part_names_no_site():
    for title in ("县长调研春季农业生产", "县长调研春季农业生产_政务要闻"):
        doc, _arts = read_bytes(_html_page(title), name="p.html")
        assert doc.site is None, title

def test_a_long_cms_summary_that_the_lead_repeats_is_dropped():
    lead = ("5月3日下午，县委书记周某某深入某镇调研指导产业发展和美丽乡村建设，镇党委书记李某某陪同调研。"
            "走进某村，周某某实地察看了中心村建设状况，听取社区书记关于环境整治的汇报")
    page = f"某县县委书记周某某到某镇调研\n\n摘要:{lead}\n\n  {lead}。\n\n周某某强调，要抓好落实。\n"
    _, art = _read(page)
    assert "摘要" not in art.text and art.text.startswith("5月3日下午")


def test_flip_book_controls_and_issue_title_are_furniture():
    page = ("《某城晚报》在线阅读 | 2024年2月1日\n\n免费制作\n更多内容\n\n"
            "某城召开春运工作会议\n\n本报讯 2月1日，某城召开春运工作会议，部署春运各项工作。会议要求，确保旅客安全出行。\n")
    _, art = _read(page)
    assert art.headline == "某城召开春运工作会议"
    for furniture in ("免费制作", "更多内容", "在线阅读"):
        assert furniture not in art.text


def test_masthead_serial_duty_credits_and_fold_link_inside_a_line_are_deleted():
    page = ("某城召开春运工作会议\n\n今日8版 总第1234期 国内统一连续出版物号:CN 12-3456 值班编委/王某 本版编辑/李某某 "
            "美编/赵某 文检/孙某某2月1日，某城召开春运工作会议，部署春运各项工作。会议要求，确保旅客安全出行…… [收起]\n")
    _, art = _read(page)
    for furniture in ("CN 12-3456", "值班编委", "文检", "[收起]"):
        assert furniture not in art.text
    assert "2月1日，某城召开春运工作会议" in art.text


def test_a_fold_link_or_site_tagline_glued_after_a_sentence_is_deleted():
    page = ("某县召开座谈会\n\n3月13日，某县召开座谈会。某某网—中国第一文化门户网站\n\n"
            "会议要求，抓好落实，确保各项工作取得实效。 展开详细\n")
    _, art = _read(page)
    assert "门户网站" not in art.text and "展开详细" not in art.text
    assert "3月13日，某县召开座谈会。" in art.text


def test_a_date_glued_to_a_column_label_is_furniture():
    page = "某县委书记到县融媒体中心调研\n\n2020-07-22新闻5\n\n本报讯 7月21日，县委书记某某到县融媒体中心调研，要求抓好宣传工作。\n"
    _, art = _read(page)
    assert "2020-07-22" not in art.text


def test_an_empty_breadcrumb_label_above_the_headline_keeps_the_headline():
    page = ("当前位置:\n\n某县集中开工项目总投资12亿元\n\n来源:某县融媒体中心 作者:王某 2021-03-01 16:43:19\n\n"
            "3月1日，某县举行重大项目集中开工仪式，总投资12亿元。县领导出席仪式。\n")
    _, art = _read(page)
    assert art.headline == "某县集中开工项目总投资12亿元"


def test_a_latin_site_name_line_is_furniture():
    page = "ABC's LAB\n\n某县委书记到某镇调研\n\n本报讯 7月21日，县委书记某某到某镇调研，要求抓好产业发展。\n"
    _, art = _read(page)
    assert "LAB" not in art.text and art.headline == "某县委书记到某镇调研"
