"""People with the title printed next to their name (invented names and sentences)."""
from __future__ import annotations

import pytest

from luoshi.extraction.model import ArticleMeta
from luoshi.extraction.people import extract_people, split_posts

PLACE = ("盐城市", ["江苏省", "盐城市"])


def people(text: str, **meta) -> dict[str, object]:
    return {p.name: p for p in extract_people(text, ArticleMeta(**meta), *PLACE)}


def test_title_before_name_with_posts_resolved_to_city():
    found = people("市发展和改革委员会党组书记、主任韩立山表示，将加快项目建设。")
    person = found["韩立山"]
    assert person.title == "市发展和改革委员会党组书记、主任"
    assert [(p.org, p.title) for p in person.posts] == [
        ("盐城市发展和改革委员会", "党组书记"), ("盐城市发展和改革委员会", "主任")]
    assert person.role == "speaker"


def test_title_before_a_list_applies_to_each_name():
    found = people("市委常委钱一鸣、楼海波、曹文静出席会议。")
    assert {n: p.title for n, p in found.items()} == {"钱一鸣": "市委常委", "楼海波": "市委常委", "曹文静": "市委常委"}
    assert all(p.role == "attendee" for p in found.values())


def test_several_posts_then_a_new_person_after_comma():
    found = people("市委书记方志远，市委副书记、代市长邵春林参加活动。")
    assert found["方志远"].title == "市委书记"
    assert found["邵春林"].title == "市委副书记、代市长"
    assert found["邵春林"].posts[1].org == "盐城市人民政府"


def test_company_titles_and_met_role():
    text = "市委书记方志远会见某某新能源有限公司董事长郑国梁，某某研究院首席运营官苏墨一行。"
    found = people(text)
    assert found["郑国梁"].title == "某某新能源有限公司董事长"
    assert found["苏墨"].title == "某某研究院首席运营官"
    assert found["郑国梁"].role == "met" and found["方志远"].role != "met"


def test_title_after_name():
    found = people("深入学习贯彻习近平总书记重要讲话精神。")
    assert found["习近平"].title == "总书记"
    assert found["习近平"].role == "mentioned"


def test_park_back_reference_resolves_post_org():
    text = ("扬州某某工业园区作为合作共建园区，加快发展。园区党工委副书记、管委会主任周明远表示，将聚焦主导产业。")
    person = people(text)["周明远"]
    assert person.title == "园区党工委副书记、管委会主任"
    assert person.posts[0].org == "扬州某某工业园区"


def test_reporters_are_not_people():
    found = people("市委书记方志远出席。记者朱晓明", reporters=["朱晓明"])
    assert "朱晓明" not in found
    found = people("本报讯（融媒体中心记者陈小红）市长邵春林主持会议。")
    assert "陈小红" not in found and "邵春林" in found


def test_unnamed_officials_are_not_people():
    assert people("市科技局相关负责人表示，将强化科技金融支撑。") == {}


def test_bare_later_mention_is_same_person_with_all_mentions():
    text = "市委书记吴立新强调，要抓好落实。吴立新指出，要突出重点。"
    person = people(text)["吴立新"]
    assert len(person.mentions) == 2
    assert all(text[s:e] == "吴立新" for s, e in person.mentions)


def test_leader_title_and_collective_title():
    found = people("市领导凌一峰参加会见。")
    assert found["凌一峰"].title == "市领导"


def test_specific_title_wins_over_collective_one():
    text = "市县领导何立平、张伟出席。推介会由副市长何立平主持。"
    assert people(text)["何立平"].title == "副市长"


def test_name_stops_at_verb_glued_to_it():
    found = people("全国政协常委、省政协副主席胡建率调研组来我市调研。")
    assert found["胡建"].title == "全国政协常委、省政协副主席"


def test_famous_name_is_not_resolved_from_a_list():
    found = people("某某集团董事长李强表示，将扩大投资。")
    assert found["李强"].title == "某某集团董事长"


def test_dateline_date_is_not_part_of_the_title():
    found = people("3月25日市委常委、副市长周立强出席仪式。")
    assert found["周立强"].title == "市委常委、副市长"


def test_no_chinese_no_people():
    assert people("Hello world 2.3.4") == {}


def test_collective_title_after_a_list_with_deng():
    found = people("陈立平、李东海、王小红等市领导参加会议。")
    assert {n: p.title for n, p in found.items()} == {"陈立平": "市领导", "李东海": "市领导", "王小红": "市领导"}


