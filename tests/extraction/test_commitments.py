"""Commitments: targets (value, unit, comparator, metric, period, hedge), owners carried over
speaker turns, distribution with 分别, the qualifier rule, deliverables and directives."""
from __future__ import annotations

from datetime import date

import pytest

from luoshi.extraction.commitments import extract_commitments, report_speaker
from luoshi.extraction.model import ArticleMeta, Person, Post

META = ArticleMeta(published=date(2025, 4, 18))
PLACE, PATH = "临川市", ["江西省", "临川市"]


def _person(text: str, name: str, org: str | None = None) -> Person:
    """A person as the entities stage gives them: every mention of the name, and the resolved post."""
    mentions, start = [], text.find(name)
    while start >= 0:
        mentions.append((start, start + len(name)))
        start = text.find(name, start + 1)
    return Person(name=name, title=None, posts=[Post(org=org, title="局长")] if org else [], mentions=mentions)


def _targets(text, people=(), meta=META):
    found = extract_commitments(text, meta, list(people), PLACE, PATH)
    return [c for c in found if c.kind == "target"]


def test_target_value_unit_comparator_metric_period_and_hedge():
    [t] = _targets("市人社局局长周明远表示，将确保全年引进青年人才3.2万人以上。")
    q = t.target
    assert (q.value, q.unit, q.comparator) == (32000, "人", ">=")
    assert q.metric == "引进青年人才"
    assert t.period.text == "全年" and t.period.start == date(2025, 1, 1) and t.period.end == date(2025, 12, 31)
    assert t.strength == "确保"


def test_metric_joins_the_verb_and_the_noun_after_the_number():
    [t] = _targets("局长周明远表示，确保全年吸引超6万人返乡创业。")
    assert (t.target.value, t.target.comparator, t.target.metric) == (60000, ">", "吸引返乡创业")


def test_a_qualifying_amount_is_not_a_second_target():
    targets = _targets("局长周明远表示，全年新招引亿元以上文旅项目80个以上，其中10亿元以上的项目5个。")
    assert [(t.target.value, t.target.unit) for t in targets] == [(80, "个"), (5, "个")]


def test_distribution_with_fenbie_gives_one_target_per_item():
    text = "今年主要预期目标是：农业、工业、服务业增加值分别增长3%左右、7%左右、6%左右。"
    targets = _targets(text)
    assert [(t.target.value, t.target.comparator) for t in targets] == [(3, "~"), (7, "~"), (6, "~")]
    assert [t.target.metric for t in targets] == ["农业增加值增长", "工业增加值增长", "服务业增加值增长"]


def test_owner_carries_across_sentences_until_the_next_speaker():
    text = ("市人社局局长周明远表示，将深化就业服务。全年新增城镇就业1.5万人。"
            "市商务局局长林晓东表示，将全力扩大消费，力争社会消费品零售总额增长6%。")
    people = [_person(text, "周明远", "临川市人力资源和社会保障局"), _person(text, "林晓东", "临川市商务局")]
    targets = _targets(text, people)
    assert [(t.target.value, t.owner.person, t.owner.org) for t in targets] == [
        (15000, "周明远", "临川市人力资源和社会保障局"), (6, "林晓东", "临川市商务局")]


def test_figures_after_an_announcement_in_its_paragraph_are_targets():
    text = "市人社局局长周明远表示，将深化就业服务。城镇新增就业3万人以上，零就业家庭动态清零。"
    assert [(t.target.value, t.target.comparator) for t in _targets(text)] == [(30000, ">=")]


def test_figures_after_a_target_list_frame_are_targets():
    text = "主要预期目标是：地区生产总值增长5%左右。规模以上工业增加值增长6%左右；城镇新增就业8万人。"
    assert [t.target.value for t in _targets(text)] == [5, 6, 80000]


def test_in_a_work_report_unmarked_figures_are_targets():
    meta = ArticleMeta(headline="政府工作报告", published=date(2025, 1, 20), subtitles=["市长 蒋文华"])
    text = "深入实施城市更新行动。同步推进排水防涝，改造城镇地下管网300公里以上。"
    [t] = _targets(text, meta=meta)
    assert (t.target.value, t.target.comparator, t.owner.person) == (300, ">=", "蒋文华")


