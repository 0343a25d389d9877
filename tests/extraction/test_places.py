"""The place an article is about (invented texts; units from the cpca adcode table)."""
from __future__ import annotations

from datetime import date

import pytest

from luoshi.extraction.model import ArticleMeta
from luoshi.extraction.places import resolve_place


def test_explicit_city_gives_city_with_its_province():
    text = "昨天，扬州市召开项目推进会。全市上下要抓好落实，扬州将加快建设。"
    assert resolve_place(text, ArticleMeta()) == ("扬州市", ["江苏省", "扬州市"])


def test_abbreviation_after_motion_verb_names_the_city():
    text = "省政协调研组来锡调研，在锡期间听取了全市情况汇报。市委书记陪同。"
    assert resolve_place(text, ArticleMeta())[0] == "无锡市"


def test_two_character_alias_counts():
    text = "金秋时节，鹏城大地硕果累累。全市上下干事创业，鹏城儿女斗志昂扬。"
    assert resolve_place(text, ArticleMeta())[0] == "深圳市"


def test_publisher_decides_when_text_names_no_place():
    text = "会议强调，全市各级各部门要抓好落实，市委书记作了讲话。"
    assert resolve_place(text, ArticleMeta(publisher="中共绍兴市委宣传部"))[0] == "绍兴市"


def test_caller_hint_is_trusted_and_parsed_as_a_path():
    text = "市委副书记、市长主持召开常务会议。"
    assert resolve_place(text, ArticleMeta(place="河南省平顶山市汝州市")) == (
        "汝州市", ["河南省", "平顶山市", "汝州市"])


def test_district_report_resolves_to_its_city():
    text = "苏州高新区今年开工项目20个，全区上下齐心协力，高新区党工委书记出席。"
    assert resolve_place(text, ArticleMeta())[0] == "苏州市"


def test_provincial_report_naming_many_cities_is_the_province():
    text = ("全省经济运行稳中有进。我省将推动长沙、株洲、湘潭一体化，支持岳阳、常德、衡阳加快发展，"
            "湖南将以更大力度推进改革。")
    assert resolve_place(text, ArticleMeta(headline="湖南省上半年经济运行"))[0] == "湖南省"


def test_city_report_mentioning_its_province_stays_the_city():
    text = "贯彻落实江苏重要讲话精神，奋力走在江苏前列，江苏新实践。我市召开会议，全市上下，镇江市委书记强调。"
    assert resolve_place(text, ArticleMeta())[0] == "镇江市"


def test_place_name_inside_a_company_name_is_weak_evidence():
    text = "市委书记会见北京某某科技股份有限公司董事长一行。市领导参加会见。"
    assert resolve_place(text, ArticleMeta()) == (None, [])
    assert resolve_place(text, ArticleMeta(page_place="南通市"))[0] == "南通市"


def test_text_without_chinese_has_no_place():
    assert resolve_place("Hello 123", ArticleMeta()) == (None, [])


def test_province_written_before_its_city_counts_for_the_city():
    text = "19日，省领导在吉林长春主持召开座谈会。长春市委书记发了言。全市经济稳中有进。"
    assert resolve_place(text, ArticleMeta())[0] == "长春市"


def test_a_national_forum_with_several_provinces_is_about_the_country():
    text = ("19日，国务院领导在吉林长春主持召开座谈会。吉林省委书记、河北省长、山东省长、湖南省长、陕西省长发了言。"
            "我国经济稳中有进。")
    assert resolve_place(text, ArticleMeta()) == ("中国", ["中国"])


def test_places_spread_over_many_provinces_make_a_national_report():
    text = ("水利规划安排湖北、湖南各5个项目，河南、河北、山西各3个，四川、广东各2个，"
            "湖北省和湖南省将率先开工，河南省随后跟进。")
    assert resolve_place(text, ArticleMeta())[0] == "中国"


def test_a_county_report_is_placed_at_the_county_with_its_path():
    text = ("近日，县政府副县长李川率县水务局负责人前往甲乙县考察学习。"
            "李川指出，我县要学习先进经验，结合高县实际推动重大项目建设。西山县三川水务公司负责人参加。")
    text = text.replace("甲乙县", "江安县").replace("高县", "筠连").replace("西山县", "筠连县")
    place, path = resolve_place(text, ArticleMeta())
    assert place == "筠连县" and path == ["四川省", "宜宾市", "筠连县"]