def test_academic_and_deputy_titles():
    found = people("中国工程院院士钱学良，全国人大代表、某某集团董事长马晓宁参加座谈。")
    assert found["钱学良"].title == "中国工程院院士"
    assert found["马晓宁"].title == "全国人大代表、某某集团董事长"


def test_particles_cut_the_title():
    found = people("市长张伟会见了来访的某某国驻某地总领事史密斯一行。")
    assert found["史密斯"].title == "某某国驻某地总领事"
    assert found["史密斯"].role == "met" and found["张伟"].role == "chair"


@pytest.mark.shared
def test_gold_people_with_title_and_places_with_evidence(shared_dir):
    """Over ../shared/gold/dev: (name, title) F1 >= 0.95, and the place right wherever the article, its
    headline, subtitles, dateline or page names it (a text that names no place cannot be judged)."""
    from luoshi.evaluation.gold import gold_files, load_gold, resolve_input
    from luoshi.evaluation.matching import align_articles, norm
    from luoshi.extraction.pipeline import extract_document
    from luoshi.reading import read_path

    gold_dir = shared_dir / "gold" / "dev"
    tp = fp = fn = 0
    wrong_places = []
    for path in gold_files(gold_dir):
        gold = load_gold(path)
        doc, articles = read_path(resolve_input(gold, shared_dir), published=gold.published)
        extractions = extract_document(doc, articles)
        for gi, pi in align_articles([a.headline for a in gold.articles], [a.headline for a in articles]):
            ga, ext, art = gold.articles[gi], extractions[pi], articles[pi]
            want = {(norm(p["name"]), norm(p.get("title"))) for p in ga.people}
            got = {(norm(p.name), norm(p.title)) for p in ext.people}
            tp, fp, fn = tp + len(want & got), fp + len(got - want), fn + len(want - got)
            seen = doc.text + art.headline + "".join(art.subtitles) + (art.dateline or "")
            if ga.place and ga.place[:2] in seen and ext.place != ga.place:
                wrong_places.append((path.name, ga.headline, ext.place, ga.place))
    f1 = 2 * tp / max(1, 2 * tp + fp + fn)
    assert f1 >= 0.95, (tp, fp, fn)
    assert wrong_places == []


def test_title_in_brackets_after_name():
    found = people("座谈会上，张立新（市发改委主任）、李海（某某公司总经理）先后发言。陈海（右一）出席。")
    assert found["张立新"].title == "市发改委主任"
    assert found["张立新"].posts[0].org == "盐城市发展和改革委员会"
    assert found["李海"].title == "某某公司总经理"
    assert "陈海" not in found


def test_mentions_skip_a_longer_name_of_another_person():
    found = people("市长陈海主持，副市长陈海峰出席。陈海指出，陈海峰表示。")
    assert found["陈海"].mentions == [[2, 4], [16, 18]]
    assert found["陈海峰"].mentions == [[10, 13], [21, 24]]


def test_county_posts_in_a_city_report_resolve_to_the_named_county():
    text = "开工仪式在宝应县某某镇举行。县委书记郑国华致辞，县长季明远主持。"
    found = {p.name: p for p in extract_people(text, ArticleMeta(), "扬州市", ["江苏省", "扬州市"])}
    assert found["郑国华"].posts[0].org == "宝应县委"
    assert found["季明远"].posts[0].org == "宝应县人民政府"


def test_weak_title_after_a_name_needs_a_boundary():
    found = people("座谈会上，孟晓川委员建议，加快建设。以林振华同志为组长的工作组成立。党委委员会议召开。")
    assert found["孟晓川"].title == "委员" and found["孟晓川"].role == "speaker"
    assert "林振华" in found and found["林振华"].title is None  # 同志 is an honorific, not a post
    assert "党委委" not in found and len(found) == 2


def test_names_in_a_clause_of_their_own_before_attendance_verb_have_no_title():
    found = people("省长韦明德主持会议。季长风、柏云舟参加。")
    assert found["季长风"].title is None and found["柏云舟"].title is None
    assert found["季长风"].role == "attendee" and found["季长风"].posts == []
    assert found["韦明德"].title == "省长"


def test_bare_name_yields_to_a_title_printed_elsewhere():
    found = people("副省长季长风出席会议。季长风参加。")
    assert found["季长风"].title == "副省长"


