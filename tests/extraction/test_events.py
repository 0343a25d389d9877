"""Events: type, own name, dates resolved against publication, merging (invented texts)."""
from __future__ import annotations

from datetime import date

import pytest

from luoshi.extraction.events import extract_events
from luoshi.extraction.model import ArticleMeta
from luoshi.extraction.people import extract_people
from luoshi.extraction.pipeline import extract_article

PUBLISHED = date(2024, 9, 14)


def events(text: str, **meta):
    meta.setdefault("published", PUBLISHED)
    m = ArticleMeta(**meta)
    ppl = extract_people(text, m, "某市", [])
    return extract_events(text, m, ppl)


def test_named_meeting_with_relative_date_and_chair():
    text = ("晚报讯 昨天，市委副书记、市长邵春林主持召开十六届市政府第12次常务会议，审议通过《关于某某工作的意见》。"
            "会议指出，要抓好落实。会议强调，要守住底线。")
    (event,) = events(text)
    assert (event.type, event.name, event.start, event.end) == (
        "meeting", "十六届市政府第12次常务会议", date(2024, 9, 13), date(2024, 9, 13))
    assert event.chair == "邵春林"
    assert event.documents == ["关于某某工作的意见"]
    assert text[event.span[0]:event.span[1]] == event.name


def test_inspection_over_a_day_range():
    text = "12日~13日，省政协副主席胡建率调研组来我市开展专题调研。调研组考察了某某学院。"
    (event,) = events(text)
    assert (event.type, event.name, event.start, event.end) == (
        "inspection", "调研", date(2024, 9, 12), date(2024, 9, 13))


def test_reception_and_later_mention_merge():
    text = "昨天下午，市委书记方志远会见某某公司董事长郑国梁一行。市领导凌一峰参加会见。"
    (event,) = events(text)
    assert event.type == "reception" and event.start == date(2024, 9, 13)
    assert "郑国梁" in event.participants


def test_cited_meeting_or_visit_is_not_an_event():
    text = "昨天，我市召开科技创新例会，深入学习贯彻总书记考察湖南重要讲话精神，落实省委全会部署。"
    found = events(text)
    assert [(e.type, e.name) for e in found] == [("meeting", "科技创新例会")]


def test_vague_date_keeps_its_text():
    (event,) = events("记者在日前召开的“2024年某某签约大会”上了解到，共签约项目10个。")
    assert event.start is None and event.date_text == "日前"
    assert event.name == "2024年某某签约大会"


def test_ceremony_needs_its_own_date():
    assert events("各地开展了丰富多彩的活动，举行了升旗仪式。") == []
    (event,) = events("3月25日，某某项目开工奠基仪式举行。")
    assert (event.type, event.start) == ("other", date(2024, 3, 25))


def test_impossible_date_gives_no_date_and_a_warning():
    warnings: list[str] = []
    m = ArticleMeta(published=PUBLISHED)
    found = extract_events("2月30日，某某推进会召开。", m, [], warnings)
    assert found[0].start is None and any("2月30日" in w for w in warnings)


def test_subtitle_names_the_meeting_of_a_speech():
    found = events("今年是开局之年。我们将扎实推进各项工作。",
                   subtitles=["——2024年1月26日在某省第十四届人民代表大会第二次会议上"])
    (event,) = found
    assert event.name == "某省第十四届人民代表大会第二次会议" and event.start == date(2024, 1, 26)
    assert event.span == (0, 0)


def test_no_event_words_no_events():
    assert events("全年引进高校毕业生5万人以上。") == []


def test_undated_work_mention_of_inspection_is_not_a_visit():
    text = "8月20日，市长邵春林主持召开办公会议。要加强技术指导和督导检查工作，另一方面进行考察。"
    assert [e.type for e in events(text)] == ["meeting"]


def test_visitor_in_the_sentence_joins_participants():
    text = "9月10日，省委书记周立新在我市调研。市委书记王海波陪同调研。"
    (event,) = events(text)
    assert event.type == "inspection" and {"周立新", "王海波"} <= set(event.participants)


