"""Detect an input's format from its content (magic bytes / markup), falling back on the extension.

Why content first: corpus files named ``.txt`` hold HTML, ``.jsp``/``.aspx`` pages are HTML, and a
``.docx`` renamed ``.doc`` is still a zip with ``word/document.xml``.
"""
from __future__ import annotations

import io
import re
import zipfile

from .errors import ReadError

HTML_EXTENSIONS = {".html", ".htm", ".shtml", ".xhtml", ".jsp", ".aspx", ".asp", ".php"}
TEXT_EXTENSIONS = {".txt", ".text", ".md"}
READABLE_EXTENSIONS = HTML_EXTENSIONS | TEXT_EXTENSIONS | {".docx", ".pdf"}

# Markup that only an HTML document (or fragment) has; checked on the first 64 KiB, case-insensitive.
_HTML_MARKERS = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title>|<div[\s>]|<p[\s>]|<br\s*/?>|"
    rb"<span[\s>]|<section[\s>]|<table[\s>]|<article[\s>]",
    re.IGNORECASE,
)
# Signatures of binary formats we refuse by name (so the message says what the file is).
_BINARY_SIGNATURES: list[tuple[bytes, str]] = [
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old binary Office file (.doc/.xls); save it as .docx"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"\x7fELF", "an executable"),
    (b"MZ", "an executable"),
    (b"RIFF", "a media file"),
    (b"ID3", "an audio file"),
    (b"{\\rtf", "an RTF document (not supported; save it as .docx or .txt)"),
]


def detect_format(data: bytes, name: str = "") -> str:
    """Return "pdf" | "docx" | "html" | "text" for ``data``; raise ReadError for binaries."""
    if data.startswith(b"%PDF") or data[:1024].lstrip().startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_kind(data, name)
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise ReadError(name, f"not a report: the file is {what}")
    head = data[:65536]
    if _HTML_MARKERS.search(head):
        return "html"
    return "text"


def _zip_kind(data: bytes, name: str) -> str:
    """A zip is a report only when it is a Word document (has word/document.xml)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise ReadError(name, f"damaged or truncated zip/.docx file ({exc})") from exc
    if "word/document.xml" in names:
        return "docx"
    raise ReadError(name, "not a report: a zip archive that is not a Word .docx document")
