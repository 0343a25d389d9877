"""The Excel ledger (written, read back with openpyxl, imported) and flat export rows."""
from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from luoshi.tracking.errors import PermissionDenied, ValidationFailed
from luoshi.tracking.evidence import accept_evidence, list_evidence
from luoshi.tracking.excel import COLUMNS, import_ledger_xlsx, parse_target, write_ledger_xlsx
from luoshi.tracking.exports import item_rows
from luoshi.tracking.intake import after_ingest
from luoshi.tracking.items import get_item, list_items
from luoshi.tracking.lights import refresh_lights
from tracking.ledger_fixtures import HOUSING_CLERK, HOUSING_UNIT, PLENUM, RESULTS, SUPERVISOR, assign_all, store


@pytest.fixture
def ledger(session):
    ids = after_ingest(session, store(session, PLENUM).id).item_ids
    assign_all(session, ids)
    after_ingest(session, store(session, RESULTS).id)
    for proposal in list_evidence(session, SUPERVISOR, status="proposed"):
        accept_evidence(session, SUPERVISOR, proposal.id, today=date(2026, 9, 10))
    refresh_lights(session, today=date(2026, 9, 10))
    return ids


def _workbook(session, actor=SUPERVISOR, filters=None):
    buffer = io.BytesIO()
    count = write_ledger_xlsx(session, actor, buffer, filters)
    buffer.seek(0)
    return count, load_workbook(buffer)


def test_ledger_workbook_is_laid_out_for_printing(session, ledger):
    count, workbook = _workbook(session)
    sheet = workbook.active
    assert count == 3 and sheet["A1"].value == "督办事项台账"
    assert [c.value for c in sheet[3]] == [name for name, _ in COLUMNS]
    assert sheet.freeze_panes == "A4"
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.column_dimensions["C"].width == 40
    first = [c.value for c in sheet[4]]
    assert first[:4] == [1, "DB-2026-0001", "确保全年新增城镇就业4.2万人以上", "临江市人力资源和社会保障局"]
    assert first[6] == "新增城镇就业≥4.2万人" and first[7] == datetime(2026, 12, 31)
    assert first[9] == pytest.approx(36000 / 42000) and first[11] == "绿灯"
    assert sheet["L4"].fill.fgColor.rgb.endswith("C6EFCE")
    assert sheet["L6"].value == "红灯" and sheet["L6"].fill.fgColor.rgb.endswith("FFC7CE")
    # written streamed, with shared styles: the same print layout
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:M1", "A2:M2"}
    assert sheet.auto_filter.ref == "A3:M6" and sheet.print_title_rows == "$3:$3"
    assert sheet["A1"].font.size == 18 and sheet["A3"].font.bold and sheet["A3"].fill.fgColor.rgb.endswith("D9D9D9")
    assert sheet["H4"].number_format == "yyyy-mm-dd" and sheet["J4"].number_format == "0%"
    assert sheet["C4"].alignment.wrap_text and sheet["C4"].border.left.style == "thin"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and int(sheet.page_setup.paperSize) == 9


def test_workbook_holds_only_what_the_actor_sees_and_filters(session, ledger):
    assert _workbook(session, HOUSING_CLERK)[0] == 2
    assert _workbook(session, SUPERVISOR, {"light": "red"})[0] == 1