@pytest.mark.shared
def test_gold_events_f1(shared_dir):
    """Over ../shared/gold/dev: events matched by (type, start, end) reach F1 >= 0.85."""
    from luoshi.evaluation.gold import gold_files, load_gold, resolve_input
    from luoshi.evaluation.matching import align_articles
    from luoshi.extraction.pipeline import extract_document
    from luoshi.reading import read_path

    gold_dir = shared_dir / "gold" / "dev"
    tp = fp = fn = 0
    for path in gold_files(gold_dir):
        gold = load_gold(path)
        doc, articles = read_path(resolve_input(gold, shared_dir), published=gold.published)
        extractions = extract_document(doc, articles)
        for gi, pi in align_articles([a.headline for a in gold.articles], [a.headline for a in articles]):
            want = [(e["type"], e.get("start"), e.get("end")) for e in gold.articles[gi].events]
            got = [(e.type, e.start and e.start.isoformat(), e.end and e.end.isoformat())
                   for e in extractions[pi].events]
            matched = sum(min(want.count(k), got.count(k)) for k in set(want))
            tp, fp, fn = tp + matched, fp + len(got) - matched, fn + len(want) - matched
    assert 2 * tp / max(1, 2 * tp + fp + fn) >= 0.85, (tp, fp, fn)


def test_gathering_anchored_to_its_verb_wins_over_a_time_clause():
    text = "2月3日上午，县十届人大四次会议闭幕后，县政府随即召开重点工作动员部署会。县长柏某某主持会议。"
    (event,) = events(text)
    assert event.name == "重点工作动员部署会" and event.start == date(2024, 2, 3)


def test_activity_that_is_a_meeting_is_one_event():
    text = "27日，某某大会活动之一，某某智能制造产业对接会在某市举行。"
    assert [(e.type, e.name) for e in events(text)] == [("meeting", "某某智能制造产业对接会")]


def test_dated_speech_at_a_press_conference_reports_it_with_its_quoted_name():
    (event,) = events("今天下午，区委书记韦明德在该区“项目攻坚”情况发布会上回应了网友关切。")
    assert (event.type, event.name, event.start) == ("meeting", "“项目攻坚”情况发布会", PUBLISHED)


def test_site_check_led_by_an_official_is_an_inspection():
    (event,) = events("9月3日，副县长柏云舟率县水务局负责人到某水库项目现场检查施工情况。")
    assert (event.type, event.start) == ("inspection", date(2024, 9, 3))


def test_traditional_text_gives_the_event_name_as_printed():
    (event,) = events("9月12日上午，市委書記萬志遠主持召開市委常委會會議，研究部署當前工作。")
    assert (event.type, event.name, event.start) == ("meeting", "市委常委會會議", date(2024, 9, 12))
    assert event.chair == "萬志遠"


def test_ceremony_attended_by_named_people_takes_the_lead_date_and_stays_apart_from_another():
    text = ("9月12日，某某经济开发区重点项目集中开工。省委常委韦明德，副省长柏云舟出席重点项目开工奠基仪式。"
            "12日下午，韦明德一行参加了两地合作共建产业园区签约仪式。")
    found = [(e.type, e.name, e.start) for e in events(text) if e.type == "other"]
    assert found == [("other", "重点项目开工奠基仪式", date(2024, 9, 12)),
                     ("other", "两地合作共建产业园区签约仪式", date(2024, 9, 12))]


def test_taking_part_in_related_activities_is_not_a_new_event():
    text = "12日，省政协副主席胡某率调研组来我市调研。市委书记方志远参加相关活动。"
    assert [e.type for e in events(text)] == ["inspection"]


def test_deputy_post_of_a_standing_committee_is_not_a_meeting():
    text = "9月12日，全国人大常委会副委员长韦明德来我市视察。"
    assert [e.type for e in events(text)] == ["inspection"]


def test_delegation_deliberation_is_a_meeting_and_history_is_not_reported():
    text = ("9月12日上午，市委书记方志远参加城东代表团审议政府工作报告。"
            "2019年全国两会上，某某在参加代表团审议时强调，要抓好落实。")
    found = [(e.type, e.name, e.start) for e in events(text)]
    assert found == [("meeting", "城东代表团审议", date(2024, 9, 12))]


