"""Scans and photos read by OCR (rapidocr, models inside the wheel): column order, paragraphs, line boxes,
scanned and mixed PDFs, the page and pixel budgets, and no network.

Pages are set here from text written for these tests (tests/scans.py, Noto CJK); each test OCRs one or
two small pages, a few seconds each.
"""
from __future__ import annotations

import io
import os
import socket
import struct
import subprocess
import sys
import zlib

import pytest

import scans
from luoshi.reading import ReadError, read_bytes
from luoshi.reading import ocr as ocr_module

REPORT = "\n".join([
    "东川市部署重点项目建设",
    "本报讯 昨天上午，东川市召开重点项目建设推进会，部署今年重点项目建设工作。市长林小禾出席会议并讲话。",
    "会议指出，今年全市安排重点项目一百二十个，年度计划投资三百五十亿元。要确保全年新开工项目六十个以上。",
    "林小禾强调，各地各部门要压实工作责任，强化要素保障，推动项目早开工、早投产、早见效。",
    "记者 王晓燕",
])
SMALL = scans.Layout(dpi=150, width_mm=150, height_mm=120, columns=2, margin_mm=10)


@pytest.fixture(scope="module")
def page_png() -> bytes:
    pages = scans.render_pages(REPORT, SMALL)
    assert len(pages) == 1
    return scans.png_of(pages[0])


@pytest.fixture(scope="module")
def read_png(page_png):
    return read_bytes(page_png, name="scan.png")


def test_a_two_column_scan_reads_in_column_order_as_paragraphs(read_png):
    doc, articles = read_png
    assert doc.format == "image" and doc.pages == 1 and doc.ocr_pages == [1]
    assert "read by OCR: page 1" in doc.warnings
    assert scans.char_accuracy(doc.original_text, REPORT) >= 0.95
    assert len(articles) == 1
    art = articles[0]
    assert art.headline == "东川市部署重点项目建设"
    # each paragraph is whole (wrapped lines and the column break joined) and in reading order
    assert "部署今年重点项目建设工作。" in art.text
    assert art.text.index("市长林小禾") < art.text.index("年度计划投资") < art.text.index("早见效")
    assert art.reporters == ["王晓燕"]


