"""Mood of a quantity (target or statistic) and the owner of narrated targets: the mechanisms of
issue 13 — plan periods against the publication date, words that look like markers and are not,
places as the subject of a narrated sentence. Sentences are written for these tests."""
from __future__ import annotations

from datetime import date

from luoshi.extraction.commitments import extract_commitments
from luoshi.extraction.model import ArticleMeta, Person, Post
from luoshi.extraction.statistics import extract_statistics

META = ArticleMeta(published=date(2022, 3, 9))
PLACE, PATH = "中国", ["中国"]


def _targets(text: str, meta: ArticleMeta = META, place: str = PLACE, path: list[str] = PATH,
             people: list[Person] | None = None) -> list[tuple[float, str | None, str | None]]:
    found = extract_commitments(text, meta, people or [], place, path)
    return [(c.target.value, c.owner.person, c.owner.org) for c in found if c.target is not None]


def _statistics(text: str, meta: ArticleMeta = META) -> list[float]:
    return [s.value for s in extract_statistics(text, meta)]


def test_a_plan_period_still_running_makes_its_figures_targets():
    text = "“十四五”期间，累计引进省外资金8000亿元，新建产业园区40个。"
    assert [v for v, _, _ in _targets(text, place="江南省", path=["江南省"])] == [8000 * 10**8, 40]
    assert _statistics(text) == []


def test_a_plan_period_that_is_over_makes_its_figures_results():
    text = "“十三五”期间，累计引进省外资金6000亿元。"
    assert _statistics(text) == [6000 * 10**8]
    assert _targets(text) == []


def test_a_plan_period_in_its_last_year_leaves_the_tense_to_the_sentence():
    meta = ArticleMeta(published=date(2025, 6, 1))
    assert _statistics("“十四五”期间，已建成产业园区40个。", meta) == [40]
    assert [v for v, _, _ in _targets("“十四五”期间，力争建成产业园区45个。", meta)] == [45]


def test_yi_shang_before_nian_is_no_past_marker():
    # 100家以上年产值…: 以上 ends the comparator, 上年 is not "last year"
    text = "北川市将培育100家以上年产值超过亿元的龙头企业，打造120条旅游精品线路。"
    assert [v for v, _, _ in _targets(text, place="北川市", path=["北川市"])] == [100, 120]


def test_yu_qi_as_a_noun_is_no_hedge():
    text = "上半年面对预期减弱的压力，经济仍保持3%的增长。"
    assert _targets(text) == []
    assert _statistics(text) == [3]


def test_ji_hua_wan_cheng_is_a_plan():
    text = "今年我区计划完成背街小巷改造6条。"
    assert [v for v, _, _ in _targets(text, place="东川区", path=["东川区"])] == [6]


def test_a_place_opening_a_narrated_sentence_owns_its_target_without_a_hedge():
    text = ("南江省水利厅厅长周明远说，未来5年将新建中型水库12座。\n"
            "据介绍，“十二五”期间，河南省水利规划投资900亿元。")
    people = [Person(name="周明远", title="厅长", posts=[Post(org="南江省水利厅", title="厅长")],
                     mentions=[(text.find("周明远"), text.find("周明远") + 3)])]
    meta = ArticleMeta(published=date(2011, 2, 1))
    assert _targets(text, meta, people=people) == [(12, "周明远", "南江省水利厅"), (900 * 10**8, None, "河南省")]


def test_a_speakers_organisation_is_not_a_narrated_subject():
    text = "南江省水利厅厅长周明远说，未来5年将新建中型水库12座。"
    people = [Person(name="周明远", title="厅长", posts=[Post(org="南江省水利厅", title="厅长")],
                     mentions=[(text.find("周明远"), text.find("周明远") + 3)])]
    assert _targets(text, ArticleMeta(published=date(2011, 2, 1)), people=people) == [(12, "周明远", "南江省水利厅")]


