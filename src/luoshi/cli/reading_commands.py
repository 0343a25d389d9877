"""Reading-side commands: ingest, articles, show, extract, export.

Every database command takes ``--db URL`` (default: LUOSHI_DATABASE_URL, else ./luoshi.db) and
upgrades the schema on first use. ``ingest`` runs one transaction per document — reading,
extraction, storing and the ledger's proposal step (``after_ingest``) — so a failure leaves nothing
of that document behind, and the batch goes on to the next file.
"""
from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from luoshi.cli.common import DbOption, fail, first_line, open_db, parse_date, stderr_console, stdout_console
from luoshi.extraction.kinds import COUNTED, KIND_NAMES, KINDS

PublishedOption = Annotated[
    str | None, typer.Option("--published", help="Publication date YYYY-MM-DD, when the file does not say.")
]
PlaceOption = Annotated[str | None, typer.Option("--place", help="City or county the reports are from: 南通市.")]


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest)
    app.command("articles")(articles)
    app.command("show")(show)
    app.command("extract")(extract)
    app.command("export")(export)


# --- helpers -----------------------------------------------------------------------------------------


def _after_ingest() -> Callable[..., Any]:
    """The ledger's proposal step (imported when a command ingests, not when the CLI starts)."""
    from luoshi.tracking.intake import after_ingest

    return after_ingest


# --- ingest ------------------------------------------------------------------------------------------


@dataclass
class _Batch:
    ingested: int = 0
    duplicates: int = 0
    articles: int = 0
    items: dict[str, int] = field(default_factory=dict)
    items_proposed: int = 0
    evidence_proposed: int = 0
    failures: list[str] = field(default_factory=list)


@dataclass
class _Input:
    """One thing to ingest: a file path, standard input, or a problem found while listing inputs."""

    label: str
    path: Path | None = None
    data: bytes | None = None
    problem: str | None = None


def _expand(paths: list[str]) -> Iterator[_Input]:
    """Files as given, folders recursively (report files only), ``-`` as standard input.

    A path that does not exist, or a folder without reports, becomes a failure line of its own;
    the other inputs are still ingested.
    """
    from luoshi.reading import ReadError, iter_report_paths

    for raw in paths:
        if raw == "-":
            yield _Input("<stdin>", data=_read_stdin())
            continue
        try:
            found = list(iter_report_paths([raw]))
        except ReadError as exc:
            yield _Input(raw, problem=first_line(exc))
            continue
        yield from (_Input(str(p), path=p) for p in found)


def _read_stdin() -> bytes:
    """At most the reading size limit + 1 byte, so an endless pipe is refused, not buffered."""
    import os

    from luoshi.reading import DEFAULT_MAX_BYTES

    limit = int(os.environ.get("LUOSHI_MAX_INPUT_BYTES", DEFAULT_MAX_BYTES))
    return sys.stdin.buffer.read(limit + 1)


def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, folders (searched recursively) or - for standard input.")],
    published: PublishedOption = None,
    place: PlaceOption = None,
    db: DbOption = None,
) -> None:
    """Read, extract and store reports; propose ledger items from their commitments."""
    published_date = parse_date(published, "--published")
    factory = open_db(db)
    after = _after_ingest()
    inputs = list(_expand(paths))
    batch = _Batch()
    with _progress(len(inputs)) as advance:
        for item in inputs:
            _ingest_one(factory, item, published_date, place, after, batch)
            advance(item.label)
    _report(batch)
    if batch.failures:
        raise typer.Exit(1)


class _NoProgress:
    def __enter__(self) -> Callable[[str], None]:
        return lambda _label: None

    def __exit__(self, *exc: object) -> None:
        return None


def _progress(total: int):  # noqa: ANN202 - a context manager yielding advance(label)
    """A rich progress bar on stderr when it is a terminal; nothing when output is piped or logged.
    Files read by OCR (scans, photos) add a bar of their pages while they are read."""
    if not sys.stderr.isatty():
        return _NoProgress()
    from contextlib import contextmanager

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    from luoshi.reading.ocr import page_progress

    @contextmanager
    def bar() -> Iterator[Callable[[str], None]]:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=stderr_console(), transient=True) as progress:
            task = progress.add_task("ingesting", total=total, visible=total > 1)
            pages: dict[str, TaskID] = {}

            def on_page(name: str, done: int, pages_total: int) -> None:
                if name not in pages:
                    pages[name] = progress.add_task(f"OCR {Path(name).name[:36]}", total=pages_total)
                progress.update(pages[name], completed=done)
                if done >= pages_total:
                    progress.remove_task(pages.pop(name))

            token = page_progress.set(on_page)
            try:
                yield lambda label: progress.update(task, advance=1, description=Path(label).name[:40])
            finally:
                page_progress.reset(token)

    return bar()


