"""Silence third-party loggers while they parse one input.

pdfminer and trafilatura log every oddity of a damaged file as warnings/errors on the root logger;
a reader's user gets one clear line (a ReadError) instead. Safe when several threads read at once
(the web API): levels are restored only when the last reader using a logger is done.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_users: dict[str, int] = {}
_saved: dict[str, int] = {}


@contextmanager
def quiet(*names: str) -> Iterator[None]:
    """Raise the named loggers to CRITICAL for the duration of the block."""
    with _lock:
        for name in names:
            if _users.get(name, 0) == 0:
                logger = logging.getLogger(name)
                _saved[name] = logger.level
                logger.setLevel(logging.CRITICAL)
            _users[name] = _users.get(name, 0) + 1
    try:
        yield
    finally:
        with _lock:
            for name in names:
                _users[name] -= 1
                if _users[name] == 0:
                    logging.getLogger(name).setLevel(_saved.pop(name))