def test_a_new_paragraph_introducing_someone_else_ends_the_turn():
    text = ("市人社局局长周明远表示，将确保全年新增就业1.5万人。\n"
            "副市长何建平到会指导。全年将完成技能培训2万人次。")
    people = [_person(text, "周明远"), _person(text, "何建平")]
    targets = _targets(text, people)
    assert [(t.target.value, t.owner.person, t.owner.org) for t in targets] == [
        (15000, "周明远", None), (20000, None, PLACE)]


def test_speaker_found_without_the_entities_stage():
    text = "市水利局党组书记、局长邓卫华表示，年底前完成河道整治80公里。"
    [t] = _targets(text)
    assert t.owner.person == "邓卫华" and t.period.text == "年底前"


def test_unnamed_speaker_gives_the_organisation_as_owner():
    text = "市交通运输局相关负责人表示，今年将新建农村公路300公里。"
    [t] = _targets(text)
    assert t.owner.person is None and t.owner.org.endswith("交通运输局")


def test_an_organisation_speaking_owns_what_it_announces():
    text = "市财政局介绍，今年下半年还将有9类产品纳入网上竞价。"
    [t] = _targets(text)
    assert (t.target.value, t.owner.person, t.owner.org) == (9, None, "临川市财政局")


def test_report_author_under_the_headline_owns_the_report():
    meta = ArticleMeta(published=date(2025, 2, 1), subtitles=["市长 蒋文华"])
    [t] = _targets("今年经济社会发展的主要预期目标是：地区生产总值增长6%左右。", meta=meta)
    assert (t.target.value, t.target.comparator, t.owner.person) == (6, "~", "蒋文华")


def test_what_a_meeting_decides_belongs_to_its_chair():
    text = ("市委副书记、市长蒋文华主持召开市政府常务会议。\n会议强调，要确保全年完成棚户区改造1200户，"
            "力争一季度工业投资增长8%。")
    targets = _targets(text)
    assert [(t.target.value, t.owner.person) for t in targets] == [(1200, "蒋文华"), (8, "蒋文华")]


def test_a_quarter_not_yet_over_does_not_make_a_statistic():
    meta = ArticleMeta(published=date(2025, 2, 10))
    [t] = _targets("局长周明远表示，力争一季度外贸进出口增长6%。", meta=meta)
    assert t.period.text == "一季度" and t.strength == "力争"


def test_a_restated_target_is_kept_once_with_its_named_owner():
    text = ("今年全县将完成交通投资42亿元。\n县交通运输局局长魏志刚介绍说，今年全县将完成交通投资42亿元，"
            "新建桥梁12座。")
    targets = _targets(text, [_person(text, "魏志刚")])
    assert [(t.target.value, t.owner.person) for t in targets] == [(4200000000, "魏志刚"), (12, "魏志刚")]


def test_comparison_words_do_not_make_a_plan_past():
    text = "今年主要预期目标是：地区生产总值比上年增长6%左右，一般公共预算收入同比增长3%。"
    assert [t.target.value for t in _targets(text)] == [6, 3]


def test_achieved_figures_are_not_targets():
    assert _targets("截至目前，全市已建成充电桩3200个，同比增长45%。") == []


def test_no_targets_in_text_without_chinese_or_numbers():
    assert _targets("Quarterly meeting held; nothing was decided.") == []
    assert _targets("要坚持真抓实干，推动各项工作落地见效。") == []


def test_bad_dates_and_malformed_numbers_neither_crash_nor_invent():
    warnings: list[str] = []
    text = "局长周明远表示，将在2月30日前完成第29次评估，确保13月底前新增1.2.3万个岗位。"
    found = extract_commitments(text, META, [], PLACE, PATH, warnings=warnings)
    assert [c for c in found if c.target] == []
    assert warnings == ["number '1.2.3万' not understood (several decimal points)"]


def test_deliverable_and_directive_clauses():
    text = "局长周明远表示，将推进“临川就业”服务平台开发上线运行。要坚持真抓实干。"
    found = extract_commitments(text, META, [_person(text, "周明远")], PLACE, PATH)
    kinds = [(c.kind, c.owner.person) for c in found]
    assert ("deliverable", "周明远") in kinds and ("directive", "周明远") in kinds
    deliverable = next(c for c in found if c.kind == "deliverable")
    assert "服务平台开发上线运行" in deliverable.action


