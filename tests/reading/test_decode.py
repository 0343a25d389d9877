"""Decoding plain text and HTML bytes: BOMs, GB18030 family, Big5, UTF-16, declared charsets."""
from __future__ import annotations

import codecs

import pytest

from luoshi.reading import ReadError, read_bytes
from luoshi.reading.decode import canonical_encoding, decode_bytes

TEXT = "东川市召开重点项目推进会\n晚报讯 昨天，东川市召开重点项目推进会，部署下半年工作。\n记者林小禾\n"
TRAD = "東川市召開重點項目推進會\n本報訊（記者 林小禾）昨天，東川市召開重點項目推進會，部署下半年工作。\n"


def test_utf8_without_bom_is_utf8():
    assert decode_bytes(TEXT.encode("utf-8"), "a.txt") == (TEXT, "utf-8")


@pytest.mark.parametrize(
    "bom,codec,expected",
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
    ],
)
def test_byte_order_mark_decides_and_is_not_part_of_the_text(bom, codec, expected):
    text, encoding = decode_bytes(bom + TEXT.encode(codec), "a.txt")
    assert text == TEXT and encoding == expected


def test_utf16_without_bom_is_recognised_by_its_nul_bytes():
    text, encoding = decode_bytes(TEXT.encode("utf-16-le"), "a.txt")
    assert text == TEXT and encoding == "utf-16-le"


def test_gbk_bytes_decode_as_gb18030_the_superset():
    text, encoding = decode_bytes(TEXT.encode("gbk"), "a.txt")
    assert text == TEXT and encoding == "gb18030"


def test_character_outside_gbk_survives_gb18030():
    rare = TEXT.replace("林小禾", "林䶮禾")  # 䶮 is in GB18030 but not in GBK
    text, encoding = decode_bytes(rare.encode("gb18030"), "a.txt")
    assert "林䶮禾" in text and encoding == "gb18030"


def test_big5_traditional_text_is_read_and_its_credits_found():
    doc, articles = read_bytes(TRAD.encode("big5"), name="trad.txt")
    assert doc.encoding.startswith("big5")
    assert articles[0].headline == "東川市召開重點項目推進會"
    assert articles[0].dateline.startswith("本報訊") and articles[0].reporters == ["林小禾"]


def test_html_meta_charset_is_honoured():
    page = f'<html><head><meta charset="gb2312"><title>东川新闻</title></head><body><p>{TEXT}</p></body></html>'
    doc, _ = read_bytes(page.encode("gbk"), name="page.html")
    assert doc.format == "html" and doc.encoding == "gb18030"


@pytest.mark.parametrize("label", ["GB2312", "gbk", "cp936", "GB18030"])
def test_gb_family_labels_widen_to_gb18030(label):
    assert canonical_encoding(label) == "gb18030"


def test_undecodable_bytes_are_refused_with_the_file_name():
    data = "东川市".encode() + b"\xff\xfe\x80\x81\xc0\xc1" * 4
    with pytest.raises(ReadError) as info:
        read_bytes(data, name="broken.txt")
    assert str(info.value).startswith("broken.txt: undecodable bytes")


def test_one_corrupt_byte_in_a_long_text_is_replaced_with_a_warning():
    data = (TEXT * 50).encode("utf-8")
    data = data[:300] + b"\xff" + data[300:]
    doc, _ = read_bytes(data, name="nearly.txt")
    assert doc.encoding == "utf-8" and any("U+FFFD" in w for w in doc.warnings)


def test_charset_declared_in_a_jsp_directive_is_honoured():
    page = '<%@ page contentType="text/html; charset=GBK" %>\n<html><body><p>東川市召開會議，部署下半年工作。</p></body></html>'
    doc, articles = read_bytes(page.encode("gbk"), name="news.jsp")
    assert doc.encoding == "gb18030" and articles[0].text == "東川市召開會議，部署下半年工作。"