def test_two_undated_meetings_with_their_own_names_stay_apart():
    text = "春节过后，省里召开扶贫开发领导小组会议。随后又召开生态环境保护委员会全体会议。"
    names = [e.name for e in events(text)]
    assert len(names) == 2


def test_keyword_ending_in_hui_continues_into_huiyi():
    (event,) = events("9月12日，市长邵春林主持召开市政府党组会议，传达学习有关精神。")
    assert event.name == "市政府党组会议"


def test_a_same_day_word_takes_the_date_of_the_lead():
    found = events("10月18日，省信访局局长林小禾一行到我县调研。当天，林小禾在县信访局召开座谈会。县领导王川参加了当天的座谈会。",
                   published=date(2017, 10, 20))
    meeting = [e for e in found if e.type == "meeting"]
    assert len(meeting) == 1 and meeting[0].start == date(2017, 10, 18) and meeting[0].name == "座谈会"


def test_a_bare_talk_during_an_inspection_is_part_of_it_but_a_talk_of_its_own_is_a_meeting():
    visit = events("5月17日，副县长林小禾带队到东川市考察，与企业负责人进行了座谈交流。", published=date(2017, 5, 18))
    assert [e.type for e in visit] == ["inspection"]
    talk = events("4月6日下午，市长林小禾带队拜访了海淀区政府，与区长王川等进行了座谈交流。", published=date(2016, 4, 7))
    assert [(e.type, e.start) for e in talk] == [("meeting", date(2016, 4, 6))]


def test_briefs_of_a_brief_column_are_separate_events():
    text = ("第七届数字阅读大会在杭州召开\n第七届数字阅读大会今天（4月16日）在杭州召开，发布了报告。\n"
            "东川休闲大会开幕\n东川休闲大会今天（4月16日）开幕，专家学者参加。\n"
            "全国农资打假专项行动启动\n全国农资打假专项行动今天（4月16日）启动，严厉打击制假售假。\n")
    found = events(text, published=date(2021, 4, 16))
    assert sorted(e.type for e in found) == ["meeting", "meeting", "other"]


def test_captions_between_paragraphs_do_not_make_a_brief_column():
    text = ("6月6日，东川产业投资推介会在武汉举行，客商代表参加。\n活动现场\n推介会由副市长林小禾主持。\n"
            "市长王川\n王川表示欢迎。\n签约仪式\n全市共签约33个项目。\n")
    assert [e.type for e in events(text, published=date(2021, 6, 7))].count("meeting") == 1


def test_a_congress_welcomed_in_a_purpose_clause_is_no_event():
    found = events("10月16日上午，为迎接中国共产党第十九次全国代表大会胜利召开，我县举行新项目集中开工仪式。",
                   published=date(2017, 10, 16))
    assert [e.type for e in found] == ["other"]


def test_a_supervision_visit_and_an_interview_session_are_events():
    (visit,) = events("9月9日，市委副书记、市长林小禾一行，对我县重大项目建设情况进行了集中督查。县委书记周一鸣陪同督查。")
    assert (visit.type, visit.start) == ("inspection", date(2024, 9, 9))
    (session,) = events("3月12日中午，随着某某部部长林小禾回答完记者提问，今年组织的3场“部长通道”集体采访活动正式收官。",
                        published=date(2024, 3, 12))
    assert (session.type, session.start) == ("other", date(2024, 3, 12))


def test_rooms_offices_means_of_work_and_a_visitors_purpose_are_no_events():
    text = ("9月13日，我县在政府二楼会议室召开重点工作调度会。县长林小禾出席，县政府办、督查局有关负责人参加会议。"
            "县政协组织侨胞开展联谊活动，通过实地观摩、座谈交流等方式，感受发展变化。")
    assert [(e.type, e.name) for e in events(text)] == [("meeting", "重点工作调度会")]
    text = "市长林小禾9月13日下午会见了率团来沪参加“2024东川西川城市论坛”的西川市市长周一鸣一行。"
    assert [e.type for e in events(text)] == ["reception"]


