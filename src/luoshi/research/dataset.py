"""Reading the corpus dataset back: one table as Arrow, near-duplicates counted once.

``canonical=True`` (the default for every research table) drops the rows of articles that copy an
earlier article (``duplicate_groups.canonical`` false), so a report re-published by three outlets
adds its commitments once. Pass ``canonical=False`` for the raw rows.
"""
from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds

from luoshi.research.tables import PARTITIONED, SCHEMAS

__all__ = ["read_table", "table_path", "copies", "DatasetError"]

PARTITIONING = ds.partitioning(pa.schema([("year", pa.int32()), ("province", pa.string())]), flavor="hive")


class DatasetError(ValueError):
    """Not a corpus dataset folder (one line naming it)."""


def table_path(root: str | Path, name: str) -> Path:
    return Path(root) / ("_state/signatures" if name == "signatures" else name)


def read_table(root: str | Path, name: str, *, columns: list[str] | None = None, canonical: bool = True) -> pa.Table:
    """The whole table (an empty table of the right schema when the run produced none of it)."""
    root = Path(root)
    if not (root / "_state").is_dir():
        raise DatasetError(f"{root}: not a corpus dataset (no _state folder; make one with luoshi corpus run)")
    path = table_path(root, name)
    schema = SCHEMAS[name]
    files = sorted(str(p) for p in path.rglob("*.parquet")) if path.exists() else []
    if not files:
        table = schema.empty_table()
    elif name in PARTITIONED:  # year and province come from the folder names (hive partitioning)
        table = ds.dataset(files, schema=schema, format="parquet", partitioning=PARTITIONING,
                           partition_base_dir=str(path)).to_table()
    else:
        table = ds.dataset(files, schema=schema, format="parquet").to_table()
    if canonical and "article_id" in table.column_names and name not in ("duplicate_groups", "signatures"):
        dropped = copies(root)
        if dropped:
            table = table.filter(pc.invert(pc.is_in(table.column("article_id"), value_set=pa.array(sorted(dropped)))))
    return table.select(columns) if columns else table


def copies(root: str | Path) -> set[str]:
    """Article ids that copy an earlier article (the non-canonical members of duplicate groups)."""
    path = Path(root) / "duplicate_groups"
    files = sorted(str(p) for p in path.glob("*.parquet")) if path.exists() else []
    if not files:
        return set()
    groups = ds.dataset(files, schema=SCHEMAS["duplicate_groups"], format="parquet").to_table()
    return set(groups.filter(pc.invert(groups.column("canonical"))).column("article_id").to_pylist())
