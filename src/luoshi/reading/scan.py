"""Scanned input: page images (.png, .jpg, .tif — every frame of a multi-page TIFF) and the pages of a
PDF that have no text layer, read by OCR (:mod:`luoshi.reading.ocr`).

Budgets (:mod:`luoshi.reading.limits`): pages to OCR per document, pixels per page (checked from the
image header before anything is decoded; a PDF page is rendered at ``LUOSHI_OCR_DPI``, lowered so that
it fits), and the document's wall-clock budget, which interrupts the wait between pages.
"""
from __future__ import annotations

import io
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from . import limits
from .errors import ReadError
from .model import TextLine
from .ocr import Line, Progress, ocr_images, pages_text


@dataclass
class PageText:
    """Text of a multi-page input with the boxes of its OCR'd lines."""

    text: str
    title: str | None = None
    lines: list[TextLine] = field(default_factory=list)
    pages: int = 0
    ocr_pages: list[int] = field(default_factory=list)


def extract_image(data: bytes, name: str, progress: Progress | None = None) -> PageText:
    """OCR an image file (each frame of a TIFF is a page)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        Image.MAX_IMAGE_PIXELS = None  # our own budget, checked per frame below, replaces Pillow's warning
        img = Image.open(io.BytesIO(data))
        frames = getattr(img, "n_frames", 1)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ReadError(name, f"damaged or unreadable image ({exc})") from exc
    limits.check_ocr_pages(frames, name)
    lock = threading.Lock()  # one decoder: frames are seeked one at a time

    def page(k: int) -> Callable[[], Any]:
        def load() -> Any:
            import numpy as np

            with lock:
                try:
                    img.seek(k)
                    limits.check_page_pixels(img.width, img.height, name, k + 1)
                    frame = ImageOps.exif_transpose(img) if k == 0 else img  # a phone photo's orientation
                    return np.asarray(_grey(frame))
                except ReadError:
                    raise
                except (OSError, ValueError, SyntaxError, EOFError) as exc:
                    raise ReadError(name, f"damaged or truncated image (page {k + 1}: {exc})") from exc
        return load

    pages = ocr_images([page(k) for k in range(frames)], name, progress=progress)
    text, boxes = pages_text(pages)
    if not "".join(text.split()):
        raise ReadError(name, "no text found by OCR in this image")
    return PageText(text, None, boxes, frames, list(range(1, frames + 1)))


def _grey(frame: Any) -> Any:
    if frame.mode in ("RGBA", "LA", "P", "PA"):
        from PIL import Image

        rgba = frame.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        frame = Image.alpha_composite(white, rgba)  # transparent background is paper, not black
    return frame.convert("L")


_pdfium_lock = threading.Lock()  # pdfium is not thread-safe: pages are rendered one at a time


def pdf_page_scale(w_pt: float, h_pt: float, dpi: int | None = None) -> float:
    """Pixels per point a PDF page is rendered at for OCR: ``LUOSHI_OCR_DPI`` lowered to fit the pixel
    budget — the coordinate space of its OCR'd line boxes."""
    dpi = limits.env_int("LUOSHI_OCR_DPI", limits.OCR_DPI) if dpi is None else dpi
    scale = dpi / 72
    budget = limits.max_page_pixels()
    if w_pt * h_pt * scale * scale > budget:
        scale = (budget / (w_pt * h_pt)) ** 0.5
    return scale


def page_image(data: bytes, fmt: str, number: int, width: int = 1200) -> tuple[bytes, tuple[int, int]]:
    """Page ``number`` (1-based) of a stored PDF or image file as a grey PNG at most ``width`` pixels
    wide, and the size of the page image OCR read (its line boxes are in those pixels): what the reading
    view shows a span on. Raises ReadError for a page that is not there or cannot be rendered."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    name = f"page {number}"
    if fmt == "pdf":
        import pypdfium2 as pdfium

        with _pdfium_lock:
            try:
                pdf = pdfium.PdfDocument(data)
            except pdfium.PdfiumError as exc:
                raise ReadError(name, f"damaged PDF (pdfium: {exc})") from exc
            try:
                if not 1 <= number <= len(pdf):
                    raise ReadError(name, "no such page")
                pg = pdf[number - 1]
                w_pt, h_pt = pg.get_size()
                scale = pdf_page_scale(w_pt, h_pt)
                size = (round(w_pt * scale), round(h_pt * scale))
                img = pg.render(scale=min(scale, width / max(w_pt, 1.0)), grayscale=True).to_pil()
            except pdfium.PdfiumError as exc:
                raise ReadError(name, f"damaged PDF ({exc})") from exc
            finally:
                pdf.close()
    elif fmt == "image":
        try:
            Image.MAX_IMAGE_PIXELS = None  # checked below, as when the file was read
            src = Image.open(io.BytesIO(data))
            if not 1 <= number <= getattr(src, "n_frames", 1):
                raise ReadError(name, "no such page")
            src.seek(number - 1)
            limits.check_page_pixels(src.width, src.height, name, number)
            frame = ImageOps.exif_transpose(src) if number == 1 else src  # as extract_image read it
            img = _grey(frame)
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
            raise ReadError(name, f"damaged or unreadable image ({exc})") from exc
        size = img.size
        if img.width > width:
            img = img.resize((width, max(1, round(img.height * width / img.width))), Image.Resampling.LANCZOS)
    else:
        raise ReadError(name, f"a {fmt} file has no page images")
    out = io.BytesIO()
    img.convert("L").save(out, format="PNG", optimize=False)
    return out.getvalue(), size


def ocr_pdf_pages(data: bytes, name: str, numbers: list[int], progress: Progress | None = None
                  ) -> dict[int, list[list[Line]]]:
    """OCR the given pages (0-based) of a PDF, rendered with pypdfium2; page number -> paragraphs."""
    import pypdfium2 as pdfium

    limits.check_ocr_pages(len(numbers), name)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReadError(name, f"damaged PDF (pdfium: {exc})") from exc
    dpi = limits.env_int("LUOSHI_OCR_DPI", limits.OCR_DPI)

    def page(k: int) -> Callable[[], Any]:
        def render() -> Any:
            with _pdfium_lock:
                try:
                    pg = pdf[k]
                    w_pt, h_pt = pg.get_size()
                    scale = pdf_page_scale(w_pt, h_pt, dpi)
                    if scale * 72 < 72:  # a page too large to read even at 72 dpi
                        limits.check_page_pixels(round(w_pt * dpi / 72), round(h_pt * dpi / 72), name, k + 1)
                    bitmap = pg.render(scale=scale, grayscale=True)
                    return bitmap.to_numpy().copy()
                except pdfium.PdfiumError as exc:
                    raise ReadError(name, f"damaged PDF (page {k + 1}: {exc})") from exc
        return render

    try:
        results = ocr_images([page(k) for k in numbers], name, first_page=numbers[0] + 1 if numbers else 1,
                             progress=progress)
    finally:
        with _pdfium_lock:
            pdf.close()
    return dict(zip(numbers, results, strict=True))
