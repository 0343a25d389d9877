"""Organisation names resolved to their place; abbreviations expanded (invented texts)."""
from __future__ import annotations

from luoshi.extraction.model import ArticleMeta
from luoshi.extraction.organisations import extract_organisations, resolve_org

YANCHENG = ("盐城市", ["江苏省", "盐城市"])


def test_bare_city_prefix_gets_the_city():
    assert resolve_org("市商务局", *YANCHENG) == "盐城市商务局"
    assert resolve_org("市委", *YANCHENG) == "盐城市委"


def test_abbreviations_expand_to_full_names():
    assert resolve_org("市人社局", *YANCHENG) == "盐城市人力资源和社会保障局"
    assert resolve_org("市发改委", *YANCHENG) == "盐城市发展和改革委员会"
    assert resolve_org("工信部", None, []) == "工业和信息化部"


def test_province_prefix_gets_the_province():
    assert resolve_org("省政协", *YANCHENG) == "江苏省政协"


def test_county_level_city_reports_as_itself():
    assert resolve_org("市委", "汝州市", ["河南省", "平顶山市", "汝州市"]) == "汝州市委"


def test_already_full_names_are_kept():
    assert resolve_org("黄石市委", *YANCHENG) == "黄石市委"


def test_mentions_have_spans_and_lists_share_the_prefix():
    text = "座谈会上，市发改委、人社局、教育局等部门负责人发言。市委书记会见某某能源有限公司董事长。"
    orgs = extract_organisations(text, ArticleMeta(), *YANCHENG)
    names = [o["name"] for o in orgs]
    assert names[:3] == ["盐城市发展和改革委员会", "盐城市人力资源和社会保障局", "盐城市教育局"]
    assert "某某能源有限公司" in names
    for o in orgs:
        assert text[o["span"][0]:o["span"][1]] == o["as_printed"]


def test_false_endings_and_too_short_bodies_are_not_organisations():
    text = "把握国家、省布局未来产业的契机，由某某市投资促进中心承办，某某经济区协办。"
    printed = [o["as_printed"] for o in extract_organisations(text, ArticleMeta(), *YANCHENG)]
    assert "省布局" not in printed and not any(p.endswith("协办") for p in printed)


def test_company_with_group_inside_is_one_name():
    text = "会见某某电建集团某某设计院有限公司党委委员。"
    printed = [o["as_printed"] for o in extract_organisations(text, ArticleMeta(), *YANCHENG)]
    assert printed == ["某某电建集团某某设计院有限公司"]


def test_traditional_text_keeps_printed_form_and_resolves_simplified():
    text = "會上，市財政局、市商務局負責人作了發言，會議由市委書記主持。"
    found = extract_organisations(text, ArticleMeta(), "盐城市", ["江苏省", "盐城市"])
    names = {o["as_printed"]: o["name"] for o in found}
    assert names["市財政局"] == "盐城市财政局"
    assert all(text[o["span"][0]:o["span"][1]] == o["as_printed"] for o in found)
