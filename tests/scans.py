"""Test pages for the OCR, OFD and .doc readers, built here from text (imported as ``scans``; tests/ is on
sys.path; bench/ and scripts/ put it there too).

- :func:`render_pages` sets a report's text the way a newspaper prints it — each run of headline-like
  lines in a large bold face across the page, centred; each run of body paragraphs in a smaller serif
  face in ``columns`` columns, balanced, indented two characters, continued on the next page — with Noto
  CJK at a given dpi. ``skew``/``noise`` make a crooked, grainy scan.
- :func:`pdf_of` wraps page images into a scanned PDF (images only, no text layer).
- :func:`build_ofd` writes an OFD (GB/T 33190) package: ``OFD.xml`` → ``Doc_0/Document.xml`` →
  ``Pages/Page_N/Content.xml`` with one ``TextObject``/``TextCode`` per line, and DocInfo metadata.
- :func:`char_accuracy` is 1 − edit distance / length, on NFKC text without whitespace.
"""
from __future__ import annotations

import io
import random
import re
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

FONT_DIR = Path("/usr/share/fonts/opentype/noto")
_SC = 2  # face index of Simplified Chinese in the Noto CJK collections
_NO_LINE_START = set("，。、；：？！）》”’…％%,.;:?!)」』】")
_TOKEN = re.compile(r"[A-Za-z0-9.%]+|.", re.S)


def font(size_px: int, *, bold: bool = False, serif: bool = True) -> ImageFont.FreeTypeFont:
    family = "NotoSerifCJK" if serif else "NotoSansCJK"
    return ImageFont.truetype(str(FONT_DIR / f"{family}-{'Bold' if bold else 'Regular'}.ttc"), size_px, index=_SC)


def is_display(line: str) -> bool:
    """A line set as a headline: short, without a full stop (what a page prints large)."""
    return (len(line) <= 48 and not re.search(r"[。！？；]", line) and not line.endswith(("，", ",", "、"))
            and not line.lstrip("□■").startswith(("记者", "（记者", "通讯员")))


def wrap(text: str, fnt: ImageFont.FreeTypeFont, width: float, indent: float = 0.0) -> list[str]:
    """Break ``text`` into lines at most ``width`` pixels wide (first line ``indent`` narrower); numbers and
    Latin words are not split, and a closing mark never starts a line (it hangs on the line before)."""
    lines: list[str] = []
    current = ""
    limit = width - indent
    for token in _TOKEN.findall(text):
        if current and fnt.getlength(current + token) > limit and not (len(token) == 1 and token in _NO_LINE_START):
            lines.append(current)
            current = ""
            limit = width
        current += token
    if current:
        lines.append(current)
    return lines


@dataclass
class Layout:
    dpi: int = 300
    width_mm: float = 210
    height_mm: float = 297
    margin_mm: float = 15
    body_pt: float = 10.5
    head_scale: float = 1.7
    columns: int = 3
    line_spacing: float = 1.55

    def px(self, mm: float) -> int:
        return round(mm / 25.4 * self.dpi)


