"""Offline OCR of page images (scans, photos, scanned PDF pages) into text the reader expects.

Recognition is RapidOCR (``rapidocr-onnxruntime``): the PP-OCRv4 Chinese detection and recognition
models ship inside its wheel and run on onnxruntime — nothing is downloaded. What this module adds is
the layout: a page's detected text lines are

1. merged into rows (fragments side by side on one baseline, a wide gap kept as a space);
2. straightened (the median slant of long lines is the page's skew; boxes are rotated back);
3. grouped into blocks — runs of lines stacked in one column, of one type size; a line that reaches
   over a column gutter (a headline across the page) starts a block of its own;
4. ordered by a recursive XY cut over the blocks (top to bottom, then column by column);
5. cut into paragraphs: inside a block a line continues the one above unless that one stops short of
   the right edge or this one is indented; a paragraph cut by the bottom of a column continues at the
   top of the next column of the same width and type size.

Before the layout, marks the recogniser loses are restored from the page's ink (``_dash``: a subtitle's
—— read as 一 or not at all; ``_spaces``: the spaces between a byline's names).

The result is one paragraph per line, as from a PDF's text layer, with every line's page and box kept
(:class:`luoshi.reading.model.TextLine`). Pages run in parallel threads (one onnxruntime engine each,
``LUOSHI_OCR_WORKERS``, default the usable cores); a callback reports progress per page.
"""
from __future__ import annotations

import atexit
import bisect
import contextvars
import math
import os
import queue
import threading
import time
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from .errors import ReadError
from .model import TextLine
from .patterns import ocr_fix

Progress = Callable[[int, int], None]  # (pages done, pages in all)
# Where page progress goes when the caller passed no callback: (file name, pages done, pages in all).
# The CLI sets it to drive its progress bar on long scans; unset, nothing is reported.
page_progress: contextvars.ContextVar[Callable[[str, int, int], None] | None] = contextvars.ContextVar(
    "luoshi_page_progress", default=None)


@dataclass
class Line:
    """One text line of a page: axis-aligned box (after deskew) and its text."""

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    box: tuple[int, int, int, int]  # the box on the page image as scanned (for display)

    @property
    def h(self) -> float:
        return self.y1 - self.y0

    @property
    def size(self) -> float:
        """The type size, from the width per character (a Chinese character is one em wide, a Latin
        letter or digit about half): steadier than the box height, which detection pads more on short
        lines."""
        units = sum(1.0 if ord(ch) > 0x2E80 else 0.3 if ch == " " else 0.55 for ch in self.text)
        return (self.x1 - self.x0) / units if units >= 4 else self.h  # a short line's padding would dominate


@dataclass
class Block:
    lines: list[Line] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return min(ln.x0 for ln in self.lines)

    @property
    def x1(self) -> float:
        return max(ln.x1 for ln in self.lines)

    @property
    def y0(self) -> float:
        return min(ln.y0 for ln in self.lines)

    @property
    def y1(self) -> float:
        return max(ln.y1 for ln in self.lines)

    @property
    def em(self) -> float:
        return median(ln.h for ln in self.lines)

    @property
    def size(self) -> float:
        return median(ln.size for ln in self.lines)


# ---- engines ---------------------------------------------------------------------------------------

_engines: list[Any] = []
_engines_lock = threading.Lock()


def ocr_workers() -> int:
    value = os.environ.get("LUOSHI_OCR_WORKERS", "").strip()
    if value:
        return max(1, int(value))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def _take_engine(name: str, threads: int) -> Any:
    with _engines_lock:
        if _engines:
            return _engines.pop()
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:  # pragma: no cover - a dependency of luoshi; only a broken install lacks it
        raise ReadError(name, f"cannot OCR: rapidocr-onnxruntime is not installed ({exc})") from exc
    import logging

    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
    # max_side_len: the longest side an image is shrunk to before detection (recognition reads the
    # shrunk image too); 2000 px reads 10.5 pt type on an A4 page at 300 dpi as well as full size does.
    side = int(os.environ.get("LUOSHI_OCR_MAX_SIDE", "") or 2000)
    return RapidOCR(intra_op_num_threads=threads, inter_op_num_threads=1, max_side_len=side)


def _give_engine(engine: Any) -> None:
    with _engines_lock:
        _engines.append(engine)


Detection = tuple[list[list[float]], str]  # four corner points, text