def _ingest_one(factory, item: _Input, published: date | None, place: str | None,  # noqa: ANN001
                after: Callable[..., Any] | None, batch: _Batch) -> None:
    """One document, one transaction; any failure is recorded as one line and rolled back."""
    from luoshi.reading import ReadError
    from luoshi.storage.db import transaction
    from luoshi.storage.ingest import ingest_bytes, ingest_file

    if item.problem:
        batch.failures.append(item.problem)
        return
    try:
        with transaction(factory) as session:
            if item.data is not None:
                outcome = ingest_bytes(session, item.data, name=item.label, published=published, place=place,
                                       after_store=after)
            elif item.path is not None:
                outcome = ingest_file(session, item.path, published=published, place=place, after_store=after)
            else:
                raise ValueError(f"{item.label}: neither a path nor data to ingest")
            _audit_ingest(session, item.label, outcome)
    except ReadError as exc:
        batch.failures.append(first_line(exc) or f"{item.label}: unreadable")
        return
    except Exception as exc:  # noqa: BLE001 - an internal error on one file must not stop the batch
        batch.failures.append(f"{item.label}: internal error {exc.__class__.__name__}: {first_line(exc)}")
        return
    _tally(batch, outcome)


def _audit_ingest(session: Any, label: str, outcome: Any) -> None:
    """An audit row per ingested file, new or duplicate: a document with no commitments still leaves
    a trace of who brought it in (the command line acts as "system"; the OS user is recorded)."""
    import getpass

    from luoshi.tracking import audit
    from luoshi.tracking.actor import SYSTEM

    audit.record(session, SYSTEM, "ingest", "document", outcome.document_id, None,
                 {"filename": label, "created": outcome.created, "via": "cli", "os_user": getpass.getuser(),
                  "sha256": outcome.sha256})


def _tally(batch: _Batch, outcome: Any) -> None:
    if not outcome.created:
        batch.duplicates += 1
        return
    batch.ingested += 1
    batch.articles += outcome.articles
    for kind, n in outcome.items.items():
        batch.items[kind] = batch.items.get(kind, 0) + n
    result = outcome.after_store
    batch.items_proposed += int(getattr(result, "items_proposed", 0) or 0)
    batch.evidence_proposed += int(getattr(result, "evidence_proposed", 0) or 0)


def _report(batch: _Batch) -> None:
    items = ", ".join(f"{n} {kind}" for kind, n in batch.items.items())
    line = f"ingested {batch.ingested} document(s), {batch.articles} article(s)"
    if items:
        line += f" ({items})"
    line += f"; {batch.duplicates} duplicate(s); {len(batch.failures)} failed"
    if batch.items_proposed or batch.evidence_proposed:
        line += (f"; proposed {batch.items_proposed} ledger item(s) and "
                 f"{batch.evidence_proposed} piece(s) of evidence for review")
    stdout_console().print(escape(line), soft_wrap=True)
    err = stderr_console()
    for failure in batch.failures:
        err.print(f"failed: {escape(failure)}", style="red")


# --- articles / show ---------------------------------------------------------------------------------