def test_traditional_text_is_matched_in_simplified_form_and_reported_as_printed():
    found = people("3月2日上午，市委書記萬志遠參加代表團審議政府工作報告。萬志遠強調，要加快發展。"
                   "市領導趙國華、張興參加討論。")
    assert found["萬志遠"].title == "市委書記"
    assert found["萬志遠"].mentions == [[11, 14], [28, 31]]
    assert {found["趙國華"].title, found["張興"].title} == {"市領導"}


def test_simplified_text_with_a_stray_traditional_character_is_not_folded():
    from luoshi.extraction.entity_data import fold_traditional

    text = "市长方志远于会上强调，要加快发展。"
    assert fold_traditional(text) is text


def test_dotted_foreign_names_after_a_title_and_before_a_speech_verb():
    found = people("市委书记方志远会见了某某公司全球执行副总裁彼得·穆勒一行。会见中，安娜·施密特表示愿深化合作。")
    assert found["彼得·穆勒"].title == "某某公司全球执行副总裁" and found["彼得·穆勒"].role == "met"
    assert found["安娜·施密特"].title is None


def test_dotted_place_or_column_names_are_not_people():
    found = people("2024中国·盐城国际论坛开幕。【访谈·乘势而上】栏目播出。")
    assert found == {}


def test_rare_and_compound_surnames_after_titles():
    found = people("县委书记亓卫东，县委副书记、县长綦海涛，副县长淳于明参加活动。")
    assert set(found) == {"亓卫东", "綦海涛", "淳于明"}


def test_joining_character_ends_a_given_name_before_a_stop_word():
    found = people("市政协副主席曹文静、方大同出席。原副市长季和平因违纪被处分。王立和李明参加。")
    assert found["方大同"].title == "市政协副主席"
    assert found["季和平"].title == "原副市长"
    assert "王立和" not in found


def test_department_of_a_party_committee_is_not_cut_at_its_verb_look_alike():
    found = people("市委常委、组织部部长钱一鸣宣读任职决定。县长助理欧阳建国陪同调研。")
    assert found["钱一鸣"].title == "市委常委、组织部部长"
    assert found["欧阳建国"].title == "县长助理"


def test_academic_title_after_a_name():
    found = people("来自某某大学的钱一鸣教授作了主旨报告。")
    assert found["钱一鸣"].title == "教授"


def test_list_after_a_title_takes_four_character_minority_names_and_ends_before_a_post():
    found = people("会议由大会主席团常务主席、执行主席程远山主持。执行主席王立东、白玛次仁、丁文海在主席台执行主席席就座。")
    assert found["程远山"].title == "大会主席团常务主席、执行主席" and found["程远山"].role == "chair"
    assert {n: p.title for n, p in found.items() if n != "程远山"} == {
        "王立东": "执行主席", "白玛次仁": "执行主席", "丁文海": "执行主席"}


def test_name_glued_to_an_unlisted_verb_is_confirmed_by_a_bare_mention():
    found = people("研究室副主任韦明德解读修改情况。韦明德介绍，报告共修改83处。")
    assert found["韦明德"].title == "研究室副主任"


def test_deputy_title_after_a_name_only_before_a_stop_word():
    found = people("会上，蔡明代表认为，要稳就业。方志远代表市委讲话。")
    assert found["蔡明"].title == "代表"
    assert "方志远" not in found


def test_untitled_list_after_a_colon_or_before_attendance():
    found = people("在主席台就座的还有：丁文海、刘明、许大江等。王立东、何小川、季长风等参加会见。")
    assert set(found) == {"丁文海", "刘明", "许大江", "王立东", "何小川", "季长风"}
    assert all(p.title is None for p in found.values())
    assert people("要抓好安全、环保、质量。") == {}


def test_transliterated_name_without_dot_confirmed_by_a_bare_mention():
    found = people("市长邵春林同来访的洪都拉斯某市市长卡洛斯举行会谈。卡洛斯表示，愿加强合作。")
    assert found["卡洛斯"].title == "洪都拉斯某市市长"


def test_foreign_title_after_a_one_character_boundary_starts_at_its_country():
    found = people("委员长韦明德在北京同尼泊尔联邦院主席蒂米尔西纳举行会谈。蒂米尔西纳表示感谢。")
    assert found["蒂米尔西纳"].title == "尼泊尔联邦院主席"


def test_organisation_before_an_after_title_is_not_a_name():
    found = people("全国人大常委会委员长韦明德出席。")
    assert set(found) == {"韦明德"}


def test_two_untitled_names_with_deng_before_attendance():
    found = people("王立东、秦海等参加上述活动。")
    assert set(found) == {"王立东", "秦海"}