def recognise(image: Any, engine: Any) -> tuple[list[Detection], float]:
    """Text fragments of one image (numpy array, RGB or grey) and the page's skew (radians).

    Detection sometimes boxes two columns' lines as one when the gutter is narrow (or a closing mark
    hangs into it); such a line is cut between two recognised characters (their boxes) that leave a
    gap of ¾ of the line's height, or a smaller gap (⅓) where the page has a gutter: at least three
    other lines end just left of it and three begin just right of it.
    """
    result, _ = engine(image, return_word_box=True)
    result = [r for r in (result or []) if r[1].strip()]
    skew = _skew([(r[0], r[1]) for r in result])
    runs: list[tuple[list[list[float]], list[Any], list[str]]] = []  # (quad, char boxes, chars)
    for r in result:
        quad, text = r[0], r[1]
        if len(r) >= 5 and r[3] and len(r[3]) == len(r[4]):
            runs.extend(_split(quad, r[3], r[4], lambda gap, _x, h: gap > 0.75 * h))
        else:
            runs.append((quad, [], [text]))
    at_gutter = _gutters([min(p[0] for p in q) for q, _, _ in runs], [max(p[0] for p in q) for q, _, _ in runs])
    ink = _Ink(image)
    out: list[Detection] = []
    for quad, boxes, chars in runs:
        pieces = (_split(quad, boxes, chars, lambda gap, x, h: gap > h / 3 and at_gutter(x, h)) if boxes
                  else [(quad, boxes, chars)])
        for q, bxs, chs in pieces:
            if bxs and ink.for_line(bxs):
                chs = _spaces(ink, bxs, _dash(ink, bxs, chs))
            text = ocr_fix("".join(chs).strip())
            if text:
                out.append((q, text))
    return out, skew


# ---- marks the recogniser loses, restored from the ink of the page -----------------------------------
# rapidocr's character boxes are spread evenly from the CTC columns where each character fired (every box
# is one average character wide), so they place a character but do not measure it: what a mark looks like
# is read from the page image itself, in the band of the character's box.

DASHES = "一—―－-"  # what a leading ―― (破折号, before a subtitle) is read as
DASH_EM = 1.4  # a horizontal stroke this many ink heights long is two dashes, not 一 (about 1.05)
SPACE_PITCH = 1.18  # two ideographs' ink centres this many ems apart (the line's median step) have a space between
SPACE_GAP = 0.15  # … and leave a gap of at least this many ems
SPACE_NEAR, SPACE_WIDE = 1.08, 0.3  # or stand a little further apart and leave a wide gap (a blurred scan)


class _Ink:
    """Dark pixels of a page image (numpy, grey or RGB), looked up per box; dark is set per line
    (``for_line``: halfway between the line's paper and its ink)."""

    def __init__(self, image: Any) -> None:
        import numpy as np

        grey = np.asarray(image)
        if grey.ndim == 3:
            grey = grey[..., :3].mean(axis=2)
        self.grey = grey
        self.cut = 128.0

    def _crop(self, x0: float, x1: float, y0: float, y1: float) -> Any:
        h, w = self.grey.shape[:2]
        xa, xb, ya, yb = max(0, int(x0)), min(w, int(math.ceil(x1))), max(0, int(y0)), min(h, int(math.ceil(y1)))
        return None if xb - xa < 2 or yb - ya < 2 else self.grey[ya:yb, xa:xb]

    def for_line(self, boxes: list[Any]) -> bool:
        """Set dark for the line of these character boxes; False when it has no contrast to read."""
        import numpy as np

        crop = self._crop(_xs(boxes[0])[0], _xs(boxes[-1])[1], min(_ys(b)[0] for b in boxes),
                          max(_ys(b)[1] for b in boxes))
        if crop is None:
            return False
        lo, hi = np.percentile(crop, (5, 95))
        self.cut = float(lo + hi) / 2
        return bool(hi - lo >= 60)

    def band(self, x0: float, x1: float, y0: float, y1: float) -> Any:
        """Boolean ink of the region (None when it is off the page); a dark pixel none of whose four
        neighbours is dark is a speck of noise, not ink."""
        import numpy as np

        crop = self._crop(x0, x1, y0, y1)
        if crop is None:
            return None
        dark = crop < self.cut
        near = np.zeros_like(dark)
        near[1:, :] |= dark[:-1, :]
        near[:-1, :] |= dark[1:, :]
        near[:, 1:] |= dark[:, :-1]
        near[:, :-1] |= dark[:, 1:]
        return dark & near