def test_a_threshold_amount_before_the_projects_it_sizes_is_no_target():
    text = ("“十四五”期间，引进总投资超10亿元的产业项目400个，其中超20亿元项目150个、超50亿元项目60个，"
            "超100亿元项目取得突破。")
    assert [v for v, _, _ in _targets(text, place="江南省", path=["江南省"])] == [400, 150, 60]


def test_same_count_of_differently_sized_projects_is_two_targets():
    text = "“十四五”期间，引进总投资超10亿元的内资项目300个；引进总投资超1亿美元项目300个。"
    assert [v for v, _, _ in _targets(text, place="江南省", path=["江南省"])] == [300, 300]


def test_an_amount_ending_yi_shang_before_de_and_projects_is_no_quantity():
    assert _statistics("用地面积50亩以上的存量工业项目，可以新建宿舍。") == []


def test_ge_you_counts_per_item_not_the_list():
    text = "“十四五”期间，经济开发区、高新区各有2家进入全国前十强。"
    assert [v for v, _, _ in _targets(text, place="江南省", path=["江南省"])] == [2]


def test_a_target_frame_on_a_line_of_its_own_governs_the_list_below():
    text = ("省政府印发了指导意见。目标是\n：\n● 项目引进实现新突破\n“十四五”期间，引进产业项目500个。\n"
            "● 开放平台实现新跨越\n经济开发区规上亩均税收达到37万元以上。")
    assert [v for v, _, _ in _targets(text, place="江南省", path=["江南省"])] == [500, 370000]
    assert _statistics(text) == []


def test_trains_are_counted_in_lie():
    assert _statistics("上半年，中欧班列共开行132列，列入计划的项目全部开工。") == [132]


def test_a_rate_whose_metric_is_only_the_change_is_not_a_restatement():
    text = "特别是工业投资增势强劲，增长达50.8%。分产业看，第二产业投资增长50.8%，第三产业投资增长9.7%。"
    assert _statistics(text) == [50.8, 50.8, 9.7]


def test_an_estimate_after_a_review_of_the_year_is_a_result():
    meta = ArticleMeta(published=date(2018, 1, 24))
    text = ("东川区成立一年以来，圆满完成了全年经济社会发展主要目标任务。\n"
            "预计地区生产总值超过2100亿元，增长8.8%左右；全社会固定资产投资616亿元。")
    assert _targets(text, meta, place="东川区", path=["东川区"]) == []
    assert _statistics(text, meta) == [2100 * 10**8, 8.8, 616 * 10**8]


def test_an_estimate_of_a_period_ahead_stays_a_target():
    meta = ArticleMeta(published=date(2011, 3, 1))
    text = "截至目前，已打通5段。预计“十二五”开工建设3段。项目预计今年年底竣工，年销售收入预计3000万元。"
    assert [v for v, _, _ in _targets(text, meta, place="甘肃省", path=["甘肃省"])] == [3, 3000 * 10**4]


def test_the_care_of_sign_is_a_percent_and_traditional_count_words_are_units():
    meta = ArticleMeta(published=date(2012, 2, 1))
    found = extract_statistics("初步核算，全县生产总值同比增长15℅；實施背街小巷改造42條。", meta)
    assert [(s.value, s.unit) for s in found] == [(15, "%"), (42, "條")]


def test_a_national_target_is_the_state_councils():
    text = "《政府工作报告》提出，今年国内生产总值预期增长5.5%左右。"
    assert _targets(text) == [(5.5, None, "国务院")]


def test_a_quoted_figure_with_its_unit_is_a_quantity_not_a_slogan():
    text = "为实现经济增长“5.5%左右”的预期目标，今年要做好以下方面。推进“84211”工程。"
    assert [v for v, _, _ in _targets(text)] == [5.5]


def test_a_metric_naming_only_the_target_restates_it():
    text = ("《政府工作报告》提出，今年国内生产总值预期增长5.5%左右。\n"
            "研究室副主任周明远介绍，“5.5%左右”目标的设定，考虑了多方面因素。“我们把今年的目标设定为5.5%左右。”")
    assert _targets(text) == [(5.5, None, "国务院")]


