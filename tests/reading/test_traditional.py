"""The one traditional -> simplified fold, and page furniture recognised in traditional characters."""
from __future__ import annotations

import pytest

from luoshi.reading import patterns, read_bytes
from luoshi.reading.segment import Line, classify
from luoshi.reading.traditional import fold, is_traditional


def test_fold_keeps_length_and_returns_simplified_text_unchanged():
    line = "市委書記主持召開會議，投資1.2萬元"
    assert fold(line) == "市委书记主持召开会议，投资1.2万元"
    assert len(fold(line)) == len(line)
    simple = "市委书记主持召开会议"
    assert fold(simple) is simple


def test_a_text_is_traditional_only_with_enough_traditional_characters():
    assert is_traditional("縣委書記主持召開縣委常委會會議，研究部署重點工作。")
    assert not is_traditional("县委书记主持召开县委常委会会议，关于研究部署重点工作。")  # 关于: no 於 at all


def test_furniture_patterns_match_lines_printed_in_traditional_characters():
    assert patterns.is_boilerplate("責任編輯：王某")
    assert patterns.is_boilerplate("分享到：")
    assert patterns.is_boilerplate("【字號：大 中 小】")
    assert patterns.is_boilerplate("微信公眾號")
    assert patterns.is_boilerplate("作者:某某新聞網 發表于:2017-08-16 08:43:35 點擊:")
    assert not patterns.is_boilerplate("縣委書記王某主持召開會議。")


def test_a_row_of_portal_links_is_furniture_not_a_table():
    assert classify(Line(0, 9, "手機網站 | 幫助中心")) == "drop"
    assert classify(Line(0, 16, "| 指標 | 2023年 | 增長 |")) == "body"


@pytest.mark.parametrize("spam", ["某某某某基地不卡高清_某某某某永久免费_某某某某视频一级_某某专区某某丝袜",
                                  "某某又粗又长免费看,某某啪啪,某某中文字幕黄网,某某国产精品,某某天堂网"])
def test_a_keyword_stuffed_title_line_is_never_the_headline(spam):
    page = f"{spam}\n縣委書記王某調研背街小巷改造工作\n8月15日，縣委書記王某來我縣調研背街小巷改造工作。\n".encode()
    _, articles = read_bytes(page, name="page.txt")
    assert articles[0].headline == "縣委書記王某調研背街小巷改造工作"
    assert spam not in articles[0].text