def test_a_peoples_congress_standing_committee_visited_is_no_meeting():
    text = "今天（9月13日）上午，区委书记林小禾先后到区人大常委会和区政协，调研人大、政协工作。"
    assert [(e.type, e.start) for e in events(text)] == [("inspection", date(2024, 9, 13))]


def test_an_undated_sentence_of_a_brief_takes_its_own_briefs_date():
    text = ("◆9月10日，县直机关干部职工篮球赛在县体育中心举办。副县长林小禾出席开幕式。\n"
            "◆9月11日，我县召开巩固衔接重点工作调度会。副县长林小禾出席，各乡镇负责人参加会议。\n"
            "◆9月12日，副县长林小禾带领联合执法队在水库开展水源地保护联合执法行动。\n")
    assert [(e.type, e.start) for e in events(text)] == [
        ("other", date(2024, 9, 10)), ("meeting", date(2024, 9, 11)), ("other", date(2024, 9, 12))]


def test_a_month_only_date_is_the_events_own_and_keeps_it_apart_from_a_dated_one():
    text = ("3月13日，市长林小禾会见了西川市市长周一鸣一行。林小禾说，去年11月，两国领导人成功会晤，"
            "为两市交流合作提供了指引。")
    assert [(e.type, e.start) for e in events(text, published=date(2024, 3, 14))] == [
        ("reception", date(2024, 3, 13)), ("reception", None)]
    (visit,) = events("4月，省委书记林小禾到东川县考察。", published=date(2024, 5, 20))
    assert (visit.type, visit.start, visit.date_text) == ("inspection", None, "4月")


def test_without_a_publication_date_the_year_of_the_first_paragraph_dates_a_month_day():
    text = "2019年2月7日上午，区委书记林小禾主持召开区委常委会会议。\n2月8日，林小禾到东川镇调研。"
    found = [(e.type, e.start) for e in events(text, published=None)]
    assert found == [("meeting", date(2019, 2, 7)), ("inspection", date(2019, 2, 8))]
    assert [e.start for e in events("区委书记林小禾2月7日主持召开区委常委会会议。", published=None)] == [None]


def test_two_sessions_of_one_type_each_after_a_day_of_its_own_are_two_events():
    text = "继4月1日两会“委员通道”集中采访活动后，昨天上午，6位市级部门负责人走上“局长通道”接受记者提问。"
    assert [(e.type, e.start) for e in events(text, published=date(2024, 4, 8))] == [
        ("other", date(2024, 4, 1)), ("other", date(2024, 4, 7))]


def test_a_ministers_interview_session_with_a_named_minister_is_an_event_of_the_day():
    text = ("第十四届全国人民代表大会第四次会议今天上午在人民大会堂举行开幕会。会议结束后，“部长通道”开启，"
            "国家发展改革委主任林小禾接受了采访。")
    events = extract_article(text, ArticleMeta(published=date(2026, 3, 5))).events
    assert [(e.type, e.name, e.start) for e in events][-1] == ("other", "部长通道", date(2026, 3, 5))


def test_an_inspection_named_in_a_studied_meeting_or_reported_on_is_no_visit():
    text = ("11月30日，县委书记林小禾主持召开县委常委会议。会议传达学习了中央第三环境保护督察组督查某省工作动员会精神，"
            "听取了县环保督查有关情况的汇报。")
    events = extract_events(text, ArticleMeta(published=date(2026, 12, 1)), [])
    assert [e.type for e in events] == ["meeting"]


def test_a_standing_meeting_printed_without_yi_and_a_site_tour_are_events():
    text = "1月19日，县长林小禾主持召开县第十九届人民政府第8次常务会。"
    events = extract_events(text, ArticleMeta(published=date(2022, 1, 20)), [])
    assert [(e.type, e.start) for e in events] == [("meeting", date(2022, 1, 19))]
    tour = extract_events("9月30日，区委书记王川带队开展项目建设现场巡查。", ArticleMeta(published=date(2022, 10, 1)), [])
    assert [e.type for e in tour] == ["inspection"]


