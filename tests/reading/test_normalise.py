"""Normalisation rules, and the offset map back to the original text."""
from __future__ import annotations

import random
import unicodedata
from itertools import pairwise

import pytest

from luoshi.reading import read_bytes
from luoshi.reading.normalise import normalise


@pytest.mark.parametrize(
    "original,expected",
    [
        ("投资１２０亿元，增长８．５％", "投资120亿元，增长8.5%"),  # full-width digits/symbols -> ASCII
        ("东川市,西山县;南湖区", "东川市，西山县；南湖区"),  # ASCII punctuation between Chinese
        ("决算(草案)的报告", "决算（草案）的报告"),
        ("他说:要抓落实!", "他说：要抓落实！"),
        ("共1,000人，12:30开会", "共1,000人，12:30开会"),  # digits on both sides keep ASCII
        ('提出"两个确保"目标', "提出“两个确保”目标"),  # straight quotes pair up
        ("「先行区」建设", "“先行区”建设"),
        ("第一段\r\n\r\n第二段\r第三段", "第一段\n第二段\n第三段"),  # CRLF, CR, blank lines
        ("\u3000\u3000首行缩进。\n  \t次行缩进。  ", "首行缩进。\n次行缩进。"),  # indents, trailing spaces
        ("记者\u00a0王小川\u3000\u3000李木", "记者 王小川 李木"),  # NBSP/ideographic spaces -> one space
        ("零宽\u200b字符\ufeff", "零宽字符"),
        ("ＧＤＰ增长", "GDP增长"),
        ("一般公共预算收入完成0.86亿元，社会(下转第四版)\n消费品", "一般公共预算收入完成0.86亿元，社会\n消费品"),  # page jump
        ("（資料圖片僅供參考）\n会议指出，要抓落实。", "会议指出，要抓落实。"),  # picture disclaimer, its line too
        ("（转2版）的报告（草案）", "的报告（草案）"),
        ("作出积极贡献。②7\n①要点在前。", "作出积极贡献。\n①要点在前。"),  # an editor's code, a list mark stays
        ("您当前位置：首页 > 新闻中心 > 动态 林小禾一行考察东川\n正文。", "林小禾一行考察东川\n正文。"),  # trail on the title's line
        ("<h3>东川召开会议</h3>\n<p style=\"x\">正文。</p>", "东川召开会议\n正文。"),  # HTML tags in a text copy
        ("PM2.5<35微克", "PM2.5<35微克"),  # no tag
    ],
)
def test_normalisation_rules(original, expected):
    assert normalise(original)[0] == expected


def _corresponds(norm_char: str, orig_char: str) -> bool:
    """A normalised character stands for its original: same after NFKC, or a known substitution."""
    if norm_char == orig_char or unicodedata.normalize("NFKC", norm_char) == unicodedata.normalize("NFKC", orig_char):
        return True
    quotes = set('"“”「」『』‘’\'＂')
    spaces = set(" \u00a0\u3000\t")
    return (norm_char in quotes and orig_char in quotes) or (norm_char in spaces and orig_char in spaces) or (
        norm_char == "\n" and orig_char in "\r\n"
    )


SAMPLE = (
    "\ufeff\u3000\u3000东川市召开重点项目推进会\r\n\r\n——深入推进“项目攻坚年”行动\r\n"
    "晚报讯 昨天下午,东川市召开重点项目推进会,市长林小禾出席.全年新开工项目不少于３０个，完成投资１２０亿元。\r\n"
    "  会议强调，各地各部门要\r\n\r\n压实责任、加快进度，确保\"两个确保\"目标落地。\r\n记者 周一鸣  \r\n"
)


def test_every_normalised_char_maps_to_a_corresponding_original_char():
    text, mapping = normalise(SAMPLE)
    assert len(mapping) == len(text) + 1 and mapping[-1] == len(SAMPLE)
    assert all(a <= b for a, b in pairwise(mapping)), "the map is monotonic"
    for i, ch in enumerate(text):
        assert _corresponds(ch, SAMPLE[mapping[i]]), (i, ch, SAMPLE[mapping[i]])


