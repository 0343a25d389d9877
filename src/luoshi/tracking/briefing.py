"""督查通报 — the weekly or monthly supervision report for a chosen period and scope, shaped like a
printed 督查专报: totals by status and by light, overdue items with their units, items completed in the
period, and each lead unit's progress. Written as .docx (python-docx) or .xlsx (openpyxl).

Scope: the obligations (assigned onwards: proposals and rejected proposals are the office's own
business) the actor may see, narrowed to one unit (lead or supporting) when asked. "Completed" = closed
(销号) within [from, to]; "reports in the period" = progress reports dated within it. Lights are today's.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.storage.ledger_models import FINAL_STATUSES, Item, ProgressReport
from luoshi.tracking import permissions, search
from luoshi.tracking.actor import Actor
from luoshi.tracking.errors import ValidationFailed
from luoshi.tracking.lights import local_today
from luoshi.tracking.workflow import STATUS_LABELS

LIGHT_LABELS = {"green": "正常", "yellow": "预警", "red": "逾期", "none": "未亮灯"}
OBLIGATIONS = ("assigned", "accepted", "in_progress", "completion_requested", "closed")


@dataclass
class UnitRow:
    unit: str
    total: int = 0
    closed: int = 0
    overdue: int = 0
    reports: int = 0  # progress reports dated in the period
    avg_progress: float | None = None  # mean share of the numeric target reached (capped at 1)


@dataclass
class Briefing:
    date_from: date
    date_to: date
    unit: str | None
    made_on: date
    by_status: dict[str, int] = field(default_factory=dict)
    by_light: dict[str, int] = field(default_factory=dict)
    overdue: list[Item] = field(default_factory=list)
    completed: list[Item] = field(default_factory=list)
    units: list[UnitRow] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.by_status.values())

    @property
    def title(self) -> str:
        scope = f"（{self.unit}）" if self.unit else ""
        return f"督查通报{scope}"

    @property
    def period(self) -> str:
        return f"{_zh_date(self.date_from)}至{_zh_date(self.date_to)}"


def _zh_date(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def build_briefing(session: Session, actor: Actor, date_from: date, date_to: date, *, unit: str | None = None,
                   today: date | None = None) -> Briefing:
    if date_to < date_from:
        raise ValidationFailed(f"报告期间的结束日期{date_to}早于开始日期{date_from}")
    today = today or local_today()
    query = select(Item).where(Item.status.in_(OBLIGATIONS))
    visible = permissions.visibility_clause(actor)
    if visible is not None:
        query = query.where(visible)
    if unit:
        query = query.where(search.of_unit(unit))
    items = list(session.scalars(query.order_by(Item.year, Item.seq)))
    result = Briefing(date_from, date_to, unit, today)
    result.by_status = dict(Counter(i.status for i in items))
    result.by_light = dict(Counter(i.light for i in items))
    result.overdue = sorted((i for i in items if i.light == "red"), key=lambda i: (i.due_date or today, i.serial))
    result.completed = [i for i in items if i.status == "closed" and i.closed_at
                        and date_from <= _day(i.closed_at) <= date_to]
    reports = Counter(dict(session.execute(
        select(ProgressReport.item_id, func.count()).where(
            ProgressReport.item_id.in_([i.id for i in items]),
            ProgressReport.as_of.between(date_from, date_to)).group_by(ProgressReport.item_id)).tuples().all()))
    rows: dict[str, UnitRow] = {}
    shares: dict[str, list[float]] = {}
    for item in items:
        row = rows.setdefault(item.lead_unit or "（未定）", UnitRow(item.lead_unit or "（未定）"))
        row.total += 1
        row.closed += item.status == "closed"
        row.overdue += item.light == "red" and item.status not in FINAL_STATUSES
        row.reports += reports.get(item.id, 0)
        ratio = item.progress_ratio
        if ratio is not None:
            shares.setdefault(row.unit, []).append(min(max(ratio, 0.0), 1.0))
    for name, values in shares.items():
        rows[name].avg_progress = sum(values) / len(values)
    result.units = sorted(rows.values(), key=lambda r: (-r.total, r.unit))
    return result


def _day(moment: datetime | date) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.0f}%"


# ---------------------------------------------------------------- the tables, once, for both formats


def tables(b: Briefing) -> list[tuple[str, list[str], list[list[Any]]]]:
    """(heading, column names, rows) of each section, in print order (the .docx and .xlsx share them)."""
    status_rows = [[STATUS_LABELS[s], b.by_status.get(s, 0)] for s in OBLIGATIONS] + [["合计", b.total]]
    light_rows = [[LIGHT_LABELS[k], b.by_light.get(k, 0)] for k in ("green", "yellow", "red", "none")]
    overdue = [[i.serial, i.title, i.lead_unit or "", _zh_date(i.due_date),
                (b.made_on - i.due_date).days if i.due_date else ""] for i in b.overdue]
    completed = [[i.serial, i.title, i.lead_unit or "", _zh_date(_day(i.closed_at)) if i.closed_at else ""]
                 for i in b.completed]
    units = [[r.unit, r.total, r.closed, r.overdue, r.reports, _pct(r.avg_progress)] for r in b.units]
    return [
        ("一、总体情况（按状态）", ["状态", "事项数"], status_rows),
        ("二、预警情况（按灯色）", ["灯色", "事项数"], light_rows),
        ("三、逾期事项", ["编号", "督办事项", "牵头单位", "完成时限", "逾期天数"], overdue),
        ("四、本期办结事项", ["编号", "督办事项", "牵头单位", "销号日期"], completed),
        ("五、各单位进展", ["牵头单位", "事项", "已办结", "逾期", "本期填报", "平均进度"], units),
    ]


def summary(b: Briefing) -> str:
    return (f"截至{_zh_date(b.made_on)}，共有督办事项{b.total}项，其中已销号{b.by_status.get('closed', 0)}项、"
            f"逾期{len(b.overdue)}项；本期（{b.period}）办结{len(b.completed)}项。")


def write_docx(b: Briefing, target: str | Path | BinaryIO) -> None:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    head = doc.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = head.add_run(b.title)
    run.bold, run.font.size = True, Pt(22)
    sub = doc.add_paragraph(f"（{b.period}）")
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(summary(b))
    for heading, columns, rows in tables(b):
        doc.add_heading(heading, level=2)
        if not rows:
            doc.add_paragraph("无。")
            continue
        table = doc.add_table(rows=1, cols=len(columns))
        table.style = "Table Grid"
        for cell, name in zip(table.rows[0].cells, columns, strict=True):
            cell.text = name
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = str(value)
    footer = doc.add_paragraph(f"督查室　{_zh_date(b.made_on)}")
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.save(str(target) if isinstance(target, Path) else target)


def write_xlsx(b: Briefing, target: str | Path | BinaryIO) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.worksheets[0]  # a new workbook's one sheet (``active`` is typed Optional)
    sheet.title = "督查通报"
    sheet.append([b.title])
    sheet["A1"].font = Font(bold=True, size=16)
    sheet.append([b.period])
    sheet.append([summary(b)])
    for heading, columns, rows in tables(b):
        sheet.append([])
        sheet.append([heading])
        sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        sheet.append(columns)
        for row in rows:
            sheet.append([_cell(v) for v in row])
    for column, width in zip("ABCDEF", (16, 44, 30, 16, 10, 10), strict=True):
        sheet.column_dimensions[column].width = width
    workbook.save(target)


def _cell(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula (=, +, -, @ first) is written as text."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


__all__ = ["Briefing", "UnitRow", "build_briefing", "tables", "summary", "write_docx", "write_xlsx"]