def _ys(box: Any) -> tuple[float, float]:
    return min(p[1] for p in box), max(p[1] for p in box)


def _xs(box: Any) -> tuple[float, float]:
    return min(p[0] for p in box), max(p[0] for p in box)


def _ink_height(ink: _Ink, boxes: list[Any]) -> float:
    """The height of the ink of a run of character boxes: about 0.9 em of Chinese type."""
    import numpy as np

    heights = []
    for box in boxes:
        band = ink.band(*_xs(box), *_ys(box))
        if band is not None:
            rows = np.flatnonzero(band.any(axis=1))
            if len(rows):
                heights.append(rows[-1] - rows[0] + 1)
    return float(max(heights)) if heights else 0.0


def _dash(ink: _Ink, boxes: list[Any], chars: list[str]) -> list[str]:
    """A subtitle's dash ——, which the recogniser reads as 一 (or —, －, 一一) or not at all: one thin
    horizontal stroke at least ``DASH_EM`` ink heights long (一 is about 1.05, and 一一 two strokes)
    where the line's text begins — over a leading 一, followed leftwards (detection often cuts its start),
    or, when nothing was read for it, ending just before the first character, with nothing before it."""
    lead = 0
    while lead < len(chars) and chars[lead] in DASHES:
        lead += 1
    if lead >= len(chars) or not chars[lead].strip() or lead > 2:
        return chars
    em = _ink_height(ink, boxes[lead:lead + 4])
    if em <= 0:
        return chars
    x0, x1 = _xs(boxes[0])
    c0 = (x0 + x1) / 2
    y0, y1 = _ys(boxes[0])
    left = max(0, int(x0 - 3 * em))
    band = ink.band(left, (x1 + 2.5 * em) if lead else c0, y0, y1)
    if band is None:
        return chars
    for a, b in reversed(_thin_runs(band, 0.3 * em)):
        a, b = a + left, b + left
        if lead and a <= x0 + 0.5 * em and b >= x0:  # the stroke under the 一 read
            return ["——", *chars[lead:]] if b - a >= DASH_EM * em else chars
        if not lead and b - a >= DASH_EM * em:  # a stroke just before the first character, on its own
            if b < c0 - 1.3 * em:
                return chars
            before = ink.band(a - 0.5 * em, a, y0, y1)
            alone = before is not None and before.shape[1] >= 0.4 * em and not before.any()
            if alone and DASH_EM * em <= b - a <= 2.6 * em:
                return ["——", *chars]
            return chars
    return chars


def _thin_runs(band: Any, thin: float) -> list[tuple[int, int]]:
    """Runs of columns whose ink spans fewer than ``thin`` rows (a horizontal stroke), as (start, end);
    a break of two columns does not end a run."""
    import numpy as np

    has = band.any(axis=0)
    top = np.argmax(band, axis=0)
    bottom = band.shape[0] - 1 - np.argmax(band[::-1], axis=0)
    ok = (has & (bottom - top < thin)).tolist()
    runs: list[tuple[int, int]] = []
    j = 0
    while j < len(ok):
        if not ok[j]:
            j += 1
            continue
        start = end = j
        while end + 1 < len(ok) and (ok[end + 1] or (end + 2 < len(ok) and ok[end + 2])):
            end += 1
        runs.append((start, end + 1))
        j = end + 1
    return runs


def _ideograph(ch: str) -> bool:
    return len(ch) == 1 and ("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff")


