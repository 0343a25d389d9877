"""Text of .docx (python-docx) and .pdf (pdfminer.six) files, paragraphs one per line.

.docx: body paragraphs and tables in document order (a table row becomes one line, cells joined by
" | "), core-properties title kept. .pdf: the text layer page by page, scanned pages read by OCR
(:mod:`luoshi.reading.scan`).
"""
from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from .errors import ReadError
from .limits import check_zip_budget
from .ocr import Line, Progress
from .quiet import quiet
from .scan import PageText


def extract_docx(data: bytes, name: str) -> tuple[str, str | None]:
    """Return (text, title) of a Word document."""
    import docx
    from docx.document import Document as _Doc
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            check_zip_budget(zf, name)  # from the central directory, before anything is inflated
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise ReadError(name, f"damaged or truncated .docx file ({exc})") from exc
    try:
        document: _Doc = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReadError(name, f"damaged or truncated .docx file ({exc.__class__.__name__}: {exc})") from exc
    except Exception as exc:  # noqa: BLE001 - python-docx/lxml raise many types on broken XML
        raise ReadError(name, f"damaged .docx file ({exc.__class__.__name__})") from exc
    lines: list[str] = []
    for item in document.iter_inner_content():
        if isinstance(item, Paragraph):
            lines.append(item.text)
        elif isinstance(item, Table):
            lines.extend(_table_lines(item))
    return "\n".join(lines), clean_title(document.core_properties.title)


_PLACEHOLDER_TITLES = {"untitled", "(anonymous)", "anonymous", "无标题", "标题", "title"}


def clean_title(title: str | None) -> str | None:
    """A document-properties title worth using: "Microsoft Word - 报告.doc" -> "报告"; placeholders -> None."""
    if not title:
        return None
    title = re.sub(r"^Microsoft (Word|PowerPoint) - ", "", title.strip())
    title = re.sub(r"\.(docx?|wps|pdf|txt)$", "", title, flags=re.IGNORECASE).strip()
    return title if title and title.lower() not in _PLACEHOLDER_TITLES else None


def _table_lines(table) -> list[str]:
    out = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            value = " ".join(cell.text.split())
            if not cells or cells[-1] != value:  # merged cells repeat their text
                cells.append(value)
        out.append(" | ".join(cells))
    return out


def extract_pdf(data: bytes, name: str, progress: Progress | None = None) -> PageText:
    """The text of a PDF page by page, one paragraph per line: a page's text layer where it has one, OCR
    where it has none (a scanned page) — a PDF mixing both gets both, in page order.

    pdfminer groups lines into text boxes; inside a box, a visual line is glued to the one before
    unless that one is a paragraph end (it stops short of the box's right edge) or this one is
    indented — so paragraphs wrapped at the column edge come out whole. A page is read by OCR when it
    has no text layer (a scan, or text drawn as outlines), or fewer than 20 characters of it and an
    image covering a third of the page or more (a scan with a stamped page number).
    """
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams, LTTextContainer
    from pdfminer.pdfparser import PDFSyntaxError

    from .ocr import pages_text
    from .scan import ocr_pdf_pages

    pages: list[str | list[list[Line]]] = []
    scanned: list[int] = []
    try:
        with quiet("pdfminer"):
            for k, page in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams(line_margin=0.5))):
                paragraphs: list[str] = []
                for element in page:
                    if isinstance(element, LTTextContainer):
                        paragraphs.extend(_box_paragraphs(element))
                text = "\n".join(paragraphs)
                chars = len("".join(text.split()))
                if chars == 0 or (chars < 20 and _image_share(page) >= 1 / 3):
                    scanned.append(k)
                    pages.append([])
                else:
                    pages.append(text)
    except PDFSyntaxError as exc:
        raise ReadError(name, f"damaged PDF ({exc})") from exc
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - pdfminer raises assorted errors on broken files
        raise ReadError(name, f"unreadable PDF ({exc.__class__.__name__}: {exc})") from exc
    if scanned:
        for k, ocr_paragraphs in ocr_pdf_pages(data, name, scanned, progress).items():
            pages[k] = ocr_paragraphs
    text, boxes = pages_text(pages)
    if not "".join(text.split()):
        raise ReadError(name, "PDF has no text layer and OCR found no text on its pages")
    return PageText(text, clean_title(_pdf_title(data)), boxes, len(pages), [k + 1 for k in scanned])


def _image_share(page: Any) -> float:
    """The share of a pdfminer page covered by its largest image."""
    from pdfminer.layout import LTContainer, LTImage

    area = max(1.0, page.width * page.height)
    best = 0.0
    stack = list(page)
    while stack:
        item = stack.pop()
        if isinstance(item, LTImage):
            best = max(best, item.width * item.height / area)
        elif isinstance(item, LTContainer):
            stack.extend(item)
    return min(best, 1.0)


def _box_paragraphs(box) -> list[str]:
    from pdfminer.layout import LTTextLine

    lines = [ln for ln in box if isinstance(ln, LTTextLine) and ln.get_text().strip()]
    if not lines:
        return []
    left = min(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    paragraphs: list[str] = []
    current = ""
    previous = None
    for ln in lines:
        text = ln.get_text().rstrip("\n")
        em = max(ln.height, 1.0)  # about one CJK character wide
        indented = ln.x0 > left + 0.8 * em
        if previous is not None and not indented and previous.x1 > right - 1.5 * em:
            current += text.lstrip() if _cjk_edge(current, text) else " " + text.strip()
        else:
            if current.strip():
                paragraphs.append(current)
            current = text
        previous = ln
    if current.strip():
        paragraphs.append(current)
    return paragraphs


def _cjk_edge(before: str, after: str) -> bool:
    """Glue without a space when either side of the line break is Chinese."""
    a = before.rstrip()[-1:] or " "
    b = after.lstrip()[:1] or " "
    return ord(a) > 0x2E80 or ord(b) > 0x2E80


def _pdf_title(data: bytes) -> str | None:
    """The document-information Title, when it is set and readable."""
    try:
        from pdfminer.pdfdocument import PDFDocument
        from pdfminer.pdfparser import PDFParser
        from pdfminer.utils import decode_text

        with quiet("pdfminer"):
            info = PDFDocument(PDFParser(io.BytesIO(data))).info
        raw = info[0].get("Title") if info else None
        if raw is None:
            return None
        raw = raw.resolve() if hasattr(raw, "resolve") else raw
        title = decode_text(raw) if isinstance(raw, bytes) else str(raw)
        return title
    except Exception:  # noqa: BLE001 - a missing or odd info dictionary just means no title
        return None