def test_every_line_of_an_ocrd_article_keeps_its_page_and_box(read_png, page_png):
    from PIL import Image

    doc, articles = read_png
    art = articles[0]
    width, height = Image.open(io.BytesIO(page_png)).size
    assert art.page == 1 and len(art.lines) >= 8
    for ln in art.lines:
        assert ln.page == 1 and 0 <= ln.x0 < ln.x1 <= width and 0 <= ln.y0 < ln.y1 <= height
    at = art.text.index("年度计划投资")
    boxes = art.boxes(at, at + 6)
    assert boxes and all(b.start <= at + 6 and at < b.end for b in boxes)
    # the box of the span's line holds the span's characters (the line text is in doc.original_text)
    first = boxes[0]
    assert art.text[first.start:first.end] in doc.original_text
    # the two columns: a line of the second paragraph lies right of one of the first
    lefts = {ln.x0 // 100 for ln in art.lines}
    assert len(lefts) >= 2


def test_ocr_needs_no_network(page_png, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise OSError("network is unreachable (blocked by the test)")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(ocr_module, "_engines", [])  # engines are built again: the models load offline
    crop = _crop_png(page_png, 0.25)
    doc, articles = read_bytes(crop, name="crop.png")
    assert "东川市部署重点项目建设" in doc.original_text


def _crop_png(data: bytes, share: float) -> bytes:
    from PIL import Image

    img = Image.open(io.BytesIO(data))
    return scans.png_of(img.crop((0, 0, img.width, int(img.height * share))))


def test_a_crooked_grainy_photo_is_straightened(page_png):
    from PIL import Image

    img = Image.open(io.BytesIO(page_png))
    crooked = scans._degrade(img, 1.5, 0.06, 3)
    buf = io.BytesIO()
    crooked.convert("RGB").save(buf, format="JPEG", quality=85)
    doc, articles = read_bytes(buf.getvalue(), name="photo.jpg")
    assert scans.char_accuracy(doc.original_text, REPORT) >= 0.93
    assert articles[0].headline == "东川市部署重点项目建设"


def test_a_pdf_with_a_text_page_and_a_scanned_page_gets_both(page_png, monkeypatch):
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    monkeypatch.setenv("LUOSHI_OCR_DPI", "150")  # the scan is a 150 dpi image: render the page at that
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=(425, 340))
    pdf.setFont("STSong-Light", 12)
    pdf.drawString(30, 300, "西山县召开民生实事推进会")
    pdf.drawString(30, 280, "本报讯 昨天，西山县召开民生实事推进会，部署全年民生工作。")
    pdf.showPage()
    img = Image.open(io.BytesIO(page_png))
    pdf.drawImage(ImageReader(img), 0, 0, width=425, height=340)  # the scan fills page 2
    pdf.showPage()
    pdf.save()
    doc, articles = read_bytes(buf.getvalue(), name="mixed.pdf")
    assert doc.format == "pdf" and doc.pages == 2 and doc.ocr_pages == [2]
    assert "read by OCR: page 2 of 2" in doc.warnings
    assert [a.headline for a in articles] == ["西山县召开民生实事推进会", "东川市部署重点项目建设"]
    assert articles[0].lines == [] and articles[1].page == 2 and all(ln.page == 2 for ln in articles[1].lines)


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` × ``height`` pixels but carries almost no data (a decompression bomb)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b"")


def test_an_image_past_the_pixel_budget_is_refused_before_decoding():
    with pytest.raises(ReadError) as info:
        read_bytes(_png_header(100_000, 100_000), name="bomb.png")
    assert str(info.value) == ("bomb.png: refused: page 1 is 100,000×100,000 pixels "
                               "(the limit is 60 million; a decompression bomb?)")


def test_more_pages_than_the_ocr_budget_are_refused(monkeypatch):
    from PIL import Image

    monkeypatch.setenv("LUOSHI_OCR_MAX_PAGES", "2")
    frames = [Image.new("L", (64, 64), 255) for _ in range(3)]
    buf = io.BytesIO()
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:])
    with pytest.raises(ReadError) as info:
        read_bytes(buf.getvalue(), name="fax.tif")
    assert str(info.value) == "fax.tif: refused: 3 pages to read by OCR (the limit is 2)"


def test_a_blank_image_is_refused_as_without_text():
    from PIL import Image

    with pytest.raises(ReadError) as info:
        read_bytes(scans.png_of(Image.new("L", (300, 200), 255)), name="blank.png")
    assert str(info.value) == "blank.png: no text found by OCR in this image"


def test_the_document_time_budget_stops_a_long_scan(page_png, monkeypatch):
    from luoshi.reading.limits import BudgetExceeded, time_budget

    monkeypatch.setenv("LUOSHI_OCR_WORKERS", "1")
    with pytest.raises(BudgetExceeded):
        with time_budget("slow.png", 0.3):  # OCR runs in worker threads: the alarm stops the wait
            read_bytes(page_png, name="slow.png")


def test_a_page_abandoned_by_the_time_budget_does_not_abort_the_process_at_exit(page_png, tmp_path):
    """The budget's clean error must stay the exit: an OCR thread killed inside onnxruntime at exit
    would abort the process (exit 134) instead."""
    path = tmp_path / "slow.png"
    path.write_bytes(page_png)
    code = ("import sys\nfrom luoshi.reading import read_bytes\nfrom luoshi.reading.limits import BudgetExceeded, time_budget\n"
            f"data = open({str(path)!r}, 'rb').read()\n"
            "try:\n    with time_budget('slow.png', 0.3):\n        read_bytes(data, name='slow.png')\n"
            "except BudgetExceeded:\n    sys.exit(3)\n")
    run = subprocess.run([sys.executable, "-c", code], env={**os.environ, "LUOSHI_OCR_WORKERS": "1"},
                         capture_output=True, timeout=300)
    assert run.returncode == 3, run.stderr[-400:]
