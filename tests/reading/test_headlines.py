"""Headlines: a headline printed over two lines, kickers (引题) and subtitles (副题) around it,
guessed headlines for pages that print none, and quoted headlines in mid-page."""
from __future__ import annotations

import pytest

from luoshi.reading import read_bytes

BODY = "晚报讯 昨天，东川市召开专题会议，研究部署下半年重点工作。\n会议要求，各部门要压实责任、加快进度。\n记者 林小禾\n"


def read(text: str, name: str = "page.txt"):
    return read_bytes(text.encode("utf-8"), name=name)


@pytest.mark.parametrize(
    ("upper", "lower", "headline"),
    [
        # the upper line ends in a particle / preposition: cut mid-phrase
        ("东川市加快构建现代化产业体系的", "十项举措出台", "东川市加快构建现代化产业体系的十项举措出台"),
        ("东川市重点产业链今年将", "突破千亿元", "东川市重点产业链今年将突破千亿元"),
        # the lower line starts with a particle or a closing mark
        ("东川市加快构建现代化产业体系", "的十项举措出台", "东川市加快构建现代化产业体系的十项举措出台"),
        ("东川今年新建公办幼儿园（所", "）五所", "东川今年新建公办幼儿园（所）五所"),
        # a number wrapped inside itself
        ("东川市上半年工业产值突破1", "200亿元", "东川市上半年工业产值突破1200亿元"),
        # an unclosed quote
        ("东川全面推行“一件事", "一次办”改革", "东川全面推行“一件事一次办”改革"),
        # a one-to-three character tail
        ("东川今年将新建五所公办幼儿", "园", "东川今年将新建五所公办幼儿园"),
    ],
)
def test_a_headline_wrapped_mid_phrase_is_rejoined_without_a_space(upper, lower, headline):
    _doc, articles = read(f"{upper}\n{lower}\n{BODY}")
    assert articles[0].headline == headline
    assert articles[0].subtitles == []


@pytest.mark.parametrize(
    ("upper", "lower"),
    [("东川出台稳经济一揽子政策", "涉及六大领域三十三条措施"), ("东川：“链”上发力", "产业集群加速崛起")],
)
def test_the_two_lines_of_a_two_line_headline_are_joined_with_a_space(upper, lower):
    _doc, articles = read(f"{upper}\n{lower}\n{BODY}")
    assert articles[0].headline == f"{upper} {lower}" and articles[0].subtitles == []


@pytest.mark.parametrize(
    ("kicker", "headline"),
    [
        ("聚焦民生实事", "东川市今年新建公办幼儿园五所"),
        ("全民参与", "东川市垃圾分类覆盖率达九成以上"),  # 与 ends the phrase 参与
        ("坚持问题导向", "东川市集中整治群众身边突出问题"),  # 向 ends the phrase 导向
    ],
)
def test_a_complete_phrase_above_a_longer_headline_is_a_kicker(kicker, headline):
    _doc, articles = read(f"{kicker}\n{headline}\n{BODY}")
    assert articles[0].headline == headline and articles[0].subtitles == [kicker]


@pytest.mark.parametrize("headline", ["和美乡村建设跑出加速度", "着力打造一流营商环境", "地铁1号线今天开通运营"])
def test_a_headline_starting_with_a_word_like_he_or_zhuo_is_not_glued_to_its_kicker(headline):
    _doc, articles = read(f"乡村振兴\n{headline}\n{BODY}")
    assert articles[0].headline == headline and articles[0].subtitles == ["乡村振兴"]


def test_a_shorter_line_above_is_still_a_kicker():
    _doc, articles = read(f"聚焦民生实事\n东川市今年新建公办幼儿园五所\n{BODY}")
    assert articles[0].headline == "东川市今年新建公办幼儿园五所"
    assert articles[0].subtitles == ["聚焦民生实事"]