def test_a_district_named_more_than_its_city_is_the_place():
    text = "浦东新区召开推进会。浦东新区区委书记出席。区政府将在浦东新区建设10个园区。上海市有关部门参加。"
    assert resolve_place(text, ArticleMeta()) == ("浦东新区", ["上海市", "浦东新区"])


def test_a_two_character_county_name_counts_in_a_county_report():
    text = "县委书记主持召开常委会议，审议沛县农村工作方案和沛县劳动模范评选办法。全县要抓好落实。"
    assert resolve_place(text, ArticleMeta())[0] == "沛县"


def test_traditional_text_is_matched_in_simplified_form():
    text = "昨日，揚州市召開項目推進會。全市上下要抓好落實，揚州將加快建設。"
    assert resolve_place(text, ArticleMeta()) == ("扬州市", ["江苏省", "扬州市"])


def test_a_delegation_deliberating_in_the_headline_is_the_place_even_for_a_national_leader():
    text = "3月8日上午，中共中央政治局常委、国务院副总理韩正在北京代表团参加审议。他表示，要把党中央、国务院决策部署贯彻落实到位。"
    assert resolve_place(text, ArticleMeta(headline="韩正参加北京代表团审议"))[0] == "北京市"
    assert resolve_place(text, ArticleMeta(headline="韩正参加北京代表团和天津代表团审议"))[0] != "北京市"


def test_a_county_written_after_its_city_is_that_county_and_the_city_gets_no_credit():
    text = "现在，我代表区人民政府向大会报告工作。武汉市青山区全区上下砥砺奋进，区委、区政府统筹推进。"
    assert resolve_place(text, ArticleMeta()) == ("青山区", ["湖北省", "武汉市", "青山区"])


def test_a_level_marker_of_a_named_place_is_not_the_article_s_own_level():
    from luoshi.extraction.places import _dominant_level
    assert _dominant_level("我市代表团拜访海淀区委、海淀区政府，海淀区委书记出席，我市市委作了介绍。") == "city"


def test_a_county_named_only_by_its_short_form_in_a_county_report():
    text = "县委书记主持召开全县重点项目调度会，听取了“绩溪·糸巷”文旅项目进展，全县各级各部门要抓好落实。"
    assert resolve_place(text, ArticleMeta()) == ("绩溪县", ["安徽省", "宣城市", "绩溪县"])


def test_a_county_level_city_named_only_by_its_short_form_in_a_city_voice():
    text = "代表们认为，报告总结了全市经济社会发展情况，符合我市实际，将谱写舞钢高质量发展的新篇章。"
    assert resolve_place(text, ArticleMeta())[0] == "舞钢市"


def test_a_short_form_that_is_an_ordinary_word_names_no_county():
    text = "县委书记强调，全县要统筹用好各类资源，加强区域合作，全县上下共和谐。"
    assert resolve_place(text, ArticleMeta()) == (None, [])


def test_a_short_form_that_begins_a_longer_name_names_no_county():
    text = "区委副书记主持召开区管委会常务会议，全区要确保春节期间大通湖区和谐稳定。"
    assert resolve_place(text, ArticleMeta())[0] != "大通区"


def test_a_county_that_a_visitor_comes_to_is_the_place_even_when_the_city_outlet_dates_it():
    text = "3月4日，枣庄市委书记陈伟来薛城区视察工作，对薛城区工作给予充分肯定。"
    meta = ArticleMeta(headline="陈伟来薛城区视察工作", dateline="枣庄房产网3月7日讯")
    assert resolve_place(text, meta)[0] == "薛城区"


def test_a_place_cited_as_the_venue_of_a_past_visit_gets_no_venue_weight():
    from luoshi.extraction.places import _score_text
    scores = _score_text("贯彻总书记在福建考察时的重要讲话精神", 1.0)
    assert max(scores.values()) == 1.0


def test_on_a_tie_of_levels_a_named_county_whole_decides():
    from luoshi.extraction.places import _dominant_level
    text = "在市委、市政府和县委的正确领导下，全县地区生产总值增长8.8%，全国百强。县政府将全力以赴，全国瞩目。"
    assert _dominant_level(text) == "county"


def test_a_place_name_that_names_a_road_is_no_mention_of_the_place():
    from luoshi.extraction.places import _score_text
    assert not _score_text("金华路保障性住房项目部分楼座将主体封顶，深圳大道全线贯通", 1.0)


