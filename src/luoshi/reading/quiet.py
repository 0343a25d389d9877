"""Silence third-party loggers while they parse one input.

pdfminer and trafilatura log every oddity of a damaged file as warnings/errors on the root logger;
a reader's user gets one clear line (a ReadError) instead.
"""
from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def quiet(*names: str) -> Iterator[None]:
    """Raise the named loggers to CRITICAL for the duration of the block."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels):
            logger.setLevel(level)
