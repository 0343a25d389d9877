"""Read and extract an uploaded file in a worker process with memory and time limits.

Why a process: the reading budgets (``luoshi.reading.limits``) refuse what they can foresee, but a
parser can still meet a file that costs more than it should (a PDF with a compressed bomb inside,
a pathological page). In the server that would take every other request down with it. In a child
process the damage is one request: the child runs under ``RLIMIT_AS`` (address space) and a
SIGALRM wall-clock budget, and the parent kills it if it is still running after a grace period.

Children come from a ``forkserver`` that has imported the reading and extraction stages once, so a
child starts in milliseconds and never inherits the server's threads or database connections. At most
``LUOSHI_UPLOAD_WORKERS`` (default 2) children run at once; further uploads wait their turn.
"""
from __future__ import annotations

import multiprocessing
import os
import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

from luoshi.reading.errors import ReadError
from luoshi.reading.limits import MB, document_seconds, env_int

DEFAULT_MEMORY_MB = 1536  # address space a child may add to what the forkserver already mapped
GRACE_SECONDS = 10  # after the child's own budget, before the parent kills it
_PRELOAD = ["luoshi.web.isolation", "luoshi.reading", "luoshi.extraction.pipeline"]

_lock = threading.Lock()
_context: Any = None
_slots: threading.BoundedSemaphore | None = None


@dataclass
class Extracted:
    """What the child sends back: the document as read (without its raw bytes) and its extraction."""

    document: Any
    articles: list
    extractions: list


def _ctx() -> Any:
    global _context, _slots
    with _lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(_PRELOAD)
            _context = ctx
            _slots = threading.BoundedSemaphore(max(1, env_int("LUOSHI_UPLOAD_WORKERS", 2)))
        return _context


def _address_space() -> int:
    """Bytes of address space this process maps now (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _child(conn: Any, data: bytes, name: str, published: date | None, place: str | None,
           memory_mb: int, seconds: float) -> None:
    """Runs in the worker: read + extract under the limits; always answers on ``conn``."""
    import resource

    from luoshi.extraction.pipeline import extract_document
    from luoshi.reading import read_bytes
    from luoshi.reading.limits import time_budget

    if memory_mb > 0 and _address_space():
        cap = _address_space() + memory_mb * MB
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    try:
        with time_budget(name, seconds):
            doc, articles = read_bytes(data, name=name, published=published, place=place)
            extractions = extract_document(doc, articles)
        doc.raw = b""  # the parent has the bytes already: do not send them back
        answer: tuple[str, Any] = ("ok", Extracted(doc, articles, extractions))
    except ReadError as exc:
        answer = ("refused", exc.reason)
    except MemoryError:
        answer = ("refused", f"refused: reading it needs more than {memory_mb} MB of memory")
    except RecursionError:
        answer = ("refused", "refused: the file is nested too deeply to read")
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which logs it as an internal error
        answer = ("error", f"{exc.__class__.__name__}: {exc}")
    try:
        conn.send(answer)
    except MemoryError:
        conn.send(("refused", f"refused: the result needs more than {memory_mb} MB of memory"))
    conn.close()


def read_and_extract(data: bytes, *, name: str, published: date | None = None, place: str | None = None,
                     memory_mb: int | None = None, seconds: float | None = None) -> Extracted:
    """Read and extract ``data`` in a worker process; ReadError for a refusal (budgets included).

    The returned document carries ``data`` as its raw bytes again, ready for
    :func:`luoshi.storage.ingest.ingest_read`.
    """
    ctx = _ctx()
    memory_mb = env_int("LUOSHI_WORKER_MEMORY_MB", DEFAULT_MEMORY_MB) if memory_mb is None else memory_mb
    seconds = document_seconds() if seconds is None else seconds
    assert _slots is not None
    with _slots:
        receiver, sender = ctx.Pipe(duplex=False)
        child = ctx.Process(target=_child, args=(sender, data, name, published, place, memory_mb, seconds),
                            daemon=True, name=f"luoshi-read {name[:40]}")
        child.start()
        sender.close()
        try:
            answer = _wait(receiver, child, name, seconds)
        finally:
            receiver.close()
            if child.is_alive():
                child.kill()
            child.join(5)
    kind, value = answer
    if kind == "refused":
        raise ReadError(name, value)
    if kind == "error":
        raise RuntimeError(f"{name}: reading failed in the worker: {value}")
    value.document.raw = data
    return value


def _wait(receiver: Any, child: Any, name: str, seconds: float) -> tuple[str, Any]:
    timeout = seconds + GRACE_SECONDS if seconds > 0 else None
    try:
        if receiver.poll(timeout):
            return receiver.recv()
    except (EOFError, OSError):
        pass  # the child died before answering
    else:
        child.kill()
        return "refused", f"refused: reading took more than {seconds:g} s (the budget per document)"
    child.join(5)
    code = child.exitcode
    if code is not None and code < 0:
        return "refused", f"refused: the reader was stopped by signal {-code} (out of memory?)"
    return "refused", f"refused: the reader ended without an answer (exit code {code})"
