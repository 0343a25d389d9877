"""The ledger as the Excel workbook a 督查室 prints (督办事项台账), and reading such a workbook back.

Layout: title row "督办事项台账", a subtitle (export time, filters), the header row
序号/编号/督办事项/牵头单位/配合单位/责任人/目标/完成时限/进展情况/完成进度/状态/预警 (frozen), one row per item,
the light as the 预警 cell's fill, column widths for A4 landscape, fit to one page wide, header repeated.

Import reads the columns by header name (so a workbook whose columns were reordered still imports),
creates items without 编号 and updates items with one, and validates every row before changing anything:
with any row error nothing is written and the errors are reported (row number + reason).
序号, 完成进度 and 预警 are derived and ignored on import; a changed 进展情况 becomes a progress note.

A safe round trip (issue 10): every row carries the item's 版本 (its optimistic-concurrency version) as
exported; a row whose 版本 is older than the item's — someone changed it after the export — is refused
and listed as a conflict, never applied (an existing item's row without 版本 likewise). A changed 状态
goes through the workflow (the one step from the current status to the printed one, with its rules and
permissions) or is listed as not applied. Errors name the column as printed (“完成时限”) and the row.
``dry_run=True`` plans everything and writes nothing: the preview of what an import would change.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy.orm import Session

from luoshi.storage.exports import keep_as_text
from luoshi.storage.ledger_models import FINAL_STATUSES, Item
from luoshi.tracking import permissions
from luoshi.tracking.actor import Actor
from luoshi.tracking.errors import TrackingError, ValidationFailed
from luoshi.tracking.exports import LIGHT_LABELS, _filters, iter_items, latest_notes, split_actor
from luoshi.tracking.items import clean_value, create_item, get_item, target_label, update_item
from luoshi.tracking.lights import local_today
from luoshi.tracking.progress import add_progress
from luoshi.tracking.workflow import STATUS_LABELS

TITLE = "督办事项台账"
COLUMNS = [  # (header, width)
    ("序号", 6), ("编号", 14), ("督办事项", 40), ("牵头单位", 22), ("配合单位", 18), ("责任人", 9),
    ("目标", 22), ("完成时限", 12), ("进展情况", 36), ("完成进度", 9), ("状态", 10), ("预警", 8), ("版本", 6),
]
HEADER_ROW = 3
LIGHT_FILLS = {"green": "C6EFCE", "yellow": "FFEB9C", "red": "FFC7CE"}
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def write_ledger_xlsx(session: Session, actor: Actor | Any, *args: Any) -> int:
    """``write_ledger_xlsx(session, actor, path_or_file, filters=None)`` — write the visible, filtered
    items; returns the number of item rows. (``write_ledger_xlsx(session, path, filters)`` runs as SYSTEM.)

    Streamed (openpyxl's write-only mode: each row goes to the file as it is appended, none is kept), and
    every kind of cell style is made once (:class:`_Styles`) and shared by its cells: styling each cell
    anew (border, alignment, format, fill, each looked up in the workbook's style tables) cost more than
    the rest of the export."""
    actor, rest = split_actor(actor, args)
    if not rest:
        raise TypeError("write_ledger_xlsx needs a path or a binary file")
    target, filters = rest[0], _filters(rest[1] if len(rest) > 1 else None)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(TITLE)
    styles = _Styles(sheet)
    _sheet_setup(sheet)  # column widths, frozen header, fit to page: written before the first row
    _title_rows(sheet, styles, filters)
    count = 0
    for batch in iter_items(session, actor, filters):
        notes = latest_notes(session, [i.id for i in batch])
        for item in batch:
            count += 1
            sheet.append(_item_row(sheet, styles, count, item, notes.get(item.id, "")))
    _page_setup(sheet, count)
    workbook.save(str(target) if isinstance(target, Path) else target)
    return count


WRAPPED_COLUMNS = frozenset({3, 4, 5, 7, 9})  # long text: wrapped, left-aligned
DATE_COLUMN, SHARE_COLUMN, LIGHT_COLUMN = 8, 10, 12


class _Styles:
    """Each kind of cell style of the workbook made once, as openpyxl's style array, which the cells of
    that kind share (a cell gets its value first: a date value sets the cell's own number format)."""

    def __init__(self, sheet: Any) -> None:
        def style(**attributes: Any) -> Any:
            cell = WriteOnlyCell(sheet)
            for name, value in attributes.items():
                setattr(cell, name, value)
            return cell._style  # type: ignore[attr-defined]  # openpyxl's style array (no public name)

        self.title = style(font=Font(name="宋体", size=18, bold=True), alignment=CENTER)
        self.subtitle = style(alignment=Alignment(horizontal="right"))
        self.header = style(font=Font(bold=True), alignment=CENTER, border=BORDER,
                            fill=PatternFill("solid", fgColor="D9D9D9"))
        formats = {DATE_COLUMN: "yyyy-mm-dd", SHARE_COLUMN: "0%"}
        self.columns = [style(border=BORDER, alignment=WRAP if col in WRAPPED_COLUMNS else CENTER,
                              number_format=formats.get(col, "General")) for col in range(1, len(COLUMNS) + 1)]
        self.lights = {light: style(border=BORDER, alignment=CENTER, fill=PatternFill("solid", fgColor=colour))
                       for light, colour in LIGHT_FILLS.items()}


def _cell(sheet: Any, value: Any, shared_style: Any) -> Any:
    cell = WriteOnlyCell(sheet, value)
    keep_as_text(cell)  # "=HYPERLINK(…)" in a note is text, never a live formula
    cell._style = shared_style  # type: ignore[attr-defined]
    return cell


def _sheet_setup(sheet: Any) -> None:
    for col, (_header, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = width
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _title_rows(sheet: Any, styles: _Styles, filters: Any) -> None:
    last = get_column_letter(len(COLUMNS))
    sheet.merged_cells.add(f"A1:{last}1")
    sheet.merged_cells.add(f"A2:{last}2")
    sheet.row_dimensions[1].height = 32
    sheet.append([_cell(sheet, TITLE, styles.title)])
    described = _describe_filters(filters)
    subtitle = f"导出日期：{local_today().isoformat()}" + (f"　筛选：{described}" if described else "")
    sheet.append([_cell(sheet, subtitle, styles.subtitle)])
    sheet.append([_cell(sheet, header, styles.header) for header, _width in COLUMNS])


def _describe_filters(filters: Any) -> str:
    if filters is None:
        return ""
    values = {k: v for k, v in vars(filters).items() if v not in (None, "", [], False)}
    return "；".join(f"{k}={v}" for k, v in values.items())


def _item_row(sheet: Any, styles: _Styles, number: int, item: Item, note: str) -> list[Any]:
    values = [
        number, item.serial, item.title, item.lead_unit or "", "、".join(item.supporting_units or []),
        item.responsible_person or "", target_label(item), item.due_date, note or item.light_reason,
        item.progress_ratio, STATUS_LABELS.get(item.status, item.status), LIGHT_LABELS.get(item.light, item.light),
        item.version,
    ]
    row = [_cell(sheet, value, style) for value, style in zip(values, styles.columns, strict=True)]
    light = styles.lights.get(item.light)
    if light is not None:
        row[LIGHT_COLUMN - 1]._style = light
    return row


def _page_setup(sheet: Any, count: int) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.4
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{HEADER_ROW + max(count, 1)}"


# ---------------------------------------------------------------- import


@dataclass
class RowError:
    row: int
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行：{self.message}"


@dataclass
class RowConflict:
    row: int
    serial: str
    sheet_version: int | None
    current_version: int

    def __str__(self) -> str:
        if self.sheet_version is None:
            return f"第{self.row}行（{self.serial}）：没有“版本”，无法确认是否为最新，未应用"
        return (f"第{self.row}行（{self.serial}）：表中版本{self.sheet_version}早于当前版本{self.current_version}"
                f"（导出后已被修改），未应用")


@dataclass
class NotApplied:
    row: int
    serial: str
    reason: str

    def __str__(self) -> str:
        return f"第{self.row}行（{self.serial}）：{self.reason}"


@dataclass
class PreviewRow:
    row: int
    serial: str | None  # None: a new item
    changes: list[tuple[str, str, str]]  # (column as printed, before, after)
    note: str | None
    status_step: str | None  # the workflow step a changed 状态 asks for


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)  # serials
    updated: list[str] = field(default_factory=list)
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    conflicts: list[RowConflict] = field(default_factory=list)
    not_applied: list[NotApplied] = field(default_factory=list)
    preview: list[PreviewRow] = field(default_factory=list)
    dry_run: bool = False


@dataclass
class _RowPlan:
    row: int
    serial: str | None
    changes: dict[str, Any]
    note: str | None
    step: str | None = None  # workflow action for a changed 状态


HEADER_FIELDS = {"督办事项": "title", "牵头单位": "lead_unit", "配合单位": "supporting_units",
                 "责任人": "responsible_person", "完成时限": "due_date"}
TARGET_PATTERN = re.compile(
    r"^(?P<metric>.*?)(?P<cmp>≥|≤|>|<|约)?(?P<num>\d+(?:\.\d+)?)(?P<mag>万|亿)?(?P<unit>[^\d\s]*)$"
)
SIGN_COMPARATORS = {"≥": ">=", "≤": "<=", ">": ">", "<": "<", "约": "~", None: "="}


def import_ledger_xlsx(session: Session, actor: Actor, file: str | Path | IO[bytes], *,
                       why: str = "Excel导入", dry_run: bool = False) -> ImportReport:
    """Create/update items from a ledger workbook. All rows are validated first; any error → nothing written.
    Conflicts (older 版本) and status changes the workflow refuses are listed and skipped, the rest applied."""
    permissions.require_supervisor(actor, "导入台账")
    try:
        workbook = load_workbook(file, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a bad file
        raise ValidationFailed(f"{_name(file)}: 不是有效的Excel工作簿（{exc.__class__.__name__}）") from exc
    sheet = workbook.active
    if not isinstance(sheet, Worksheet):
        raise ValidationFailed(f"{_name(file)}: 当前工作表不是表格（图表页）")
    header_row, columns = _find_header(sheet, file)
    report = ImportReport(dry_run=dry_run)
    plans = []
    for row_number, cells in enumerate(sheet.iter_rows(min_row=header_row + 1, values_only=True), header_row + 1):
        values = {name: cells[index] if index < len(cells) else None for name, index in columns.items()}
        if all(v in (None, "") for v in values.values()):
            continue
        try:
            plan = _plan_row(session, actor, row_number, values, report)
        except TrackingError as exc:
            report.errors.append(RowError(row_number, str(exc)))
            continue
        if plan is not None:
            plans.append(plan)
            report.preview.append(_preview(session, actor, plan))
    if report.errors or dry_run:
        return report
    for plan in plans:
        _apply(session, actor, plan, why, report)
    return report


FIELD_HEADERS = {**{name: header for header, name in HEADER_FIELDS.items()}, "target_metric": "目标",
                 "target_comparator": "目标", "target_value": "目标", "target_unit": "目标"}


def _preview(session: Session, actor: Actor, plan: _RowPlan) -> PreviewRow:
    item = get_item(session, actor, plan.serial) if plan.serial else None
    rows = []
    for name, new in plan.changes.items():
        old = getattr(item, name) if item is not None else None
        rows.append((FIELD_HEADERS.get(name, name), _shown(old), _shown(new)))
    return PreviewRow(plan.row, plan.serial, rows, plan.note, plan.step)


def _shown(value: Any) -> str:
    if value is None or value == [] or value == "":
        return "—"
    if isinstance(value, list):
        return "、".join(map(str, value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _name(file: Any) -> str:
    return str(file) if isinstance(file, (str, Path)) else getattr(file, "name", "上传的文件")


def _find_header(sheet: Any, file: Any) -> tuple[int, dict[str, int]]:
    for row_number, cells in enumerate(sheet.iter_rows(min_row=1, max_row=10, values_only=True), 1):
        names = [str(c).strip() if c is not None else "" for c in cells]
        if "编号" in names and "督办事项" in names:
            return row_number, {name: names.index(name) for name in names if name}
    raise ValidationFailed(f"{_name(file)}: 前10行中找不到表头（需要“编号”和“督办事项”两列）")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_target(text: str) -> dict[str, Any]:
    """新增城镇就业≥3.5万人 -> metric, comparator, value 35000, unit 人 (the inverse of target_label)."""
    match = TARGET_PATTERN.match(text.replace(" ", ""))
    if not match:
        raise ValidationFailed(f"目标格式无法识别（应如“新增城镇就业≥3.5万人”）：{text}")
    scale = {"万": 1e4, "亿": 1e8, None: 1}[match["mag"]]
    return {"target_metric": clean_value("target_metric", match["metric"] or None), "target_comparator": SIGN_COMPARATORS[match["cmp"]],
            "target_value": float(match["num"]) * scale, "target_unit": match["unit"] or None}


def _plan_row(session: Session, actor: Actor, row: int, values: dict[str, Any],
              report: ImportReport) -> _RowPlan | None:
    """What one row asks for; None when it is refused as a conflict (listed in the report)."""
    serial = _cell_text(values.get("编号")).upper() or None
    item = get_item(session, actor, serial) if serial else None
    if item is not None:
        sheet_version = _version(values.get("版本"))
        if sheet_version is None or sheet_version < item.version:
            report.conflicts.append(RowConflict(row, item.serial, sheet_version, item.version))
            return None
    changes: dict[str, Any] = {}
    for header, name in HEADER_FIELDS.items():
        if header in values:
            try:
                changes[name] = clean_value(name, _cell_text(values[header]) or None)
            except ValidationFailed as exc:  # name the column as printed, not the field
                raise ValidationFailed(f"“{header}”列：{str(exc).replace(name, '')}") from exc
    target = _cell_text(values.get("目标"))
    if target and (item is None or target != target_label(item)):
        changes.update(parse_target(target))
    if item is None and not changes.get("title"):
        raise ValidationFailed("新事项须填写督办事项")
    if item is not None:
        changes = {k: v for k, v in changes.items() if getattr(item, k) != v}
        if item.status in FINAL_STATUSES and changes:
            raise ValidationFailed(f"事项{serial}已{STATUS_LABELS.get(item.status)}，不能修改")
    note = _cell_text(values.get("进展情况")) or None
    if item is not None and note in (item.light_reason, _latest_note(session, item)):
        note = None
    step = None
    status_text = _cell_text(values.get("状态"))
    if item is not None and status_text and status_text != STATUS_LABELS.get(item.status):
        step = _step_to(item.status, status_text)
        if step is None:
            report.not_applied.append(NotApplied(row, item.serial, (
                f"“状态”列从“{STATUS_LABELS.get(item.status)}”改为“{status_text}”不是一个流程步骤，未应用")))
    return _RowPlan(row, serial, changes, note, step)


def _version(value: Any) -> int | None:
    try:
        return int(float(str(value))) if value not in (None, "") else None
    except ValueError:
        return None


def _step_to(current: str, label: str) -> str | None:
    """The workflow action that leads from ``current`` to the status printed as ``label`` (None: no step)."""
    from luoshi.tracking.workflow import TRANSITIONS

    for action, step in TRANSITIONS.items():
        if current in step.sources and STATUS_LABELS.get(step.target) == label:
            return action
    return None


def _latest_note(session: Session, item: Item) -> str:
    return latest_notes(session, [item.id]).get(item.id, "")


def _apply(session: Session, actor: Actor, plan: _RowPlan, why: str, report: ImportReport) -> None:
    if plan.serial is None:
        item = create_item(session, actor, plan.changes, why=why)
        report.created.append(item.serial)
    elif plan.changes:
        item = update_item(session, actor, plan.serial, plan.changes, expected_version=None, why=why)
        report.updated.append(item.serial)
    else:
        item = get_item(session, actor, plan.serial)
        if not plan.note and not plan.step:
            report.unchanged += 1
    if plan.note and item.status not in FINAL_STATUSES:
        add_progress(session, actor, item.id, note=plan.note, source="import")
        if item.serial not in report.updated and item.serial not in report.created:
            report.updated.append(item.serial)
    if plan.step:
        from luoshi.tracking.workflow import transition

        savepoint = session.begin_nested()
        try:
            transition(session, actor, item.id, plan.step, why=why)
            savepoint.commit()
            if item.serial not in report.updated:
                report.updated.append(item.serial)
        except TrackingError as exc:  # the workflow's rules (reason, due date, progress…) decide
            savepoint.rollback()
            report.not_applied.append(NotApplied(plan.row, item.serial, f"“状态”未改：{exc}"))