def _spaces(ink: _Ink, boxes: list[Any], chars: list[str]) -> list[str]:
    """Spaces the recogniser dropped between two Chinese characters (the names of a byline
    ``记者 赵伟伟 孙欣``, the two halves of a headline). Each character's ink is found between the gaps
    that part it from its neighbours (the emptiest columns between two characters' box centres); a
    Chinese glyph is centred in its square, so two neighbours' ink centres stand one em apart — the
    line's median — whatever their shapes (日 leaves wide margins, 八 a gap inside), and ``SPACE_PITCH``
    ems or more apart with a space between them. Punctuation (whose ink fills half its square) is never
    a side of a space."""
    n = len(chars)
    if len(boxes) != n or n < 4:
        return chars
    centres = [sum(_xs(b)) / 2 for b in boxes]
    # gaps[k]: the columns (x0, x1) parting character k-1 from k; gaps[0] / gaps[n]: the ink's ends
    gaps: list[tuple[float, float] | None] = [None] * (n + 1)
    for k in range(1, n):
        p = centres[k] - centres[k - 1]
        lo, hi = centres[k - 1] + 0.25 * p, centres[k] - 0.25 * p
        y0 = min(_ys(boxes[k - 1])[0], _ys(boxes[k])[0])
        y1 = max(_ys(boxes[k - 1])[1], _ys(boxes[k])[1])
        band = ink.band(lo, hi, y0, y1) if p > 0 else None
        if band is not None:
            start, length = _emptiest(band.sum(axis=0).tolist())
            left = max(0, int(lo))
            gaps[k] = (left + start, left + start + length)
    for k, side in ((0, -1), (n, 1)):
        box = boxes[0] if k == 0 else boxes[-1]
        p = _xs(box)[1] - _xs(box)[0]
        c = centres[0] if k == 0 else centres[-1]
        lo, hi = min(c, c + side * 0.75 * p), max(c, c + side * 0.75 * p)
        band = ink.band(lo, hi, *_ys(box))
        if band is not None and band.any():
            cols = band.any(axis=0).nonzero()[0]
            left = max(0, int(lo))
            x = left + (cols[0] if k == 0 else cols[-1] + 1)
            gaps[k] = (x, x)
    mids: list[float | None] = []
    for k in range(n):
        a, b = gaps[k], gaps[k + 1]
        mids.append((a[1] + b[0]) / 2 if a is not None and b is not None and b[0] > a[1] else None)
    steps: dict[int, float] = {}
    for k in range(1, n):
        m0, m1 = mids[k - 1], mids[k]
        if m0 is not None and m1 is not None and _ideograph(chars[k - 1]) and _ideograph(chars[k]):
            steps[k] = m1 - m0
    if len(steps) < 3:
        return chars
    em = median(steps.values())
    out = [chars[0]]
    for k in range(1, n):
        gap = gaps[k]
        if k in steps and gap is not None and (steps[k] >= SPACE_PITCH * em and gap[1] - gap[0] >= SPACE_GAP * em
                                               or steps[k] >= SPACE_NEAR * em and gap[1] - gap[0] >= SPACE_WIDE * em):
            out.append(" ")
        out.append(chars[k])
    return out


def _emptiest(counts: list[int]) -> tuple[int, int]:
    """The longest run of the columns with the least ink: (start, length)."""
    least = min(counts)
    best, run, start = (0, 0), 0, 0
    for i, c in enumerate(counts):
        if c == least:
            if run == 0:
                start = i
            run += 1
            if run > best[1]:
                best = (start, run)
        else:
            run = 0
    return best


def _gutters(starts: list[float], ends: list[float]) -> Callable[[float, float], bool]:
    """``at_gutter(x, em)``: is x between columns — at least three lines end within 2.5 em left of it and
    three begin within 2.5 em right of it?"""
    starts, ends = sorted(starts), sorted(ends)

    def at_gutter(x: float, em: float) -> bool:
        began = bisect.bisect_right(starts, x + 2.5 * em) - bisect.bisect_left(starts, x)
        ended = bisect.bisect_right(ends, x) - bisect.bisect_left(ends, x - 2.5 * em)
        return began >= 3 and ended >= 3

    return at_gutter


def _split(quad: list[list[float]], boxes: list[Any], chars: list[str], cut: Callable[[float, float, float], bool]
           ) -> list[tuple[list[list[float]], list[Any], list[str]]]:
    """Cut a recognised line between characters where ``cut(gap, x, line height)`` says so."""
    height = max(math.dist(quad[0], quad[3]), 1.0)
    pieces: list[tuple[list[Any], list[str]]] = [([boxes[0]], [chars[0]])]
    for box, ch in zip(boxes[1:], chars[1:], strict=True):
        prev = pieces[-1][0][-1]
        left, right = max(p[0] for p in prev), min(p[0] for p in box)
        if cut(right - left, (left + right) / 2, height):
            pieces.append(([box], [ch]))
        else:
            pieces[-1][0].append(box)
            pieces[-1][1].append(ch)
    if len(pieces) == 1:
        return [(quad, boxes, chars)]
    out = []
    for bxs, chs in pieces:
        xs = [p[0] for b in bxs for p in b]
        ys = [p[1] for b in bxs for p in b]
        out.append(([[min(xs), min(ys)], [max(xs), min(ys)], [max(xs), max(ys)], [min(xs), max(ys)]], bxs, chs))
    return out