def test_commitment_spans_slice_their_text():
    text = "局长周明远表示，将确保全年引进青年人才3.2万人以上，推进“临川就业”服务平台上线运行。"
    for c in extract_commitments(text, META, [], PLACE, PATH):
        assert text[c.span[0]:c.span[1]] == c.text
        if c.target:
            assert text[c.target.span[0]:c.target.span[1]] == c.target.text


@pytest.mark.shared
def test_seed_and_dev_gold_targets_and_statistics_reach_their_bars(shared_dir):
    from luoshi.evaluation import evaluate_folder
    gold_dir = shared_dir / "gold" / "dev"
    report = evaluate_folder(gold_dir, shared_dir)
    totals = report.totals
    assert totals["targets"].f1 >= 0.9, totals["targets"]
    assert totals["target_owners"].f1 >= 0.9, totals["target_owners"]
    assert totals["statistics"].f1 >= 0.9, totals["statistics"]


def test_a_target_restated_in_other_words_is_kept_once():
    text = ("“十五五”末，全县将打通连接周边乡镇的9条“断头”公路。\n"
            "……\n“十五五”末，9条断头公路将全部打通。")
    assert [(t.target.value, t.target.unit) for t in _targets(text)] == [(9, "条")]


def test_same_figure_for_distinct_indicators_is_not_a_restatement():
    text = "全年规模以上工业增加值增长5%，固定资产投资增长5%。"
    assert [t.target.value for t in _targets(text)] == [5, 5]


def test_a_paragraph_the_reporter_opens_ends_the_speakers_turn():
    text = ("市电力公司总经理郑国栋表示，将全力保障迎峰度夏用电。\n"
            "据了解，全年全市将新增储煤能力20万吨。")
    people = [_person(text, "郑国栋", "临川市电力公司")]
    [t] = _targets(text, people)
    assert (t.owner.person, t.owner.org) == (None, PLACE)


def test_an_organisation_as_the_subject_owns_the_target_outside_any_turn():
    [t] = _targets("据悉，市水务局计划今年新建供水管网120公里。")
    assert (t.owner.person, t.owner.org) == (None, "临川市水务局")
    assert t.target.metric == "新建供水管网"


def test_a_speakers_turn_still_carries_into_a_paragraph_that_names_nobody():
    text = ("市交通局局长王志刚表示，今年要新改建农村公路300公里。\n"
            "下一步，全市将到2027年新增客运线路20条。")
    people = [_person(text, "王志刚", "临川市交通运输局")]
    assert [t.owner.person for t in _targets(text, people)] == ["王志刚", "王志刚"]


def test_a_target_whose_clause_names_nothing_takes_the_subject_before_it():
    text = "2024年，全市实现外贸进出口额326.5亿元，同比增长8.3%；今年力争突破350亿元。"
    [t] = _targets(text)
    assert (t.target.value, t.target.comparator, t.target.metric) == (35000000000, ">", "全市实现外贸进出口额")


def test_a_range_is_one_target_with_its_bounds_and_the_metric_without_the_dash_word():
    [t] = _targets("力争全年接待游客800万至1000万人次。")
    assert (t.target.value, t.target.comparator, t.target.low, t.target.high, t.target.metric) == (
        8000000, "between", 8000000, 10000000, "接待游客")


def test_a_comparator_after_a_list_qualifies_every_number_of_it():
    targets = _targets("今年城乡居民收入力争分别增长4.5%、5.5%左右，新建公园8个、绿道12条以上。")
    assert [(t.target.value, t.target.comparator) for t in targets] == [(4.5, "~"), (5.5, "~"), (8, "="), (12, ">=")]


def test_a_count_of_the_items_just_listed_or_of_the_reports_parts_is_no_target():
    targets = _targets("今年将建设东湖、西山、南岭3个实验室，重点抓好以下6个方面的工作：新建学校10所。")
    assert [(t.target.value, t.target.unit) for t in targets] == [(10, "所")]


def test_doubling_is_a_target_with_its_period():
    [t] = _targets("力争到2030年，全县生产总值比2020年翻一番。")
    assert (t.target.value, t.target.unit, t.period.text) == (2, "倍", "到2030年")


def test_the_organisation_issuing_a_document_owns_what_the_document_sets_out():
    text = ("5月8日，市住房和城乡建设局网站公布《关于发展租赁住房的实施意见》。\n"
            "《实施意见》提出，到2027年，新增租赁住房占新增住房供应的比例力争达到25%以上。")
    [t] = _targets(text)
    assert (t.target.value, t.target.comparator) == (25, ">=")
    assert (t.owner.person, t.owner.org) == (None, "临川市住房和城乡建设局")


