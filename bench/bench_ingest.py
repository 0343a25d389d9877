"""Ingest speed: read + extract + store + ledger proposal for every file of a folder, one
transaction per document, exactly as ``luoshi ingest`` does it.

    .venv/bin/python bench/bench_ingest.py ../shared/corpus/raw                 # SQLite temp file
    .venv/bin/python bench/bench_ingest.py ../shared/corpus/raw --db postgresql://postgres@127.0.0.1/bench

Prints files, articles, items, seconds and files per second; then runs the batch again to time the
duplicate path (same bytes: no extraction, one SELECT per file). The folder is read, never copied.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from typer.testing import CliRunner


def run(folder: str, db: str) -> tuple[float, str]:
    from luoshi.cli.main import app

    start = time.perf_counter()
    result = CliRunner().invoke(app, ["ingest", folder, "--db", db])
    return time.perf_counter() - start, result.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder")
    parser.add_argument("--db", help="database URL (default: a fresh SQLite file in a temp folder)")
    args = parser.parse_args()
    files = sum(1 for p in Path(args.folder).rglob("*") if p.is_file())
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or f"sqlite:///{Path(tmp) / 'bench.db'}"
        first, summary = run(args.folder, db)
        print(summary)
        print(f"first ingest: {files} files in {first:.2f} s ({files / first:.1f} files/s)")
        again, summary = run(args.folder, db)
        print(summary)
        print(f"again (all duplicates): {again:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
