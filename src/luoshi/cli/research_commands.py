"""Research commands: ``corpus run``, ``outcomes``, ``compare``, ``glossary``, ``query``.

They work on a corpus dataset folder (``--dataset DIR``, made by ``luoshi corpus run``); ``outcomes``
and ``compare`` also on the database (``--db``), so the office sees the same tables for what it
ingested. docs/research.md walks through them.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from luoshi.cli.common import fail, first_line, stderr_console, stdout_console

corpus_app = typer.Typer(help="Build a research dataset from a corpus of reports.", no_args_is_help=True)

DatasetOption = Annotated[Path | None, typer.Option("--dataset", help="Corpus dataset folder (luoshi corpus run --out).")]
DbOnlyOption = Annotated[str | None, typer.Option("--db", help="Use the database instead of a dataset folder.")]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: standard output).")]


def register(app: typer.Typer) -> None:
    app.add_typer(corpus_app, name="corpus")
    corpus_app.command("run")(corpus_run)
    app.command("outcomes")(outcomes)
    app.command("compare")(compare)
    app.command("glossary")(glossary)
    app.command("query")(query)


# --- corpus run ------------------------------------------------------------------------------------


def corpus_run(
    paths: Annotated[list[str] | None, typer.Argument(help="Files, folders (recursive) or globs ('reports/**/*.txt').")]
    = None,
    manifest: Annotated[Path | None, typer.Option("--manifest", help="JSONL or CSV: path, published, place, source, "
                                                  "extra columns (paths relative to the manifest).")] = None,
    out: Annotated[Path, typer.Option("--out", help="Dataset folder (created; a second run resumes).")] = Path("corpus"),
    workers: Annotated[int, typer.Option("--workers", help="Local Dask worker processes (0: this process only).")] = 2,
    scheduler: Annotated[str | None, typer.Option("--scheduler", help="An existing Dask scheduler: "
                                                  "tcp://HOST:8786 (its workers must see the files and --out).")] = None,
    batch_size: Annotated[int | None, typer.Option("--batch-size", help="Files per task (default: about eight "
                                                   "tasks per worker, at most 8 files).")] = None,
) -> None:
    """Read and extract every report into a Parquet dataset (documents, articles, commitments …)."""
    from luoshi.research.corpus import ManifestError, collect_inputs, run_corpus

    if not paths and manifest is None:
        raise typer.BadParameter("give files, folders, globs or --manifest", param_hint="PATHS")
    if workers < 0:
        raise typer.BadParameter("0 or more", param_hint="--workers")
    try:
        inputs, problems = collect_inputs(paths or [], str(manifest) if manifest else None)
    except ManifestError as exc:
        raise fail(first_line(exc)) from None
    err = stderr_console()
    for problem in problems:
        err.print(f"error: {escape(problem)}", style="red")
    if not inputs:
        raise fail("no report files to read")
    with _progress() as tick:
        try:
            summary = run_corpus(inputs, out, workers=workers, scheduler=scheduler, batch_size=batch_size,
                                 progress=tick)
        except OSError as exc:
            raise fail(f"{scheduler or out}: {exc.__class__.__name__}: {first_line(exc)}") from None
    rate = summary.processed / summary.seconds if summary.seconds else 0.0
    err.print(escape(
        f"{summary.processed} file(s) read ({rate:.2f} files/s), {summary.skipped} already done, "
        f"{summary.failed} failed; {summary.documents} new document(s), {summary.articles} article(s); "
        f"{summary.duplicate_groups} near-duplicate group(s) -> {out}"))
    if summary.failed:
        err.print(escape(f"failures: luoshi query --dataset {out} \"SELECT path, reason FROM failures\""))
    if summary.failed or problems:
        raise typer.Exit(1)


class _Rate:
    """Rich progress column: files per second over the run so far."""

    def __new__(cls):  # noqa: ANN204 - built lazily so rich loads only when the command runs
        from rich.progress import ProgressColumn
        from rich.text import Text

        class FilesPerSecond(ProgressColumn):
            def render(self, task: Any) -> Text:
                speed = task.finished_speed or task.speed
                return Text(f"{speed:.2f} files/s" if speed else "– files/s")

        return FilesPerSecond()


def _progress():  # noqa: ANN202 - context manager yielding tick(done, total)
    from contextlib import contextmanager

    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    @contextmanager
    def bar():  # noqa: ANN202
        with Progress(TextColumn("corpus"), BarColumn(), MofNCompleteColumn(), _Rate(), TextColumn("ETA"),
                      TimeRemainingColumn(), console=stderr_console(), transient=not sys.stderr.isatty()) as p:
            task = p.add_task("corpus", total=None)
            yield lambda done, total: p.update(task, completed=done, total=total)

    return bar()


# --- tables ------------------------------------------------------------------------------------------


def _source(dataset: Path | None, db: str | None) -> Any:
    from luoshi.research.sources import DatabaseSource, DatasetError, DatasetSource

    if (dataset is None) == (db is None):
        raise typer.BadParameter("give --dataset DIR or --db URL (one of them)", param_hint="--dataset")
    try:
        return DatasetSource(dataset) if dataset is not None else DatabaseSource(db)
    except DatasetError as exc:
        raise fail(first_line(exc)) from None


def _write(rows: list[dict[str, Any]], columns: tuple[str, ...], fmt: str, output: Path | None) -> None:
    from luoshi.storage.exports import FORMATS, write_rows

    if fmt == "json":
        from luoshi.storage.exports import _json_default

        text = json.dumps([{c: r.get(c) for c in columns} for r in rows], ensure_ascii=False, indent=1,
                          default=_json_default)
        if output is None:
            sys.stdout.write(text + "\n")
        else:
            output.write_text(text + "\n", encoding="utf-8")
    elif fmt in FORMATS:
        if fmt in ("parquet", "xlsx") and output is None:
            raise typer.BadParameter(f"{fmt} is a binary format: give --output FILE", param_hint="--output")
        write_rows(rows, columns, fmt, output if output is not None else sys.stdout)
    else:
        raise typer.BadParameter(f"{fmt!r}: choose csv, json, jsonl, parquet or xlsx", param_hint="--format")
    if output is not None:
        stderr_console().print(escape(f"wrote {len(rows)} row(s) to {output}"))


def outcomes(
    dataset: DatasetOption = None, db: DbOnlyOption = None,
    fmt: Annotated[str, typer.Option("--format", help="csv | json | jsonl | parquet | xlsx")] = "csv",
    output: OutputOption = None,
) -> None:
    """Promised vs delivered: each target linked to the later report's figure, with a verdict.

    With --dataset the table is also written into the dataset (outcomes/outcomes.parquet) for
    luoshi query.
    """
    from luoshi.research.outcomes import OUTCOME_COLUMNS, outcome_rows

    source = _source(dataset, db)
    rows = outcome_rows(source.outcomes())
    if dataset is not None:
        source.save("outcomes", rows)
    _write(rows, OUTCOME_COLUMNS, fmt, output)


def compare(
    metric: Annotated[str, typer.Option("--metric", help="A metric key (gdp_growth) or as printed (地区生产总值增长).")],
    year: Annotated[int, typer.Option("--year", help="The year the targets are for.")],
    dataset: DatasetOption = None, db: DbOnlyOption = None,
    by: Annotated[str, typer.Option("--by", help="place (one row per place).")] = "place",
    levels: Annotated[bool, typer.Option("--levels", help="Each province first, its cities under it.")] = False,
    fmt: Annotated[str, typer.Option("--format", help="csv | json | jsonl | parquet | xlsx")] = "csv",
    output: OutputOption = None,
    chart: Annotated[Path | None, typer.Option("--chart", help="Also draw the table: FILE.png or FILE.svg.")] = None,
) -> None:
    """One row per place: its own expected target for the metric and year, and the later result."""
    from luoshi.research.compare import COMPARE_COLUMNS, LEVEL_COLUMNS, compare_table, write_chart
    from luoshi.research.metrics import metrics, resolve_metric_option

    if by != "place":
        raise typer.BadParameter("only --by place", param_hint="--by")
    found = resolve_metric_option(metric)
    if found is None:
        keys = ", ".join(m.key for m in metrics())
        raise typer.BadParameter(f"{metric!r} is not a known metric ({keys}; research/data/metrics.tsv)",
                                 param_hint="--metric")
    if chart is not None and chart.suffix.lower() not in (".png", ".svg"):
        raise typer.BadParameter(f"{chart}: a chart is .png or .svg", param_hint="--chart")
    source = _source(dataset, db)
    rows = compare_table(source.commitments(), source.outcomes(), found, year, levels=levels)
    _write(rows, COMPARE_COLUMNS + (LEVEL_COLUMNS if levels else ()), fmt, output)
    if chart is not None:
        write_chart(rows, chart, title=f"{found.label} {year}")
        stderr_console().print(escape(f"wrote chart to {chart}"))


def glossary(
    dataset: DatasetOption = None, db: DbOnlyOption = None,
    fmt: Annotated[str, typer.Option("--format", help="csv | json | jsonl | parquet | xlsx")] = "csv",
    output: OutputOption = None,
) -> None:
    """Formulations (提法): first seen (date, place), spread (places, reports, per year); noise removed."""
    from luoshi.research.glossary import GLOSSARY_COLUMNS
    from luoshi.research.glossary import glossary as build

    source = _source(dataset, db)
    rows = build(source.formulations())
    if dataset is not None:
        source.save("glossary", rows)
    _write(rows, GLOSSARY_COLUMNS, fmt, output)


def query(
    sql: Annotated[str, typer.Argument(help="One SQL statement (DuckDB) over the dataset's tables.")],
    dataset: Annotated[Path, typer.Option("--dataset", help="Corpus dataset folder.")],
    fmt: Annotated[str, typer.Option("--format", help="table | csv | json | jsonl | parquet | xlsx")] = "table",
    output: OutputOption = None,
) -> None:
    """Run DuckDB SQL over the Parquet dataset (tables: documents, articles, commitments, statistics …)."""
    from luoshi.research.dataset import DatasetError
    from luoshi.research.query import run_query

    try:
        columns, rows = run_query(dataset, sql)
    except DatasetError as exc:
        raise fail(first_line(exc)) from None
    except Exception as exc:  # noqa: BLE001 - a SQL error is the user's, one line
        raise fail(f"query failed: {exc.__class__.__name__}: {first_line(exc)}") from None
    if fmt == "table" and output is None:
        from rich.table import Table

        table = Table(*columns, show_lines=False)
        for row in rows:
            table.add_row(*(escape(_cell(v)) for v in row))
        stdout_console().print(table)
        stderr_console().print(f"{len(rows)} row(s)")
        return
    _write([dict(zip(columns, r, strict=True)) for r in rows], tuple(columns), "csv" if fmt == "table" else fmt,
           output)


def _cell(value: Any) -> str:
    from luoshi.storage.exports import cell_text

    return cell_text(value)