def test_progress_against_a_target_is_a_result():
    text = "一季度，城镇新增就业297万人，完成全年预定目标任务的27%。"
    assert _targets(text, ArticleMeta(published=date(2021, 4, 16))) == []
    assert _statistics(text, ArticleMeta(published=date(2021, 4, 16))) == [2970000, 27]
    assert [v for v, _, _ in _targets("力争完成全年目标任务的60%。")] == [60]


def test_the_same_figure_for_two_periods_is_two_targets():
    text = "国务院总理周明远表示，今年计划开工建设保障性住房800万套。明年还将继续开工建设800万套保障性住房。"
    people = [Person(name="周明远", title="国务院总理", posts=[Post(org="国务院", title="总理")],
                     mentions=[(text.find("周明远"), text.find("周明远") + 3)])]
    meta = ArticleMeta(published=date(2011, 3, 5))
    assert _targets(text, meta, people=people) == [(800 * 10**4, "周明远", "国务院"), (800 * 10**4, "周明远", "国务院")]


def test_an_analyst_comments_on_the_citys_target_and_does_not_own_it():
    text = "北川发展研究院副所长周明远表示，上半年经济承压，但要实现全年增长6%的目标，压力巨大。"
    start = text.find("周明远")
    people = [Person(name="周明远", title="北川发展研究院副所长", posts=[Post(org="北川发展研究院", title="副所长")],
                     mentions=[(start, start + 3)])]
    assert _targets(text, ArticleMeta(published=date(2022, 7, 30)), place="北川市", path=["北川市"],
                    people=people) == [(6, None, "北川市")]


def _work_report(text: str, published: date | None) -> tuple[list[float], list[float]]:
    meta = ArticleMeta(published=published, headline="政府工作报告")
    found = extract_commitments(text, meta, [], "东川市", ["东川市"])
    return [c.target.value for c in found if c.target is not None], _statistics(text, meta)


def test_without_a_date_the_year_the_text_names_most_tells_past_from_future():
    text = ("市长在报告中说，2016年，全市生产总值3212.2亿元，增长8%。\n"
            "2017年经济社会发展的主要预期目标是：生产总值增长8%左右。2017年要办好民生实事。")
    targets, statistics = _work_report(text, None)
    assert targets == [8] and statistics == [3212.2 * 10**8, 8]


def test_an_estimate_of_the_whole_year_after_a_review_of_it_is_a_result():
    text = "报告回顾了2017年工作。2017年，全市经济稳中向好。预计全年地区生产总值2.15万亿元，比上年增长7%以上。"
    targets, statistics = _work_report(text, date(2018, 1, 11))
    assert targets == [] and statistics == [2.15 * 10**12, 7]


def test_a_paragraph_opening_on_the_past_reviews_it_in_a_plan_document():
    text = ("“十四五”时期，东川发展历程极不平凡。这五年，综合实力再攀新高。全市生产总值从4.16万亿元增加到5.67万亿元。\n"
            "今年新建学校20所。")
    targets, statistics = _work_report(text, date(2026, 1, 25))
    assert targets == [20] and statistics == [4.16 * 10**12, 5.67 * 10**12]


def test_the_expected_targets_paragraph_wins_over_the_same_figure_in_the_lead():
    text = "东川今年GDP预期增长5.5%左右\n今年经济社会发展的主要预期目标是：地区生产总值增长5.5%左右，城镇新增就业3万人。"
    found = extract_commitments(text, ArticleMeta(published=date(2026, 1, 21)), [], "东川市", ["东川市"])
    assert [(c.target.value, c.role) for c in found if c.target is not None] == [(5.5, "expected"), (30000, "expected")]


def test_a_year_on_year_change_is_observed_in_news_and_silent_in_a_plan():
    news = "一季度，中央企业着力攻克关键核心技术，研发经费投入同比增长49.4%。"
    assert _targets(news, ArticleMeta(published=date(2021, 4, 16))) == []
    assert _statistics(news, ArticleMeta(published=date(2021, 4, 16))) == [49.4]
    plan = "今年主要预期目标是：一般公共预算收入同比增长3%。"
    assert [v for v, _, _ in _targets(plan)] == [3]


