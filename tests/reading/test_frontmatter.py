"""Static-site posts (Hexo/Jekyll front matter): the header is metadata, never article text."""
from __future__ import annotations

from datetime import date

import pytest

from luoshi.reading import read_bytes
from luoshi.reading.frontmatter import split_front_matter

POST = """---
title: '东川市一季度经济数据出炉：投资增长8%'
categories:
 - 新闻
headimg: 'https://example.invalid/a.png'
date: Wed, 24 Mar 2021 20:46:53 GMT
---

<div><p>　　3月22日，东川市统计局发布数据，一季度固定资产投资同比增长8%。</p>
<p>　　（作者：东川日报记者 林小禾 编辑：周一鸣）</p></div>
"""


def test_the_header_gives_title_and_beijing_date_and_never_enters_the_text():
    doc, [art] = read_bytes(POST.encode("utf-8"), name="post.md")
    assert art.headline == "东川市一季度经济数据出炉：投资增长8%"
    assert doc.published == date(2021, 3, 25)  # 20:46 GMT is the next morning in Beijing
    assert "headimg" not in art.text and "categories" not in art.text and "固定资产投资" in art.text


@pytest.mark.parametrize("value, expected", [
    ("2021-03-24 23:30:00 +0800", date(2021, 3, 24)),
    ("2021-03-24T16:30:00Z", date(2021, 3, 25)),
    ("2021-03-24", date(2021, 3, 24)),
    ("not a date", None),
])
def test_dates_in_the_header(value, expected):
    front = split_front_matter(f"---\ntitle: x\ndate: {value}\n---\nbody\n")
    assert front is not None and front.published == expected


def test_a_text_that_only_starts_with_a_rule_is_not_front_matter():
    assert split_front_matter("---\n东川市召开会议。会议指出，要抓好落实。\n---\n正文") is None
    assert split_front_matter("东川市召开会议\n---\n") is None
