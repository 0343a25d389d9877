"""Statistics: achieved or observed quantities, with lists, inherited heads and the tense rules."""
from __future__ import annotations

import time
from datetime import date

from luoshi.extraction.model import ArticleMeta
from luoshi.extraction.statistics import extract_statistics

META = ArticleMeta(published=date(2024, 9, 20))


def _triples(text, meta=META):
    return [(s.value, s.unit, s.comparator) for s in extract_statistics(text, meta)]


def test_list_of_built_things_gives_one_statistic_each_with_its_metric():
    text = "截至目前，全县建成文化驿站12个、书屋230个、阅读点1500个，实现全覆盖。"
    stats = extract_statistics(text, META)
    assert [(s.value, s.metric) for s in stats][1:] == [(230, "书屋"), (1500, "阅读点")]
    assert stats[0].value == 12 and stats[0].metric.endswith("文化驿站")
    assert stats[0].as_of == "截至目前"


def test_list_item_with_one_character_head_inherits_the_previous_head():
    stats = extract_statistics("会议评选出首批示范馆7个、站80个。", META)
    assert [s.metric for s in stats][-1].endswith("示范站")


def test_more_than_and_scaled_counts():
    assert _triples("今年以来，累计接待游客35万人次，培育社团900多个。") == [(350000, "人次", "="), (900, "个", ">")]


def test_future_figures_are_not_statistics():
    assert _triples("局长陈立新表示，将确保全年新增就业2万人以上。") == []


def test_past_year_makes_a_statistic_even_in_a_plan():
    assert _triples("2023年全市完成投资96.5亿元，计划完成率104.2%。") == [(9650000000, "元", "="),
                                                                   (104.2, "%", "=")]


def test_last_years_whole_year_is_past():
    assert _triples("增速比去年全年提高4.2个百分点。") == [(4.2, "个百分点", "=")]


def test_growth_rates_reported_are_statistics():
    assert _triples("上半年，全市工业投资同比增长8.1%。") == [(8.1, "%", "=")]


def test_the_same_figure_restated_is_reported_once():
    text = "签约项目45个\n本次活动共签约项目45个，总金额88亿元。"
    assert _triples(text) == [(45, "个", "="), (8800000000, "元", "=")]


def test_years_dates_ordinals_and_codes_are_not_statistics():
    text = "2024年9月19日，市政府召开第31次常务会议，审议《2024年1号文件》，热线12345全天受理。"
    assert _triples(text) == []


def test_text_without_chinese_gives_nothing():
    assert extract_statistics("Annual report 2024: 15 pages, see appendix 3.", META) == []


def test_statistics_spans_slice_their_text():
    text = "截至8月底，全市新增市场主体1.2万户，同比增长6.4%。"
    for s in extract_statistics(text, META):
        assert text[s.span[0]:s.span[1]] == s.text