def test_a_plants_capacity_and_a_count_inside_a_name_are_not_targets():
    text = "今年要推动东川60万吨赖氨酸等项目释放产能，抓好年产60万吨油料加工项目，办好创新创业青年50人论坛，新建学校12所。"
    found = extract_commitments(text, ArticleMeta(published=date(2026, 1, 25), headline="政府工作报告"), [], "东川市",
                                ["东川市"])
    assert [c.target.value for c in found if c.target is not None] == [12]


def test_numbers_listed_and_then_counted_are_names():
    text = "东川队包揽了女子组100米、200米和500米三项冠军，全年共接待游客120万人次。"
    assert _statistics(text) == [1200000]


def test_an_amount_pointed_back_to_is_not_stated_again():
    meta = ArticleMeta(published=date(2011, 2, 1))
    text = "“十二五”期间，东川市水利建设将投资500亿元。会上获悉，这500亿元中，争取中央投资200亿元。"
    assert [v for v, _, _ in _targets(text, meta, place="东川市", path=["东川市"])] == [500 * 10**8]
    assert 500 * 10**8 not in _statistics(text, meta)


def test_tong_bi_observes_its_own_clause_only_not_the_targets_after_it():
    text = ("全区经济社会发展主要预期目标是：坚持稳中求进。\n力争固定资产投资增幅16%以上、社零额同比增长15%以上，"
            "财政总收入达到20亿元、增幅12%以上，市场主体增长60%以上。")
    assert [v for v, _, _ in _targets(text, place="东川区", path=["江南省", "东川区"])] == [16, 15, 2 * 10**9, 12, 60]
    assert _statistics(text) == []


def test_a_basis_of_comparison_is_no_past_marker_in_a_list_of_targets():
    text = ("全区经济发展的主要预期目标是：地区生产总值增长6%左右，固定资产投资与上年度持平；"
            "粮食总产量保持在10.42万吨以上；空气质量优良天数比例完成市定目标。")
    assert [v for v, _, _ in _targets(text, place="东川区", path=["江南省", "东川区"])] == [6, 104200]
    assert _statistics(text) == []


def test_a_decline_printed_as_a_negative_growth_is_a_negative_statistic():
    text = "二季度全县地区生产总值比上年同期增长-8.7%，较一季度（-10.8%）回升2.1个百分点，第二产业增加值同比-12.7%。"
    values = _statistics(text)
    assert -8.7 in values and -12.7 in values and 8.7 not in values
    assert _statistics("服务电话0513-85098765，编号T-3。") == []


def test_a_work_report_summary_that_looks_back_reports_results():
    """《政府工作报告》摘要：2021年…全面完成, published in 2022: its figures without markers are last year's
    results, not tasks, though its headline names a work report."""
    meta = ArticleMeta(headline="《政府工作报告》摘要：2021年全县各项目标任务全面完成", published=date(2022, 1, 24))
    text = "报告指出，一年来，我们坚持高质量发展。\n据统计预测，全县地区生产总值增长12.6%达92.9亿元，一般公共预算收入增长6%。"
    assert _targets(text, meta, "东川县", ["云南省", "东川县"]) == []
    assert [s.value for s in extract_statistics(text, meta)] == [12.6, 9290000000, 6]


def test_the_whole_year_in_a_paragraph_a_past_year_opens_is_that_year():
    """2022年，…。全年粮食总产量… in a statistics release: 全年 is 2022, its figures are results."""
    meta = ArticleMeta(published=date(2023, 3, 1))
    text = "2022年，全县农作物种植面积40627公顷，比上年增加503公顷。全年粮食总产量140835.7吨，同比增长0.5%。"
    assert _targets(text, meta, "东川县", ["云南省", "东川县"]) == []
    assert 140835.7 in [s.value for s in extract_statistics(text, meta)]
