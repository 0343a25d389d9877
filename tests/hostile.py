"""Hostile inputs for the hardening tests (issue 11), generated at run time — never committed files.

A zip bomb is built without compressing its gigabyte: one deflate block of a repeated string, ended by
a full flush (so it depends on nothing before it), is repeated; the central directory declares the
true inflated size. Its CRC is left at 0 — the budget refuses the file before anything is inflated,
which is what the tests check (a reader that did inflate would fail later, on the CRC, and slowly).
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib

GIB = 1024**3
# An invented one-paragraph report (never text from ../shared).
REPORT_SENTENCE = "全市新增城镇就业3.5万人以上，确保完成年度目标任务，推进项目建设。"
_DOCX_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
               'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')


def _zip(members: list[tuple[str, bytes, int, int, int]]) -> bytes:
    """A zip from (name, stored bytes, crc, inflated size, method) members."""
    out, central = b"", b""
    for name, data, crc, size, method in members:
        offset, raw = len(out), name.encode()
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0, crc, len(data), size, len(raw), 0)
        out += raw + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0, crc, len(data), size,
                               len(raw), 0, 0, 0, 0, 0, offset) + raw
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), len(out), 0)
    return out + central + end


def docx_bomb(inflated: int = GIB) -> bytes:
    """A .docx whose word/document.xml inflates to ``inflated`` bytes (about 1 MB on disk per GiB)."""
    chunk = b"<w:p/>" * (1 << 17)  # 768 KiB
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    repeats = inflated // len(chunk)
    body = block * repeats + b"\x03\x00"  # an empty final block ends the stream
    types = _DOCX_TYPES.encode()
    return _zip([("[Content_Types].xml", types, zlib.crc32(types), len(types), 0),
                 ("word/document.xml", body, 0, repeats * len(chunk), 8)])


def zip_with_members(count: int) -> bytes:
    """A .docx-looking zip with ``count`` tiny members."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("word/document.xml", "<w:document/>")
        for i in range(count):
            zf.writestr(f"word/media/{i}.xml", "")
    return buf.getvalue()


def long_line(megabytes: float, unit: str = REPORT_SENTENCE) -> bytes:
    """UTF-8 text of about ``megabytes`` MB with no line break."""
    raw = unit.encode()
    n = int(megabytes * 1024 * 1024)
    return (raw * (n // len(raw) + 1))[: n - n % len(raw) or len(raw)]


def digit_run(megabytes: float) -> bytes:
    """One line of digits only: the input on which extraction used to be quadratic."""
    return b"1234567890" * int(megabytes * 1024 * 1024 / 10)