def test_a_kicker_above_a_two_line_headline():
    page = f"聚焦民生实事\n东川新建公办幼儿园五所\n新增学位两千四百个\n{BODY}"
    _doc, articles = read(page)
    assert articles[0].headline == "东川新建公办幼儿园五所 新增学位两千四百个"
    assert articles[0].subtitles == ["聚焦民生实事"]


def test_a_much_shorter_line_below_the_headline_is_a_subtitle():
    _doc, articles = read(f"东川市召开全市经济工作会议\n林小禾出席并讲话\n{BODY}")
    assert articles[0].headline == "东川市召开全市经济工作会议"
    assert articles[0].subtitles == ["林小禾出席并讲话"]


def test_a_two_line_headline_in_mid_page_starts_the_second_article():
    page = (
        f"东川市召开全市经济工作会议\n{BODY}"
        "西山县来东川考察产业协作\n双方签约项目十二个\n晚报讯 昨天，西山县考察团来东川考察。\n记者 王川\n"
    )
    _doc, articles = read(page)
    assert [a.headline for a in articles] == ["东川市召开全市经济工作会议", "西山县来东川考察产业协作 双方签约项目十二个"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("——2026年1月20日在东川市第十届", "人民代表大会第三次会议上"),
        ("（2026年1月20日在东川市第十届", "人民代表大会第三次会议上）"),
    ],
)
def test_a_dated_subtitle_wrapped_over_two_lines_is_rejoined(first, second):
    page = f"政府工作报告\n{first}\n{second}\n东川市市长 林小禾\n各位代表：\n现在，我代表市人民政府向大会报告工作。\n"
    _doc, articles = read(page)
    assert articles[0].headline == "政府工作报告"
    assert articles[0].subtitles == [first + second, "东川市市长 林小禾"]


def test_a_complete_dated_subtitle_is_not_joined_to_the_speaker_line():
    page = "政府工作报告\n——2026年1月20日在东川市第十届人民代表大会第三次会议上\n市长 林小禾\n各位代表：\n现在，我代表市人民政府向大会报告工作。\n"
    _doc, articles = read(page)
    assert articles[0].subtitles == ["——2026年1月20日在东川市第十届人民代表大会第三次会议上", "市长 林小禾"]


def test_a_quoted_headline_with_a_comma_is_not_glued_to_an_unfinished_paragraph_above():
    page = (
        "东川市召开经济工作会议\n晚报讯 昨天，东川市召开经济工作会议。\n"
        "会议要求，各部门要抓好落实。会后，与会人员参观了项目现场\n"
        "“让数据多跑路，让群众少跑腿”\n晚报讯 今年以来，东川市推进政务服务改革。\n记者 李木\n"
    )
    doc, articles = read(page)
    assert [a.headline for a in articles] == ["东川市召开经济工作会议", "“让数据多跑路，让群众少跑腿”"]
    assert articles[0].text.endswith("参观了项目现场") and doc.repairs == []


def test_a_headline_with_a_dashed_subtitle_starts_an_article_without_a_dateline():
    page = (
        "东川市召开经济工作会议\n晚报讯 昨天，东川市召开经济工作会议。\n会议要求，各部门要抓好落实。\n"
        "“让数据多跑路，让群众少跑腿”\n——东川市政务服务改革见闻\n今年以来，东川市推进政务服务改革，办事时间缩短一半。\n"
    )
    _doc, articles = read(page)
    assert [a.headline for a in articles] == ["东川市召开经济工作会议", "“让数据多跑路，让群众少跑腿”"]
    assert articles[1].subtitles == ["——东川市政务服务改革见闻"]


def test_a_quoted_section_heading_without_a_subtitle_stays_in_the_article():
    page = (
        "东川市推进政务服务改革\n晚报讯 今年以来，东川市推进政务服务改革。\n"
        "“一件事一次办”\n东川市梳理高频事项四十项，实现一次办结。\n记者 李木\n"
    )
    _doc, articles = read(page)
    assert len(articles) == 1 and "“一件事一次办”\n" in articles[0].text