def test_the_government_a_delegation_calls_on_in_the_headline_is_not_the_place():
    text = ("4月6日下午，市委副书记、市长宋军继带队拜访了北京市海淀区政府，与海淀区区委副书记、区长于军座谈。"
            "海淀区是科技研发的聚集地。海淀区和聊城市优势互补，海淀区愿与聊城加强互动。")
    assert resolve_place(text, ArticleMeta(headline="宋军继拜访海淀区政府"))[0] == "聊城市"


def test_a_visit_to_a_county_that_is_not_a_call_on_its_government_keeps_the_county():
    from luoshi.extraction.places import _hosts
    assert _hosts("市长前往宁强县调研") == set()
    assert _hosts("龙岩市代表团走访上海市徐汇区政府") == {"310000000000", "310104000000"}


def test_a_district_speaking_in_the_first_person_is_not_the_visiting_county():
    text = ("5月14日上午，甘肃省定西市渭源县委书记、渭源县委副书记、县长率考察团到我区参观考察。"
            "区委书记、青岛高新区工委书记出席。渭源县与我区建立结对关系。考察团参观了“阳光城阳”会客厅，"
            "加快建设幸福新城阳，希望深化与城阳的合作。")
    meta = ArticleMeta(headline="甘肃省渭源县党政考察团来我区参观考察")
    assert resolve_place(text, meta) == ("城阳区", ["山东省", "青岛市", "城阳区"])


def test_a_county_level_city_naming_itself_by_its_short_form_beats_its_city_named_more_often():
    text = ("2023年是关键一年，也是我市在成都现代化国际大都市郊区新城建设中争先突破的重要一年。"
            "落实成都市委市政府部署，加快建设成都西部区域中心，确保邛崃现代化建设开好局。全市经济稳步增长。")
    assert resolve_place(text, ArticleMeta()) == ("邛崃市", ["四川省", "成都市", "邛崃市"])


def test_county_level_cities_listed_or_gone_to_by_short_form_do_not_take_a_city_report():
    text = "市委书记强调，全市要支持昆山、太仓加快发展，我市将推进苏州工业园区建设，苏州全市上下齐心。"
    assert resolve_place(text, ArticleMeta())[0] == "苏州市"
    text = "市委书记前往昆山调研，强调我市要推进苏州工业园区建设，苏州全市上下齐心。"
    assert resolve_place(text, ArticleMeta())[0] == "苏州市"


def test_a_city_whose_own_organs_act_keeps_its_report_though_a_county_level_city_is_named_by_short_form():
    text = "苏州市委常委会召开。全市要支持昆山加快发展，我市将推进工业园区建设，苏州市全市上下齐心。"
    assert resolve_place(text, ArticleMeta())[0] == "苏州市"


def test_a_county_short_form_in_the_publisher_weighs_as_the_publisher():
    text = "区委书记出席座谈会，介绍了我区经济社会发展情况。全区上下要抓好落实，区委、区政府统筹推进。"
    assert resolve_place(text, ArticleMeta(publisher="城阳融媒"))[0] == "城阳区"


def test_a_county_level_city_printed_once_counts_its_short_forms_in_a_city_voice():
    text = ("汝州市召开项目推进会。我市要抓好落实，汝州将加快发展，汝州上下齐心。"
            "落实平顶山市委部署，平顶山全市推进。")
    assert resolve_place(text, ArticleMeta())[0] == "汝州市"


def test_a_county_voice_names_the_county_of_its_province_not_the_province():
    text = ("2019年3月2日在永和县第十六届人民代表大会第四次会议上。县政府坚持深入贯彻习总书记视察山西重要讲话精神，"
            "落实山西省委部署，全县经济运行总体平稳，县委、县政府带领全县人民攻坚克难，山西各地经验值得借鉴。")
    assert resolve_place(text, ArticleMeta()) == ("永和县", ["山西省", "临汾市", "永和县"])


def test_a_county_voice_that_names_no_county_has_no_place_rather_than_its_province():
    text = ("11月30日，县委书记主持召开县委常委会议，传达中央环境保护督察组督查湖北省工作动员会精神。"
            "会议要求，全县各级各部门要高度重视，县委、县政府将抓好整改。")
    assert resolve_place(text, ArticleMeta()) == (None, [])


