"""Format detection by content, and the .docx / .pdf / HTML extractors."""
from __future__ import annotations

import io
import zipfile

import pytest

from luoshi.reading import ReadError, read_bytes
from luoshi.reading.sniff import detect_format


def make_docx(paragraphs: list[str], table: list[list[str]] | None = None, after: list[str] = ()) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.title = "东川日报"
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    for text in after:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_pdf(lines: list[str]) -> bytes:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.setFont("STSong-Light", 12)
    y = 780
    for line in lines:
        pdf.drawString(60, y, line)
        y -= 24
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def make_image_only_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.rect(100, 100, 300, 400, fill=1)  # a "scan": graphics, no text
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def test_docx_paragraphs_and_tables_come_in_document_order():
    data = make_docx(
        ["东川市召开重点项目推进会", "晚报讯 昨天，东川市召开重点项目推进会。"],
        table=[["指标", "数值"], ["新开工项目", "30个"]],
        after=["会议要求，全年完成投资不少于50亿元。", "记者林小禾"],
    )
    doc, articles = read_bytes(data, name="report.docx")
    assert doc.format == "docx" and doc.encoding is None and doc.title == "东川日报"
    art = articles[0]
    assert art.headline == "东川市召开重点项目推进会" and art.reporters == ["林小禾"]
    lines = art.text.split("\n")
    assert lines == ["昨天，东川市召开重点项目推进会。", "指标 | 数值", "新开工项目 | 30个", "会议要求，全年完成投资不少于50亿元。"]


def test_pdf_text_layer_is_read():
    data = make_pdf(["东川市召开重点项目推进会", "晚报讯 昨天，东川市召开重点项目推进会，部署工作。", "记者林小禾"])
    doc, articles = read_bytes(data, name="page.pdf")
    assert doc.format == "pdf"
    assert articles[0].headline == "东川市召开重点项目推进会"
    assert "部署工作" in articles[0].text and articles[0].reporters == ["林小禾"]


def test_pdf_without_text_layer_or_text_to_ocr_is_refused(monkeypatch):
    monkeypatch.setenv("LUOSHI_OCR_DPI", "72")  # the page is read by OCR: a coarse rendering will do
    with pytest.raises(ReadError) as info:
        read_bytes(make_image_only_pdf(), name="scan.pdf")
    assert str(info.value) == "scan.pdf: PDF has no text layer and OCR found no text on its pages"