def test_list_items_with_unlisted_surnames_and_pinyin_glosses():
    found = people("市领导平遂安、王冬青、全海、赵洪发（fā）、赵兴城参加讨论。市领导王立东、企业家代表参加。")
    assert [n for n in found] == ["平遂安", "王冬青", "全海", "赵洪发", "赵兴城", "王立东"]
    assert all(p.title == "市领导" for p in found.values())


def test_bare_name_list_closed_by_deng_gives_untitled_people():
    found = people("会议由县长柏云舟主持,季长风、韦明德、郑国华、范志远等在主席台前排就座。")
    assert {"季长风", "韦明德", "郑国华", "范志远"} <= set(found)
    assert found["季长风"].title is None and found["柏云舟"].title == "县长"


def test_two_bare_names_need_an_attendance_verb_not_only_deng():
    assert {"季长风", "韦明德"} <= set(people("季长风、韦明德等在主席台就座。"))
    assert "季长风" not in people("季长风、韦明德等问题。")


def test_bare_list_of_places_is_no_list_of_people():
    assert not {"南京", "苏州"} & set(people("南京、苏州、无锡等城市参加评比。"))


def test_collective_title_after_a_head_count():
    found = people("会上，季长风、韦明德、郑国华等3位代表先后发言。")
    assert {found[n].title for n in ("季长风", "韦明德", "郑国华")} == {"代表"}
    delegation = people("会上，季长风、韦明德、郑国华等代表团成员参观。")
    assert delegation["季长风"].title is None  # 代表团 is an organisation, not the title 代表


def test_title_and_copula_before_a_list_applies_to_each_name():
    found = people("第一次全体会议执行主席是季长风、韦明德、郑国华。")
    assert {found[n].title for n in ("季长风", "韦明德", "郑国华")} == {"执行主席"}


def test_local_post_after_an_introduced_name():
    found = people("县长韦明德出席。\n韦明德县长代表县人民政府作报告。,季长风书记的讲话站位高。副县长郑国华参加。")
    assert found["季长风"].title == "书记"
    assert "郑国华" in found and found["郑国华"].title == "副县长"


def test_weak_surname_after_a_title_needs_the_name_to_stand_alone():
    found = people("国务院研究室副主任向东介绍，目标已定。向东表示，要稳就业。")
    assert found["向东"].title == "国务院研究室副主任"
    assert "向记者" not in people("办公室主任向记者介绍情况。")


def test_organisation_department_chief_keeps_its_organisation():
    found = people("海淀区区委常委、组织部长刘勇,副区长孟景伟参加。")
    assert found["刘勇"].title == "海淀区区委常委、组织部长"


def test_a_verb_before_a_title_is_not_part_of_it():
    found = people("记者走进厦门市委书记胡昌升的办公室。成立了以市委书记李强任组长的领导机构。受县委书记许红兵委托，会议召开。")
    assert found["胡昌升"].title == "厦门市委书记"
    assert found["李强"].title == "市委书记"
    assert found["许红兵"].title == "县委书记"


def test_a_collective_title_of_the_four_bodies_after_a_list_applies_to_each_name():
    found = people("县委书记周一鸣主持召开调度会，林小禾、韩立山、钱大江等县四大家领导和相关单位负责人参加。")
    assert [found[n].title for n in ("林小禾", "韩立山", "钱大江")] == ["县四大家领导"] * 3


@pytest.mark.parametrize("text, name, title", [
    ("1月9日市两会期间，记者趁着市人大代表、西川区委书记林小禾在休息时间采访了他。", "林小禾", "市人大代表、西川区委书记"),
    ("某某网7月4日东川讯 东川市市长林小禾7月3日下午会见了客人。", "林小禾", "东川市市长"),
])
def test_a_time_clause_or_a_dateline_before_the_title_is_not_part_of_it(text, name, title):
    assert people(text)[name].title == title


def test_a_name_ends_before_an_action_verb_such_as_announce_or_inspect():
    text = "仪式现场，县委书记胡斌宣布项目集中开工。县长李惠芬察看了项目现场。"
    found = [(p.name, p.title) for p in extract_people(text, ArticleMeta(), None, [])]
    assert found == [("胡斌", "县委书记"), ("李惠芬", "县长")]


def test_an_executive_deputy_heads_post_is_in_the_government_not_an_organisation_called_changwu():
    posts = split_posts("县委常委、常务副县长", "东川县", ["江西省", "东川县"])
    assert [(p.org_as_printed, p.title) for p in posts] == [("县委", "常委"), ("县人民政府", "常务副县长")]


