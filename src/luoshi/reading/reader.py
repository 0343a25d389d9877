"""The reading pipeline: path/bytes -> SourceDocument + articles.

decode (text/HTML) or extract (docx/pdf) -> normalise (offset map) -> repair (column breaks) ->
segment (articles). Every failure is a ReadError naming the file.
"""
from __future__ import annotations

import hashlib
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

from . import limits
from .decode import clean_controls, decode_bytes
from .errors import ReadError
from .frontmatter import split_front_matter
from .html import extract_html, site_of_markup
from .legacy import extract_doc
from .model import Article, SourceDocument, TextLine
from .normalise import normalise, strip_glosses
from .ocr import Progress
from .ofd import extract_ofd
from .office import extract_docx, extract_pdf
from .repair import repair
from .scan import PageText, extract_image
from .segment import segment
from .sniff import READABLE_EXTENSIONS, detect_format

_MB = limits.MB
DEFAULT_MAX_BYTES = limits.DEFAULT_MAX_BYTES  # 50 MB; override per call or with LUOSHI_MAX_INPUT_BYTES
_max_bytes = limits.max_input_bytes
_NOT_REGULAR = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a FIFO"),
                (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a directory"))


def regular_file_problem(path: Path) -> str | None:
    """Why ``path`` is not a regular file we may read (None when it is one). Devices, FIFOs and
    sockets are refused by name: ``/dev/zero`` never ends and a FIFO blocks the reader forever."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "no such file"
    except PermissionError:
        return "permission denied"
    except OSError as exc:
        return f"cannot read file ({exc.strerror or exc})"
    if stat.S_ISREG(mode):
        return None
    for test, what in _NOT_REGULAR:
        if test(mode):
            return f"not a regular file: {what}"
    return "not a regular file"


def read_path(
    path: str | Path,
    *,
    published: date | None = None,
    place: str | None = None,
    max_bytes: int | None = None,
    progress: Progress | None = None,
) -> tuple[SourceDocument, list[Article]]:
    """Read one report file: regular files only; the size is checked before and while it is read.

    ``progress(done, total)`` is called after each page read by OCR (scans, photos, scanned PDFs)."""
    path = Path(path)
    name = str(path)
    problem = regular_file_problem(path)
    if problem == "not a regular file: a directory":
        raise ReadError(name, "is a directory, not a report file (use iter_report_paths for folders)")
    if problem:
        raise ReadError(name, problem)
    limit = _max_bytes(max_bytes)
    try:
        size = path.stat().st_size
        if size > limit:
            raise ReadError(name, f"file too large: {size / _MB:.1f} MB exceeds the {limit / _MB:g} MB limit")
        # O_NONBLOCK: should the file have been swapped for a FIFO since the check, open() does not hang
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise ReadError(name, "not a regular file")
            data = fh.read(limit + 1)  # a file that grew since stat() is still cut at the limit
    except PermissionError as exc:
        raise ReadError(name, "permission denied") from exc
    except OSError as exc:
        raise ReadError(name, f"cannot read file ({exc.strerror or exc})") from exc
    return read_bytes(data, name=name, published=published, place=place, max_bytes=limit, progress=progress)


def read_stdin(*, name: str = "<stdin>", published: date | None = None, place: str | None = None,
               max_bytes: int | None = None) -> tuple[SourceDocument, list[Article]]:
    """Read a report from standard input (at most the size limit + 1 byte is read)."""
    limit = _max_bytes(max_bytes)
    data = sys.stdin.buffer.read(limit + 1)
    return read_bytes(data, name=name, published=published, place=place, max_bytes=limit)


def read_bytes(
    data: bytes,
    *,
    name: str | None = "<stdin>",
    published: date | None = None,
    place: str | None = None,
    max_bytes: int | None = None,
    progress: Progress | None = None,
) -> tuple[SourceDocument, list[Article]]:
    """Read one report given as bytes; ``name`` is used in errors and as the document path."""
    name = name or "<stdin>"
    limit = _max_bytes(max_bytes)
    limits.check_date(published, name)
    if len(data) > limit:
        raise ReadError(name, f"input too large: more than the {limit / _MB:g} MB limit")
    if not data.strip():
        raise ReadError(name, "empty file")
    fmt = detect_format(data, name)
    warnings: list[str] = []
    original, encoding, title, page_date, paged, site = _extract(data, name, fmt, warnings, progress)
    cleaned = clean_controls(original, name, warnings)
    lines = paged.lines if paged is not None and len(cleaned) == len(original) else []
    original = cleaned
    limits.check_text_budget(original, name)
    page_date = limits.plausible_date(page_date)
    title = strip_glosses(title) if title else title
    normalised, norm_map = normalise(original)
    if not normalised.strip():
        raise ReadError(name, f"no text found in this {fmt} file")
    text, offset_map, repairs = repair(normalised, norm_map)
    doc = SourceDocument(
        path=None if name == "<stdin>" else name,
        raw=data,
        sha256=hashlib.sha256(data).hexdigest(),
        format=fmt,
        encoding=encoding,
        original_text=original,
        text=text,
        offset_map=offset_map,
        title=title,
        published=published or page_date,
        place=place,
        warnings=warnings,
        lines=lines,
        pages=paged.pages if paged is not None else None,
        ocr_pages=paged.ocr_pages if paged is not None else [],
    )
    doc.repairs = repairs
    articles, meta = segment(text, title=title)
    if not articles:
        raise ReadError(name, "no article text found (only page furniture?)")
    doc.publisher = publisher = meta.publisher
    doc.breadcrumb = list(meta.breadcrumb)
    doc.site = site
    doc.published = doc.published or limits.plausible_date(meta.published)  # caller, HTML metadata, the page
    for art in articles:
        limits.check_article_budget(len(art.text), art.index, name)
        art.published = doc.published
        art.place = place
        art.publisher = publisher
        if len(articles) == 1 and not art.reporters:
            art.reporters = list(meta.reporters)  # 作者：王某 in the page's metadata row
        art.repairs = [r for r in repairs if art.doc_start <= r < art.doc_end]
        art.headline = _quotes_as_printed(art.headline, doc, art.doc_start)
        doc.warnings += [f"article {art.index + 1}: {w}" for w in art.warnings]
        if lines:
            art.lines = _article_lines(doc, art, lines)
            art.page = art.lines[0].page if art.lines else None
    return doc, articles


def _article_lines(doc: SourceDocument, art: Article, lines: list[TextLine]) -> list[TextLine]:
    """The OCR'd lines an article's text comes from, their spans moved into ``art.text``."""
    import bisect

    if not art.text_to_doc:
        return []
    limit = len(doc.offset_map) - 1
    origin = [doc.offset_map[min(i, limit)] for i in art.text_to_doc]  # art.text index -> original_text
    if any(b < a for a, b in zip(origin, origin[1:], strict=False)):
        return []  # not monotone (cannot happen for reading order kept): no boxes rather than wrong ones
    out = []
    for ln in lines:
        s = bisect.bisect_left(origin, ln.start)
        e = bisect.bisect_left(origin, ln.end)
        if e > s:
            out.append(TextLine(ln.page, ln.x0, ln.y0, ln.x1, ln.y1, s, e))
    return out


_CURLY_QUOTES = frozenset("“”‘’")
_STRAIGHT_QUOTES = frozenset("\"'")


def _quotes_as_printed(headline: str, doc: SourceDocument, start: int) -> str:
    """The headline with its quotation marks as the page prints them. Normalisation turns a straight
    " next to Chinese into “ or ” so that later patterns see one kind of quote, but a headline is
    reported as printed ("房住不炒" stays straight)."""
    if not headline or not _CURLY_QUOTES.intersection(headline):
        return headline
    at = doc.text.find(headline, start)
    if at < 0 or at + len(headline) >= len(doc.offset_map):
        return headline
    chars = list(headline)
    for k, ch in enumerate(chars):
        if ch in _CURLY_QUOTES:
            original = doc.original_text[doc.offset_map[at + k]: doc.offset_map[at + k] + 1]
            if original in _STRAIGHT_QUOTES:
                chars[k] = original
    return "".join(chars)


def _extract(data: bytes, name: str, fmt: str, warnings: list[str], progress: Progress | None = None
             ) -> tuple[str, str | None, str | None, date | None, PageText | None, str | None]:
    """The text of one input by format: (text, encoding, title, date printed on the page, pages read, the
    site an HTML page's <title> names)."""
    if fmt == "docx":
        text, title = extract_docx(data, name)
        return text, None, title, None, None, None
    if fmt == "pdf":
        paged = extract_pdf(data, name, progress)
        if paged.ocr_pages:
            warnings.append(f"read by OCR: {_page_list(paged.ocr_pages)} of {paged.pages}")
        return paged.text, None, paged.title, None, paged, None
    if fmt == "image":
        paged = extract_image(data, name, progress)
        warnings.append(f"read by OCR: {_page_list(paged.ocr_pages)}")
        return paged.text, None, None, None, paged, None
    if fmt == "ofd":
        paged, created = extract_ofd(data, name)
        return paged.text, None, paged.title, created, paged, None
    if fmt == "doc":
        return extract_doc(data, name), None, None, None, None, None
    decoded, encoding = decode_bytes(data, name, html=(fmt == "html"), warnings=warnings)
    front = split_front_matter(decoded)
    if front is not None:  # a static-site post: its header is metadata, the page follows it
        decoded = decoded[front.end:]
    if fmt == "html":
        decoded = clean_controls(decoded, name, warnings, html=True)  # before lxml, which raises on them
        limits.check_html_depth(decoded, name)
        text, title, page_date = extract_html(decoded)
        site = site_of_markup(decoded)
    else:
        text, title, page_date, site = decoded, None, None, None
    if front is not None:
        title, page_date = front.title or title, front.published or page_date
    return text, encoding, title, page_date, None, site


def _page_list(pages: list[int]) -> str:
    """"page 3", "pages 1–4", "pages 1, 3, 5"."""
    if len(pages) == 1:
        return f"page {pages[0]}"
    if pages == list(range(pages[0], pages[-1] + 1)):
        return f"pages {pages[0]}–{pages[-1]}"
    return "pages " + ", ".join(map(str, pages))


def iter_report_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files to read: files as given; folders walked recursively (sorted), hidden entries skipped.

    Files of known report extensions are yielded, except README*/LICENSE*-style files (and
    manifests such as .json/.jsonl, which have no report extension); a folder with none raises
    ReadError. A file named explicitly is always yielded. A FIFO or device in a folder is yielded
    too (its name matched), so reading it fails with a line of its own instead of blocking.
    """
    for given in paths:
        path = Path(given)
        if not path.exists():
            raise ReadError(str(path), "no such file or directory")
        if not path.is_dir():  # a file, or a device/FIFO/socket that read_path refuses by name
            yield path
            continue
        found = False
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for fname in sorted(files):
                if fname.startswith("."):
                    continue
                candidate = Path(root) / fname
                if _readable_name(candidate):
                    found = True
                    yield candidate
        if not found:
            raise ReadError(str(path), "directory contains no report files (.txt .html .docx .pdf …)")


# Files a folder of reports often carries that are never reports (a README.md or LICENSE.txt next to
# the pages). Skipped in folder walks only: named explicitly, they are read like any other file.
_NOT_REPORT_NAMES = ("README", "LICENSE", "LICENCE", "COPYING", "CHANGELOG", "CHANGES", "NOTICE",
                     "AUTHORS", "CONTRIBUTING")


def _readable_name(path: Path) -> bool:
    """A file a folder walk yields: a report extension, and not a README/LICENSE-style file.

    (.json/.jsonl manifests and other data files have no report extension, so they are skipped too.)
    """
    suffixes = [s.lower() for s in path.suffixes]
    if path.name.upper().startswith(_NOT_REPORT_NAMES):
        return False
    return bool(suffixes) and suffixes[-1] in READABLE_EXTENSIONS