def test_named_ceremony_held_without_a_day_of_its_own_takes_the_article_date():
    text = "9月10日上午，某县在工业园区举行誓师大会。随后，某县举行了2024年秋季重大项目集中开工仪式。"
    found = [(e.type, e.name, e.start) for e in events(text) if e.type == "other"]
    assert found == [("other", "2024年秋季重大项目集中开工仪式", date(2024, 9, 10))]


def test_described_ceremony_is_no_named_one():
    text = ("9月10日上午，某县举办新项目集中开工仪式。县领导分别参加了3个项目的开工仪式。"
            "在工业园举行开工庆典仪式的某某公司项目总投资5亿元。")
    assert [e.name for e in events(text) if e.type == "other"] == ["新项目集中开工仪式"]


def test_a_date_line_dates_the_entry_below_it():
    text = "9:30\n奠基现场\n9月10日上午\n某县举行了2024年秋季重大项目集中开工仪式\n"
    (event,) = events(text)
    assert (event.type, event.start) == ("other", date(2024, 9, 10))


def test_talk_with_a_guest_who_came_is_a_reception_and_his_tour_no_inspection():
    text = ("本报讯 9月12日，县委书记张某某与来我县考察的某某科技有限公司董事长李某某举行工作座谈。"
            "副县长王某某参加座谈。考察期间，李某某一行先后到工业园区、文旅项目参观。"
            "李某某表示，通过此次实地考察，对某县印象深刻。")
    assert [(e.type, e.start) for e in events(text)] == [("reception", date(2024, 9, 12))]


def test_talk_after_visiting_hosts_stays_a_meeting():
    text = "9月12日下午，市长张某某带队拜访某区政府，与区长李某某等进行了座谈交流。"
    assert [e.type for e in events(text)] == ["meeting"]


def test_guests_tour_beside_their_reception_is_no_inspection():
    text = ("近日，某商会会长王某某率商会会员二十余人前往某区参观考察。"
            "区委书记李某某会见了王会长一行，并进行座谈交流。")
    assert [e.type for e in events(text)] == ["reception"]


def test_a_visit_in_a_meetings_agenda_item_is_no_inspection():
    text = ("9月12日，市长张某某主持召开市政府第8次常务会议。会议研究了某督导组督查我市问题整改方案，"
            "听取了安全生产工作汇报。")
    assert [e.type for e in events(text)] == ["meeting"]


def test_earlier_gathering_named_after_ji_is_a_back_reference():
    text = "前不久，我区召开了项目建设现场巡查会，这是继9月3日现场观摩交流会之后又一次检阅。区领导巡查了18个项目。"
    assert [e.type for e in events(text)] == ["inspection"]


def test_undated_later_mention_joins_the_gathering_dated_by_its_own_sentence():
    text = ("9月10日到11日，某籍异地商会负责人回到家乡，对县域经济发展情况进行了考察。"
            "在11日晚召开的座谈会上，县长张某某介绍了有关情况。座谈会由县政协主席李某某主持。")
    found = sorted((e.type, e.name, e.start, e.end) for e in events(text))
    assert found == [("inspection", "考察", date(2024, 9, 10), date(2024, 9, 11)),
                     ("meeting", "座谈会", date(2024, 9, 11), date(2024, 9, 11))]


def test_a_look_at_sites_on_the_spot_is_an_inspection():
    text = "本报讯 9月12日上午，区领导张某某、李某某带领有关部门负责同志深入重点工程现场，实地察看建设进展情况。"
    assert [(e.type, e.start) for e in events(text)] == [("inspection", date(2024, 9, 12))]


def test_an_organised_activity_with_its_own_day_is_reported():
    text = "9月12日，县政协组织开展全县各界人士“迎中秋”活动。县领导张某某参加。"
    assert [(e.type, e.start) for e in events(text)] == [("other", date(2024, 9, 12))]