def test_a_name_printed_after_a_post_is_no_place():
    text = "区长主持召开区政府常务会议，副区长王益群、陈尧水出席会议。会议强调，全区要抓好防汛工作，区政府各部门要落实责任。"
    assert resolve_place(text, ArticleMeta())[0] != "王益区"


def test_an_autonomous_county_is_read_without_its_nationalities():
    text = "5月13日，秀山自治县2019年二季度重点项目集中开工仪式在县工业园区举行。县委书记出席，全县各部门参加。"
    assert resolve_place(text, ArticleMeta()) == ("秀山土家族苗族自治县", ["重庆市", "秀山土家族苗族自治县"])


@pytest.mark.parametrize("text, meta, place", [
    pytest.param("8月28日下午，县领导张某、李某等来到各分组讨论地点，慰问参会的政协委员，希望大家为沛县建设多提良策。"
                 "张某说，县政协十四届一次会议即将闭幕，这是谋划今后五年沛县发展的重要会议。", ArticleMeta(), "沛县",
                 id="county leaders and the county CPPCC mark a county voice"),
    pytest.param("2月13日上午，区长主持召开区政府第25次常务会议，区领导出席会议。会议要求，全区各部门抓好落实。",
                 ArticleMeta(publisher="大观新闻网"), "大观区",
                 id="a local outlet names its county even when the short form is a word"),
    pytest.param("3月13日，来自各地的新化籍异地商会负责人回到家乡考察。龙城商会、资兴商会负责人一同参加。"
                 "县委书记出席座谈会，感谢各商会重视新化教育。全县各部门要做好服务。", ArticleMeta(), "新化县",
                 id="a short form named twice wins over counties named once in passing"),
    pytest.param("日前，县长带队赴各乡镇开展安全生产督查，要求各地压实责任。",
                 ArticleMeta(dateline="文成新闻网讯（记者 王川）"), "文成县",
                 id="an outlet dateline names the county of an article that names no place"),
    pytest.param("8月13日，县长王某、副县长李某深入施工现场，调研项目施工进度。随后，王某到某乡调研道路施工情况。（封丘电视台）",
                 ArticleMeta(), "封丘县", id="a county head's post tells the county voice when no marker does"),
    pytest.param("北京某酒业二期项目开工\n3月1日上午，县委书记宣布全县重大项目集中开工。房县本次开工项目12个，房县各部门做好服务。",
                 ArticleMeta(headline="北京某酒业二期项目开工", headline_guessed=True), "房县",
                 id="a guessed headline is the body's first clause, not a printed headline's weight"),
])
def test_county_evidence_beyond_the_full_name(text: str, meta: ArticleMeta, place: str):
    assert resolve_place(text, meta)[0] == place


def test_a_reporters_name_in_the_dateline_is_no_place():
    meta = ArticleMeta(dateline="本报讯（记者 郑桂东）", reporters=["郑桂东"])
    text = "6月17日上午，区长带队实地察看建设进展情况，要求加快推进。"
    assert resolve_place(text, meta)[0] != "桂东县"


def test_a_county_short_form_that_begins_a_street_name_is_no_county():
    text = "8月6日，区长廖某前往双龙湖街道调研城市建设工作。副区长李某参加调研。"
    assert resolve_place(text, ArticleMeta())[0] != "龙湖区"


def test_a_portal_column_named_after_a_county_names_it_over_a_short_form_in_a_set_phrase():
    text = "12月30日，县长王某主持召开座谈会，县领导李某参加会议。大家表示，携手共创强县富民新篇章。"
    assert resolve_place(text, ArticleMeta(breadcrumb=["政务信息", "城口动态"]))[0] == "城口县"


def test_a_county_created_after_the_2016_table_is_known_with_its_path():
    text = "2月27日，湟中区第二届人民代表大会第四次会议开幕。全区各部门要抓好落实，区委书记出席。"
    assert resolve_place(text, ArticleMeta()) == ("湟中区", ["青海省", "西宁市", "湟中区"])


@pytest.mark.parametrize("published, voice, place", [
    (date(2024, 3, 1), "全市", "海安市"),  # a county-level city since 2018: its reports say 全市
    (date(2015, 3, 1), "全县", "海安县"),
    (date(2024, 3, 1), "全县", "海安县"),  # a county voice names the county the city replaced
])
def test_a_renamed_county_s_short_form_names_the_unit_of_the_report_s_time(published: date, voice: str,
                                                                           place: str):
    text = f"会议指出，{voice}上下要齐心协力，推动海安高质量发展。海安各部门要抓好落实，{voice}各单位参加。"
    assert resolve_place(text, ArticleMeta(published=published))[0] == place


