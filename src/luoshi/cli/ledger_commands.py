"""Ledger commands: items, item, evidence, remind, scorecard, import, backup, restore.

Each command runs in one transaction (nothing half-written on error), takes ``--db URL`` and acts as the
local operator (``system``, an admin) unless ``--as USERNAME`` names a user of the database, whose role
and unit then apply exactly as in the web UI.
"""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from luoshi.cli.common import DbOption, fail, open_db, parse_date, stdout_console
from luoshi.tracking.actor import SYSTEM, Actor
from luoshi.tracking.errors import TrackingError

AsOption = Annotated[str | None, typer.Option("--as", help="Act as this user (role and unit apply).")]
TodayOption = Annotated[str | None, typer.Option("--today", help="Pretend today is YYYY-MM-DD (lights, reminders).")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")]


def register(app: typer.Typer) -> None:
    app.command("items", help="List ledger items (督办事项) with filters.")(items)
    app.command("item", help="Show one item, or change it: --transition, --set, --progress.")(item)
    app.command("evidence", help="List evidence proposed from reports; --accept ID / --reject ID.")(evidence)
    app.command("remind", help="Reminders (催办) due today; --send records and delivers them.")(remind)
    app.command("scorecard", help="Unit scorecards (考核) and ranking for a period.")(scorecard)
    app.command("report", help="督查通报: the supervision report of a period as .docx or .xlsx.")(report)
    app.command("import", help="Import a ledger workbook (.xlsx): create/update items by 编号.")(import_xlsx)
    app.command("backup", help="Write every table to a portable zip file.")(backup)
    app.command("restore", help="Restore a backup zip into an empty database.")(restore)


# --- helpers -----------------------------------------------------------------------------------------


def _actor(session: Any, username: str | None) -> Actor:
    if not username:
        return SYSTEM
    from sqlalchemy import select

    from luoshi.storage.auth_models import User

    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.is_active:
        raise fail(f"no active user named {username}")
    return Actor(user.username, user.role, user.unit, user.id)


@contextmanager
def _unit_of_work(db: str | None, as_user: str | None) -> Iterator[tuple[Any, Actor]]:
    """One transaction; tracking errors become a one-line message and exit status 1 (nothing written)."""
    from luoshi.storage.db import transaction

    factory = open_db(db)
    try:
        with transaction(factory) as session:
            yield session, _actor(session, as_user)
    except TrackingError as exc:
        raise fail(str(exc)) from None


def _json(value: Any) -> str:
    def default(obj: Any) -> Any:
        if is_dataclass(obj) and not isinstance(obj, type):
            return asdict(obj)
        if hasattr(obj, "__table__"):
            from luoshi.tracking.audit import row_snapshot

            return row_snapshot(obj)
        return str(obj)

    return json.dumps(value, ensure_ascii=False, indent=1, default=default)


def _pct(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.0f}%"


LIGHT_STYLE = {"green": "green", "yellow": "yellow", "red": "red"}


# --- items -------------------------------------------------------------------------------------------


def items(
    status: Annotated[str | None, typer.Option(help="proposed, assigned, … (comma-separated)")] = None,
    unit: Annotated[str | None, typer.Option(help="Lead or supporting unit.")] = None,
    light: Annotated[str | None, typer.Option(help="green, yellow, red, none (comma-separated)")] = None,
    place: Annotated[str | None, typer.Option()] = None,
    year: Annotated[int | None, typer.Option(help="Due in this year.")] = None,
    q: Annotated[str | None, typer.Option("--q", "-q", help="Text search (Chinese words).")] = None,
    open_only: Annotated[bool, typer.Option("--open", help="Leave out closed/rejected/merged.")] = False,
    sort: Annotated[str, typer.Option(help="serial, due_date, light, … ('-' prefix: descending)")] = "serial",
    page: int = 1,
    page_size: Annotated[int, typer.Option("--page-size")] = 50,
    as_json: JsonOption = False,
    db: DbOption = None,
    as_user: AsOption = None,
) -> None:
    from luoshi.tracking.items import ItemFilters, list_items, target_label
    from luoshi.tracking.workflow import STATUS_LABELS

    filters = ItemFilters(
        unit=unit, place=place, year=year, q=q, open_only=open_only,
        status=status.split(",") if status else None, light=light.split(",") if light else None,
    )
    with _unit_of_work(db, as_user) as (session, actor):
        result = list_items(session, actor, filters, page=page, page_size=page_size, sort=sort)
        if as_json:
            from luoshi.tracking.exports import item_row

            print(_json({"items": [item_row(i) for i in result.items], "total": result.total,
                         "page": result.page, "page_size": result.page_size}))
            return
        table = Table(title=f"督办事项 {result.total} 项（第{result.page}页）")
        for header in ("编号", "督办事项", "牵头单位", "目标", "完成时限", "进度", "状态", "预警"):
            table.add_column(header)
        for it in result.items:
            table.add_row(it.serial, escape(it.title[:40]), escape(it.lead_unit or ""), escape(target_label(it)),
                          str(it.due_date or ""), _pct(it.progress_ratio), STATUS_LABELS.get(it.status, it.status),
                          f"[{LIGHT_STYLE.get(it.light, 'dim')}]{it.light}[/]")
        stdout_console().print(table)


def _parse_sets(pairs: list[str]) -> dict[str, str]:
    changes = {}
    for pair in pairs:
        if "=" not in pair:
            raise typer.BadParameter(f"{pair!r} is not FIELD=VALUE", param_hint="--set")
        key, value = pair.split("=", 1)
        changes[key.strip()] = value
    return changes


def item(
    ref: Annotated[str, typer.Argument(help="Item id or serial (DB-2026-0001).")],
    transition: Annotated[str | None, typer.Option(help="assign, accept, start, request_completion, return, close, reject")] = None,
    unit: Annotated[str | None, typer.Option(help="Lead unit, with --transition assign.")] = None,
    due: Annotated[str | None, typer.Option(help="Due date YYYY-MM-DD, with --transition assign.")] = None,
    outcome: Annotated[str | None, typer.Option(help="With --transition close: achieved, partly_achieved, …")] = None,
    set_: Annotated[list[str] | None, typer.Option("--set", help="FIELD=VALUE edit (repeatable).")] = None,
    version: Annotated[int | None, typer.Option(help="Expected version (optimistic concurrency).")] = None,
    progress: Annotated[float | None, typer.Option(help="Report the cumulative value reached.")] = None,
    note: Annotated[str, typer.Option(help="Progress note (进展情况).")] = "",
    why: Annotated[str, typer.Option(help="Reason, recorded with the change.")] = "",
    as_json: JsonOption = False,
    db: DbOption = None,
    as_user: AsOption = None,
) -> None:
    from luoshi.tracking import items as items_service
    from luoshi.tracking.progress import add_progress
    from luoshi.tracking.workflow import transition as take_step

    with _unit_of_work(db, as_user) as (session, actor):
        target = items_service.get_item(session, actor, ref)
        if set_:
            if version is None:
                raise fail("--set needs --version N (the version you saw), so that no change is overwritten")
            target = items_service.update_item(session, actor, target.id, _parse_sets(set_),
                                               expected_version=version, why=why)
            version = None
        if transition:
            target = take_step(session, actor, target.id, transition, why=why, expected_version=version,
                               unit=unit, due_date=parse_date(due, "--due"), outcome=outcome)
            version = None
        if progress is not None or (note and not transition):
            add_progress(session, actor, target.id, value=progress, note=note, expected_version=version)
        _show_item(session, actor, target, as_json)


def _show_item(session: Any, actor: Actor, it: Any, as_json: bool) -> None:
    from luoshi.tracking.exports import item_row
    from luoshi.tracking.items import item_history, target_label
    from luoshi.tracking.workflow import STATUS_LABELS, allowed_actions

    history = item_history(session, actor, it.id)
    if as_json:
        print(_json({**item_row(it), "allowed_actions": allowed_actions(actor, it),
                     "transitions": history["transitions"], "revisions": history["revisions"]}))
        return
    out = stdout_console()
    out.print(f"[bold]{it.serial}[/bold]  {escape(it.title)}")
    rows = [
        ("状态", f"{STATUS_LABELS.get(it.status, it.status)}（版本{it.version}）"),
        ("预警", f"[{LIGHT_STYLE.get(it.light, 'dim')}]{it.light}[/] {escape(it.light_reason)}"),
        ("牵头单位", it.lead_unit or ""), ("配合单位", "、".join(it.supporting_units or [])),
        ("责任人", it.responsible_person or ""), ("目标", target_label(it)),
        ("期限", f"{it.start_date or ''} ~ {it.due_date or ''}（{it.period_text or ''}）"),
        ("进度", f"{it.progress_value if it.progress_value is not None else ''} {_pct(it.progress_ratio)}"),
        ("原文", it.source_text), ("可执行操作", "、".join(allowed_actions(actor, it)) or "—"),
    ]
    for label, value in rows:
        out.print(f"  {label}：{value if label == '预警' else escape(str(value))}")
    for step in history["transitions"]:
        out.print(f"  · {step.at:%Y-%m-%d %H:%M} {step.actor} {step.action} {step.from_status}→{step.to_status} "
                  f"{escape(step.why)}")
    for rev in history["revisions"]:
        out.print(f"  ✎ {rev.at:%Y-%m-%d %H:%M} {rev.actor} {rev.field}: {rev.old!r} → {rev.new!r} {escape(rev.why)}")


# --- evidence ----------------------------------------------------------------------------------------


def evidence(
    status: Annotated[str, typer.Option(help="proposed, accepted, rejected")] = "proposed",
    accept: Annotated[list[int] | None, typer.Option(help="Accept evidence ID (repeatable).")] = None,
    reject: Annotated[list[int] | None, typer.Option(help="Reject evidence ID (repeatable).")] = None,
    why: str = "",
    as_json: JsonOption = False,
    db: DbOption = None,
    as_user: AsOption = None,
) -> None:
    from luoshi.storage.ledger_models import Item
    from luoshi.tracking import evidence as service

    with _unit_of_work(db, as_user) as (session, actor):
        for evidence_id in accept or []:
            service.accept_evidence(session, actor, evidence_id, why=why)
        for evidence_id in reject or []:
            service.reject_evidence(session, actor, evidence_id, why=why)
        if accept or reject:
            stdout_console().print(f"accepted {len(accept or [])}, rejected {len(reject or [])}")
            return
        rows = service.list_evidence(session, actor, status=status)
        if as_json:
            print(_json(rows))
            return
        table = Table(title=f"佐证材料（{status}）{len(rows)} 条")
        for header in ("ID", "事项", "数值", "原文", "理由"):
            table.add_column(header)
        for row in rows:
            serial = session.get(Item, row.item_id).serial
            table.add_row(str(row.id), serial, f"{row.value:g}" if row.value is not None else "", escape(row.quote),
                          escape(row.reason))
        stdout_console().print(table)


# --- remind, scorecard -------------------------------------------------------------------------------


def remind(
    send: Annotated[bool, typer.Option("--send", help="Record the reminders as sent and queue their delivery.")] = False,
    deliver: Annotated[bool, typer.Option("--deliver/--no-deliver",
                                          help="Deliver queued reminders and due retries (e-mail, webhook).")] = True,
    today: TodayOption = None,
    as_json: JsonOption = False,
    db: DbOption = None,
    as_user: AsOption = None,
) -> None:
    from luoshi.tracking.delivery import deliver_due
    from luoshi.tracking.lights import refresh_lights
    from luoshi.tracking.reminders import pending_reminders, send_reminders

    day = parse_date(today, "--today")
    with _unit_of_work(db, as_user) as (session, actor):
        if day is None:  # a pretend date must not leave pretend lights in the database
            refresh_lights(session)
        drafts = pending_reminders(session, actor, today=day)
        if send:
            send_reminders(session, actor, drafts, today=day)
    # After the commit: each attempt in its own short transaction, the network outside any of them.
    result = deliver_due(open_db(db)) if deliver else None
    if as_json:
        print(_json(drafts))
        return
    out = stdout_console()
    for draft in drafts:
        out.print(escape(draft.message))
    out.print(f"{len(drafts)} reminder(s){' recorded as sent' if send else ' to send (use --send to record)'}")
    if result is not None and (result.sent or result.failed or result.waiting):
        out.print(f"deliveries: {result.sent} sent, {result.failed} failed ({result.given_up} given up), "
                  f"{result.waiting} waiting for a retry")


def scorecard(
    period: Annotated[int | None, typer.Option(help="Year, e.g. 2026 (default: all items).")] = None,
    unit: Annotated[str | None, typer.Option(help="Only this unit.")] = None,
    today: TodayOption = None,
    as_json: JsonOption = False,
    db: DbOption = None,
    as_user: AsOption = None,
) -> None:
    from luoshi.tracking.scorecards import unit_scorecards

    with _unit_of_work(db, as_user) as (session, actor):
        scores = unit_scorecards(session, actor, period=period, today=parse_date(today, "--today"))
        if unit:
            scores = [s for s in scores if s.unit == unit]
        if as_json:
            print(_json(scores))
            return
        table = Table(title=f"单位考核{f'（{period}年）' if period else ''}")
        for header in ("名次", "单位", "事项", "按时办结率", "平均进度", "应有进度", "逾期", "绿灯占比", "得分"):
            table.add_column(header)
        for s in scores:
            table.add_row(str(s.rank), escape(s.unit), str(s.total), _pct(s.on_time_rate), _pct(s.avg_progress),
                          _pct(s.avg_expected), str(s.overdue), _pct(s.green_share), f"{s.score:.1f}")
        stdout_console().print(table)


def report(
    date_from: Annotated[str, typer.Option("--from", help="First day of the period, YYYY-MM-DD.")],
    date_to: Annotated[str, typer.Option("--to", help="Last day of the period, YYYY-MM-DD.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="File to write (.docx or .xlsx).")],
    unit: Annotated[str | None, typer.Option("--unit", help="Only this unit's items (lead or supporting).")] = None,
    fmt: Annotated[str, typer.Option("--format", help="docx or xlsx.")] = "docx",
    today: TodayOption = None,
    db: DbOption = None,
    as_user: AsOption = None,
) -> None:
    from luoshi.tracking.briefing import build_briefing, write_docx, write_xlsx

    if fmt not in ("docx", "xlsx"):
        raise fail(f"--format must be docx or xlsx, not {fmt}")
    start, end = parse_date(date_from, "--from"), parse_date(date_to, "--to")
    with _unit_of_work(db, as_user) as (session, actor):
        briefing = build_briefing(session, actor, start, end, unit=unit, today=parse_date(today, "--today"))
        try:
            (write_docx if fmt == "docx" else write_xlsx)(briefing, output)
        except OSError as exc:
            raise fail(f"{output}: cannot write: {exc.strerror or exc}") from None
    stdout_console().print(f"{output}: {briefing.total} items, {len(briefing.overdue)} overdue, "
                           f"{len(briefing.completed)} completed in the period")


# --- import, backup, restore -------------------------------------------------------------------------


def import_xlsx(
    file: Annotated[Path, typer.Argument(help="Ledger workbook (.xlsx) laid out like the export.")],
    why: str = "Excel导入",
    db: DbOption = None,
    as_user: AsOption = None,
) -> None:
    from luoshi.tracking.excel import import_ledger_xlsx

    if not file.is_file():
        raise fail(f"{file}: no such file")
    with _unit_of_work(db, as_user) as (session, actor):
        report = import_ledger_xlsx(session, actor, file, why=why)
        if report.errors:
            for error in report.errors:
                Console(stderr=True).print(f"{file}: {escape(str(error))}", style="red")
            session.rollback()
            raise fail(f"{file}: {len(report.errors)} row error(s); nothing imported")
        for refused in (*report.conflicts, *report.not_applied):
            Console(stderr=True).print(f"{file}: {escape(str(refused))}", style="yellow")
        stdout_console().print(f"created {len(report.created)}, updated {len(report.updated)}, unchanged {report.unchanged}, "
                               f"conflicts {len(report.conflicts)}, not applied {len(report.not_applied)}")


def backup(
    file: Annotated[Path, typer.Argument(help="Zip file to write.")],
    db: DbOption = None,
) -> None:
    from luoshi.tracking.backup import write_backup

    factory = open_db(db)
    counts = write_backup(factory.kw["bind"], file)
    stdout_console().print(f"wrote {file}: {sum(counts.values())} row(s) in {len(counts)} table(s)")


def restore(
    file: Annotated[Path, typer.Argument(help="Backup zip written by `luoshi backup`.")],
    db: DbOption = None,
) -> None:
    from luoshi.tracking.backup import restore_backup

    if not file.is_file():
        raise fail(f"{file}: no such file")
    factory = open_db(db)
    try:
        counts = restore_backup(factory.kw["bind"], file)
    except TrackingError as exc:
        raise fail(str(exc)) from None
    stdout_console().print(f"restored {sum(counts.values())} row(s) in {len(counts)} table(s) from {file}")