def render_pages(text: str, layout: Layout | None = None, *, skew: float = 0.0, noise: float = 0.0,
                 seed: int = 1) -> list[Image.Image]:
    """Page images (mode "L") of ``text``: one paragraph or headline per input line."""
    lay = layout or Layout()
    width, height, margin = lay.px(lay.width_mm), lay.px(lay.height_mm), lay.px(lay.margin_mm)
    body_px = round(lay.body_pt / 72 * lay.dpi)
    body = font(body_px)
    head = font(round(body_px * lay.head_scale), bold=True, serif=False)
    pitch = round(body_px * lay.line_spacing)
    gutter = round(body_px * 2)
    col_w = (width - 2 * margin - gutter * (lay.columns - 1)) / lay.columns
    pages: list[Image.Image] = []
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    y = margin

    def new_page() -> None:
        nonlocal page, draw, y
        pages.append(page)
        page = Image.new("L", (width, height), 255)
        draw = ImageDraw.Draw(page)
        y = margin

    runs: list[tuple[bool, list[str]]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        display = is_display(line)
        if runs and runs[-1][0] == display:
            runs[-1][1].append(line)
        else:
            runs.append((display, [line]))
    for display, lines in runs:
        if display:
            head_pitch = round(head.size * 1.35)
            for line in lines:
                for part in wrap(line, head, width - 2 * margin):
                    if y + head_pitch > height - margin:
                        new_page()
                    x = (width - head.getlength(part)) / 2
                    draw.text((x, y), part, font=head, fill=0)
                    y += head_pitch
            y += round(pitch * 0.6)
            continue
        set_lines: list[tuple[str, float]] = []  # (text, indent)
        for para in lines:
            for k, part in enumerate(wrap(para, body, col_w, indent=2 * body_px)):
                set_lines.append((part, 2 * body_px if k == 0 else 0.0))
        while set_lines:
            capacity = (height - margin - y) // pitch
            if capacity < 2:
                new_page()
                continue
            per_column = min(capacity, -(-len(set_lines) // lay.columns))
            for c in range(lay.columns):
                x0 = margin + c * (col_w + gutter)
                for r in range(per_column):
                    if not set_lines:
                        break
                    part, indent = set_lines.pop(0)
                    draw.text((x0 + indent, y + r * pitch), part, font=body, fill=0)
            y += per_column * pitch + round(pitch * 0.8)
            if set_lines:
                new_page()
    pages.append(page)
    if skew or noise:
        pages = [_degrade(p, skew, noise, seed + k) for k, p in enumerate(pages)]
    return pages


def _degrade(page: Image.Image, skew: float, noise: float, seed: int) -> Image.Image:
    """A crooked, grainy scan: rotated by ``skew`` degrees, blurred a little, salt-and-pepper noise."""
    import numpy as np

    out = page.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255) if skew else page
    out = out.filter(ImageFilter.GaussianBlur(0.6))
    if noise:
        rng = np.random.default_rng(seed)
        arr = np.asarray(out, dtype=np.float32)
        arr = arr + rng.normal(0, 255 * noise, arr.shape)
        speckle = rng.random(arr.shape)
        arr[speckle < noise / 20] = 0
        out = Image.fromarray(np.clip(arr, 0, 255).astype("uint8"), "L")
    return out


def pdf_of(pages: list[Image.Image], dpi: int = 300) -> bytes:
    """A scanned PDF: each page one JPEG image, no text layer."""
    buf = io.BytesIO()
    rgb = [p.convert("RGB") for p in pages]
    rgb[0].save(buf, format="PDF", save_all=True, append_images=rgb[1:], resolution=dpi, quality=90)
    return buf.getvalue()


def png_of(page: Image.Image) -> bytes:
    buf = io.BytesIO()
    page.save(buf, format="PNG")
    return buf.getvalue()


def char_accuracy(ocr: str, truth: str) -> float:
    from rapidfuzz.distance import Levenshtein

    def norm(s: str) -> str:
        return "".join(unicodedata.normalize("NFKC", s).split())

    a, b = norm(ocr), norm(truth)
    return 1 - Levenshtein.distance(a, b) / max(1, len(b))


# ---- OFD (GB/T 33190-2016) -------------------------------------------------------------------------

_NS = "http://www.ofdspec.org/2016"


def build_ofd(pages: list[list[str]], *, title: str | None = None, creation_date: str | None = None,
              font_size_mm: float = 3.7, shuffle: bool = False) -> bytes:
    """An OFD package of ``pages`` (each a list of lines), one TextObject per line.

    Lines are placed top to bottom on an A4 page (``Boundary`` in millimetres); with ``shuffle`` the
    objects are written to Content.xml out of reading order, as some exporters do.
    """
    info = ""
    if title:
        info += f"<ofd:Title>{_esc(title)}</ofd:Title>"
    if creation_date:
        info += f"<ofd:CreationDate>{creation_date}</ofd:CreationDate>"
    ofd_xml = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{_NS}" Version="1.0" DocType="OFD">'
               f"<ofd:DocBody><ofd:DocInfo><ofd:DocID>0C1D4F7159954EEEDE517F7285E84DC4</ofd:DocID>{info}"
               "<ofd:Creator>luoshi tests</ofd:Creator></ofd:DocInfo>"
               "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>")
    page_refs = "".join(f'<ofd:Page ID="{10 + k}" BaseLoc="Pages/Page_{k}/Content.xml"/>' for k in range(len(pages)))
    document_xml = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{_NS}">'
                    "<ofd:CommonData><ofd:MaxUnitID>999</ofd:MaxUnitID>"
                    "<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
                    "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
                    f"<ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>")
    public_res = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Res xmlns:ofd="{_NS}" BaseLoc="Res">'
                  '<ofd:Fonts><ofd:Font ID="2" FontName="宋体" FamilyName="宋体"/></ofd:Fonts></ofd:Res>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("OFD.xml", ofd_xml)
        zf.writestr("Doc_0/Document.xml", document_xml)
        zf.writestr("Doc_0/PublicRes.xml", public_res)
        for k, lines in enumerate(pages):
            objects = []
            for n, line in enumerate(lines):
                y = 20 + n * font_size_mm * 1.8
                w = font_size_mm * len(line)
                deltas = " ".join([f"{font_size_mm:g}"] * (len(line) - 1))
                delta = f' DeltaX="{deltas}"' if deltas else ""
                objects.append(f'<ofd:TextObject ID="{100 + 100 * k + n}" Boundary="20 {y:.2f} {w:.2f} {font_size_mm * 1.4:.2f}"'
                               f' Font="2" Size="{font_size_mm:g}"><ofd:FillColor Value="0 0 0"/>'
                               f'<ofd:TextCode X="0" Y="{font_size_mm:g}"{delta}>{_esc(line)}</ofd:TextCode>'
                               "</ofd:TextObject>")
            if shuffle:
                random.Random(k).shuffle(objects)
            content = (f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{_NS}"><ofd:Content>'
                       f'<ofd:Layer ID="{50 + k}">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>')
            zf.writestr(f"Doc_0/Pages/Page_{k}/Content.xml", content)
    return buf.getvalue()


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