def test_in_a_work_report_unmarked_clauses_that_build_things_are_deliverables():
    meta = ArticleMeta(published=date(2026, 2, 1), headline="政府工作报告", subtitles=["县长 林海"])
    text = "加强生态系统保护。推动设立县级湿地保护研究中心，提升湿地公园建设水平，出台河湖管护标准。"
    found = [c.text for c in extract_commitments(text, meta, [], PLACE, PATH) if c.kind == "deliverable"]
    assert found == ["推动设立县级湿地保护研究中心", "出台河湖管护标准"]


def test_a_future_marker_after_the_subject_makes_a_deliverable():
    found = extract_commitments("记者了解到，临川至东乡高速公路将于6月底全线通车。", META, [], PLACE, PATH)
    assert [(c.kind, c.period.text) for c in found] == [("deliverable", "6月底")]


def test_two_targets_sharing_one_run_of_characters_are_not_a_restatement():
    text = "“十五五”时期，全县将打通2条县际断头路段，贯通2条重要联络线。"
    assert [t.target.value for t in _targets(text)] == [2, 2]


def test_fenbie_over_verbs_shares_out_the_verbs_and_the_noun():
    targets = _targets("今年将分别新建、改扩建幼儿园6所、9所。")
    assert [(t.target.value, t.target.metric) for t in targets] == [(6, "新建幼儿园"), (9, "改扩建幼儿园")]


@pytest.mark.parametrize("subtitles, expected", [
    (["——2026年1月20日在东川市第十届人民代表大会第五次会议上", "东川市市长 林 小 禾"], ("林小禾", "东川市市长")),
    (["2026年1月20日在西山省第十四届人民代表大会第四次会议上 西山省省长 周立新"], ("周立新", "西山省省长")),
    (["——2026年1月20日在西山省第十四届人民代表大会第四次会议上", "周立新"], ("周立新", None)),
    (["自治区主席 艾力·买买提"], ("艾力·买买提", "自治区主席")),
    (["——深入推进项目攻坚年行动"], None),
])
def test_the_speaker_of_a_report_is_read_from_the_lines_under_its_title(subtitles, expected):
    assert report_speaker(subtitles) == expected


def test_a_work_reports_targets_belong_to_its_speaker_and_the_government():
    meta = ArticleMeta(headline="2026年东川市政府工作报告", published=date(2026, 1, 25),
                       subtitles=["——2026年1月20日在东川市第十届人民代表大会第五次会议上", "东川市市长 林 小 禾"])
    text = "各位代表：\n二、2026年工作安排\n今年主要预期目标是：地区生产总值增长5%左右，城镇新增就业3万人。\n"
    targets = [c for c in extract_commitments(text, meta, [], "东川市", ["东川市"]) if c.target]
    assert [(c.owner.person, c.owner.org, c.role) for c in targets] == [("林小禾", "东川市人民政府", "expected")] * 2


def test_a_news_item_on_a_work_report_keeps_its_lead_counts_out_and_gives_the_targets_to_the_government():
    meta = ArticleMeta(headline="东川市人代会开幕 林小禾作政府工作报告", published=date(2026, 1, 25))
    text = ("大会代表名额为338名，实际出席会议的代表318名，符合法定人数。\n林小禾向大会作《政府工作报告》。\n"
            "林小禾在报告中说，今年经济社会发展的主要预期目标是：地区生产总值增长6%左右，城镇新增就业3万人。\n")
    people = [Person(name="林小禾", title=None, role="speaker", mentions=[(m, m + 3) for m in (34, 51)])]
    targets = [c for c in extract_commitments(text, meta, people, "东川市", ["江西省", "东川市"]) if c.target]
    assert [(c.target.value, c.owner.person, c.owner.org, c.role) for c in targets] == [
        (6, "林小禾", "东川市人民政府", "expected"), (30000, "林小禾", "东川市人民政府", "expected")]


def test_the_presenter_of_a_work_report_owns_its_plans_narrated_in_a_news_item():
    text = ("近日，在东川县第十七届人民代表大会第二次会议上，东川县县长林小禾作政府工作报告。\n"
            "2026年，东川县计划招引20个以上过亿项目，新增城区绿化面积28万平方米。\n")
    people = [Person(name="林小禾", title="东川县县长", role="speaker", mentions=[(text.find("林小禾"), text.find("林小禾") + 3)])]
    targets = [c for c in extract_commitments(text, ArticleMeta(published=date(2026, 1, 20)), people, "东川县",
                                              ["江西省", "东川县"]) if c.target]
    assert [(c.target.value, c.owner.person, c.owner.org) for c in targets] == [
        (20, "林小禾", "东川县人民政府"), (280000, "林小禾", "东川县人民政府")]