def articles(
    place: PlaceOption = None,
    since: Annotated[str | None, typer.Option("--since", help="Only articles published on or after YYYY-MM-DD.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="At most this many, newest first.")] = 50,
    db: DbOption = None,
) -> None:
    """List stored articles: id, date, place, headline and how many items each yielded."""
    from luoshi.storage.db import transaction
    from luoshi.storage.queries import ArticleFilter, article_summaries

    filters = ArticleFilter(place=place, since=parse_date(since, "--since"))
    with transaction(open_db(db)) as session:
        rows = article_summaries(session, filters, limit=limit)
    table = Table(box=None, header_style="bold", caption="items: " + " / ".join(COUNTED), caption_justify="left")
    table.add_column("id", justify="right")
    table.add_column("date", no_wrap=True)
    table.add_column("place", overflow="fold")
    table.add_column("headline", overflow="fold", ratio=1)
    table.add_column("items", justify="right", no_wrap=True)
    for r in rows:
        table.add_row(str(r.id), r.published.isoformat() if r.published else "-", escape(r.place or "-"),
                      escape(r.headline or "(no headline)"), "/".join(str(r.counts[k]) for k in COUNTED))
    out = stdout_console()
    if rows:
        out.print(table)
    else:
        out.print("no articles match" if (place or since) else "no articles yet: run `luoshi ingest FILE`")


def show(
    article_id: Annotated[int, typer.Argument(help="Article id, as listed by `luoshi articles`.")],
    db: DbOption = None,
) -> None:
    """One article: headline, subtitles, dateline, bylines, text, then every extracted item."""
    from luoshi.storage.db import transaction
    from luoshi.storage.queries import get_article

    with transaction(open_db(db)) as session:
        art = get_article(session, article_id)
        if art is None:
            raise fail(f"article {article_id} not found")
        _print_article(stdout_console(), art)


def _print_article(out: Console, art: Any) -> None:
    out.print(f"[bold]{escape(art.headline or '(no headline)')}[/bold]")
    for sub in art.subtitles or []:
        out.print(f"  {escape(sub)}")
    meta = [f"article {art.id}", f"document {art.document_id}",
            art.published.isoformat() if art.published else "date unknown",
            " > ".join(art.place_path or []) or (art.place or "place unknown")]
    out.print(escape(" · ".join(meta)), style="dim")
    for label, names in (("dateline", [art.dateline] if art.dateline else []), ("reporters", art.reporters),
                         ("correspondents", art.correspondents), ("photographers", art.photographers)):
        if names:
            out.print(escape(f"{label}: {'、'.join(names)}"), style="dim")
    out.print()
    out.print(escape(art.text))
    out.print()
    _print_items(out, art)


def _print_items(out: Console, art: Any) -> None:
    """One section per kind of the registry; a kind without its own line format shows its columns."""
    for k in KINDS:
        line = _ITEM_LINES.get(k.name) or _column_line(k.columns)
        lines = [line(row) for row in getattr(art, k.name)]
        out.print(f"[bold]{k.name}[/bold] ({len(lines)})")
        for text in lines:
            out.print("  • " + escape(text.strip()))


def _column_line(columns: tuple[str, ...]) -> Callable[[Any], str]:
    shown = [c for c in columns if c not in ("span_start", "span_end")]
    return lambda row: "  ".join(str(v) for v in (getattr(row, c) for c in shown) if v not in (None, "", []))


def _event_line(e: Any) -> str:
    when = f"{e.start or ''}{'..' + str(e.end) if e.end and e.end != e.start else ''}"
    return f"{e.type}: {e.name or '-'}  {when}  {e.date_text or ''}{'  chair ' + e.chair if e.chair else ''}"


def _statistic_line(s: Any) -> str:
    return (f"{s.metric or '?'} {'' if s.comparator == '=' else s.comparator}{_num(s.value)}{s.unit or ''}"
            f"{'  (' + s.as_of + ')' if s.as_of else ''}  «{s.number_text or ''}»")


def _commitment_line(c: Any) -> str:
    parts = [f"[{c.kind}]", c.text]
    owner = c.owner_org or c.owner_person
    if owner:
        parts.append(f"— owner {owner}")
    if c.value is not None:
        comparator = "" if c.comparator in ("=", None) else c.comparator
        parts.append(f"— target {c.metric or '?'} {comparator}{_num(c.value)}{c.unit or ''}"
                     + (f" «{c.target_text}»" if c.target_text else ""))
    if c.period_text or c.period_end:
        parts.append(f"— by {c.period_end or c.period_text}")
    return " ".join(parts)


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


_ITEM_LINES: dict[str, Callable[[Any], str]] = {
    "people": lambda p: f"{p.name}  {p.title or ''}  [{p.role or '-'}]",
    "organisations": lambda o: o.name if o.name == o.as_printed else f"{o.as_printed} → {o.name}",
    "events": _event_line,
    "commitments": _commitment_line,
    "statistics": _statistic_line,
    "formulations": lambda f: f"{f.text}  [{f.kind}]{'  ' + f.context if f.context else ''}",
}


# --- extract ----------------------------------------------------------------------------------------


def extract(
    file: Annotated[str, typer.Argument(help="A report file, or - for standard input.")],
    published: PublishedOption = None,
    place: PlaceOption = None,
    fmt: Annotated[str, typer.Option("--format", help="json (the luoshi.extraction/1 contract) or table.")] = "json",
) -> None:
    """Read and extract one file without a database; print the result."""
    from luoshi.extraction.pipeline import extract_document
    from luoshi.extraction.schema import document_to_json, table_rows
    from luoshi.reading import ReadError, read_bytes, read_path

    if fmt not in ("json", "table"):
        raise typer.BadParameter(f"{fmt!r}: choose json or table", param_hint="--format")
    published_date = parse_date(published, "--published")
    from luoshi.reading.limits import time_budget

    try:
        with time_budget(file):
            if file == "-":
                doc, arts = read_bytes(_read_stdin(), name="<stdin>", published=published_date, place=place)
            else:
                doc, arts = read_path(file, published=published_date, place=place)
            extractions = extract_document(doc, arts)
    except MemoryError:
        raise fail(f"{file}: refused: reading it needs more memory than this machine has") from None
    except ReadError as exc:
        raise fail(first_line(exc)) from None
    except Exception as exc:  # noqa: BLE001 - a bug on odd input is still one line naming the file
        raise fail(f"{file}: internal error {exc.__class__.__name__}: {first_line(exc)}") from None
    if fmt == "json":
        sys.stdout.write(json.dumps(document_to_json(doc, arts, extractions), ensure_ascii=False, indent=2) + "\n")
        return
    table = Table(box=None, header_style="bold")
    from luoshi.extraction.schema import TABLE_COLUMNS

    for col in TABLE_COLUMNS:
        table.add_column(col)
    for row in table_rows(doc, arts, extractions):
        table.add_row(*(escape(row[c]) for c in TABLE_COLUMNS))
    stdout_console().print(table)


# --- export -----------------------------------------------------------------------------------------

EXPORT_WHAT = ("articles", *KIND_NAMES, "items")


def export(
    what: Annotated[str | None, typer.Option("--what", help=" | ".join(EXPORT_WHAT[:-1]) + " | items (the ledger).")
                    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="jsonl | csv | parquet | xlsx")] = "jsonl",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: standard output "
                                                   "for jsonl/csv).")] = None,
    place: PlaceOption = None,
    since: Annotated[str | None, typer.Option("--since", help="Articles published on or after YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option("--until", help="Articles published on or before YYYY-MM-DD.")] = None,
    db: DbOption = None,
) -> None:
    """Export one row per article or per extracted item (with its article id, headline, place, date, span)."""
    from luoshi.storage.exports import FORMATS

    if fmt not in FORMATS:
        raise typer.BadParameter(f"{fmt!r}: choose one of {', '.join(FORMATS)}", param_hint="--format")
    what = what or ("items" if fmt == "xlsx" else "articles")
    if what not in EXPORT_WHAT:
        raise typer.BadParameter(f"{what!r}: choose one of {', '.join(EXPORT_WHAT)}", param_hint="--what")
    if fmt in ("parquet", "xlsx") and output is None:
        raise typer.BadParameter(f"{fmt} is a binary format: give --output FILE", param_hint="--output")
    since_date, until_date = parse_date(since, "--since"), parse_date(until, "--until")
    from luoshi.storage.db import transaction

    with transaction(open_db(db)) as session:
        if what == "items":
            count = _export_ledger(session, fmt, output, place, since_date, until_date)
        else:
            count = _export_reading(session, what, fmt, output, place, since_date, until_date)
    if output is not None:
        stderr_console().print(escape(f"wrote {count} row(s) to {output}"))


def _export_reading(session, what: str, fmt: str, output: Path | None, place: str | None,  # noqa: ANN001
                    since: date | None, until: date | None) -> int:
    from luoshi.storage.exports import write_rows
    from luoshi.storage.queries import ArticleFilter, export_columns, item_rows

    rows = item_rows(session, what, ArticleFilter(place=place, since=since, until=until))
    if output is None:
        return _write_stdout(lambda: write_rows(rows, export_columns(what), fmt, sys.stdout))
    try:
        return write_rows(rows, export_columns(what), fmt, output)
    except OSError as exc:
        raise fail(f"{output}: cannot write: {exc.strerror or exc}") from None


def _write_stdout(write: Callable[[], int]) -> int:
    """Run a writer on standard output; a reader that stops early (``| head``) is not an error."""
    try:
        count = write()
        sys.stdout.flush()
        return count
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's final flush does not fail again
        raise typer.Exit(0) from None


def _export_ledger(session, fmt: str, output: Path | None, place: str | None,  # noqa: ANN001
                   since: date | None, until: date | None) -> int:
    """The ledger (督办事项) export belongs to the tracking stage; this only chooses the writer.

    The command line acts as the system administrator (whoever can run it can open the database).
    ``--since``/``--until`` select articles by publication date and do not apply to ledger items.
    """
    if since or until:
        raise typer.BadParameter("--since/--until select articles; the ledger export takes --place only",
                                 param_hint="--since")
    filters = {"place": place} if place else None
    from luoshi.tracking.actor import SYSTEM

    if fmt == "xlsx":
        from luoshi.tracking.excel import write_ledger_xlsx

        return int(write_ledger_xlsx(session, SYSTEM, output, filters) or 0)
    from luoshi.storage.exports import write_rows
    from luoshi.tracking.exports import item_rows as ledger_rows

    rows = list(ledger_rows(session, SYSTEM, filters))
    columns = tuple(rows[0]) if rows else ()
    if output is None:
        return _write_stdout(lambda: write_rows(rows, columns, fmt, sys.stdout))
    return write_rows(rows, columns, fmt, output)
