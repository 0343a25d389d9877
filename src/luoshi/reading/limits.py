"""Budgets for one input: what a single file may cost before it is refused (one place for the numbers).

Why budgets and not just a size check: a 5 MB .docx can inflate to 1 GiB, a 50 MB text with no line
break used to take minutes, a FIFO named ``.txt`` never ends. Each budget is enforced *while* reading —
the zip's central directory is checked before anything is inflated, and :mod:`zipfile` never yields
more than a member's declared size — and each refusal is the usual one-line ``ReadError``.

Environment overrides (integers): ``LUOSHI_MAX_INPUT_BYTES`` (the file), ``LUOSHI_MAX_UNZIPPED_BYTES``
(all members of a .docx or .ofd together), ``LUOSHI_DOCUMENT_SECONDS`` (wall clock for reading + extracting
one document; 0 turns it off), ``LUOSHI_OCR_MAX_PAGES`` (pages OCR'd in one document),
``LUOSHI_OCR_MAX_PIXELS`` (pixels of one page image), ``LUOSHI_OCR_DPI`` (resolution scanned PDF pages
are rendered at).
"""
from __future__ import annotations

import contextlib
import os
import re
import signal
import threading
import zipfile
from collections.abc import Iterator
from datetime import date

from .errors import ReadError

MB = 1024 * 1024
DEFAULT_MAX_BYTES = 50 * MB  # the file as given
MAX_UNZIPPED_BYTES = 256 * MB  # every member of a .docx, inflated, together
MAX_UNZIPPED_XML_BYTES = 64 * MB  # its XML parts together (lxml builds a tree of each)
MAX_ZIP_MEMBERS = 10_000  # a real .docx has a few dozen
MAX_TEXT_CHARS = 24_000_000  # decoded characters of one document
MAX_LINE_CHARS = 8_000_000  # characters between two line breaks
MAX_ARTICLE_CHARS = 8_000_000  # characters of one article
MAX_HTML_DEPTH = 250  # nested elements (libxml2 itself stops at 256)
DOCUMENT_SECONDS = 300  # wall clock for reading + extracting one document
MAX_OCR_PAGES = 200  # pages read by OCR in one document (a few seconds each)
MAX_PAGE_PIXELS = 60_000_000  # one page image (A4 at 600 dpi is 35 M; a bomb PNG claims billions)
OCR_DPI = 300  # scanned PDF pages are rendered at this resolution (lowered to fit MAX_PAGE_PIXELS)
MAX_DOC_TEXT_BYTES = 64 * MB  # what antiword may print for one legacy .doc
# Publication dates accepted from a caller or a page: reports are from this range, and a date far
# outside it (9999-12-31) overflows the ledger's date arithmetic.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def max_input_bytes(override: int | None = None) -> int:
    return override if override is not None else env_int("LUOSHI_MAX_INPUT_BYTES", DEFAULT_MAX_BYTES)


def check_zip_budget(zf: zipfile.ZipFile, name: str, kind: str = ".docx") -> None:
    """Refuse a zip whose members would inflate past the budget, judged from the central directory.

    The declared sizes are binding: :mod:`zipfile` stops at a member's declared ``file_size`` (and a
    CRC mismatch then raises), so a lying header cannot smuggle more bytes past this check.
    """
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ReadError(name, f"not a report: a zip with {len(infos):,} members (the limit is {MAX_ZIP_MEMBERS:,})")
    total = sum(i.file_size for i in infos)
    limit = env_int("LUOSHI_MAX_UNZIPPED_BYTES", MAX_UNZIPPED_BYTES)
    if total > limit:
        raise ReadError(name, f"refused: the {kind} inflates to {total / MB:,.0f} MB "
                              f"(the limit is {limit / MB:g} MB; a zip bomb?)")
    xml = sum(i.file_size for i in infos if i.filename.lower().endswith((".xml", ".rels")))
    if xml > MAX_UNZIPPED_XML_BYTES:
        raise ReadError(name, f"refused: the {kind} holds {xml / MB:,.0f} MB of XML "
                              f"(the limit is {MAX_UNZIPPED_XML_BYTES / MB:g} MB)")


def check_ocr_pages(count: int, name: str) -> None:
    limit = env_int("LUOSHI_OCR_MAX_PAGES", MAX_OCR_PAGES)
    if count > limit:
        raise ReadError(name, f"refused: {count:,} pages to read by OCR (the limit is {limit:,})")


def max_page_pixels() -> int:
    return env_int("LUOSHI_OCR_MAX_PIXELS", MAX_PAGE_PIXELS)


def check_page_pixels(width: int, height: int, name: str, page: int) -> None:
    limit = max_page_pixels()
    if width * height > limit:
        raise ReadError(name, f"refused: page {page} is {width:,}×{height:,} pixels "
                              f"(the limit is {limit / 1e6:g} million; a decompression bomb?)")