def test_a_target_narrated_about_another_place_belongs_to_that_place():
    people = [Person(name="林小禾", title="水利部副部长", role="speaker", mentions=[(0, 3)])]
    text = "林小禾表示，全国水利投资将大幅增长。未来5年，河北省水利投入将达1000亿元。"
    [t] = [c for c in extract_commitments(text, ArticleMeta(), people, "中国", ["中国"]) if c.target]
    assert t.owner.org == "河北省" and t.owner.person is None


def test_the_articles_own_place_as_subject_does_not_take_a_target_from_its_speaker():
    people = [Person(name="林小禾", title="市长", role="speaker", mentions=[(0, 3)])]
    text = "林小禾表示，要加快项目建设。\n东川将推进重点片区建设，投资超200亿元。"
    text = text.replace("东川", "南通")
    [t] = [c for c in extract_commitments(text, ArticleMeta(), people, "南通市", ["江苏省", "南通市"]) if c.target]
    assert t.owner.person == "林小禾"


def test_a_road_named_after_another_place_does_not_take_a_target_from_its_speaker():
    people = [Person(name="林小禾", title="区委书记", role="speaker", mentions=[(0, 3)])]
    text = "林小禾说，今年将加快推进保障性住房建设。\n金华路保障性住房项目将主体封顶，落实1843套保障性住房建筹指标。"
    [t] = [c for c in extract_commitments(text, ArticleMeta(), people, "市南区", ["山东省", "青岛市", "市南区"])
           if c.target]
    assert t.owner.person == "林小禾"


def test_a_hedge_governs_a_later_clauses_year_on_year_bound():
    """力争 opens a run of clauses; the last one's 同比增长…以上 is what is striven for, not a result."""
    text = "市商务局赴省商务厅对接项目，力争应报尽报、应批尽批，全年到位外资同比增长12%以上。"
    [t] = _targets(text)
    assert (t.target.value, t.target.comparator, t.strength) == (12, ">=", "力争")


def test_a_result_after_thanks_to_efforts_stays_a_result():
    """共同努力下 / 经过努力 credit the effort behind a result; they are no hedge."""
    assert _targets("在全县上下的共同努力下，一季度外贸进出口同比增长30%以上。") == []
    assert _targets("经过努力，上半年实际利用外资同比增长20%以上。") == []
    assert _targets("今年以来，我县力争上游，一季度地区生产总值同比增长8.5%。") == []


def test_an_exact_year_on_year_figure_after_a_hedge_clause_is_a_result():
    assert _targets("全县确保完成全年任务，一季度地区生产总值同比增长8.5%。") == []


def test_the_body_that_opens_the_sentence_owns_its_hedged_target():
    """区发改局赴省对接项目，力争…: the bureau acts and commits; its head's post is no body of its own."""
    [t] = _targets("3月10日，县发改局赴省发改委对接项目，力争全年争取上级资金同比增长15%以上。")
    assert t.owner.org is not None and "发" in t.owner.org and t.owner.org != PLACE
    [t] = _targets("县发改局局长周明远赴省发改委对接项目，力争全年争取上级资金同比增长15%以上。")
    assert t.owner.org != "县发改局局"
    [t] = _targets("县交通局、县财政局联合调研，力争全年完成交通投资20亿元以上。")
    assert t.owner.org == PLACE  # two bodies: neither alone owns it, the place's default stands


def test_a_round_scale_target_in_speech():
    [t] = _targets("我们争取到2027年地区生产总值超过千亿，这就是基本目标。")
    assert (t.target.value, t.target.unit, t.target.comparator) == (10**11, "元", ">")


def test_as_soon_as_possible_puts_a_figure_in_the_future():
    """尽快实现公办幼儿园占比50%以上: 尽快 (as soon as possible) makes it a target."""
    [t] = _targets("新建改建一批公办幼儿园，尽快实现公办幼儿园占比50%以上。")
    assert (t.target.value, t.target.comparator, t.strength) == (50, ">=", "尽快")
