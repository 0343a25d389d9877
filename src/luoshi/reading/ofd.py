"""Text of an OFD file (GB/T 33190-2016, the national format for electronic official documents).

An OFD is a zip of XML: ``OFD.xml`` names the document root (``DocBody/DocRoot``) and carries the
metadata (``DocInfo``: ``Title``, ``CreationDate``); the root ``Document.xml`` lists the pages in order
(``Pages/Page@BaseLoc``); each page's ``Content.xml`` holds layers of ``TextObject``s whose
``TextCode``s are placed by ``Boundary`` (x y w h, millimetres), ``X``/``Y`` (the first glyph's origin
inside it), ``DeltaX`` (advances, ``g`` runs expanded) and an optional ``CTM``. Exporters write objects
in any order, often one per line or even per glyph, so reading order is rebuilt from the positions with
the same layout as OCR (:mod:`luoshi.reading.ocr`: rows, columns, paragraphs). Page templates
(``Template``) and annotations are not read.

Budgets: those of a .docx (``check_zip_budget``: members, inflated bytes, XML bytes); XML is parsed
without entities, DTDs or network access; a member named outside the package is refused.
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
from datetime import date
from typing import Any

from .errors import ReadError
from .limits import check_zip_budget
from .ocr import Line, layout_paragraphs, pages_text
from .office import clean_title
from .scan import PageText

_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def is_ofd(names: set[str]) -> bool:
    return "OFD.xml" in names or "ofd.xml" in {n.lower() for n in names}


def extract_ofd(data: bytes, name: str) -> tuple[PageText, date | None]:
    """(text with title, creation date) of an OFD package; ReadError for a damaged one."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise ReadError(name, f"damaged or truncated .ofd file ({exc})") from exc
    with zf:
        check_zip_budget(zf, name, ".ofd")
        members = {n.lower(): n for n in zf.namelist()}
        root = _xml(zf, members, "OFD.xml", name)
        body = _first(root, "DocBody")
        if body is None:
            raise ReadError(name, "damaged .ofd file: OFD.xml has no DocBody")
        doc_root = _text(_first(body, "DocRoot"))
        if not doc_root:
            raise ReadError(name, "damaged .ofd file: OFD.xml names no DocRoot")
        info = _first(body, "DocInfo")
        title = clean_title(_text(_first(info, "Title"))) if info is not None else None
        created = _date(_text(_first(info, "CreationDate"))) if info is not None else None
        doc_path = _resolve("", doc_root)
        document = _xml(zf, members, doc_path, name)
        base = posixpath.dirname(doc_path)
        pages_el = _first(document, "Pages")
        # BaseLoc is an attribute by the standard; some exporters write it as a child element.
        refs = [p.get("BaseLoc") or _text(_first(p, "BaseLoc")) for p in _children(pages_el, "Page")]
        pages: list[list[list[Line]] | str] = []
        for ref in refs:
            path = _resolve(base, ref)
            if path.lower() not in members and _resolve("", ref).lower() in members:
                path = _resolve("", ref)  # a location written from the package root ("Doc_0/Pages/…")
            content = _xml(zf, members, path, name)
            pages.append(layout_paragraphs(_page_lines(content), min_gap=-0.3))
    text, _ = pages_text(pages)
    if not "".join(text.split()):
        raise ReadError(name, "no text found in this .ofd file (only images? scanned OFD pages are not OCR'd)")
    return PageText(text, title, [], len(refs), []), created


def _xml(zf: zipfile.ZipFile, members: dict[str, str], path: str, name: str) -> Any:
    from lxml import etree

    member = members.get(path.lower())
    if member is None:
        raise ReadError(name, f"damaged .ofd file: it has no member {path}")
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        return etree.fromstring(zf.read(member), parser)
    except etree.XMLSyntaxError as exc:
        raise ReadError(name, f"damaged .ofd file: {path} is not well-formed XML ({exc})") from exc
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise ReadError(name, f"damaged .ofd file: cannot inflate {path} ({exc})") from exc


def _resolve(base: str, ref: str) -> str:
    ref = ref.strip().replace("\\", "/")
    path = ref.lstrip("/") if ref.startswith("/") else posixpath.join(base, ref)
    path = posixpath.normpath(path)
    return "" if path.startswith("..") else path


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(el: Any, tag: str) -> list[Any]:
    return [c for c in el if _local(c.tag) == tag] if el is not None else []


def _first(el: Any, tag: str) -> Any:
    found = _children(el, tag)
    return found[0] if found else None


def _text(el: Any) -> str:
    return "".join(el.itertext()).strip() if el is not None else ""


def _date(value: str) -> date | None:
    m = _DATE.search(value or "")
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _floats(value: str | None) -> list[float]:
    out: list[float] = []
    for tok in (value or "").split():
        try:
            out.append(float(tok))
        except ValueError:
            return []
    return out


def _deltas(value: str | None) -> list[float]:
    """DeltaX/DeltaY: numbers, with ``g N D`` meaning N advances of D."""
    toks = (value or "").split()
    out: list[float] = []
    i = 0
    try:
        while i < len(toks):
            if toks[i] == "g" and i + 2 < len(toks):
                out.extend([float(toks[i + 2])] * min(int(toks[i + 1]), 100_000))
                i += 3
            else:
                out.append(float(toks[i]))
                i += 1
    except ValueError:
        return []
    return out


def _page_lines(content: Any) -> list[Line]:
    """Every TextCode of a page's content as a positioned line fragment (millimetres)."""
    lines: list[Line] = []
    for obj in content.iter():
        if _local(obj.tag) != "TextObject":
            continue
        bx, by, bw, _bh = (_floats(obj.get("Boundary")) + [0, 0, 0, 0])[:4]
        size = (_floats(obj.get("Size")) or [3.5])[0]
        ctm = _floats(obj.get("CTM"))
        a, b, c, d, e, f = ctm if len(ctm) == 6 else (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        scale = max(abs(d), 1e-6) if len(ctm) == 6 else 1.0
        for code in _children(obj, "TextCode"):
            text = "".join(ch for ch in (code.text or "") if ch >= " ").strip()
            if not text:
                continue
            x = float((_floats(code.get("X")) or [0.0])[0])
            y = float((_floats(code.get("Y")) or [size])[0])
            deltas = _deltas(code.get("DeltaX"))
            advance = sum(deltas[: len(text) - 1]) + size if deltas else (bw if bw > 0 else size * len(text))
            x0, baseline = a * x + c * y + e, b * x + d * y + f
            x1 = x0 + (a * advance if len(ctm) == 6 else advance)
            h = size * scale
            left, right = bx + min(x0, x1), bx + max(x0, x1)
            top = by + baseline - 0.88 * h
            lines.append(Line(left, top, right, top + h, text, (round(left), round(top), round(right), round(top + h))))
    return lines