def test_a_name_two_districts_share_goes_to_the_one_in_the_city_the_outlet_names():
    meta = ArticleMeta(headline="龙华区第一届人民代表大会第二次会议开幕", dateline="深圳新闻网1月24日讯（记者 王某）")
    text = "龙华区第一届人民代表大会第二次会议开幕。龙华区区长王某作政府工作报告。龙华区挂牌成立一年以来，区政府统筹推进各项工作。"
    assert resolve_place(text, meta)[0] == "龙华区"
    assert resolve_place(text, meta)[1] == ["广东省", "深圳市", "龙华区"]


def test_a_county_working_for_its_national_honour_does_not_speak_for_the_country():
    text = ("3月16日，区领导李某带队对全国文明城市创建和国家卫生城市巩固工作进行检查。"
            "检查组要求，要以全国文明城市创建为抓手，把工作做细做实。")
    assert resolve_place(text, ArticleMeta())[0] != "中国"


def test_a_unit_whose_name_is_a_common_noun_counts_only_where_its_organs_act():
    text = "会议听取了重点项目、垃圾处理项目、老城区排水防涝项目推进情况。县长要求加快进度，全县各部门抓好落实。"
    assert resolve_place(text, ArticleMeta())[0] != "老城区"
    assert resolve_place("老城区委召开常委会，研究部署重点工作。全区各部门抓好落实。", ArticleMeta())[0] == "老城区"


def test_a_headline_in_which_a_district_government_holds_its_meeting_is_the_district_s_report():
    meta = ArticleMeta(headline="新城区政府召开2024年第18次常务会议")
    text = ("11月18日下午，区长王某主持召开区政府第18次常务会议，传达学习总书记在湖北考察、在上海杨浦滨江、"
            "在广东珠海考察时的重要讲话精神。会议还研究了其他事项。")
    assert resolve_place(text, meta)[0] == "新城区"


def test_a_county_short_form_that_begins_inside_a_common_word_names_no_county():
    text = "8月9日上午，区委书记李某前往某区域调研，推动城市更新和商业提升工作。全区各部门抓好落实。"
    assert resolve_place(text, ArticleMeta())[0] != "新和县"
    text = "会议要求，全县上下要不断书写建湖高质量发展新篇章，县委书记出席会议。"
    assert resolve_place(text, ArticleMeta())[0] == "建湖县"


def test_a_dateline_outlet_named_after_a_two_character_county_names_it():
    meta = ArticleMeta(dateline="息县融媒体中心1月3日讯（全媒体记者 王某 李某）")
    text = "1月2日上午，我县在分会场同步开展签约、集中开工等活动。县长郑某，县领导王某、李某参加。"
    assert resolve_place(text, meta) == ("息县", ["河南省", "信阳市", "息县"])


def test_the_site_a_portal_page_names_is_its_place_when_the_text_names_none():
    text = "3月11日，县长林小禾深入乡镇调研春季农业生产工作，要求抓好春耕备耕。"
    assert resolve_place(text, ArticleMeta(headline="县长调研春季农业生产", site="射阳县人民政府"))[0] == "射阳县"
    assert resolve_place(text, ArticleMeta(headline="县长调研春季农业生产"))[0] is None

def test_a_district_comparing_its_whole_with_the_city_and_the_country_does_not_speak_for_the_country():
    text = ("从区统计局获悉，前三季度全区地区生产总值增长6.2%，比全市和全国分别高1.1和1.4个百分点。"
            "全区工业增加值增长8%，比全市和全国分别高2和3个百分点。全区消费持续回暖，全国各地游客增多。")
    assert resolve_place(text, ArticleMeta()) == (None, [])


def test_a_district_naming_itself_by_its_short_form_amid_its_whole_is_the_district():
    text = ("前三季度全区地区生产总值增长6.2%，比全市和全国分别高1.1和1.4个百分点。全区投资增长9%，"
            "全国排名靠前。区委要求全区上下奋力谱写万州高质量发展新篇章。")
    assert resolve_place(text, ArticleMeta())[0] == "万州区"