def test_a_dangling_comma_still_joins_the_line_above_a_dateline():
    page = "东川市召开经济工作会议\n晚报讯 昨天，东川市召开经济工作会议，\n部署重点工作\n晚报讯 今年以来，西山县推进改革。\n"
    doc, articles = read(page)
    assert articles[0].text.endswith("召开经济工作会议，部署重点工作") and len(doc.repairs) == 1


# --- pages that print no headline ---------------------------------------------------------------

@pytest.mark.parametrize(
    ("body", "headline"),
    [
        ("东川市是长江上游重要的工业城市之一，近年来大力发展先进制造业。", "东川市是长江上游重要的工业城市之一"),
        ("2月3日上午，市委书记林小禾参加东川代表团审议。", "市委书记林小禾参加东川代表团审议"),  # a time-only clause is skipped
        ("今年以来，东川市在外部冲击下实现了经济平稳运行。", "东川市在外部冲击下实现了经济平稳运行"),
    ],
)
def test_a_fragment_without_title_gets_the_first_sentences_clause_flagged_as_guessed(body, headline):
    page = f"<p>{body}</p>\n<p>东川市将继续聚焦科技创新，激活高质量发展新动能。</p>"
    doc, articles = read(page, "fragment.html")
    assert articles[0].headline == headline
    assert articles[0].headline_guessed
    assert any("headline guessed" in w for w in articles[0].warnings)
    assert any(w.startswith("article 1: headline guessed") for w in doc.warnings)


def test_a_long_first_clause_is_cut_with_an_ellipsis():
    body = "东川市委书记林小禾近日在接受专访时表示东川将持续优化营商环境并加大对民营经济和中小企业的支持力度。"
    _doc, articles = read(f"<p>{body}</p>", "fragment.html")
    assert len(articles[0].headline) == 40 and articles[0].headline.endswith("…")


def test_a_printed_headline_is_not_flagged_as_guessed():
    _doc, articles = read(f"东川市召开全市经济工作会议\n{BODY}")
    assert not articles[0].headline_guessed and articles[0].warnings == []


def test_a_title_that_only_names_the_site_is_not_the_headline():
    page = """<html><head><title>东川新闻网</title></head><body><div class="content">
<p>东川市今年新建公办幼儿园五所，新增学位两千四百个，有效缓解了入园难问题。</p>
<p>据了解，五所幼儿园将于9月1日起招生，每所幼儿园可容纳幼儿三百余名。</p></div></body></html>"""
    _doc, articles = read(page, "site.html")
    assert articles[0].headline == "东川市今年新建公办幼儿园五所" and articles[0].headline_guessed


@pytest.mark.parametrize("title", ["东川新闻网", "首页 - 东川市人民政府", "东川日报", "www.dongchuan.gov.cn"])
def test_site_names_are_recognised(title):
    from luoshi.reading.html import _site_name_only

    assert _site_name_only(title)


@pytest.mark.parametrize("title", ["东川市召开经济工作会议_东川新闻网", "东川织密城乡供水网", "会议召开"])
def test_article_titles_are_not_site_names(title):
    from luoshi.reading.html import _site_name_only

    assert not _site_name_only(title)


def test_a_fragment_headed_by_an_h2_uses_it():
    page = "<h2>东川市新建公办幼儿园五所</h2><p>今年，东川市新建公办幼儿园五所，新增学位两千四百个。</p>"
    _doc, articles = read(page, "fragment.html")
    assert articles[0].headline == "东川市新建公办幼儿园五所" and not articles[0].headline_guessed
    assert articles[0].text.startswith("今年，东川市")


def test_a_fragment_headed_by_a_bold_paragraph_uses_it():
    page = "<p><strong>东川市新建公办幼儿园五所</strong></p><p>今年，东川市新建公办幼儿园五所，新增学位两千四百个。</p>"
    _doc, articles = read(page, "fragment.html")
    assert articles[0].headline == "东川市新建公办幼儿园五所" and not articles[0].headline_guessed