@pytest.mark.parametrize("text, titled", [
    pytest.param("张勤勇、胡燕、骆德刚等县级领导分别参加代表团讨论。",
                 [("张勤勇", "县级领导"), ("胡燕", "县级领导"), ("骆德刚", "县级领导")],
                 id="a level leaders title after the names applies to each"),
    pytest.param("出席的部长分别是：工业和信息化部部长林小禾先生，民政部部长王川女士。",
                 [("林小禾", "工业和信息化部部长"), ("王川", "民政部部长")], id="a name ends before 先生 or 女士"),
    pytest.param("主持人（林小禾）：各位观众大家好。\n主持人（王川）：大家好。\n赵明：主持人好。\n",
                 [("林小禾", "主持人"), ("王川", "主持人")], id="a transcript label naming its host gives the host"),
    pytest.param("该县县领导林小禾、王川出席开工仪式。", [("林小禾", "县领导"), ("王川", "县领导")],
                 id="a demonstrative before a title is not part of it"),
    pytest.param("县委书记林小禾首先在致词中对中国某某研究院党委书记王川一行的到来表示欢迎。",
                 [("林小禾", "县委书记"), ("王川", "中国某某研究院党委书记")],
                 id="a preposition before a title that starts with 中国 ends the phrase before it"),
    pytest.param("县统计局局长林小禾和分管副局长王川参加调研。", [("林小禾", "县统计局局长"), ("王川", "分管副局长")],
                 id="a joining character before 分管 ends the phrase before it"),
])
def test_titles_read_from_lists_labels_and_name_ends(text: str, titled: list[tuple[str, str]]):
    found = [(p.name, p.title) for p in extract_people(text, ArticleMeta(), None, [])]
    assert found == titled


def test_an_attendance_list_after_a_colon_may_join_names_with_yiji_and_end_at_a_comma():
    text = "在主席台就座的还有：林小禾、王川、赵明以及孙立、钱进，老干部李木。"
    names = [p.name for p in extract_people(text, ArticleMeta(), None, [])]
    assert names[:5] == ["林小禾", "王川", "赵明", "孙立", "钱进"]


def test_a_plain_list_of_things_ending_a_clause_names_nobody():
    assert extract_people("会议研究了教育、卫生、交通，部署了下一步工作。", ArticleMeta(), None, []) == []


@pytest.mark.parametrize("text,expected", [
    ("区长钟明远组织召开全区安全生产会议。", {"钟明远": "区长"}),
    ("听取村支部书记潘立军关于集体经济的汇报。", {"潘立军": "村支部书记"}),
    ("公司总经理罗志鹏、副总经理韩雪分别作表态发言。", {"罗志鹏": "公司总经理", "韩雪": "副总经理"}),
    ("镇长许文涛以及相关部门负责人到现场办公。", {"许文涛": "镇长"}),
    ("县委书记孔德林明确了下一步的工作重点。", {"孔德林": "县委书记"}),
])
def test_a_name_ends_before_a_glued_verb_or_conjunction(text: str, expected: dict[str, str]):
    assert {n: p.title for n, p in people(text).items()} == expected


def test_a_river_chief_is_a_title_head():
    found = people("县委副书记、县总河长兼清水河县级河长贺云山主持会议。")
    assert found["贺云山"].title == "县委副书记、县总河长兼清水河县级河长"


def test_a_surname_that_is_also_the_adverb_once_starts_a_name_only_inside_a_list():
    found = people("县领导方国庆、曾立冬、宋嘉出席。副县长曾广源等陪同。")
    assert {n: p.title for n, p in found.items()} == {
        "方国庆": "县领导", "曾立冬": "县领导", "宋嘉": "县领导", "曾广源": "副县长"}
    assert people("县委书记曾多次到项目现场，县长曾两次召开会议。") == {}


def test_the_bodys_title_wins_over_an_interview_subtitles_and_visiting_is_no_title():
    text = "主持人：欢迎。西山县县长周一鸣接受采访。\n周一鸣县长：谢谢。"
    found = people(text, subtitles=["——访省人大代表、西山县县长 周一鸣"])
    assert found["周一鸣"].title == "西山县县长"
    alone = people("主持人：欢迎。", subtitles=["——访省人大代表、西山县县长 周一鸣"])
    assert alone["周一鸣"].title == "省人大代表、西山县县长"


