"""The scanned page in a real browser: an OCR'd article's span drawn as boxes over the page image
re-rendered from the stored original file (reading view → 原件; item page → 在原件上查看).

The document is built directly (a PNG page with one black bar where its one OCR'd line is printed), so
the test needs no OCR: it checks that the highlight lands on the bar, narrowed to the span's part of the
line, at whatever width the page is shown."""
from __future__ import annotations

import io
from datetime import date

import pytest
from test_e2e_browser import ARGS, CHROMIUM, PASSWORD, LiveServer, playwright_api, sign_in

pytestmark = pytest.mark.browser

TEXT = "市政府召开常务会议部署就业工作确保全年新增城镇就业三万人"
W, H = 1000, 1400
LINE = (100, 300, 900, 360)  # the bar: the line's box in page pixels


def _page_png() -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("L", (W, H), 255)
    ImageDraw.Draw(img).rectangle(LINE, fill=0)
    out = io.BytesIO()
    img.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from luoshi.storage.db import transaction
    from luoshi.storage.models import Article, Document
    from luoshi.tracking import items as item_service
    from luoshi.tracking import users
    from luoshi.tracking.actor import SYSTEM

    url = f"sqlite:///{tmp_path_factory.mktemp('scan') / 'luoshi.db'}"
    with LiveServer(url) as live:
        ids: dict[str, int] = {}
        with transaction(live.app.state.session_factory) as s:
            users.create_user(s, SYSTEM, "duchashi", "supervisor", password=PASSWORD)
            ocr = {"page": 1, "lines": [[1, *LINE, 0, len(TEXT)]]}
            doc = Document(sha256="e" * 64, raw=_page_png(), format="image", text=TEXT, original_text=TEXT,
                           title=None, published=date(2026, 3, 15), place="示例市")
            doc.articles.append(Article(index=0, headline="市政府召开常务会议", text=TEXT, doc_start=0,
                                        doc_end=len(TEXT), extraction={"ocr": ocr}, published=date(2026, 3, 15)))
            s.add(doc)
            s.flush()
            start = TEXT.index("确保")
            item = item_service.create_item(s, SYSTEM, {"title": TEXT[start:]}, status="proposed")
            item.article_id, item.span_start, item.span_end = doc.articles[0].id, start, len(TEXT)
            ids = {"document": doc.id, "article": doc.articles[0].id, "item": item.id, "start": start}
        live.ids = ids  # type: ignore[attr-defined]
        yield live


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium")
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


def _rect(locator) -> dict[str, float]:
    box = locator.bounding_box()
    assert box is not None
    return box


def test_item_span_is_drawn_on_the_scanned_page(page, server):
    ids = server.ids
    sign_in(page, server, "duchashi")

    # the reading view links an OCR'd article to its scanned page
    page.goto(f"{server.base}/documents/{ids['document']}")
    assert page.get_by_test_id("scan-link").inner_text() == "原件第1页"

    # the item page links its source span to the scan; there the span's boxes lie over the image
    page.goto(f"{server.base}/items/{ids['item']}")
    with page.expect_navigation(wait_until="load"):
        page.get_by_test_id("item-scan-link").click()
    assert f"start={ids['start']}" in page.url
    assert page.get_by_test_id("scan-quote").inner_text() == TEXT[ids["start"]:]
    image = page.get_by_test_id("scan-image")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    assert image.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [W, H]  # under the display width
    boxes = page.get_by_test_id("scan-box")
    assert boxes.count() == 1
    img, box = _rect(image), _rect(boxes.first)
    scale = img["width"] / W
    x0, y0, x1, y1 = LINE
    share = ids["start"] / len(TEXT)  # the span is the line's tail: the box starts that far along the bar
    assert abs(box["x"] - (img["x"] + (x0 + share * (x1 - x0)) * scale)) < 2
    assert abs(box["x"] + box["width"] - (img["x"] + x1 * scale)) < 2
    assert abs(box["y"] - (img["y"] + y0 * scale)) < 2
    assert abs(box["height"] - (y1 - y0) * scale) < 2

    # the whole article, from the reading view's link; the image itself is served as a PNG
    page.goto(f"{server.base}/documents/{ids['document']}/scan?article={ids['article']}")
    whole = _rect(page.get_by_test_id("scan-box").first)
    assert abs(whole["x"] - _rect(page.get_by_test_id("scan-image"))["x"] - x0 * scale) < 2
    response = page.request.get(f"{server.base}/documents/{ids['document']}/pages/1.png")
    assert response.ok and response.headers["content-type"] == "image/png"
    assert page.request.get(f"{server.base}/documents/{ids['document']}/pages/2.png").status == 404
