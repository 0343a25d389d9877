"""Helpers every command module shares: the ``--db`` option, consoles, one-line errors, dates, opening
the database. One place, so that every command reports a bad date or an unreachable database alike."""
from __future__ import annotations

import os
import sys
from datetime import date
from typing import Annotated, overload

import typer
from rich.console import Console
from rich.markup import escape

__all__ = ["DbOption", "stdout_console", "stderr_console", "fail", "parse_date", "first_line", "open_db"]

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL or SQLite file (default: $LUOSHI_DATABASE_URL, else ./luoshi.db)."),
]


def stdout_console() -> Console:
    """Tables wrap to the terminal; when piped, lines are long rather than folded at 80 columns."""
    width = None if sys.stdout.isatty() or os.environ.get("COLUMNS") else 160
    return Console(highlight=False, width=width, soft_wrap=True)  # soft_wrap: never break article text


def stderr_console() -> Console:
    return Console(stderr=True, soft_wrap=True, highlight=False)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a one-line error on stderr; the caller raises the returned Exit."""
    stderr_console().print(f"error: {escape(message)}", style="red")
    return typer.Exit(code)


@overload
def parse_date(value: str, option: str) -> date: ...
@overload
def parse_date(value: None, option: str) -> None: ...
@overload
def parse_date(value: str | None, option: str) -> date | None: ...
def parse_date(value: str | None, option: str) -> date | None:
    """``--today 2026-03-15`` style options; a bad value is a usage error naming the option."""
    if value is None:
        return None
    from luoshi.reading.limits import EARLIEST_DATE, LATEST_DATE

    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date like 2026-03-15", param_hint=option) from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise typer.BadParameter(f"{value!r} is outside {EARLIEST_DATE.year}–{LATEST_DATE.year}", param_hint=option)
    return day


def first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [""])[0]


def open_db(db: str | None):  # noqa: ANN201 - sessionmaker
    """Open (and upgrade) the database; a bad URL or unreachable server is a one-line user error."""
    from luoshi.storage.migrate import open_database

    try:
        return open_database(db)
    except Exception as exc:  # noqa: BLE001 - a bad URL or unreachable server is a user error here
        raise fail(f"cannot open database {db or '(default)'}: {exc.__class__.__name__}: {first_line(exc)}") from None
