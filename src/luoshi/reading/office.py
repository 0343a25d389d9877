"""Text of .docx (python-docx) and .pdf (pdfminer.six) files, paragraphs one per line.

.docx: body paragraphs and tables in document order (a table row becomes one line, cells joined by
" | "), core-properties title kept. .pdf: the text layer page by page; a PDF whose pages yield no
text is refused as scanned (we do no OCR).
"""
from __future__ import annotations

import io
import zipfile

from .errors import ReadError


def extract_docx(data: bytes, name: str) -> tuple[str, str | None]:
    """Return (text, title) of a Word document."""
    import docx
    from docx.document import Document as _Doc
    from docx.table import Table
    from docx.text.paragraph import Paragraph

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
    title = (document.core_properties.title or "").strip() or None
    return "\n".join(lines), title


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


def extract_pdf(data: bytes, name: str) -> tuple[str, str | None]:
    """Return (text, title) of a PDF's text layer; raise ReadError if there is none."""
    from pdfminer.high_level import extract_text
    from pdfminer.layout import LAParams
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        text = extract_text(io.BytesIO(data), laparams=LAParams(line_margin=0.3))
    except PDFSyntaxError as exc:
        raise ReadError(name, f"damaged PDF ({exc})") from exc
    except Exception as exc:  # noqa: BLE001 - pdfminer raises assorted errors on broken files
        raise ReadError(name, f"unreadable PDF ({exc.__class__.__name__}: {exc})") from exc
    if not "".join(text.split()):
        raise ReadError(name, "PDF has no text layer (scanned?)")
    return text.replace("\x0c", "\n"), None