def test_a_five_megabyte_paragraph_is_handled_in_reasonable_time():
    sentence = "截至目前，全区持续深化新时代文明实践，推动志愿服务常态化、品牌化，建成服务站120个，"
    text = sentence * (5_000_000 // len(sentence))  # one paragraph, no sentence end
    started = time.perf_counter()
    stats = extract_statistics(text, META)
    assert time.perf_counter() - started < 30
    assert [(s.value, s.unit) for s in stats] == [(120, "个")]


def _metrics(text, meta=META):
    return [(s.value, s.metric) for s in extract_statistics(text, meta)]


def test_a_bare_growth_rate_measures_the_amount_before_it():
    assert _metrics("去年，全县农村居民人均可支配收入达到2.1万元，同比增长6.4%。") == [
        (21000, "全县农村居民人均可支配收入"), (6.4, "全县农村居民人均可支配收入同比增长")]


def test_a_comparison_year_does_not_make_a_future_figure_past():
    assert _triples("到2030年，全县生产总值比2020年翻一番。") == []


def test_fenbie_over_an_unsplit_head_gives_each_number_the_head():
    assert _metrics("去年全县城乡居民人均收入分别增长5%和7%。") == [
        (5, "全县城乡居民人均收入增长"), (7, "全县城乡居民人均收入增长")]


def test_per_unit_prices_and_areas_are_plain_measures():
    assert _triples("去年，岭东镇稻谷收购价每公斤3.1元，人均住房面积42.5平方米，新建果园1.2万亩。") == [
        (3.1, "元", "="), (42.5, "平方米", "="), (12000, "亩", "=")]


def test_a_share_after_an_acronym_is_a_percentage():
    assert _triples("去年，岭东县第三产业占到了GDP48%。") == [(48, "%", "=")]


def test_a_future_use_after_the_last_number_does_not_carry_to_the_next_sentence():
    text = "去年共采购救护车40辆，将主要配备各乡镇卫生院。还有负压救护车12辆。"
    assert _triples(text) == [(40, "辆", "="), (12, "辆", "=")]


def test_in_a_work_report_a_weak_past_word_is_the_task():
    meta = ArticleMeta(published=date(2025, 1, 20), headline="政府工作报告", subtitles=["县长 林海"])
    assert _triples("争取实施流域治理工程，完成植树造林3万亩。", meta) == []


def test_the_same_rate_of_two_subjects_is_two_statistics():
    text = "去年，东岭县开工率100%，西河县开工率100%。其中东岭县开工率100%。"
    assert _metrics(text) == [(100, "东岭县开工率"), (100, "西河县开工率")]


def test_a_space_before_the_percent_sign_is_tolerated():
    assert _triples("去年资金节约率为9 %。") == [(9, "%", "=")]


def test_the_disposal_jiang_before_a_number_is_not_the_future():
    assert _triples("去年投入改造资金60万元，将4个闲置仓库整合为一个园区。") == [(600000, "元", "="), (4, "个", "=")]


def test_tax_relief_amounts_without_yuan_are_money():
    assert _triples("去年全县新增减税降费3亿，惠及企业200多家。") == [(300000000, "元", "="), (200, "家", ">")]


def test_you_with_a_verb_of_growth_reports_a_done_deed():
    meta = ArticleMeta(published=date(2024, 12, 10))
    assert _triples("同时，今年又新增创业担保贷款500万元。", meta) == [(5000000, "元", "=")]


def test_a_round_scale_after_a_comparator_is_an_amount():
    """突破百亿元 / GDP超过百亿: 百亿 printed alone after a comparator is 100亿."""
    assert _triples("去年全县地区生产总值突破百亿元大关。") == [(10**10, "元", ">")]


def test_a_round_scale_naming_a_class_of_thing_is_no_amount():
    assert _triples("去年全县培育千亿级产业集群，实施百亿工程，千家万户受益。") == []
    assert _triples("去年全市百亿企业增加到5家。") == [(5, "家", "=")]

def test_a_count_followed_by_its_list_is_no_statistic():
    from luoshi.extraction.quantities import find_quantities
    text = "主会场设在物流园，3个分会场分别是和平路改造、东湖公园、新城学校。另建成充电桩120个。"
    assert [(q.value, q.qualifier) for q in find_quantities(text)] == [(3, True), (120, False)]


def test_places_moved_in_a_ranking_are_no_count():
    from luoshi.extraction.quantities import find_quantities
    text = "规上工业增加值同比增长2.1%，增速居全市第5位，较一季度上升2位；新增10位专家。"
    assert [(q.value, q.unit) for q in find_quantities(text)] == [(2.1, "%"), (10, "位")]


def test_a_comparison_word_does_not_outweigh_the_hedge_of_its_sentence():
    from datetime import date as _date

    from luoshi.extraction.quantities import analyse
    text = "区商务局对接某某等项目，力争应报尽报，应成尽成，本年度到位资金同比增长12%以上。去年到位资金同比增长8%。"
    tenses = [(q.mention.text, q.tense) for q in analyse(text, _date(2023, 3, 17)).quantities]
    assert tenses == [("12%以上", "future"), ("8%", "past")]
