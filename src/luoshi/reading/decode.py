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
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)


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


def decode_bytes(data: bytes, name: str, *, html: bool = False) -> tuple[str, str]:
    """Decode ``data``; return (text, encoding used). Raise ReadError when no encoding fits."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _strict(data[len(bom):], enc.replace("-sig", ""), name), enc.replace("-sig", "")
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
    utf16 = _bomless_utf16(data)
    if utf16:
        return utf16
    return _detect(data, name)


def _strict(data: bytes, enc: str, name: str) -> str:
    try:
        return data.decode(enc)
    except UnicodeDecodeError as exc:
        raise ReadError(name, f"undecodable bytes: not valid {enc} despite its byte-order mark (at byte {exc.start})") from exc


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without BOM: ASCII-heavy text shows NUL in every other byte."""
    if len(data) < 4 or len(data) % 2:
        return None
    sample = data[:4096]
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    half = len(sample) // 2
    for enc, nul in (("utf-16-le", odd_nul), ("utf-16-be", even_nul)):
        if nul > half * 0.3:
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                return None
    return None


def _detect(data: bytes, name: str) -> tuple[str, str]:
    """Ask charset-normalizer; prefer CJK codecs, widen GB names to gb18030, decode strictly."""
    if b"\x00" in data[:4096]:
        raise ReadError(name, "not a report: binary data (NUL bytes) in what should be text")
    candidates: list[str] = []
    results = from_bytes(data[:200_000], cp_isolation=None)
    for match in results:
        candidates.append(canonical_encoding(match.encoding))
    for enc in candidates + ["gb18030", "big5hkscs"]:
        try:
            text = data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
        if _looks_like_text(text):
            return text, enc
    raise ReadError(name, "undecodable bytes: not UTF-8, GB18030, Big5 or UTF-16 text (binary file?)")


def _looks_like_text(text: str) -> bool:
    """Reject decodings full of control characters (a binary file decoded as a single-byte codec)."""
    if not text:
        return False
    bad = sum(1 for ch in text[:20000] if (ord(ch) < 32 and ch not in "\t\n\r\f") or 0x80 <= ord(ch) < 0xA0)
    return bad / min(len(text), 20000) < 0.01
