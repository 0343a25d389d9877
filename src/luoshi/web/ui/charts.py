"""Charts as inline SVG rendered on the server: no chart library, nothing from a CDN, readable
without JavaScript, and printable. Every chart carries a <title> and text labels so a screen reader
(and a reader of the printed page) gets the numbers, not just the shapes."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from markupsafe import Markup, escape

# Colours follow the 红黄绿 convention of supervision offices; CSS classes keep them themeable.
LIGHT_CLASS = {"green": "fill-green", "yellow": "fill-yellow", "red": "fill-red", None: "fill-grey"}


@dataclass
class Bar:
    label: str
    value: float
    css_class: str = "fill-accent"
    href: str | None = None


def bar_chart(bars: list[Bar], title: str, *, width: int = 300, bar_height: int = 20,
              max_label: int = 8) -> Markup:
    """Horizontal bars with the label on the left and the value at the bar's end. The viewBox is about
    as wide as a dashboard card, so 12px text stays 12px; long labels are shortened (full in <title>)."""
    if not bars:
        return Markup("")
    label_width = min(max_label, max(len(b.label) for b in bars)) * 12 + 8
    plot = width - label_width - 48
    top = max(b.value for b in bars) or 1
    gap = 6
    height = len(bars) * (bar_height + gap) + gap
    rows = []
    for i, bar in enumerate(bars):
        y = gap + i * (bar_height + gap)
        length = max(2.0, plot * bar.value / top) if bar.value else 0
        short = bar.label if len(bar.label) <= max_label else bar.label[: max_label - 1] + "…"
        row = (
            f'<text x="{label_width - 6}" y="{y + bar_height * 0.7:.1f}" text-anchor="end" class="chart-label">'
            f"<title>{escape(bar.label)}</title>{escape(short)}</text>"
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" rx="3" class="{bar.css_class}"/>'
            f'<text x="{label_width + length + 5:.1f}" y="{y + bar_height * 0.7:.1f}" class="chart-value">{_num(bar.value)}</text>'
        )
        if bar.href:
            row = f'<a href="{escape(bar.href)}" data-count-link>{row}</a>'
        rows.append(row)
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(title)}" preserveAspectRatio="xMinYMin meet"><title>{escape(title)}</title>'
        + "".join(rows)
        + "</svg>"
    )


def stacked_bar(parts: list[Bar], title: str, *, width: int = 300, height: int = 28) -> Markup:
    """One bar split into coloured parts (e.g. items by light), with a legend underneath."""
    total = sum(p.value for p in parts)
    if not total:
        return Markup("")
    x = 0.0
    pieces, legend = [], []
    for i, part in enumerate(parts):
        share = width * part.value / total
        if share:
            pieces.append(
                f'<rect x="{x:.1f}" y="0" width="{share:.1f}" height="{height}" class="{part.css_class}">'
                f"<title>{escape(part.label)} {_num(part.value)}</title></rect>"
            )
        x += share
        lx = (i % 2) * (width / 2)
        ly = height + 22 + (i // 2) * 20
        legend.append(
            f'<rect x="{lx:.1f}" y="{ly - 11}" width="12" height="12" rx="2" class="{part.css_class}"/>'
            f'<text x="{lx + 17:.1f}" y="{ly}" class="chart-label">{escape(part.label)} {_num(part.value)}</text>'
        )
    rows = (len(parts) + 1) // 2
    full = height + 12 + rows * 20
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {full}" width="100%" role="img" aria-label="{escape(title)}">'
        f"<title>{escape(title)}</title>" + "".join(pieces) + "".join(legend) + "</svg>"
    )


def progress_chart(
    points: list[tuple[date, float]],
    start: date | None,
    due: date | None,
    today: date,
    labels: dict[str, str],
    *,
    width: int = 560,
    height: int = 220,
) -> Markup:
    """Reported progress (percent of target) over time against the straight line from 0 % at the
    start to 100 % at the due date — the same line the schedule light is judged against."""
    dates = [d for d, _ in points] + [d for d in (start, due, today) if d]
    if not dates:
        return Markup("")
    first, last = min(dates), max(dates)
    span = max((last - first).days, 1)
    left, right, top, bottom = 44, 12, 12, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    top_pct = max([100.0] + [p for _, p in points])

    def xy(day: date, pct: float) -> tuple[float, float]:
        return (left + plot_w * (day - first).days / span, top + plot_h * (1 - pct / top_pct))

    parts = [f'<title>{escape(labels.get("title", ""))}</title>']
    for pct in (0, 25, 50, 75, 100):
        _, y = xy(first, pct)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>')
        parts.append(f'<text x="{left - 4}" y="{y + 4:.1f}" text-anchor="end" class="chart-axis">{pct}%</text>')
    parts.append(f'<text x="{left}" y="{height - 8}" class="chart-axis">{first.isoformat()}</text>')
    parts.append(f'<text x="{width - right}" y="{height - 8}" text-anchor="end" class="chart-axis">{last.isoformat()}</text>')
    if start and due and due > start:
        (x1, y1), (x2, y2) = xy(start, 0), xy(due, 100)
        parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" class="plan-line"/>')
    tx, _ = xy(today, 0)
    parts.append(f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{top}" y2="{top + plot_h}" class="today-line"/>')
    if points:
        ordered = sorted(points)
        coords = [xy(d, p) for d, p in ordered]
        if start and ordered[0][0] > start:
            coords.insert(0, xy(start, 0))
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        parts.append(f'<polyline points="{path}" class="actual-line"/>')
        for (d, p), (x, y) in zip(ordered, coords[-len(ordered):], strict=True):
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" class="actual-dot"><title>{d.isoformat()} {p:.0f}%</title></circle>')
    legend_y = top + 14
    parts.append(
        f'<line x1="{left + 10}" x2="{left + 34}" y1="{legend_y - 4}" y2="{legend_y - 4}" class="plan-line"/>'
        f'<text x="{left + 38}" y="{legend_y}" class="chart-label">{escape(labels.get("plan", ""))}</text>'
        f'<line x1="{left + 110}" x2="{left + 134}" y1="{legend_y - 4}" y2="{legend_y - 4}" class="actual-line"/>'
        f'<text x="{left + 138}" y="{legend_y}" class="chart-label">{escape(labels.get("actual", ""))}</text>'
    )
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="100%" role="img" '
        f'aria-label="{escape(labels.get("title", ""))}">' + "".join(parts) + "</svg>"
    )


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