def test_a_line_that_is_the_pages_title_is_not_grown_into_a_two_line_headline():
    page = """<html><head><title>东川出台稳经济一揽子政策_东川新闻网</title></head><body>
<h1>东川出台稳经济一揽子政策</h1><p>涉及六大领域三十三条措施</p>
<p>日前，东川市出台稳经济一揽子政策，涉及六大领域三十三条措施，全力稳住经济大盘。</p></body></html>"""
    _doc, articles = read(page, "titled.html")
    assert articles[0].headline == "东川出台稳经济一揽子政策"


def test_a_docx_whose_title_property_is_the_outlet_gets_a_guessed_headline(tmp_path):
    import docx

    document = docx.Document()
    document.core_properties.title = "东川日报"
    document.add_paragraph("日前，东川市出台稳经济一揽子政策，涉及六大领域三十三条措施。")
    path = tmp_path / "outlet.docx"
    document.save(path)
    from luoshi.reading import read_path

    _doc, articles = read_path(path)
    assert articles[0].headline == "东川市出台稳经济一揽子政策" and articles[0].headline_guessed


def test_a_page_mixing_headline_layouts_keeps_every_article_and_its_subtitles():
    page = (
        "东川市召开重点项目推进会，强调压实责任 加快建设\n"
        "奋楫争先 实干担当 勇毅前行\n"
        "——深入推进“项目攻坚年”行动\n"
        "晚报讯 昨天下午，东川市召开重点项目推进会。\n会议要求，全年新开工亿元以上项目不少于30个。\n记者周一鸣\n"
        "聚焦民生实事\n"
        "东川今年新建公办幼儿园五所\n"
        "晚报讯 记者昨天从市教育局获悉，今年全市新建公办幼儿园五所。\n记者 陈小雨\n"
        "东川出台稳经济一揽子政策\n涉及六大领域三十三条措施\n"
        "晚报讯 日前，东川市出台稳经济一揽子政策。\n记者 李木\n"
        "西山县调研组来东川考察的\n产业协作项目签约\n"
        "晚报讯 3日，西山县调研组来东川考察。\n记者 王川\n"
    )
    _doc, articles = read(page)
    assert [(a.headline, a.subtitles) for a in articles] == [
        ("东川市召开重点项目推进会，强调压实责任 加快建设", ["奋楫争先 实干担当 勇毅前行", "——深入推进“项目攻坚年”行动"]),
        ("东川今年新建公办幼儿园五所", ["聚焦民生实事"]),
        ("东川出台稳经济一揽子政策 涉及六大领域三十三条措施", []),
        ("西山县调研组来东川考察的产业协作项目签约", []),
    ]
    assert [a.reporters for a in articles] == [["周一鸣"], ["陈小雨"], ["李木"], ["王川"]]


def test_a_quoted_headline_with_its_full_stop_inside_starts_the_next_article():
    page = (
        "东川市召开经济工作会议\n晚报讯 昨天，东川市召开经济工作会议。\n会议要求，各部门要抓好落实。\n记者 王川\n"
        "“民生无小事，枝叶总关情。”\n晚报讯 今年以来，东川市办好十件民生实事。\n记者 李木\n"
    )
    _doc, articles = read(page)
    assert [a.headline for a in articles] == ["东川市召开经济工作会议", "“民生无小事，枝叶总关情。”"]
    assert articles[0].text.endswith("抓好落实。") and not articles[1].headline_guessed


def test_a_quoted_paragraph_closing_an_article_stays_body():
    page = "东川市召开经济工作会议\n晚报讯 昨天，东川市召开经济工作会议。\n“我们有信心完成全年目标。”\n"
    _doc, articles = read(page)
    assert articles[0].text.endswith("“我们有信心完成全年目标。”")


