"""Bytes -> str for plain text and HTML: BOM first, then declared charset (HTML), then detection.

Detection uses charset-normalizer. GB2312/GBK guesses are widened to GB18030 (a strict superset), so a
rare character outside GB2312 never turns into mojibake.
"""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

from .errors import ReadError

_BOMS: list[tuple[bytes, str]] = [
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its BOM starts with the same 2 bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]
# Names that are subsets of GB18030 (decode with the superset, record "gb18030").
_GB_FAMILY = {"gb2312", "gbk", "cp936", "ms936", "euc_cn", "euc-cn", "gb18030", "hz", "x-gbk", "936"}
_BIG5_FAMILY = {"big5", "big5hkscs", "big5-hkscs", "cp950", "ms950"}
# <meta charset="gbk">, <meta http-equiv=… content="text/html; charset=gb2312">, and the same in a
# JSP/ASP directive (<%@ page contentType="text/html; charset=GBK" %>) or a PHP header() call.
_META_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z][A-Za-z0-9_\-]+)""", re.IGNORECASE)


def canonical_encoding(name: str) -> str:
    """Map an encoding label to the codec we decode with (GB family -> gb18030, Big5 -> big5hkscs)."""
    low = name.strip().lower().replace("_", "-")
    if low in _GB_FAMILY or low.replace("-", "") in {n.replace("-", "") for n in _GB_FAMILY}:
        return "gb18030"
    if low in _BIG5_FAMILY:
        return "big5hkscs"
    try:
        return codecs.lookup(low).name
    except LookupError:
        return low


def decode_bytes(data: bytes, name: str, *, html: bool = False, warnings: list[str] | None = None) -> tuple[str, str]:
    """Decode ``data``; return (text, encoding used). Raise ReadError when no encoding fits.

    Order: byte-order mark; strict UTF-8; the page's declared charset (HTML); UTF-16 without BOM (NUL
    bytes); charset-normalizer's candidates (GB names widened to gb18030); finally UTF-8/GB18030 with a
    handful of bad bytes replaced (a warning says how many) — a real page with one corrupt byte is
    still a report, a binary blob is not.
    """
    warnings = warnings if warnings is not None else []
    for bom, enc in _BOMS:
        if data.startswith(bom):
            plain = enc.replace("-sig", "")
            return _strict(data[len(bom):], plain, name), plain
    has_nul = b"\x00" in data[:4096]
    if has_nul:  # ASCII in UTF-16 without a BOM is also valid UTF-8 (with NULs): try UTF-16 first
        utf16 = _bomless_utf16(data)
        if utf16:
            return utf16
    try:  # the common case, and the one detectors sometimes get wrong on short texts
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if html:
        declared = _META_CHARSET.search(data[:8192])
        if declared:
            enc = canonical_encoding(declared.group(1).decode("ascii", "replace"))
            try:
                return data.decode(enc), enc
            except (UnicodeDecodeError, LookupError):
                pass  # a lying declaration: fall through to detection
    if has_nul:
        raise ReadError(name, "not a report: binary data (NUL bytes) in what should be text")
    found = _detect(data)
    if found:
        return found
    return _lenient(data, name, warnings)


def _strict(data: bytes, enc: str, name: str) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        raise ReadError(name, f"undecodable bytes: not valid {enc} despite its byte-order mark (at byte {exc.start})") from exc


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM: take whichever byte order gives plausible Chinese/ASCII text."""
    if len(data) % 2:
        return None
    best: tuple[float, str, str] | None = None
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = plausibility(text)
        if score >= 0.97 and (best is None or score > best[0]):
            best = (score, text, enc)
    return (best[1], best[2]) if best else None


def _detect(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's candidates, then the usual Chinese codecs; strict and plausible only.

    Shortcut: bytes that are valid GB18030 but not valid Big5 cannot be Big5, and GB18030 is then
    the answer for a Chinese report (no need to run the slower statistical detector).
    """
    gb = _try(data, "gb18030")
    if gb is not None and _try(data, "big5hkscs") is None and plausibility(gb) >= 0.97:
        return gb, "gb18030"
    candidates = [canonical_encoding(m.encoding) for m in from_bytes(data[:65536])]
    for enc in dict.fromkeys(candidates + ["gb18030", "big5hkscs"]):
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if plausibility(text) >= 0.97:
            return text, enc
    return None


def _try(data: bytes, enc: str) -> str | None:
    try:
        return data.decode(enc)
    except UnicodeDecodeError:
        return None


def _lenient(data: bytes, name: str, warnings: list[str]) -> tuple[str, str]:
    """UTF-8 or GB18030 with a few undecodable bytes replaced by U+FFFD (and a warning)."""
    for enc in ("utf-8", "gb18030"):
        text = data.decode(enc, errors="replace")
        bad = text.count("\ufffd")
        if bad <= max(8, len(text) // 500) and plausibility(text) >= 0.97:
            warnings.append(f"{bad} undecodable byte sequence(s) replaced by U+FFFD ({enc})")
            return text, enc
    raise ReadError(name, "undecodable bytes: not UTF-8, GB18030, Big5 or UTF-16 text")


_IMPLAUSIBLE = re.compile(
    "[^\x20-\x7e\t\n\r\f\ufffd\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff\u3000-\u30ff"
    "\uff00-\uffef\u2000-\u27bf\u3200-\u33ff\ufe30-\ufe4f\xa0\xa7\xa9\xae\xb0\xb1\xb7\xd7\xf7]"
)


def plausibility(text: str) -> float:
    """Share of characters a Chinese report plausibly contains (mojibake and binaries score low)."""
    sample = text[:20000]
    if not sample:
        return 0.0
    return 1 - len(_IMPLAUSIBLE.findall(sample)) / len(sample)


# C0 controls other than tab, line feed, form feed and carriage return, DEL, and the two XML
# non-characters: no report prints them, lxml refuses them ("All strings must be XML compatible"),
# and PostgreSQL refuses NUL in text. A vertical tab (Word's manual line break) reads as a line break.
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f\ufffe\uffff]")
_CONTROL_SHARE = 0.01  # more than 1 % control characters: binary data, not a report
_CONTROL_FEW = 8  # a handful is always tolerated (a stray byte in a real page)


def clean_controls(text: str, name: str, warnings: list[str], *, html: bool = False) -> str:
    """Remove control characters (and refuse text that is mostly control characters, i.e. binary).

    The same text is thus stored on SQLite and PostgreSQL, and HTML never reaches lxml with a
    character it would raise on.
    """
    if html:  # a form feed is a page break in text, but lxml refuses it (found by the fuzz test)
        text = text.replace("\x0c", "\n")
    text = text.replace("\x0b", "\n").replace("\x1c", "\n").replace("\x1d", "\n").replace("\x1e", "\n")
    found = len(_CONTROLS.findall(text))
    if not found:
        return text
    if found > max(_CONTROL_FEW, len(text) * _CONTROL_SHARE):
        nul = text.count("\x00")
        what = f"{nul:,} NUL bytes" if nul * 2 >= found else f"{found:,} control characters"
        raise ReadError(name, f"not a report: binary data ({what} in what should be text)")
    warnings.append(f"{found} control character(s) removed")
    return _CONTROLS.sub("", text)
