"""Portable backup and restore of the whole database (every table: reports, extractions, ledger, users).

A backup is a zip: ``manifest.json`` (format, schema revision, row counts) and ``tables/<name>.jsonl``,
one JSON object per row, written in foreign-key order. Bytes are base64, dates ISO 8601. It restores into
an *empty* SQLite or PostgreSQL database (either way round): the schema is created by the migrations, rows
are inserted table by table (self-references such as ``items.parent_id`` are filled in afterwards), and
PostgreSQL id sequences are moved past the restored ids. The audit log is restored as it was (insert only)
and gains one ``restore`` row.
"""
from __future__ import annotations

import base64
import json
import zipfile
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Column, Date, DateTime, Engine, LargeBinary, Table, func, select, text, update

from luoshi.storage.base import Base
from luoshi.storage.migrate import upgrade_to_head
from luoshi.tracking import audit
from luoshi.tracking.errors import ValidationFailed

FORMAT = "luoshi-backup/1"
BATCH = 1000


def _load_models() -> None:
    """Register every table on Base.metadata."""
    import luoshi.storage.auth_models  # noqa: F401
    import luoshi.storage.ledger_models  # noqa: F401
    import luoshi.storage.models  # noqa: F401


def _tables() -> list[Table]:
    _load_models()
    # derived tables (kept by triggers from other tables) are rebuilt on restore, not copied
    return [t for t in Base.metadata.sorted_tables if not t.info.get("derived")]


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def _encode(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, LargeBinary):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _decode(column: Column, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, LargeBinary):
        return base64.b64decode(value)
    if isinstance(column.type, DateTime):
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo or not column.type.timezone else parsed.replace(tzinfo=UTC)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    return value


def write_backup(engine: Engine, path: str | Path) -> dict[str, int]:
    """Dump every table to a zip file; returns row counts per table."""
    counts: dict[str, int] = {}
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    with engine.connect() as conn, zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in _tables():
            counts[table.name] = 0
            with archive.open(f"tables/{table.name}.jsonl", "w") as out:
                order = [c for c in table.primary_key.columns]
                for row in conn.execute(select(table).order_by(*order)).mappings():
                    record = {c.name: _encode(c, row[c.name]) for c in table.columns}
                    out.write((json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8"))
                    counts[table.name] += 1
        manifest = {"format": FORMAT, "created_at": datetime.now(UTC).isoformat(),
                    "schema_revision": current_revision(engine), "tables": counts}
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    partial.replace(path)  # never leave a half-written backup under the final name
    return counts


def _read_manifest(archive: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    try:
        manifest: dict[str, Any] = json.loads(archive.read("manifest.json"))
    except (KeyError, ValueError) as exc:
        raise ValidationFailed(f"{path}: 不是luoshi备份文件（缺少manifest.json）") from exc
    if manifest.get("format") != FORMAT:
        raise ValidationFailed(f"{path}: 不支持的备份格式 {manifest.get('format')}")
    return manifest


def _rows(archive: zipfile.ZipFile, name: str) -> Iterator[dict[str, Any]]:
    try:
        handle = archive.open(f"tables/{name}.jsonl")
    except KeyError:
        return
    with handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def restore_backup(engine: Engine, path: str | Path) -> dict[str, int]:
    """Restore a backup into an empty database (created or upgraded first). One transaction: all or nothing."""
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise ValidationFailed(f"{path}: 无法读取备份文件（{exc.__class__.__name__}）") from exc
    with archive:
        manifest = _read_manifest(archive, path)
        upgrade_to_head(engine)
        counts: dict[str, int] = {}
        with engine.begin() as conn:
            _require_empty(conn, path)
            for table in _tables():
                if table.name in manifest["tables"]:
                    counts[table.name] = _restore_table(conn, table, _rows(archive, table.name))
            _reset_sequences(conn)
            _audit_restore(conn, path, manifest)
    return counts


def _require_empty(conn: Any, path: Path) -> None:
    for table in _tables():
        if conn.scalar(select(func.count()).select_from(table)):
            raise ValidationFailed(f"{path}: 目标数据库不为空（表{table.name}已有数据），只能恢复到空数据库")


def _self_references(table: Table) -> list[str]:
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def _restore_table(conn: Any, table: Table, rows: Iterator[dict[str, Any]]) -> int:
    deferred_columns = _self_references(table)
    deferred: list[dict[str, Any]] = []
    batch: list[dict[str, Any]] = []
    count = 0
    for record in rows:
        row = {c.name: _decode(c, record.get(c.name)) for c in table.columns if c.name in record}
        later = {name: row[name] for name in deferred_columns if row.get(name) is not None}
        row.update({name: None for name in later})  # same keys in every row (one executemany)
        if later:
            deferred.append({"b_pk": row["id"], **{f"b_{k}": v for k, v in later.items()}})
        batch.append(row)
        count += 1
        if len(batch) >= BATCH:
            conn.execute(table.insert(), batch)
            batch = []
    if batch:
        conn.execute(table.insert(), batch)
    for values in deferred:
        from sqlalchemy import bindparam

        sets: dict[str, Any] = {k[2:]: bindparam(k) for k in values if k != "b_pk"}
        conn.execute(update(table).where(table.c.id == bindparam("b_pk")).values(**sets), values)
    return count


def _reset_sequences(conn: Any) -> None:
    if conn.dialect.name != "postgresql":
        return
    for table in _tables():
        pk = list(table.primary_key.columns)
        if len(pk) == 1 and pk[0].autoincrement is not False and pk[0].type.python_type is int:
            conn.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                f"COALESCE((SELECT MAX({pk[0].name}) FROM {table.name}), 0) + 1, false)"
            ))


def _audit_restore(conn: Any, path: Path, manifest: dict[str, Any]) -> None:
    from luoshi.storage.ledger_models import AuditEntry

    conn.execute(cast(Table, AuditEntry.__table__).insert().values(
        at=datetime.now(UTC), actor="system", action="restore", entity_type="database", entity_id=None,
        before=None, after=audit.jsonable({"file": path.name, "created_at": manifest.get("created_at"),
                                          "tables": manifest.get("tables")}),
    ))