def test_round_trip_import_updates_by_serial_and_creates_new_rows(session, ledger):
    _, workbook = _workbook(session)
    sheet = workbook.active
    sheet["D5"] = "临江市城市更新局"  # new lead unit for DB-2026-0002
    sheet["I4"] = "9月新增就业3.8万人"  # new progress note
    sheet.append([None, None, "建成口袋公园10个", HOUSING_UNIT, "临江市园林局、临江市财政局", "周敏",
                  "建成口袋公园≥10个", datetime(2026, 11, 30), None, None, None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    report = import_ledger_xlsx(session, SUPERVISOR, buffer)
    assert report.errors == [] and report.created == ["DB-2026-0004"]
    assert sorted(report.updated) == ["DB-2026-0001", "DB-2026-0002"] and report.unchanged == 1
    assert get_item(session, SUPERVISOR, "DB-2026-0002").lead_unit == "临江市城市更新局"
    new = get_item(session, SUPERVISOR, "DB-2026-0004")
    assert (new.target_value, new.target_unit, new.supporting_units) == (10, "个", ["临江市园林局", "临江市财政局"])
    assert get_item(session, SUPERVISOR, "DB-2026-0002").revisions[-1].why == "Excel导入"


def test_import_with_a_bad_row_changes_nothing_and_names_the_row(session, ledger):
    _, workbook = _workbook(session)
    sheet = workbook.active
    sheet["D4"] = "改了也不算"
    sheet["H5"] = "明年春天"
    sheet["B6"] = "DB-2026-0999"
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    report = import_ledger_xlsx(session, SUPERVISOR, buffer)
    assert [e.row for e in report.errors] == [5, 6] and "日期" in str(report.errors[0])
    assert str(report.errors[0]).startswith("第5行：")
    assert get_item(session, SUPERVISOR, "DB-2026-0001").lead_unit == "临江市人力资源和社会保障局"


def test_import_refuses_non_workbooks_and_non_supervisors(session, ledger):
    with pytest.raises(ValidationFailed, match="Excel"):
        import_ledger_xlsx(session, SUPERVISOR, io.BytesIO(b"not a zip"))
    with pytest.raises(PermissionDenied):
        import_ledger_xlsx(session, HOUSING_CLERK, io.BytesIO(b""))


def test_parse_target_inverts_the_label():
    assert parse_target("新增城镇就业≥3.5万人") == {"target_metric": "新增城镇就业", "target_comparator": ">=",
                                                "target_value": 35000.0, "target_unit": "人"}
    assert parse_target("外贸进出口总额≥300亿元")["target_value"] == 3e10
    with pytest.raises(ValidationFailed):
        parse_target("尽快完成")


def test_proposals_carry_no_light_in_the_workbook(session):
    after_ingest(session, store(session, PLENUM).id)
    refresh_lights(session, today=date(2026, 9, 10))
    _, workbook = _workbook(session)
    lights = [row[11] for row in workbook.active.iter_rows(min_row=4, values_only=True) if row[1]]
    assert lights and "红灯" not in lights and "绿灯" not in lights


def test_item_rows_are_flat_and_filtered(session, ledger):
    rows = list(item_rows(session, SUPERVISOR, {"lead_unit": HOUSING_UNIT}))
    assert [r["serial"] for r in rows] == ["DB-2026-0002", "DB-2026-0003"]
    assert rows[0]["target"] == "城镇老旧小区改造≥80个" and rows[0]["progress_pct"] == 37.5
    assert rows[1]["light"] == "red" and rows[1]["status_label"] == "已交办"
    assert len(list(item_rows(session, HOUSING_CLERK))) == 2
    assert len(list(item_rows(session, None))) == 3 == list_items(session, SUPERVISOR).total  # actor-less = SYSTEM


def _saved(workbook):
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def test_an_older_row_is_a_conflict_and_status_changes_go_through_the_workflow(session, ledger):
    from luoshi.tracking.items import update_item

    _, workbook = _workbook(session)
    sheet = workbook.active
    assert sheet["M3"].value == "版本" and isinstance(sheet["M4"].value, int)
    # After the export someone moves DB-2026-0001's due date: the workbook's row 4 is now stale.
    current = get_item(session, SUPERVISOR, "DB-2026-0001")
    update_item(session, SUPERVISOR, current.id, {"due_date": "2026-11-30"}, expected_version=current.version)
    sheet["H4"] = datetime(2026, 12, 31)
    sheet["K5"] = "已签收"  # DB-2026-0002: assigned → accepted is the 签收 step
    sheet["K6"] = "已销号"  # DB-2026-0003: assigned → closed is no single step
    preview = import_ledger_xlsx(session, SUPERVISOR, _saved(workbook), dry_run=True)
    assert [c.serial for c in preview.conflicts] == ["DB-2026-0001"] and "早于当前版本" in str(preview.conflicts[0])
    assert {p.serial: p.status_step for p in preview.preview}["DB-2026-0002"] == "accept"
    assert get_item(session, SUPERVISOR, "DB-2026-0002").status == "assigned"  # a preview writes nothing
    report = import_ledger_xlsx(session, SUPERVISOR, _saved(workbook))
    assert [c.serial for c in report.conflicts] == ["DB-2026-0001"]
    assert str(get_item(session, SUPERVISOR, "DB-2026-0001").due_date) == "2026-11-30"  # never reverted
    assert get_item(session, SUPERVISOR, "DB-2026-0002").status == "accepted"
    assert [n.serial for n in report.not_applied] == ["DB-2026-0003"] and "不是一个流程步骤" in str(report.not_applied[0])
    assert get_item(session, SUPERVISOR, "DB-2026-0003").status == "assigned"


def test_errors_name_the_column_as_printed(session, ledger):
    _, workbook = _workbook(session)
    workbook.active["H5"] = "明年春天"
    report = import_ledger_xlsx(session, SUPERVISOR, _saved(workbook))
    assert str(report.errors[0]).startswith("第5行：“完成时限”列") and "due_date" not in str(report.errors[0])