def test_random_spans_of_the_document_text_come_from_the_original():
    doc, articles = read_bytes(SAMPLE.encode("utf-8"), name="page.txt")
    rng = random.Random(7)
    for _ in range(300):
        s = rng.randrange(len(doc.text))
        e = rng.randrange(s, len(doc.text)) + 1
        original = doc.original_text[doc.offset_map[s]:doc.offset_map[e - 1] + 1]
        squash = lambda t: "".join(unicodedata.normalize("NFKC", t).split()).replace('"', "").replace("“", "").replace("”", "")
        assert squash(doc.text[s:e]) == squash(original)


def test_article_text_maps_through_the_document_to_the_original():
    doc, articles = read_bytes(SAMPLE.encode("utf-8"), name="page.txt")
    art = articles[0]
    assert len(art.text_to_doc) == len(art.text) + 1
    for i, ch in enumerate(art.text):
        if ch == "\n":
            continue
        assert doc.text[art.text_to_doc[i]] == ch
        assert _corresponds(ch, doc.original_text[doc.offset_map[art.text_to_doc[i]]])
    passage = "全年新开工项目不少于30个"
    s = art.text.index(passage)
    e = s + len(passage)
    o_start = doc.offset_map[art.text_to_doc[s]]
    o_end = doc.offset_map[art.text_to_doc[e - 1]] + 1
    assert doc.original_text[o_start:o_end] == "全年新开工项目不少于３０个"


def test_original_span_shows_a_repaired_passage_in_the_original():
    from luoshi.reading import original_span

    page = "东川市召开推进会\n晚报讯 昨天，东川市召开推进会。会议指出，东川市委、\n\n市政府坚持项目为王，投资１２０亿元。\n记者林小禾\n"
    doc, articles = read_bytes(page.encode("utf-8"), name="p.txt")
    art = articles[0]
    s = art.text.index("东川市委、市政府")
    e = art.text.index("亿元") + 2
    o_start, o_end = original_span(doc.offset_map, art.text_to_doc, s, e)
    assert doc.original_text[o_start:o_end] == "东川市委、\n\n市政府坚持项目为王，投资１２０亿元"


@pytest.mark.parametrize(
    "original,expected",
    [
        ("市委常委、副市長(zhǎng)郭某某來我區(qū)調(diào)研", "市委常委、副市長郭某某來我區調研"),  # tone-marked glosses
        ("副縣長（xiàn）李某", "副縣長李某"),  # full-width parentheses
        ("市長(zh?ng)王某", "市長王某"),  # a tone letter lost to a re-encoding
        ("福建日?qǐng)?bào)記者", "福建日？?記者"),  # the opening parenthesis swallowed: each ? stays
        ("國內生產總值(GDP)增長", "國內生產總值（GDP）增長"),  # an abbreviation is no gloss
        ("基礎設施基金(reits)。", "基礎設施基金（reits）。"),  # lowercase Latin without a tone mark neither
    ],
)
def test_pinyin_glosses_after_characters_are_deleted(original, expected):
    assert normalise(original)[0] == expected


def test_a_deleted_gloss_keeps_the_map_to_the_original():
    original = "副市長(zhǎng)郭某某"
    text, mapping = normalise(original)
    assert text == "副市長郭某某"
    assert [original[mapping[i]] for i in range(len(text))] == list(text)
    assert mapping[3] == original.index("郭")


def test_small_form_punctuation_is_read_as_the_usual_marks():
    text, offsets = normalise("收入基本同步﹔失业率控制在目标内﹐物价稳定﹒")
    assert text == "收入基本同步；失业率控制在目标内，物价稳定。" and len(offsets) == len(text) + 1
