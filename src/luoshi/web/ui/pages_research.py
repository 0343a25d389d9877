"""Research page: promised vs delivered for what the office ingested — the comparison table of
``luoshi compare --db`` (one row per place: its expected target for a metric and year, and the later
report's figure with a verdict) and its chart, with CSV and SVG downloads."""
from __future__ import annotations

import csv
import io
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from luoshi.research.compare import COMPARE_COLUMNS, LEVEL_COLUMNS, compare_table
from luoshi.research.metrics import Metric, metrics, resolve_metric_option
from luoshi.research.sources import DatabaseSource
from luoshi.storage.exports import cell_text
from luoshi.tracking.errors import NotFound
from luoshi.web.ui import charts
from luoshi.web.ui.context import UIRoute, db, render, require_actor

router = APIRouter(route_class=UIRoute)
VERDICT_CLASS = {"met": "fill-green", "not met": "fill-red", "unclear": "fill-yellow", "no later report": "fill-grey"}


def _query(session: Session, metric: str, year: int | None, levels: bool) -> tuple[Metric, int, list[dict[str, Any]]]:
    found = resolve_metric_option(metric or "gdp_growth")
    if found is None:
        raise NotFound(f"未知指标：{metric}")
    year = year or date.today().year
    source = DatabaseSource(session=session)
    return found, year, compare_table(source.commitments(), source.outcomes(), found, year, levels=levels)


@router.get("/research")
def research(request: Request, metric: str = "gdp_growth", year: int | None = None, levels: bool = False,
             session: Session = Depends(db)) -> Response:
    actor = require_actor(request, session)
    found, year, rows = _query(session, metric, year, levels)
    bars = [charts.Bar(r["place"], float(r["high"] if r.get("high") is not None else r["value"] or 0),
                       VERDICT_CLASS.get(r.get("verdict") or "", "fill-accent")) for r in rows]
    chart = charts.bar_chart(bars, f"{found.label} {year}", width=420, max_label=10)
    return render(request, "research.html", {
        "rows": rows, "metric": found, "metrics": metrics(), "year": year, "levels": levels, "chart": chart,
        "columns": COMPARE_COLUMNS, "query": f"metric={found.key}&year={year}" + ("&levels=true" if levels else ""),
    }, actor=actor)


@router.get("/research/table.csv")
def research_csv(request: Request, metric: str = "gdp_growth", year: int | None = None, levels: bool = False,
                 session: Session = Depends(db)) -> Response:
    require_actor(request, session)
    found, year, rows = _query(session, metric, year, levels)
    columns = COMPARE_COLUMNS + (LEVEL_COLUMNS if levels else ())
    buf = io.StringIO()
    buf.write("\ufeff")  # Excel on a Chinese desktop reads UTF-8 with a BOM
    writer = csv.writer(buf)
    writer.writerow(columns)
    writer.writerows([cell_text(r.get(c)) for c in columns] for r in rows)
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="compare-{found.key}-{year}.csv"'})


@router.get("/research/chart.svg")
def research_svg(request: Request, metric: str = "gdp_growth", year: int | None = None, levels: bool = False,
                 session: Session = Depends(db)) -> Response:
    """The chart of ``luoshi compare --chart FILE.svg`` (matplotlib, text kept as text) for a paper."""
    import tempfile
    from pathlib import Path

    from luoshi.research.compare import write_chart

    require_actor(request, session)
    found, year, rows = _query(session, metric, year, levels)
    with tempfile.TemporaryDirectory() as tmp:
        data = write_chart(rows, Path(tmp) / "chart.svg", title=f"{found.label} {year}").read_bytes()
    return Response(data, media_type="image/svg+xml", headers={
        "Content-Disposition": f'attachment; filename="compare-{found.key}-{year}.svg"'})
