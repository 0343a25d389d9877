"""Page images re-rendered from a stored original (what the reading view shows a span on): the size
returned is that of the image OCR read, whatever width the image is shown at."""
from __future__ import annotations

import io

import pytest
from PIL import Image

from luoshi.reading.errors import ReadError
from luoshi.reading.scan import page_image, pdf_page_scale
from scans import pdf_of


def _png(img: Image.Image) -> bytes:
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


def test_image_page_keeps_its_size_and_is_shrunk_to_the_display_width() -> None:
    png, size = page_image(_png(Image.new("RGB", (2400, 3000), "white")), "image", 1, width=1200)
    assert size == (2400, 3000)
    assert Image.open(io.BytesIO(png)).size == (1200, 1500)
    with pytest.raises(ReadError):
        page_image(_png(Image.new("L", (10, 10))), "image", 2)


def test_pdf_page_size_is_the_ocr_rendering() -> None:
    pages = [Image.new("L", (1240, 1754), 255), Image.new("L", (1240, 1754), 255)]  # A4 at 150 dpi
    data = pdf_of(pages, 150)
    png, size = page_image(data, "pdf", 2, width=600)
    w_pt, h_pt = 1240 * 72 / 150, 1754 * 72 / 150
    scale = pdf_page_scale(w_pt, h_pt)
    assert size == (round(w_pt * scale), round(h_pt * scale))
    assert Image.open(io.BytesIO(png)).width == 600
    with pytest.raises(ReadError):
        page_image(data, "pdf", 3)
    with pytest.raises(ReadError):
        page_image(b"text", "text", 1)