# ---- layout ----------------------------------------------------------------------------------------

def _skew(dets: Sequence[Detection]) -> float:
    """The page's slant in radians: the median angle of the top edges of long lines."""
    angles = []
    for quad, _ in dets:
        (ax, ay), (bx, by) = quad[0], quad[1]
        height = math.dist(quad[0], quad[3])
        if bx - ax > 4 * max(height, 1):
            angles.append(math.atan2(by - ay, bx - ax))
    return median(angles) if len(angles) >= 3 else 0.0


def _lines(dets: Sequence[Detection], angle: float) -> list[Line]:
    cos, sin = math.cos(-angle), math.sin(-angle)
    out = []
    for quad, text in dets:
        xs = [p[0] for p in quad]
        ys = [p[1] for p in quad]
        box = (round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys)))
        rx = [x * cos - y * sin for x, y in quad]
        ry = [x * sin + y * cos for x, y in quad]
        clean = "".join(ch for ch in text if ch >= " " or ch == "\t").strip()
        out.append(Line(min(rx), min(ry), max(rx), max(ry), clean, box))
    return out


def _rows(lines: list[Line], min_gap: float = 0.1) -> list[Line]:
    """Merge fragments printed side by side on one line (detection splits a line at a wide space; an
    OFD may place every glyph on its own). ``min_gap`` (in ems; negative: an overlap) keeps apart
    detections whose boxes touch — two columns' lines, a box grown into the gutter; nor is a gap
    merged where the page has a gutter (see :func:`_gutters`)."""
    at_gutter = _gutters([ln.x0 for ln in lines], [ln.x1 for ln in lines])
    lines = sorted(lines, key=lambda ln: (ln.x0, ln.y0))
    merged: list[Line] = []
    open_rows: list[Line] = []  # rows whose right end is near enough to take more
    for ln in lines:
        open_rows = [m for m in open_rows if m.x1 > ln.x0 - 2 * max(m.h, ln.h)]
        for m in reversed(open_rows):
            overlap = min(m.y1, ln.y1) - max(m.y0, ln.y0)
            em = min(m.h, ln.h)
            gap = ln.x0 - m.x1
            if (overlap > 0.6 * em and abs(m.h - ln.h) < 0.3 * max(m.h, ln.h) and min_gap * em <= gap < 0.75 * em
                    and not (gap > em / 3 and at_gutter((m.x1 + ln.x0) / 2, em))):
                sep = " " if gap > 0.35 * em or not _cjk_edge(m.text, ln.text) else ""
                m.text = m.text + sep + ln.text
                m.x1, m.y0, m.y1 = ln.x1, min(m.y0, ln.y0), max(m.y1, ln.y1)
                m.box = (min(m.box[0], ln.box[0]), min(m.box[1], ln.box[1]),
                         max(m.box[2], ln.box[2]), max(m.box[3], ln.box[3]))
                break
        else:
            merged.append(ln)
            open_rows.append(ln)
    return merged