def test_an_authors_name_under_a_commentary_headline_is_not_a_wrapped_tail():
    page = "以实干担当开创发展新局面\n林小禾\n实干是最好的担当。东川市上下要以时不我待的紧迫感抓好落实。\n"
    _doc, articles = read(page)
    assert articles[0].headline == "以实干担当开创发展新局面" and articles[0].subtitles == ["林小禾"]


def test_the_site_suffix_of_a_title_never_reaches_the_headline():
    page = """<html><head><title>东川市召开全市经济工作会议 - 东川新闻网</title></head><body><div class="main">
<p>1月4日，东川市召开全市经济工作会议，总结全年经济工作，部署明年经济工作。</p>
<p>会议强调，要坚持稳中求进工作总基调，全年地区生产总值增长6%左右。</p></div></body></html>"""
    _doc, articles = read(page, "suffix.html")
    assert articles[0].headline == "东川市召开全市经济工作会议"


def test_an_unfinished_tail_before_the_closing_byline_still_joins():
    page = (
        "东川市召开经济工作会议\n晚报讯 昨天，东川市召开经济工作会议。会后，与会人员参观了项目现场\n"
        "并召开座谈会，听取企业意见\n记者 王川\n西山县召开项目推进会\n晚报讯 昨天，西山县召开项目推进会。\n"
    )
    doc, articles = read(page)
    assert articles[0].text.endswith("参观了项目现场并召开座谈会，听取企业意见") and len(doc.repairs) == 1
    assert [a.headline for a in articles] == ["东川市召开经济工作会议", "西山县召开项目推进会"]


def test_a_headline_above_an_opening_byline_is_not_glued_to_the_paragraph_above():
    page = (
        "东川市召开经济工作会议\n晚报讯 昨天，东川市召开经济工作会议。会后，与会人员参观了项目现场\n"
        "“让数据多跑路，让群众少跑腿”\n本报记者 李木\n今年以来，东川市推进政务服务改革，办事时间缩短一半。\n"
    )
    doc, articles = read(page)
    assert [a.headline for a in articles] == ["东川市召开经济工作会议", "“让数据多跑路，让群众少跑腿”"]
    assert articles[1].reporters == ["李木"] and doc.repairs == []


def test_the_heading_the_date_and_source_line_follows_is_the_headline_not_a_caption_the_lead_repeats():
    _, [art] = read("西川区委书记林小禾：打造宜居宜业幸福城区\n2026-01-10 08:26 来源：东川都市报\n"
                    "市人大代表、西川区委书记林小禾\n"
                    "1月9日市两会期间，记者采访了市人大代表、西川区委书记林小禾，听他讲讲今年的打算。\n林小禾说，今年将加快发展。\n")
    assert art.headline == "西川区委书记林小禾：打造宜居宜业幸福城区"


def test_the_title_printed_again_with_its_occasion_is_a_subtitle():
    _, [art] = read("政府工作报告\n政府工作报告（第十届人民代表大会第三次会议）\n各位代表：\n"
                    "现在，我代表县人民政府，向大会报告政府工作，请予审议。\n")
    assert art.headline == "政府工作报告" and art.subtitles == ["政府工作报告（第十届人民代表大会第三次会议）"]


def test_a_heading_equal_to_the_page_title_is_chosen_among_several():
    from luoshi.reading.segment import segment

    page = "东川县人民政府\n县政府要闻\n东川县召开项目推进会\n3月21日，县长林小禾主持召开项目推进会。\n会议要求，加快推进。\n"
    [art], _ = segment(page, title="东川县召开项目推进会")
    assert art.headline == "东川县召开项目推进会"


def test_mojibake_between_question_marks_is_no_sentence_mark():
    _, [art] = read("（东川？。？026年东川市人民政府工作报告\n2026年2月11日在东川市第九届人民代表大会第五次会议上\n"
                    "各位代表：\n现在，我代表市人民政府向大会报告工作。\n")
    assert art.headline == "（东川？。？026年东川市人民政府工作报告" and not art.headline_guessed
