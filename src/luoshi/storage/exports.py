"""Write export rows (``queries.item_rows``) as JSON Lines, CSV, Parquet or Excel.

Choices made for the people who open these files:
- CSV starts with a UTF-8 byte-order mark, so Excel on a Chinese Windows desktop shows 汉字 rather
  than mojibake; lists are joined with "、" (the Chinese enumeration comma), dates are ISO.
- JSONL and Parquet keep types: lists stay lists, dates stay dates, numbers stay numbers.
- Writes go to a temporary file beside the target and are renamed at the end: an interrupted export
  never leaves a truncated file under the requested name.
"""
from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

__all__ = ["FORMATS", "write_rows", "cell_text", "neutral_text", "keep_as_text"]

FORMATS = ("jsonl", "csv", "parquet", "xlsx")
LIST_JOINER = "、"


def cell_text(value: Any) -> str:
    """How one value reads in a flat cell (CSV, Excel)."""
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (list, tuple)):
        if all(isinstance(v, (str, int, float)) for v in value):
            return LIST_JOINER.join(cell_text(v) for v in value)
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# A cell that begins with one of these is a formula to Excel/LibreOffice (CSV injection, OWASP):
# "=HYPERLINK(…)" in a progress note must stay text in every export.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutral_text(text: str) -> str:
    """CSV: text that would start a formula gets a leading apostrophe (the OWASP rule)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def keep_as_text(cell: Any) -> None:
    """xlsx (openpyxl): a string cell that openpyxl took for a formula is stored as plain text."""
    if cell.data_type == "f" and isinstance(cell.value, str):
        cell.data_type = "s"


def _csv_cell(value: Any) -> str:
    """Numbers stay numbers (-3.5 is a value, not an injection); every text is neutralised."""
    text = cell_text(value)
    return text if isinstance(value, (int, float)) and not isinstance(value, bool) else neutral_text(text)


def _json_default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def write_rows(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], fmt: str, output: str | Path | IO) -> int:
    """Write ``rows`` in ``fmt`` to a path (atomically) or an open stream; returns the row count.

    Parquet and xlsx are binary and need a path (or a binary stream).
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    writer = {"jsonl": _write_jsonl, "csv": _write_csv, "parquet": _write_parquet, "xlsx": _write_xlsx}[fmt]
    binary = fmt in ("parquet", "xlsx")
    if not isinstance(output, (str, Path)):
        return writer(rows, columns, output)
    with _atomic(Path(output), binary) as handle:
        return writer(rows, columns, handle)


@contextmanager
def _atomic(path: Path, binary: bool) -> Iterator[IO]:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        handle: IO[Any] = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        with handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _write_jsonl(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], out: IO) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False, default=_json_default))
        out.write("\n")
        n += 1
    return n


def _write_csv(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], out: IO) -> int:
    out.write("\ufeff")  # BOM: Excel then reads the file as UTF-8
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    n = 0
    for row in rows:
        writer.writerow([_csv_cell(row.get(c)) for c in columns])
        n += 1
    return n


def _write_parquet(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], out: IO) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = [{c: row.get(c) for c in columns} for row in rows]
    schema = pa.schema([pa.field(c, _parquet_type([r[c] for r in data])) for c in columns])
    for c in columns:
        if schema.field(c).type == pa.string():
            for r in data:
                r[c] = _as_text(r[c])
    pq.write_table(pa.Table.from_pylist(data, schema=schema), out)
    return len(data)


def _parquet_type(values: list[Any]):  # noqa: ANN202 - a pyarrow DataType
    """One type per column: lists of strings stay lists; nested lists (spans) and dicts (posts)
    become JSON text; a column mixing ints and floats is float; an all-empty column is text."""
    import pyarrow as pa

    present = [v for v in values if v is not None]
    if not present:
        return pa.string()
    if all(isinstance(v, bool) for v in present):
        return pa.bool_()
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pa.int64()
    if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return pa.float64()
    if all(isinstance(v, datetime) for v in present):
        return pa.timestamp("us", tz="UTC")
    if all(isinstance(v, date) and not isinstance(v, datetime) for v in present):
        return pa.date32()
    if all(isinstance(v, (list, tuple)) and all(isinstance(x, str) for x in v) for v in present):
        return pa.list_(pa.string())
    return pa.string()


def _as_text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    return cell_text(value)


def _write_xlsx(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], out: IO) -> int:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=False)
    ws = wb.worksheets[0]  # a new workbook's one sheet (``active`` is typed Optional)
    ws.title = "export"
    ws.append(list(columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    n = 0
    for row in rows:
        ws.append([_xlsx_value(row.get(c)) for c in columns])
        for cell in ws[ws.max_row]:
            keep_as_text(cell)
        n += 1
    ws.freeze_panes = "A2"
    wb.save(out)
    return n


def _xlsx_value(value: Any) -> Any:
    if value is None or isinstance(value, (int, float, date, datetime)):
        return value
    text = cell_text(value)
    return text[:32767]  # Excel's cell limit