def test_truncated_docx_is_refused():
    data = make_docx(["东川市召开重点项目推进会"])
    with pytest.raises(ReadError) as info:
        read_bytes(data[: len(data) // 2], name="cut.docx")
    assert "cut.docx: damaged or truncated" in str(info.value)


def test_zip_that_is_not_a_word_document_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("data.csv", "a,b\n")
    with pytest.raises(ReadError, match="neither a Word .docx nor an OFD"):
        read_bytes(buffer.getvalue(), name="archive.docx")


def test_format_comes_from_content_not_extension():
    html = "<html><body><p>东川市召开重点项目推进会。</p></body></html>".encode()
    assert detect_format(html, "notes.txt") == "html"
    assert detect_format(make_pdf(["东川"]), "file.txt") == "pdf"
    assert detect_format(make_docx(["东川"]), "file.doc") == "docx"
    assert detect_format("东川市召开会议。".encode(), "page.html") == "text"


def test_html_page_keeps_news_and_loses_navigation():
    page = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>东川市召开重点项目推进会_东川新闻网</title></head>
<body><div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/news">新闻中心</a></li>
<li><a href="/gov">政务公开</a></li><li><a href="/map">网站地图</a></li></ul></div>
<div class="article"><h1>东川市召开重点项目推进会</h1><div class="info">发布时间：2024-07-02 来源：东川日报</div>
<p>7月1日，东川市召开重点项目推进会，市长林小禾出席会议并讲话。会议通报了上半年全市重点项目建设情况。</p>
<p>会议要求，全年新开工亿元以上项目不少于30个，完成投资120亿元。各地各部门要压实责任、加快进度。</p>
<p>会议还研究部署了安全生产等工作。</p></div>
<div class="footer">版权所有：东川市人民政府 All Rights Reserved 网站地图 隐私安全</div></body></html>"""
    doc, articles = read_bytes(page.encode("utf-8"), name="news.shtml")
    assert doc.format == "html"
    art = articles[0]
    assert art.headline == "东川市召开重点项目推进会"
    assert "完成投资120亿元" in art.text
    for furniture in ("首页", "政务公开", "网站地图", "版权所有", "All Rights Reserved", "发布时间"):
        assert furniture not in art.text
    assert doc.published is not None and doc.published.isoformat() == "2024-07-02"


def test_html_fragment_of_paragraphs_is_read():
    fragment = "<p>央视网消息（新闻联播）：东川市推进老旧小区改造，今年计划改造小区120个。</p>\r\n<p>目前已开工85个，惠及居民3万户。</p>"
    doc, articles = read_bytes(fragment.encode("utf-8"), name="item.html")
    assert articles[0].dateline == "央视网消息（新闻联播）"
    assert articles[0].text == "东川市推进老旧小区改造，今年计划改造小区120个。\n目前已开工85个，惠及居民3万户。"


def make_wrapped_pdf(headline: str, paragraphs: list[str]) -> bytes:
    """A PDF whose paragraphs wrap at the column edge, first lines indented (like a real report)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    head = ParagraphStyle("h", fontName="STSong-Light", fontSize=18, leading=24, wordWrap="CJK", spaceAfter=12)
    body = ParagraphStyle("b", fontName="STSong-Light", fontSize=11, leading=16, wordWrap="CJK", firstLineIndent=22)
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, title="东川市政府工作报告").build(
        [Paragraph(headline, head)] + [Paragraph(p, body) for p in paragraphs]
    )
    return buffer.getvalue()


def test_pdf_paragraphs_wrapped_at_the_column_edge_come_out_whole():
    first = "今年，东川市将坚持稳中求进工作总基调，全年地区生产总值增长6%左右，城镇新增就业3万人以上，居民收入增长与经济增长同步，单位地区生产总值能耗下降完成省下达目标。"
    second = "我们将扎实推进重大项目建设，全年安排市级重大项目120个，完成投资500亿元以上，新开工亿元以上产业项目不少于60个，推动一批强链补链项目落地见效。"
    doc, articles = read_bytes(make_wrapped_pdf("东川市政府工作报告", [first, second]), name="report.pdf")
    assert doc.title == "东川市政府工作报告"
    assert articles[0].text.split("\n") == [first, second]


SMALL_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>东川市召开重点项目推进会 - 东川新闻网</title></head>
<body><div class="top"><a href="/">首页</a> | <a href="/a">要闻</a> | <a href="/b">县区</a> | <a href="/c">视频</a></div>
<div class="crumb">当前位置：首页 &gt; 要闻</div>
<div class="main"><h2 class="title">东川市召开重点项目推进会</h2>
<div class="info"><span>2024-07-02 09:30</span> <span>来源：东川日报</span> 【字体：大 中 小】</div>
<div class="content"><p>　　7月1日，东川市召开重点项目推进会，市长林小禾出席会议并讲话。</p>
<p>　　会议要求，全年新开工亿元以上项目不少于30个，完成投资120亿元。</p>
<p style="text-align:right">（记者 王小川）</p></div>
<div class="share">分享到：微信 微博</div>
<div class="related"><h3>相关阅读</h3><ul><li><a href="/x1">西山县召开乡村振兴推进会</a></li>
<li><a href="/x2">南湖区部署安全生产工作</a></li></ul></div>
<div class="prevnext"><a href="/p">上一篇：东川市举办人才招聘会</a><a href="/n">下一篇：东川港吞吐量增长</a></div></div>
<div class="footer">主办：东川市人民政府办公室 版权所有 ICP备12345678号</div></body></html>"""


def test_small_page_loses_menus_above_its_title_and_related_links_below():
    doc, articles = read_bytes(SMALL_PAGE.encode("utf-8"), name="small.html")
    art = articles[0]
    assert art.headline == "东川市召开重点项目推进会" and art.reporters == ["王小川"]
    assert art.text == "7月1日，东川市召开重点项目推进会，市长林小禾出席会议并讲话。\n会议要求，全年新开工亿元以上项目不少于30个，完成投资120亿元。"
    assert doc.publisher == "东川日报" and doc.published.isoformat() == "2024-07-02"


def test_an_in_article_h2_section_never_cuts_the_paragraphs_above_it():
    page = """<html><head><title>东川新闻网</title></head><body><div class="nav"><a href="/">首页</a></div>
<div class="content"><p>　　7月1日，东川市召开重点项目推进会，市长林小禾出席会议并讲话。</p>
<p>　　会议通报了上半年全市重点项目建设情况。</p><h2>下半年重点工作</h2>
<p>　　会议要求，全年新开工亿元以上项目不少于30个，完成投资120亿元。</p></div></body></html>"""
    _doc, articles = read_bytes(page.encode("utf-8"), name="sections.html")
    assert articles[0].text.startswith("7月1日，东川市召开重点项目推进会")
    assert "下半年重点工作" in articles[0].text
