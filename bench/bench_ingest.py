"""Ingest speed as the database grows: read + extract + store + the ledger step (``after_ingest``) for
every file, one transaction per document, exactly as ``luoshi ingest`` does it; files/s per chunk.

    .venv/bin/python bench/bench_ingest.py ../shared/corpus/raw --files 5000                # SQLite temp file
    .venv/bin/python bench/bench_ingest.py ../shared/corpus/raw --files 5000 --db postgres
    .venv/bin/python bench/bench_ingest.py ../shared/corpus/raw --files 600 --db postgres --parallel 2

The corpus folder is only read: ``--files`` varied reports are generated from its text files at bench
time into a temp folder (deleted afterwards), each a different mix of paragraphs of one base report and
others, with its numbers, years and places changed, so that the near-duplicate detector does not take
them for copies. Prints, per chunk of ``--chunk`` files (default 120): files stored, files/s, ms per file
spent in the ledger step, CPU ms per file of this process (on SQLite that includes the database's work,
and it is what a busy machine disturbs least), and peak RSS; then the ratio of the last chunk's rate to the first's.
``--parallel N`` instead times N ingest processes at once (disjoint files, one fresh database) against one
process ingesting as many files per process, and prints the speed-up.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PLACES = ["泰州市", "南通市", "扬州市", "盐城市", "无锡市", "常州市", "镇江市", "宿迁市", "淮安市", "连云港市",
          "徐州市", "苏州市", "南京市", "合肥市", "芜湖市", "嘉兴市", "湖州市", "绍兴市", "银川市", "吴忠市"]
_NUMBER = re.compile(r"(?<![\d.])(\d+)(\.\d+)?")
_YEAR = re.compile(r"20[12]\d(?=年)")
_PLACE = re.compile("|".join(PLACES))


def _paragraphs(folder: Path) -> list[list[str]]:
    reports = []
    for path in sorted(folder.rglob("*.txt")):
        lines = [line.strip() for line in path.read_text(encoding="utf-8", errors="replace").splitlines()]
        lines = [line for line in lines if line]
        if len(lines) >= 3:
            reports.append(lines)
    if not reports:
        raise SystemExit(f"{folder}: no text reports (*.txt) to vary")
    return reports


def _vary_numbers(text: str, rng: random.Random) -> str:
    def one(m: re.Match[str]) -> str:
        whole = m.group(1)
        if len(whole) == 4 and whole.startswith("20"):
            return whole  # years are changed consistently below
        scaled = max(1, round(int(whole) * rng.uniform(0.5, 1.8)))
        return str(scaled) + (f".{rng.randint(0, 9)}" if m.group(2) else "")

    return _NUMBER.sub(one, text)


def variant(reports: list[list[str]], n: int) -> str:
    """The n-th generated report: a base report's title, a sample of its paragraphs and of three others',
    numbers scaled, a year and a place of its own."""
    rng = random.Random(n)
    base = rng.choice(reports)
    year = rng.randint(2021, 2026)
    shift = year - 2024
    place = rng.choice(PLACES)
    body = rng.sample(base[1:], max(2, len(base[1:]) * 3 // 5))
    for other in rng.sample(reports, 3):
        body += rng.sample(other[1:], min(len(other) - 1, rng.randint(1, 4)))
    rng.shuffle(body)
    text = "\n".join(body)
    text = _YEAR.sub(lambda m: str(int(m.group(0)) + shift), _vary_numbers(text, rng))
    text = _PLACE.sub(place, text)
    published = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    title = _PLACE.sub(place, base[0])[:60]
    return f"{title}（第{n}期）\n发布时间：{published}\n来源：{place}人民政府\n{text}\n"


def generate(folder: Path, count: int, out: Path, start: int = 0) -> list[Path]:
    reports = _paragraphs(folder)
    paths = []
    for n in range(start, start + count):
        path = out / f"v{n:05d}.txt"
        path.write_text(variant(reports, n), encoding="utf-8")
        paths.append(path)
    return paths


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ingest_chunks(paths: list[Path], db: str, chunk: int, quiet: bool = False) -> dict[str, object]:
    """Ingest ``paths`` in order as the CLI does; one row per chunk."""
    from luoshi.cli.common import open_db
    from luoshi.cli.reading_commands import _after_ingest, _Batch, _ingest_one, _Input

    factory = open_db(db)
    after = _after_ingest()
    ledger_seconds = [0.0]

    def timed_after(session, document_id):  # noqa: ANN001, ANN202 - the hook's own signature
        start = time.perf_counter()
        try:
            return after(session, document_id)
        finally:
            ledger_seconds[0] += time.perf_counter() - start

    batch = _Batch()
    rows = []
    begin = time.perf_counter()
    for first in range(0, len(paths), chunk):
        part = paths[first:first + chunk]
        ledger_before, start, cpu = ledger_seconds[0], time.perf_counter(), time.process_time()
        for path in part:
            _ingest_one(factory, _Input(label=str(path), path=path), None, None, timed_after, batch)
        seconds = time.perf_counter() - start
        row = {"stored": first + len(part), "files_per_s": len(part) / seconds,
               "cpu_ms_per_file": 1000 * (time.process_time() - cpu) / len(part),
               "ledger_ms_per_file": 1000 * (ledger_seconds[0] - ledger_before) / len(part), "peak_rss_mb": _rss_mb()}
        rows.append(row)
        if not quiet:
            print(f"{first:>5}–{first + len(part):<5} {row['files_per_s']:8.2f} files/s"
                  f" {row['ledger_ms_per_file']:8.1f} ms/file ledger {row['cpu_ms_per_file']:7.1f} ms/file CPU"
                  f"  peak RSS {row['peak_rss_mb']:6.0f} MB", flush=True)
    return {"rows": rows, "seconds": time.perf_counter() - begin, "failures": batch.failures,
            "new": len(paths) - batch.duplicates - len(batch.failures), "duplicates": batch.duplicates,
            "items": batch.items_proposed, "evidence": batch.evidence_proposed}


def _fresh_postgres() -> tuple[str, str]:
    import sqlalchemy as sa

    name = f"bench_ingest_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return name, PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"


def _drop_postgres(name: str) -> None:
    import sqlalchemy as sa

    admin = sa.create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _database(kind: str, tmp: Path) -> tuple[str, str | None]:
    if kind == "sqlite":
        return f"sqlite:///{tmp / f'bench-{uuid.uuid4().hex[:6]}.db'}", None
    if kind == "postgres":
        name, url = _fresh_postgres()
        return url, name
    return kind, None


def _prepare(db: str) -> None:
    from luoshi.storage.db import make_engine
    from luoshi.storage.migrate import upgrade_to_head

    engine = make_engine(db)
    upgrade_to_head(engine)
    engine.dispose()


def parallel(paths: list[Path], kind: str, workers: int, tmp: Path) -> None:
    """N processes at once (disjoint files) vs one process with as many files as each of them."""
    per = len(paths) // workers
    slices = [paths[i * per:(i + 1) * per] for i in range(workers)]
    timings = {}
    for label, groups in (("one process", slices[:1]), (f"{workers} processes", slices)):
        db, name = _database(kind, tmp)
        _prepare(db)
        lists = []
        for i, group in enumerate(groups):
            listing = tmp / f"list-{label[0]}-{i}.json"
            listing.write_text(json.dumps([str(p) for p in group]))
            lists.append(listing)
        start = time.perf_counter()
        procs = [subprocess.Popen([sys.executable, __file__, "--worker", str(listing), "--db", db]) for listing in lists]
        codes = [p.wait() for p in procs]
        seconds = time.perf_counter() - start
        if name:
            _drop_postgres(name)
        if any(codes):
            raise SystemExit(f"a worker failed: exit codes {codes}")
        timings[label] = len(groups) * per / seconds
        print(f"{label}: {len(groups) * per} files in {seconds:.1f} s = {timings[label]:.2f} files/s", flush=True)
    print(f"speed-up of {workers} at once: {timings[f'{workers} processes'] / timings['one process']:.2f}×")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default="../shared/corpus/raw")
    parser.add_argument("--files", type=int, default=600, help="varied reports to generate and ingest")
    parser.add_argument("--chunk", type=int, default=120)
    parser.add_argument("--db", default="sqlite", help="sqlite (temp file), postgres (throw-away database) or a URL")
    parser.add_argument("--parallel", type=int, default=0, help="time N ingests at once against one")
    parser.add_argument("--worker", help=argparse.SUPPRESS)  # internal: a JSON list of files to ingest
    args = parser.parse_args()
    os.environ.setdefault("LUOSHI_LOG_LEVEL", "WARNING")
    if args.worker:
        paths = [Path(p) for p in json.loads(Path(args.worker).read_text())]
        result = ingest_chunks(paths, args.db, len(paths), quiet=True)
        return 1 if result["failures"] else 0
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        corpus = tmp / "corpus"
        corpus.mkdir()
        paths = generate(Path(args.folder), args.files, corpus)
        print(f"{len(paths)} varied reports generated from {args.folder}", flush=True)
        if args.parallel:
            parallel(paths, args.db, args.parallel, tmp)
            return 0
        db, name = _database(args.db, tmp)
        try:
            _prepare(db)
            result = ingest_chunks(paths, db, args.chunk)
        finally:
            if name:
                _drop_postgres(name)
        rows = result["rows"]
        print(f"{result['new']} stored ({result['items']} items, {result['evidence']} evidence proposed), "
              f"{result['duplicates']} duplicates, {len(result['failures'])} failures "
              f"in {result['seconds']:.1f} s; last chunk / first chunk files/s = "
              f"{rows[-1]['files_per_s'] / rows[0]['files_per_s']:.2f}; peak RSS {rows[-1]['peak_rss_mb']:.0f} MB")
        for failure in result["failures"][:5]:
            print("  failure:", failure)
    return 0


if __name__ == "__main__":
    sys.exit(main())