def test_a_short_form_a_county_names_itself_by_outweighs_counties_named_once_in_passing():
    text = ("县委组织开展观摩活动。代表们先后来到九龙口景区、南湖湿地，对我县发展成绩表示赞叹，"
            "表示将与全县人民一道，不断书写永修高质量发展新篇章。")
    assert resolve_place(text, ArticleMeta())[0] == "永修县"


def test_a_short_form_shared_by_a_county_and_a_district_goes_to_the_kind_the_article_speaks_as():
    text = ("山阳天气：晴。县委书记到县融媒体中心调研，要求讲好山阳故事，"
            "为山阳高质量发展营造良好氛围，推动县委县政府决策部署落地。")
    assert resolve_place(text, ArticleMeta()) == ("山阳县", ["陕西省", "商洛市", "山阳县"])
    district = ("山阳天气：晴。区委书记到区融媒体中心调研，要求讲好山阳故事，"
                "为山阳高质量发展营造良好氛围，推动区委区政府决策部署落地。")
    assert resolve_place(district, ArticleMeta()) == ("山阳区", ["河南省", "焦作市", "山阳区"])


def test_a_short_form_shared_by_two_counties_of_one_kind_stays_unsettled():
    text = "县委书记到县融媒体中心调研，要求讲好清河故事，为清河高质量发展营造良好氛围，全县上下要抓好落实。"
    assert resolve_place(text, ArticleMeta())[0] != "清河区"


def test_schools_named_after_the_district_in_its_list_of_projects_name_the_district():
    text = ("我区召开项目建设现场巡查会。区领导巡查了区幼儿园改扩建、永修三小、区人民医院、永修一中等12个项目，"
            "区委书记提出要求。")
    text = text.replace("永修", "湾里")
    assert resolve_place(text, ArticleMeta())[0] == "湾里区"


def test_counties_listed_alike_as_the_peers_a_county_is_ranked_against_are_not_its_place():
    text = ("前三季度，全县完成生产总值56亿元，增长7.5%。主要指标增速全市第一，综合排名全市第四，"
            "位居甲山、宜城市之后。与比拼对象保康县相比，我县主要指标增速全面赶超。")
    assert resolve_place(text, ArticleMeta())[0] is None


def test_an_idiom_holding_a_county_s_short_form_names_no_county():
    text = "全县上下勠力同心、同心同德，热火朝天地推进项目建设，书写新篇章。县委书记出席。"
    assert resolve_place(text, ArticleMeta()) == (None, [])


def test_a_district_paper_named_after_the_district_names_it():
    text = "区委书记前往陆家嘴调研城市更新工作，区领导陪同。要加快建设现代化城区。"
    assert resolve_place(text, ArticleMeta(publisher="浦东时报"))[0] == "浦东新区"


def test_the_whole_of_an_autonomous_region_is_no_district_voice():
    text = "今年以来，广西全区上下坚持稳中求进，全区地区生产总值增长5%，全区工业投资增长8%。"
    assert resolve_place(text, ArticleMeta())[0] == "广西壮族自治区"


def test_a_district_paper_in_the_dateline_names_its_district_in_an_article_speaking_from_no_level():
    text = "昨天上午，陆家嘴金融城举行年度发布活动，多家机构负责人出席并发言。"
    assert resolve_place(text, ArticleMeta(dateline="浦东时报讯（记者 王某）"))[0] == "浦东新区"
    assert resolve_place(text, ArticleMeta(dateline="奉贤报讯（记者 王某）"))[0] == "奉贤区"
    assert resolve_place(text, ArticleMeta(dateline="本报讯（记者 王某）"))[0] is None


def test_a_name_only_title_head_does_not_hide_a_level_marker_from_the_place_stage():
    from luoshi.extraction import places as place_stage

    assert place_stage._title_heads().search("全县河长制工作推进会") is None
    assert place_stage._title_heads().search("全县老干部工作会议") is None
    assert place_stage._title_heads().search("县委书记") is not None


def test_a_partner_place_of_a_cooperation_is_not_the_subject():
    """持续深化与无锡市在…方面的合作 in a 海东 meeting: the partner city is discounted like a trip's destination."""
    text = ("3月14日，市长王华杰主持召开市政府第11次常务会议，要求持续深化与无锡市在人才引进、招商引资方面的合作。"
            "会议审议了《海东市“十四五”生态环境保护规划》。")
    assert resolve_place(text, ArticleMeta(headline="市政府召开第11次常务会议"))[0] == "海东市"
