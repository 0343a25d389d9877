"""A scanned page uploaded through the API is read by OCR in the worker process (memory and time
limits apply there), and its articles keep their line boxes in the stored extraction."""
from __future__ import annotations

from sqlalchemy import select

import scans
from luoshi.storage.models import Article, Document

SCAN_TEXT = "\n".join([
    "西山县部署民生实事",
    "本报讯 昨天上午，西山县召开民生实事推进会，部署今年民生实事项目。县长陈一鸣出席会议并讲话。",
    "会议要求，今年要新建公办幼儿园五所，确保全年新增城镇就业三千人以上。",
])


def test_a_scanned_page_upload_is_read_by_ocr_in_the_worker(api_env):
    layout = scans.Layout(dpi=150, width_mm=150, height_mm=70, columns=2, margin_mm=10)
    png = scans.png_of(scans.render_pages(SCAN_TEXT, layout)[0])
    sup = api_env.client("supervisor")
    response = sup.post("/api/v1/documents", files={"file": ("scan.png", png, "image/png")})
    assert response.status_code == 201, response.text
    with api_env.session() as s:
        doc = s.scalar(select(Document))
        art = s.scalar(select(Article))
        assert doc.format == "image" and "read by OCR: page 1" in doc.warnings
        assert art.headline == "西山县部署民生实事"
        ocr = art.extraction["ocr"]
        assert ocr["page"] == 1 and len(ocr["lines"]) >= 3
        page, x0, y0, x1, y1, start, end = ocr["lines"][-1]
        assert page == 1 and x1 > x0 and y1 > y0 and 0 <= start < end <= len(art.text)