def test_the_author_of_a_named_body_of_thought_is_a_person_without_title():
    found = people("全镇上下深入学习贯彻习近平新时代中国特色社会主义思想和习近平生态文明思想。")
    assert {n: p.title for n, p in found.items()} == {"习近平": None}


def test_retired_cadres_seated_on_the_rostrum_are_titled_as_such():
    found = people("在主席台就座的还有老干部宋长青、卓立文和主席团其他成员。")
    assert {n: p.title for n, p in found.items()} == {"宋长青": "老干部", "卓立文": "老干部"}


def test_a_later_title_replaces_the_first_only_when_it_is_the_fuller_form_of_the_same_post():
    later_office = people("大会执行主席罗明川、许文涛在主席台就座。大会主席团常务主席罗明川主持大会。")
    assert later_office["罗明川"].title == "大会执行主席"
    fuller = people("某某集团董事长韩立山等客商参加。某某集团党委书记、董事长韩立山表示，将加大投资。")
    assert fuller["韩立山"].title == "某某集团党委书记、董事长"


def test_a_place_in_brackets_inside_an_organisation_stays_in_the_title():
    found = people("近日，盐都区（南京）商会会长、某某科技有限公司董事长潘立军率会员代表回乡考察。")
    assert found["潘立军"].title == "盐都区（南京）商会会长、某某科技有限公司董事长"


def test_a_name_ends_before_warmly_and_from():
    found = people("区委书记罗明川、代区长许文涛亲切会见了客商。许文涛从三个方面谈了看法。副区长韩雪从严要求。")
    assert {n: p.title for n, p in found.items()} == {"罗明川": "区委书记", "许文涛": "代区长", "韩雪": "副区长"}


def test_a_verb_taking_a_leaders_instructions_is_no_part_of_the_title():
    found = people("全面落实省委书记罗明川在调研时的要求，按照市长许文涛的部署抓好落实。")
    assert {n: p.title for n, p in found.items()} == {"罗明川": "省委书记", "许文涛": "市长"}


def test_a_host_label_may_name_the_host_after_a_space_and_a_host_is_named_in_running_text():
    found = people("主持人 罗明川：\n各位观众好。\n主持人（许文涛）：我是今天的主持人许文涛。\n我是电台的主持人丁丁，欢迎收听。")
    assert {n: p.title for n, p in found.items()} == {"罗明川": "主持人", "许文涛": "主持人", "丁丁": "主持人"}
    assert people("由主持人宣布会议开始。") == {}


def test_a_weak_surname_starts_a_name_closed_by_the_comma_of_a_list_of_officials():
    found = people("县委书记罗明川，县委副书记、县长向立新，县政协主席许文涛出席仪式。")
    assert found["向立新"].title == "县委副书记、县长"
    assert people("县长向大家，书记时间紧，") == {}


def test_a_name_with_an_unlisted_surname_is_read_between_a_title_and_an_attendance_verb():
    found = people("县人大常委会主任罗明川出席并讲话，县政协主席义立出席，县委常委许文涛致辞。")
    assert {n: p.title for n, p in found.items()} == {
        "罗明川": "县人大常委会主任", "义立": "县政协主席", "许文涛": "县委常委"}
    assert people("会议由大会主席团出席，") == {}


def test_a_spaced_name_under_the_occasion_line_is_the_speaker_of_the_report():
    subtitles = ["2026年1月5日在西山县第十八届人民代表大会第三次会议上", "周 一 鸣"]
    found = people("各位代表：现在，我代表县人民政府向大会报告工作。", subtitles=subtitles)
    assert {n: p.title for n, p in found.items()} == {"周一鸣": None}
    assert people("各位代表：", subtitles=["高质量 发展"]) == {}


def test_names_listed_before_an_after_title_share_it():
    found = people("会议传达了贯彻罗明川、许文涛同志批示精神的通知。听取了韩雪、潘立军委员的建议。")
    assert {n: p.title for n, p in found.items()} == {
        "罗明川": None, "许文涛": None, "韩雪": "委员", "潘立军": "委员"}


def test_a_local_post_after_a_name_may_follow_the_names_place_or_body():
    found = people("今天请到了盱眙县周一鸣县长。来到演播室的是东川市生态环境局林小禾局长，")
    assert {n: p.title for n, p in found.items()} == {"周一鸣": "县长", "林小禾": "局长"}
    assert people("市财政局局长表示，东川市西山区区长表示，") == {}