def test_a_gathering_still_ahead_is_not_reported():
    text = ("昨日，市长张某某会见了某某友好城市访问团一行。访问团此次来访将参加某某经贸恳谈会，"
            "还将赴某镇参观希望小学。")
    assert [e.type for e in events(text)] == ["reception"]


def test_a_session_about_to_close_is_only_the_occasion_of_a_speech():
    text = ("9月12日下午，县领导张某某等来到各分组讨论地点看望委员。"
            "张某某说，县政协十届一次会议即将闭幕，这次会议是一次承上启下的重要会议。")
    assert [e for e in events(text) if e.type == "meeting"] == []


def test_activities_demanded_in_a_directive_are_no_events():
    text = ("9月12日，县委书记张某某主持召开县委常委会议。张某某要求班子成员要积极投身于主题教育实践活动之中，"
            "在做好近期开展调研活动的同时，抓好各项工作。")
    assert [e.type for e in events(text)] == ["meeting"]


def test_a_dated_speech_in_a_ministers_passage_reports_the_session():
    text = "今天（13日）下午，在部长通道上，五位部委负责人与中外媒体面对面交流。"
    assert [(e.type, e.start) for e in events(text)] == [("other", date(2024, 9, 13))]


def test_a_talk_the_visiting_party_holds_on_its_tour_is_part_of_the_visit():
    text = ("9月12日，县委书记张某某到县融媒体中心调研。"
            "在办公大楼，张某某一行察看了办公环境，详细了解了运营情况，并召开座谈会。")
    assert [e.type for e in events(text)] == ["inspection"]


def test_a_talk_told_in_its_own_sentence_after_a_tour_stays_a_meeting():
    text = ("9月12日上午，区长张某某一行实地察看了重点项目建设情况。"
            "随后，在区委会议室召开座谈会，围绕加快推进重点工程建设进行研讨。")
    assert sorted(e.type for e in events(text)) == ["inspection", "meeting"]


def test_the_anniversary_of_a_visit_is_no_visit():
    text = "9月12日，某区人大会议开幕。当天的报告指出，今年是总书记考察某区10周年，也是建区40周年。"
    assert [e.type for e in events(text)] == ["meeting"]


def test_requirements_as_a_noun_or_an_important_meeting_are_no_directive():
    text = "按照市委要求，9月12日，县委召开重要会议，部署防汛工作。"
    assert [e.type for e in events(text)] == ["meeting"]
    text = "9月12日，县长张某某强调，全县上下要做好防汛工作，县里随后召开主要负责人会议。"
    assert [e.type for e in events(text)] == []


def test_a_dated_gathering_ahead_is_a_scheduled_one():
    text = "记者获悉，9月15日上午，某县将举行重大项目集中开工仪式。"
    assert [(e.type, e.start) for e in events(text)] == [("other", date(2024, 9, 15))]


def test_the_meeting_that_speaks_is_the_one_reported_not_a_new_one():
    """会议传达学习了总书记6月28日…的讲话: the meeting already told speaks; 6月28日 dates what it studied."""
    text = ("6月30日，县委书记林小禾主持召开县委常委会第24次会议。\n"
            "会议传达学习了习近平总书记6月28日在武汉考察时发表的重要讲话精神。")
    events = extract_events(text, ArticleMeta(published=date(2022, 7, 1)), [])
    assert [(e.type, e.name, e.start) for e in events] == [("meeting", "县委常委会第24次会议", date(2022, 6, 30))]


def test_a_gathering_a_received_guest_came_for_is_no_event():
    text = "4月29日，市委书记林小禾会见前来参加某某大会的上海市某商会会长王川一行。"
    events = extract_events(text, ArticleMeta(published=date(2019, 4, 30)), [])
    assert [e.type for e in events] == ["reception"]


def test_what_was_done_at_a_session_shows_it_took_place():
    text = "11月9日，东川县第十八届人民代表大会第一次会议上，代县长林小禾作《政府工作报告》。"
    events = extract_events(text, ArticleMeta(published=date(2021, 11, 9)), [])
    assert [(e.type, e.name, e.start) for e in events] == [
        ("meeting", "东川县第十八届人民代表大会第一次会议", date(2021, 11, 9))]
