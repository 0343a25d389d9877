"""OFD (GB/T 33190) files: text in reading order, title and date from DocInfo, the .docx budgets."""
from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest

from luoshi.reading import ReadError, read_bytes
from luoshi.reading.sniff import detect_format
from scans import build_ofd

PAGE_1 = ["东川市召开重点项目推进会",
          "本报讯 3月12日上午，东川市召开重点项目推进会，部署今年重点项目",
          "建设工作。市长林小禾出席会议并讲话。",
          "会议指出，今年全市安排重点项目120个，要确保全年新开工项目60个以上。"]
PAGE_2 = ["林小禾强调，各地各部门要压实工作责任，推动项目早开工、早投产、早见效。",
          "（记者 王晓燕）"]


def test_ofd_text_title_and_date_come_from_its_parts():
    data = build_ofd([PAGE_1, PAGE_2], title="东川市召开重点项目推进会", creation_date="2026-03-12")
    doc, articles = read_bytes(data, name="notice.ofd")
    assert doc.format == "ofd" and doc.title == "东川市召开重点项目推进会" and doc.pages == 2
    assert doc.published == date(2026, 3, 12)
    assert len(articles) == 1 and articles[0].headline == "东川市召开重点项目推进会"
    text = articles[0].text
    # the wrapped line is one paragraph again; page 2 follows page 1
    assert "部署今年重点项目建设工作。" in text
    assert text.index("60个以上") < text.index("早见效")
    assert articles[0].reporters == ["王晓燕"]


def test_ofd_objects_written_out_of_order_are_read_in_reading_order():
    in_order, _ = read_bytes(build_ofd([PAGE_1 + PAGE_2]), name="a.ofd")
    shuffled, _ = read_bytes(build_ofd([PAGE_1 + PAGE_2], shuffle=True), name="b.ofd")
    assert shuffled.original_text == in_order.original_text


def test_ofd_with_one_object_per_glyph_reads_as_lines():
    ns = "http://www.ofdspec.org/2016"
    line = "东川市召开重点项目推进会"
    objects = "".join(f'<ofd:TextObject ID="{i + 1}" Boundary="{20 + 4 * i} 30 4 5" Size="4">'
                      f'<ofd:TextCode X="0" Y="4">{ch}</ofd:TextCode></ofd:TextObject>' for i, ch in enumerate(line))
    body = "本报讯 昨天，东川市召开重点项目推进会。"
    objects += (f'<ofd:TextObject ID="99" Boundary="20 40 170 5" Size="4"><ofd:TextCode X="0" Y="4" '
                f'DeltaX="g {len(body) - 1} 4">{body}</ofd:TextCode></ofd:TextObject>')
    data = _package({"Doc_0/Pages/Page_0/Content.xml":
                     f'<ofd:Page xmlns:ofd="{ns}"><ofd:Content><ofd:Layer>{objects}</ofd:Layer></ofd:Content></ofd:Page>'})
    doc, articles = read_bytes(data, name="glyphs.ofd")
    assert doc.original_text.splitlines()[0] == line
    assert articles[0].headline == line


def _package(extra: dict[str, str], *, page_ref: str = "Pages/Page_0/Content.xml") -> bytes:
    ns = "http://www.ofdspec.org/2016"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("OFD.xml", f'<ofd:OFD xmlns:ofd="{ns}"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml'
                               "</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
        zf.writestr("Doc_0/Document.xml", f'<ofd:Document xmlns:ofd="{ns}"><ofd:Pages>'
                                          f'<ofd:Page ID="1" BaseLoc="{page_ref}"/></ofd:Pages></ofd:Document>')
        for member, text in extra.items():
            zf.writestr(member, text)
    return buf.getvalue()


def test_ofd_is_sniffed_from_content_whatever_its_name():
    assert detect_format(build_ofd([PAGE_1]), "download.zip") == "ofd"


@pytest.mark.parametrize("problem, expected", [
    ("missing page", "notice.ofd: damaged .ofd file: it has no member Doc_0/Pages/Page_0/Content.xml"),
    ("outside the package", "notice.ofd: damaged .ofd file: it has no member"),
    ("broken xml", "notice.ofd: damaged .ofd file: Doc_0/Pages/Page_0/Content.xml is not well-formed XML"),
])
def test_damaged_ofd_is_refused_in_one_line(problem, expected):
    if problem == "missing page":
        data = _package({})
    elif problem == "outside the package":
        data = _package({}, page_ref="../../../etc/passwd")
    else:
        data = _package({"Doc_0/Pages/Page_0/Content.xml": "<ofd:Page"})
    with pytest.raises(ReadError) as info:
        read_bytes(data, name="notice.ofd")
    assert str(info.value).startswith(expected) and "\n" not in str(info.value)


def test_ofd_has_the_docx_zip_budgets(monkeypatch):
    monkeypatch.setenv("LUOSHI_MAX_UNZIPPED_BYTES", "1000")
    with pytest.raises(ReadError, match=r"refused: the \.ofd inflates"):
        read_bytes(build_ofd([PAGE_1 * 20]), name="big.ofd")


def test_ofd_without_text_is_refused():
    ns = "http://www.ofdspec.org/2016"
    data = _package({"Doc_0/Pages/Page_0/Content.xml":
                     f'<ofd:Page xmlns:ofd="{ns}"><ofd:Content><ofd:Layer/></ofd:Content></ofd:Page>'})
    with pytest.raises(ReadError, match="no text found in this .ofd file"):
        read_bytes(data, name="empty.ofd")
