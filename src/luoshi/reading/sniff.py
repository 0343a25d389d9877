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
IMAGE_EXTENSIONS = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
READABLE_EXTENSIONS = HTML_EXTENSIONS | TEXT_EXTENSIONS | IMAGE_EXTENSIONS | {".docx", ".pdf", ".ofd", ".doc"}
# Page images read by OCR, by their signature.
_IMAGE_SIGNATURES: list[bytes] = [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*"]
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_WORD_STREAM = "WordDocument".encode("utf-16-le")  # the directory entry every Word 97–2003 file has

# Markup that only an HTML document (or fragment) has; checked on the first 64 KiB, case-insensitive.
_HTML_MARKERS = re.compile(
    rb"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<meta\s|<title>|<div[\s>]|<p[\s>]|<br\s*/?>|"
    rb"<span[\s>]|<section[\s>]|<table[\s>]|<article[\s>]",
    re.IGNORECASE,
)
# Signatures of binary formats we refuse by name (so the message says what the file is).
_BINARY_SIGNATURES: list[tuple[bytes, str]] = [
    (b"GIF87a", "a GIF image (save it as PNG to have it read by OCR)"),
    (b"GIF89a", "a GIF image (save it as PNG to have it read by OCR)"),
    (_OLE, "an old binary Office file that is not a Word document (.xls/.ppt?)"),
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
    """Return "pdf" | "docx" | "ofd" | "doc" | "image" | "html" | "text" for ``data``; ReadError for binaries."""
    if data.startswith(b"%PDF") or data[:1024].lstrip().startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _zip_kind(data, name)
    if any(data.startswith(sig) for sig in _IMAGE_SIGNATURES):
        return "image"
    if data.startswith(_OLE) and _WORD_STREAM in data:
        return "doc"
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise ReadError(name, f"not a report: the file is {what}")
    head = data[:65536]
    if _HTML_MARKERS.search(head):
        return "html"
    return "text"


def _zip_kind(data: bytes, name: str) -> str:
    """A zip is a report only when it is a Word document (has word/document.xml) or an OFD (OFD.xml)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise ReadError(name, f"damaged or truncated zip/.docx file ({exc})") from exc
    if "word/document.xml" in names:
        return "docx"
    if "OFD.xml" in names or "ofd.xml" in {n.lower() for n in names}:
        return "ofd"
    raise ReadError(name, "not a report: a zip archive that is neither a Word .docx nor an OFD document")