def check_text_budget(text: str, name: str) -> None:
    """Refuse decoded text too long as a whole or on one line (a budget, before the costly steps)."""
    if len(text) > MAX_TEXT_CHARS:
        raise ReadError(name, f"refused: {len(text):,} characters of text (the limit is {MAX_TEXT_CHARS:,})")
    start = 0
    n = len(text)
    while start < n:
        end = text.find("\n", start)
        end = n if end < 0 else end
        if end - start > MAX_LINE_CHARS:
            line = text.count("\n", 0, start) + 1
            raise ReadError(name, f"refused: line {line} has {end - start:,} characters "
                                  f"(the limit is {MAX_LINE_CHARS:,} per line)")
        start = end + 1


def check_article_budget(length: int, index: int, name: str) -> None:
    if length > MAX_ARTICLE_CHARS:
        raise ReadError(name, f"refused: article {index + 1} has {length:,} characters "
                              f"(the limit is {MAX_ARTICLE_CHARS:,})")


def check_date(value: date | None, name: str, what: str = "publication date") -> date | None:
    """A date inside 1900–2100, else ReadError (a caller's --published 9999-12-31 is a mistake)."""
    if value is not None and not (EARLIEST_DATE <= value <= LATEST_DATE):
        raise ReadError(name, f"{what} {value.isoformat()} is outside {EARLIEST_DATE.year}–{LATEST_DATE.year}")
    return value


def plausible_date(value: date | None) -> date | None:
    """A date found on a page, kept only inside 1900–2100 (else treated as not printed)."""
    return value if value is not None and EARLIEST_DATE <= value <= LATEST_DATE else None


class BudgetExceeded(ReadError):
    """One document took longer than its wall-clock budget."""


class _Expired(BaseException):
    """Raised by the alarm. A BaseException, like KeyboardInterrupt, so that the ``except Exception``
    of a stage that tolerates one failing step (the extraction pipeline) does not swallow it; the
    budget turns it into :class:`BudgetExceeded` where it was set."""


_ALARM_RETRY_SECONDS = 0.1  # how soon a dropped alarm is raised again


def document_seconds() -> float:
    return float(env_int("LUOSHI_DOCUMENT_SECONDS", DOCUMENT_SECONDS))


@contextlib.contextmanager
def time_budget(name: str, seconds: float | None = None) -> Iterator[None]:
    """Raise :class:`BudgetExceeded` (a ReadError) when the block runs longer than ``seconds``.

    Uses SIGALRM, so it works in a process's main thread (the CLI, the upload worker process) and
    interrupts pure-Python code and regular expressions alike (``re`` checks for signals while it
    matches). Elsewhere (a server thread) it does nothing: there the worker process's hard limit
    applies. Nested budgets keep the outer one.
    """
    seconds = document_seconds() if seconds is None else seconds
    usable = (seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and signal.getitimer(signal.ITIMER_REAL)[0] == 0)
    if not usable:
        yield
        return
    settled = [False]  # set once the block has ended, so that a late repeat of the alarm does nothing

    def _expired(_signum: int, _frame: object) -> None:
        if not settled[0]:
            raise _Expired()

    previous = signal.signal(signal.SIGALRM, _expired)
    # The alarm repeats every _ALARM_RETRY_SECONDS after the budget: an exception raised by a signal
    # handler while the interpreter runs a gc callback (hypothesis and others install them) is printed
    # as "unraisable" and dropped, and a single alarm would then let the document run on unbounded.
    signal.setitimer(signal.ITIMER_REAL, seconds, _ALARM_RETRY_SECONDS)
    try:
        yield
    except _Expired:
        settled[0] = True
        raise BudgetExceeded(name, f"refused: reading and extracting took more than {seconds:g} s "
                                   f"(the budget per document; LUOSHI_DOCUMENT_SECONDS)") from None
    finally:
        settled[0] = True
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_TAG_OPEN = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^>]*?(/?)>")
_VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                        "source", "track", "wbr", "p", "li", "td", "tr", "th", "option", "dt", "dd"})


def check_html_depth(markup: str, name: str) -> None:
    """Refuse HTML nested deeper than the budget (a page of 100,000 nested <div>s stalls the parsers).

    A linear scan of the tags; elements whose end tag is optional (p, li, td …) are not counted, so
    sloppy real pages are not refused.
    """
    depth = 0
    for m in _TAG_OPEN.finditer(markup):
        tag = m.group(2).lower()
        if tag in _VOID_TAGS or m.group(3):
            continue
        if m.group(1):
            depth = max(0, depth - 1)
            continue
        depth += 1
        if depth > MAX_HTML_DEPTH:
            raise ReadError(name, f"refused: HTML nested more than {MAX_HTML_DEPTH} elements deep")
