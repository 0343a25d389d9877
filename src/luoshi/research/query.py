"""``luoshi query``: DuckDB SQL over the corpus dataset's Parquet files.

Every table is a view of the same name (``documents``, ``articles``, ``commitments`` …, plus
``outcomes`` and ``glossary`` once written). The item views count near-duplicates once: rows of an
article that copies an earlier one are left out; ``raw_<table>`` has them all. Example queries are in
docs/research.md.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from luoshi.research.dataset import DatasetError
from luoshi.research.tables import PARTITIONED, SCHEMAS

__all__ = ["connect", "run_query"]

EXTRA_TABLES = ("outcomes", "glossary")


def _glob(root: Path, name: str) -> str | None:
    folder = root / ("_state/signatures" if name == "signatures" else name)
    if not folder.is_dir() or not any(folder.rglob("*.parquet")):
        return None
    return str(folder / "**" / "*.parquet").replace("'", "''")


def connect(root: str | Path) -> Any:
    """An in-memory DuckDB connection with one view per table of the dataset."""
    import duckdb

    root = Path(root)
    if not (root / "_state").is_dir():
        raise DatasetError(f"{root}: not a corpus dataset (no _state folder; make one with luoshi corpus run)")
    con = duckdb.connect(":memory:")
    groups = _glob(root, "duplicate_groups")
    con.execute("CREATE VIEW copies AS " + (
        f"SELECT article_id FROM read_parquet('{groups}') WHERE NOT canonical" if groups
        else "SELECT CAST(NULL AS VARCHAR) AS article_id WHERE false"))
    for name in (*SCHEMAS, *EXTRA_TABLES):
        pattern = _glob(root, name)
        if pattern is None:
            if name in SCHEMAS:  # an empty view of the right columns
                cols = ", ".join(f"CAST(NULL AS {_duck_type(t)}) AS \"{f}\"" for f, t in
                                 zip(SCHEMAS[name].names, SCHEMAS[name].types, strict=True))
                con.execute(f"CREATE VIEW raw_{name} AS SELECT {cols} WHERE false")
            else:
                continue
        else:
            hive = "true" if name in PARTITIONED else "false"
            types = ", hive_types={'year': INTEGER, 'province': VARCHAR}" if name in PARTITIONED else ""
            con.execute(f"CREATE VIEW raw_{name} AS SELECT * FROM read_parquet('{pattern}', "
                        f"hive_partitioning={hive}{types}, union_by_name=true)")
        has_article = name in SCHEMAS and "article_id" in SCHEMAS[name].names and name not in (
            "duplicate_groups", "signatures")
        where = " WHERE article_id NOT IN (SELECT article_id FROM copies)" if has_article else ""
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM raw_{name}{where}")
    return con


def _duck_type(arrow_type: Any) -> str:
    text = str(arrow_type)
    return {"string": "VARCHAR", "int64": "BIGINT", "int32": "INTEGER", "double": "DOUBLE", "date32[day]": "DATE",
            "bool": "BOOLEAN"}.get(text, "VARCHAR[]" if text.startswith("list") else "VARCHAR")


def run_query(root: str | Path, sql: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Column names and rows of one SQL statement over the dataset."""
    con = connect(root)
    try:
        cursor = con.execute(sql)
        columns = [d[0] for d in cursor.description] if cursor.description else []
        return columns, cursor.fetchall()
    finally:
        con.close()