def _blocks(lines: list[Line]) -> list[Block]:
    """Union lines stacked in one column with one type size into blocks."""
    lines = sorted(lines, key=lambda ln: (ln.y0, ln.x0))
    parent = list(range(len(lines)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, up in enumerate(lines):
        below = None
        for j in range(i + 1, len(lines)):
            lo = lines[j]
            if lo.y0 - up.y1 > 1.2 * up.h:
                break
            if lo.y0 < up.y0 + 0.5 * up.h:  # same row, not below
                continue
            if min(up.x1, lo.x1) - max(up.x0, lo.x0) <= 0.3 * min(up.x1 - up.x0, lo.x1 - lo.x0):
                continue
            below = j
            break
        if below is None:
            continue
        lo = lines[below]
        em = max(up.h, lo.h)
        if abs(up.size - lo.size) > 0.2 * max(up.size, lo.size) or abs(up.h - lo.h) > 0.35 * em \
                or abs(up.x0 - lo.x0) > 3 * em:
            continue
        if _spans_gutter(up, lo, lines) or _spans_gutter(lo, up, lines):
            continue
        parent[find(below)] = find(i)
    groups: dict[int, Block] = {}
    for i, ln in enumerate(lines):
        groups.setdefault(find(i), Block()).lines.append(ln)
    for b in groups.values():
        b.lines.sort(key=lambda ln: ln.y0)
    return list(groups.values())


def _spans_gutter(wide: Line, other: Line, lines: list[Line]) -> bool:
    """``wide`` reaches over a line printed beside ``other`` (another column): it is not of ``other``'s column."""
    for m in lines:
        if m is other or m is wide:
            continue
        if min(m.y1, other.y1) - max(m.y0, other.y0) > 0.5 * min(m.h, other.h):
            beside = m.x0 >= other.x1 - 0.2 * other.h or m.x1 <= other.x0 + 0.2 * other.h
            if beside and min(m.x1, wide.x1) - max(m.x0, wide.x0) > 0.5 * m.h:
                return True
    return False


def _xy_order(blocks: list[Block]) -> list[Block]:
    """Reading order: cut where a horizontal gap crosses every block, else a vertical one; recurse."""
    if len(blocks) <= 1:
        return blocks
    for axis in ("y", "x"):
        parts = _cut(blocks, axis)
        if len(parts) > 1:
            return [b for part in parts for b in _xy_order(part)]
    return sorted(blocks, key=lambda b: (b.y0, b.x0))


def _cut(blocks: list[Block], axis: str) -> list[list[Block]]:
    lo = (lambda b: b.y0) if axis == "y" else (lambda b: b.x0)
    hi = (lambda b: b.y1) if axis == "y" else (lambda b: b.x1)
    ordered = sorted(blocks, key=lo)
    parts: list[list[Block]] = [[ordered[0]]]
    reach = hi(ordered[0])
    for b in ordered[1:]:
        slack = 0.5 * min(b.em, parts[-1][-1].em)  # a small overlap (a box grown into the gutter) is none
        if lo(b) >= reach - slack:
            parts.append([b])
        else:
            parts[-1].append(b)
        reach = max(reach, hi(b))
    return parts


def _cjk_edge(before: str, after: str) -> bool:
    a = before.rstrip()[-1:] or " "
    b = after.lstrip()[:1] or " "
    return ord(a) > 0x2E80 or ord(b) > 0x2E80


def page_paragraphs(dets: Sequence[Detection], skew: float = 0.0) -> list[list[Line]]:
    """The paragraphs of one OCR'd page in reading order, each a list of its lines."""
    return layout_paragraphs(_lines(dets, skew))


def layout_paragraphs(fragments: list[Line], min_gap: float = 0.1) -> list[list[Line]]:
    """Paragraphs in reading order of a page's positioned text fragments (OCR lines, OFD text codes)."""
    lines = _rows([ln for ln in fragments if ln.text and ln.h > 0], min_gap)
    if not lines:
        return []
    blocks = _xy_order(_blocks(lines))
    page_left, page_right = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
    paragraphs: list[list[Line]] = []
    prev_block: Block | None = None
    for block in blocks:
        em = block.em
        left, right = block.x0, block.x1
        for k, ln in enumerate(block.lines):
            if k == 0:
                joined = prev_block is not None and bool(paragraphs) and (
                    _continues(prev_block, block) or _wrapped_title(prev_block.lines[-1], ln, page_left, page_right))
            else:
                above = block.lines[k - 1]
                joined = ln.x0 < left + 0.8 * em and above.x1 > right - 1.5 * em and len(block.lines) > 1
            if joined:
                paragraphs[-1].append(ln)
            else:
                paragraphs.append([ln])
        prev_block = block
    return paragraphs


def _wrapped_title(above: Line, ln: Line, page_left: float, page_right: float) -> bool:
    """A headline set across the page and wrapped: the line above fills the page's width, this one is
    centred under it in the same type size (a paragraph's indented first line is not centred)."""
    em = max(above.h, ln.h)
    if above.x1 - above.x0 < 0.85 * (page_right - page_left) or abs(above.size - ln.size) > 0.15 * above.size:
        return False
    margin_left, margin_right = ln.x0 - above.x0, above.x1 - ln.x1
    return margin_left > em and abs(margin_left - margin_right) < em and 0 < ln.y0 - above.y1 < em


def _continues(a: Block, b: Block) -> bool:
    """A paragraph cut at the foot of block ``a`` goes on at the head of block ``b`` (the next column)."""
    if len(a.lines) < 2 or len(b.lines) < 2:
        return False
    em = max(a.em, b.em)
    if abs(a.size - b.size) > 0.15 * max(a.size, b.size) or abs((a.x1 - a.x0) - (b.x1 - b.x0)) > 2 * em:
        return False
    last, first = a.lines[-1], b.lines[0]
    return last.x1 > a.x1 - 1.5 * em and first.x0 < b.x0 + 0.8 * em


def join_lines(lines: list[Line]) -> str:
    text = ""
    for ln in lines:
        if not text:
            text = ln.text
        elif _cjk_edge(text, ln.text):
            text += ln.text
        else:
            text += " " + ln.text
    return text


# ---- pages -> text ---------------------------------------------------------------------------------

def ocr_images(images: Sequence[Callable[[], Any]], name: str, *, first_page: int = 1,
               progress: Progress | None = None) -> list[list[list[Line]]]:
    """OCR page images in parallel; ``images[k]()`` returns page k as a numpy array (made lazily, in the
    worker thread, so only a few pages are in memory at once). Returns each page's paragraphs."""
    n = len(images)
    results: list[list[list[Line]] | None] = [None] * n
    if n == 0:
        return []
    hook = page_progress.get()
    if progress is None and hook is not None:
        progress = lambda done, total: hook(name, done, total)  # noqa: E731
    workers = min(ocr_workers(), n)
    threads_each = max(1, ocr_workers() // workers)
    todo: queue.SimpleQueue[int] = queue.SimpleQueue()
    for k in range(n):
        todo.put(k)
    done: queue.SimpleQueue[tuple[int, BaseException | None]] = queue.SimpleQueue()
    stop = threading.Event()

    def work() -> None:
        engine = None
        try:
            engine = _take_engine(name, threads_each)
            while not stop.is_set():
                try:
                    k = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    results[k] = page_paragraphs(*recognise(images[k](), engine))
                    done.put((k, None))
                except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread
                    done.put((k, exc))
                    return
        except BaseException as exc:  # noqa: BLE001
            done.put((-1, exc))
        finally:
            if engine is not None:
                _give_engine(engine)

    # Daemon threads: the caller's thread waits (so its wall-clock alarm can interrupt the wait); if it
    # gives up, ``stop`` keeps the workers from starting another page.
    pool = [threading.Thread(target=work, daemon=True, name=f"luoshi-ocr-{i}") for i in range(workers)]
    for t in pool:
        t.start()
        _WORKERS.add(t)
    finished = 0
    try:
        while finished < n:
            k, exc = done.get()
            if exc is not None:
                if isinstance(exc, ReadError):
                    raise exc
                raise ReadError(name, f"OCR failed on page {first_page + max(k, 0)} "
                                      f"({exc.__class__.__name__}: {exc})") from exc
            finished += 1
            if progress is not None:
                progress(finished, n)
    finally:
        stop.set()
    return [r or [] for r in results]


_WORKERS: weakref.WeakSet[threading.Thread] = weakref.WeakSet()
_EXIT_WAIT_SECONDS = 60.0  # a page's recognition takes seconds; no exit waits longer than this in all


@atexit.register
def _finish_workers() -> None:
    """Let OCR threads abandoned by a stopped wait (a document's time budget) finish their page before
    the interpreter exits: a daemon thread killed inside onnxruntime aborts the process ("terminate
    called without an active exception", exit 134) instead of the clean error already printed."""
    deadline = time.monotonic() + _EXIT_WAIT_SECONDS
    for thread in list(_WORKERS):
        thread.join(max(0.0, deadline - time.monotonic()))


def pages_text(pages: Sequence[list[list[Line]] | str], first_page: int = 1) -> tuple[str, list[TextLine]]:
    """Text of pages in order (an OCR'd page as its paragraphs, a text page as given), one paragraph per
    line, and the box of every OCR'd line with its offsets in that text."""
    parts: list[str] = []
    boxes: list[TextLine] = []
    pos = 0
    for k, page in enumerate(pages):
        number = first_page + k
        if isinstance(page, str):
            if page.strip():
                parts.append(page)
                pos += len(page) + 1
            continue
        for para in page:
            text = ""
            for ln in para:
                if text and not _cjk_edge(text, ln.text):
                    text += " "  # as join_lines does between two Latin words
                boxes.append(TextLine(number, *ln.box, pos + len(text), pos + len(text) + len(ln.text)))
                text += ln.text
            parts.append(text)
            pos += len(text) + 1
    return "\n".join(parts), boxes
