"""``luoshi eval GOLD_DIR``: measure reading + extraction against hand-checked gold annotations."""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

__all__ = ["register", "parse_bars"]


def parse_bars(specs: list[str]) -> dict[str, float]:
    """``["targets=0.9", "people with title=0.95"]`` -> {field: minimum F1}; ValueError on a bad spec."""
    from luoshi.evaluation.metrics import field_name

    bars: dict[str, float] = {}
    for spec in specs:
        name, sep, value = spec.rpartition("=")
        if not sep or not name:
            raise ValueError(f"--min-f1 {spec!r}: expected FIELD=NUMBER, e.g. targets=0.9")
        try:
            bar = float(value)
        except ValueError:
            raise ValueError(f"--min-f1 {spec!r}: {value!r} is not a number") from None
        bars[field_name(name)] = bar
    return bars


def eval_command(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold .json files (e.g. ../shared/gold/dev).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
    shared_root: Annotated[
        Path | None,
        typer.Option("--shared-root", help="Root the gold 'file' paths are relative to "
                                           "(default: the gold folder's grandparent)."),
    ] = None,
    min_f1: Annotated[
        list[str],
        typer.Option("--min-f1", help="FIELD=F1 bar, repeatable; exit 1 if any is missed (e.g. targets=0.9)."),
    ] = [],  # noqa: B006 - typer reads the default, never mutates it
    only: Annotated[str | None, typer.Option("--only", help="Only gold files whose name contains this.")] = None,
    details: Annotated[bool, typer.Option("--details/--summary",
                                          help="Print each file's misses and false hits (default).")] = True,
    field: Annotated[
        list[str],
        typer.Option("--field", help="Only list misses / false hits of this field (repeatable), e.g. events."),
    ] = [],  # noqa: B006
    compare: Annotated[
        Path | None,
        typer.Option("--compare", help="An earlier --json report: show how each F1 moved since."),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Let reader/extractor exceptions propagate.")] = False,
) -> None:
    """Print precision, recall and F1 per field (micro-averaged), then the misses and false hits per file.

    A folder of work-report gold (files with a ``targets_paragraph``, e.g. ../shared/gold/workreports) is
    scored on what that format annotates: expected targets, ranges, owners, last year's results, task
    targets and the headline."""
    from luoshi.evaluation import GoldError, evaluate_folder
    from luoshi.evaluation.metrics import field_name
    from luoshi.evaluation.workreports import is_workreport_folder

    if is_workreport_folder(gold_dir):
        _eval_workreports(gold_dir, shared_root, as_json=as_json, min_f1=min_f1, only=only, details=details)
        return
    try:
        bars = parse_bars(min_f1)
        fields = [field_name(f) for f in field]
        baseline = _load_baseline(compare) if compare else None
        report = evaluate_folder(gold_dir, shared_root, only=only, strict=strict)
    except (GoldError, ValueError) as exc:
        typer.echo(f"luoshi eval: {exc}", err=True)
        raise typer.Exit(2) from None
    _print_report(report, bars, as_json=as_json,
                  text=lambda: report.format_text(details=details, fields=fields or None, baseline=baseline))


def _eval_workreports(gold_dir: Path, shared_root: Path | None, *, as_json: bool, min_f1: list[str],
                      only: str | None, details: bool) -> None:
    """``luoshi eval`` on a folder of work-report gold (see luoshi.evaluation.workreports)."""
    from luoshi.evaluation import GoldError
    from luoshi.evaluation.workreports import WORKREPORT_FIELDS, evaluate_workreports

    try:
        bars = {}
        for spec in min_f1:
            name, sep, value = spec.rpartition("=")
            key = name.strip().lower().replace("-", "_").replace(" ", "_")
            if not sep or key not in WORKREPORT_FIELDS:
                raise ValueError(f"--min-f1 {spec!r}: expected FIELD=NUMBER with FIELD one of "
                                 f"{', '.join(WORKREPORT_FIELDS)}")
            bars[key] = float(value)
        report = evaluate_workreports(gold_dir, shared_root, only=only)
    except (GoldError, ValueError) as exc:
        typer.echo(f"luoshi eval: {exc}", err=True)
        raise typer.Exit(2) from None
    _print_report(report, bars, as_json=as_json, text=lambda: report.format_text(details=details))


def _print_report(report: Any, bars: dict[str, float], *, as_json: bool, text: Callable[[], str]) -> None:
    """The report as JSON or as text; each missed --min-f1 bar on standard error, then exit 1."""
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(text())
    failed = report.failed_bars(bars)
    for line in failed:
        typer.echo(f"bar missed: {line}", err=True)
    if failed:
        raise typer.Exit(1)


def _load_baseline(path: Path) -> dict:
    """An earlier ``luoshi eval --json`` payload; ValueError (one line) if it is not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"--compare {path}: not readable JSON ({exc.__class__.__name__})") from None
    if not isinstance(data, dict) or data.get("schema") != "luoshi.eval/1":
        raise ValueError(f"--compare {path}: not a luoshi eval --json report")
    return data


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_command)
