"""Load benchmark of the JSON API: list + filter requests against 100,000 ledger items.

    .venv/bin/python bench/bench_api.py --db sqlite
    .venv/bin/python bench/bench_api.py --db postgres --pg-url postgresql+psycopg://postgres@127.0.0.1:5432/test
    .venv/bin/python bench/bench_api.py --db both --items 100000 --requests 500 --concurrency 4

What it does: creates a fresh database (a temp SQLite file, or a throw-away PostgreSQL database that is
dropped afterwards), bulk-inserts the items directly (Core INSERT in batches — fast), starts uvicorn in a
subprocess on 127.0.0.1, fires a bounded number of requests of several kinds from a few concurrent
clients (httpx), and prints p50/p95/max latency per request kind. Target: p95 < 100 ms.

A million items take about 15 minutes to insert here: ``--keep`` keeps the database built (and prints its URL),
``--database-url URL`` measures that database again (the same data before and after a change):

    .venv/bin/python bench/bench_api.py --db sqlite --items 1000000 --concurrency 1,4 --workers 2 --keep
    .venv/bin/python bench/bench_api.py --db sqlite --database-url sqlite:////tmp/luoshi-bench-…/bench.db
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import sqlalchemy as sa

from luoshi.storage.auth_models import ApiToken, User
from luoshi.storage.db import make_engine, session_factory
from luoshi.storage.ledger_models import Item, ItemCounter
from luoshi.storage.migrate import upgrade_to_head
from luoshi.tracking import auth

CITY = "泰州市"
PLACES = [CITY, "靖江市", "泰兴市", "兴化市", "海陵区", "高港区", "姜堰区"]
UNIT_NAMES = [
    "人力资源和社会保障局", "住房和城乡建设局", "交通运输局", "发展和改革委员会", "工业和信息化局", "商务局",
    "财政局", "农业农村局", "生态环境局", "教育局", "卫生健康委员会", "文化广电和旅游局", "水利局", "自然资源和规划局",
    "市场监督管理局", "应急管理局", "民政局", "科学技术局", "城市管理局", "数据局",
]
UNITS = [f"{CITY}{name}" for name in UNIT_NAMES] + [f"{p}人民政府" for p in PLACES[1:]]
METRICS = [
    ("新增城镇就业", "人"), ("开展职业技能培训", "人次"), ("完成老旧小区改造", "个"), ("新增公共停车泊位", "个"),
    ("新开工保障性租赁住房", "套"), ("实际使用外资", "元"), ("外贸进出口总额", "元"), ("新建农村公路", "公里"),
    ("新增高新技术企业", "家"), ("完成高标准农田建设", "亩"), ("新建5G基站", "个"), ("城镇污水处理率", "%"),
]
STATUSES = ["proposed"] * 2 + ["assigned"] * 2 + ["accepted"] + ["in_progress"] * 6 + ["completion_requested"] + ["closed"] * 3 + ["rejected"]
LIGHTS = ["green"] * 6 + ["yellow"] * 2 + ["red"] * 2 + ["none"]
SEARCH_WORDS = ["就业", "老旧小区", "停车泊位", "高标准农田", "5G基站", "外资", "职业技能", "保障性租赁住房"]


def item_rows(count: int, seed: int = 7):
    """Plausible varied items, generated in batches of dicts for a Core INSERT."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    per_year: dict[int, int] = {}
    for _ in range(count):
        metric, unit = rng.choice(METRICS)
        value = rng.choice([35000, 20000, 60, 5000, 1650, 120, 300, 45, 98.5, 2.6e10])
        year = rng.choice([2025, 2026, 2026, 2026, 2027])
        per_year[year] = per_year.get(year, 0) + 1
        seq = per_year[year]
        lead = rng.choice(UNITS)
        support = rng.sample(UNITS, rng.choice([0, 0, 1, 2]))
        start = date(year, 1, 1) + timedelta(days=rng.randint(0, 60))
        due = date(year, 12, 31) if rng.random() < 0.6 else start + timedelta(days=rng.randint(30, 330))
        status = rng.choice(STATUSES)
        title = f"{'确保' if rng.random() < .5 else '力争'}全年{metric}{value:g}{unit}以上"
        yield {
            "serial": f"DB-{year}-{seq:05d}", "year": year, "seq": seq, "source_text": title, "title": title,
            "kind": "target", "lead_unit": lead, "supporting_units": support,
            "support_key": "".join(f"|{u}" for u in support) + "|" if support else "",
            "responsible_person": None, "target_value": float(value), "target_unit": unit, "target_comparator": ">=",
            "target_metric": metric, "target_text": f"{value:g}{unit}以上", "period_text": "全年",
            "start_date": start, "due_date": due, "strength": "确保", "tags": [], "place": rng.choice(PLACES),
            "progress_value": float(value) * rng.random() if status != "proposed" else None,
            "status": status, "outcome": "not_rated", "light": rng.choice(LIGHTS), "light_reason": "",
            "created_by": "bench", "created_at": now, "updated_at": now, "version": 1,
        }


def _with_derived_columns(row: dict) -> dict:
    """Columns the ledger service derives on every write (text search blob), computed the same way."""
    from types import SimpleNamespace

    from luoshi.tracking import items as item_service

    if "search_text" in Item.__table__.c and hasattr(item_service, "search_text_of"):
        row["search_text"] = item_service.search_text_of(SimpleNamespace(**row))
    if "search_bigrams" in Item.__table__.c:
        from luoshi.tracking.search import search_bigrams_of

        row["search_bigrams"] = search_bigrams_of(row["search_text"])
    return row


TIMED: list[tuple[str, float]] = []  # in-process jobs timed while populating: (what, seconds)
BACKEND = ["?"]  # the database being populated, named in TIMED


def _timed(what: str, job) -> None:
    t0 = time.perf_counter()
    result = job()
    TIMED.append((f"{BACKEND[0]}: {what}", time.perf_counter() - t0))
    print(f"  {what}: {TIMED[-1][1]:.2f} s ({result if isinstance(result, int) else ''})", file=sys.stderr)


def office_work(engine) -> None:
    """The office's heavier jobs, timed in-process: the unit ranking and one unit's Excel ledger."""
    import io

    from luoshi.tracking.actor import SYSTEM
    from luoshi.tracking.excel import write_ledger_xlsx
    from luoshi.tracking.scorecards import unit_scorecards

    with session_factory(engine)() as s:
        _timed("scorecard ranking (all units)", lambda: len(unit_scorecards(s, SYSTEM)))
    with session_factory(engine)() as s:
        _timed(f"Excel of one unit's open items ({UNITS[0]})", lambda: write_ledger_xlsx(
            s, SYSTEM, io.BytesIO(), {"unit": UNITS[0], "open_only": True}))


def _vacuum(engine) -> None:
    """Steady state after a bulk load: statistics, and on PostgreSQL the visibility map that lets counts use
    index-only scans (autovacuum would do this within a minute of the load; the bench does it at once)."""
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(sa.text("VACUUM ANALYZE" if conn.dialect.name == "postgresql" else "ANALYZE"))


def populate(url: str, count: int, *, extras: bool = True, rowwise: bool = False) -> dict[str, str]:
    """Schema, users with tokens, and ``count`` items; returns tokens by username."""
    engine = make_engine(url)
    upgrade_to_head(engine)
    t0 = time.perf_counter()
    batch: list[dict] = []
    with engine.begin() as conn:
        for row in item_rows(count):
            batch.append(_with_derived_columns(row))
            if len(batch) == 5000:
                conn.execute(sa.insert(Item.__table__), batch)
                batch = []
        if batch:
            conn.execute(sa.insert(Item.__table__), batch)
        for year in (2025, 2026, 2027):
            last = conn.scalar(sa.select(sa.func.max(Item.seq)).where(Item.year == year)) or 0
            conn.execute(sa.insert(ItemCounter.__table__).values(year=year, last=last))
    print(f"  inserted {count:,} items in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    # Lights as the daily refresh leaves them, so the server's start-up refresh (web/app.py lifespan) finds
    # them current and does not rewrite the items while requests are being timed.
    from luoshi.tracking import lights

    today = lights.local_today()
    with session_factory(engine)() as s:
        _timed("first light refresh (bulk-loaded lights)", lambda: lights.refresh_lights(s, today))
        s.commit()
    _vacuum(engine)  # a day passes: autovacuum has cleaned up after the first refresh
    with session_factory(engine)() as s:
        _timed("next day's light refresh", lambda: lights.refresh_lights(s, today + timedelta(days=1)))
        s.commit()
    if rowwise:
        with session_factory(engine)() as s:
            _timed("next day's light refresh, row by row (before)",
                   lambda: lights.refresh_lights_rowwise(s, today + timedelta(days=2)))
            s.commit()
    _vacuum(engine)
    if extras:
        office_work(engine)
    tokens = bench_tokens(engine)
    engine.dispose()
    return tokens


def bench_tokens(engine) -> dict[str, str]:
    """A fresh API token for each bench user (created on first use): tokens by username."""
    tokens = {}
    with session_factory(engine)() as s:
        for name, role, unit in (("bench_supervisor", "supervisor", None), ("bench_unit", "unit", UNITS[0])):
            user = s.scalar(sa.select(User).where(User.username == name))
            if user is None:
                user = User(username=name, role=role, unit=unit, is_active=True)
                s.add(user)
                s.flush()
            value = auth.new_token_value()
            s.add(ApiToken(user_id=user.id, name="bench", token_sha256=auth.token_digest(value), prefix=value[:10]))
            tokens[name] = value
        s.commit()
    return tokens


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(url: str, port: int, workers: int = 1) -> subprocess.Popen:
    env = {**os.environ, "LUOSHI_DATABASE_URL": url, "LUOSHI_SECRET_KEY": uuid.uuid4().hex}
    cmd = [sys.executable, "-m", "uvicorn", "--factory", "luoshi.web.app:create_app", "--host", "127.0.0.1",
           "--port", str(port), "--log-level", "warning", "--no-access-log", "--workers", str(workers)]
    proc = subprocess.Popen(cmd, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
        if proc.poll() is not None:
            raise SystemExit(f"uvicorn exited with status {proc.returncode}")
    proc.terminate()
    raise SystemExit("uvicorn did not start within 60 s")


def request_kinds(max_id: int):
    """name -> (who, function(rng) -> path). Each is a listing or filter a 督查室 uses every day."""
    return {
        "list page": ("bench_supervisor", lambda r: f"/api/v1/items?page={r.randint(1, 40)}"),
        "filter status+unit": ("bench_supervisor", lambda r: f"/api/v1/items?status=in_progress&unit={r.choice(UNITS)}"),
        "filter light+year": ("bench_supervisor", lambda r: f"/api/v1/items?light=red&year={r.choice([2025, 2026, 2027])}"),
        "filter place, by due": ("bench_supervisor", lambda r: f"/api/v1/items?place={r.choice(PLACES)}&sort=-due_date"),
        "search q (Chinese)": ("bench_supervisor", lambda r: f"/api/v1/items?q={r.choice(SEARCH_WORDS)}"),
        "unit user's list": ("bench_unit", lambda r: "/api/v1/items?open_only=true"),
        "get one item": ("bench_supervisor", lambda r: f"/api/v1/items/{r.randint(1, max_id)}"),
    }


def fire(base: str, tokens: dict[str, str], total: int, concurrency: int, max_id: int) -> dict[str, list[float]]:
    kinds = request_kinds(max_id)
    plan = [name for name in kinds for _ in range(total // len(kinds))]
    random.Random(11).shuffle(plan)
    timings: dict[str, list[float]] = {name: [] for name in kinds}
    failures: list[str] = []
    lock = threading.Lock()
    cursor = iter(enumerate(plan))

    def worker(seed: int) -> None:
        rng = random.Random(seed)
        clients = {who: httpx.Client(base_url=base, headers={"Authorization": f"Bearer {tok}"}, timeout=30)
                   for who, tok in tokens.items()}
        try:
            for name, (who, make_path) in _next(cursor, lock, kinds):
                path = make_path(rng)
                t0 = time.perf_counter()
                response = clients[who].get(path)
                elapsed = (time.perf_counter() - t0) * 1000
                with lock:
                    if response.status_code != 200:
                        failures.append(f"{response.status_code} {path}")
                    timings[name].append(elapsed)
        finally:
            for c in clients.values():
                c.close()

    for who, tok in tokens.items():  # warm up: connections, caches, first queries
        for kind_who, make_path in kinds.values():
            if kind_who == who:
                httpx.get(base + make_path(random.Random(0)), headers={"Authorization": f"Bearer {tok}"}, timeout=30)
    threads = [threading.Thread(target=worker, args=(n,)) for n in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if failures:
        print(f"  {len(failures)} failed requests, e.g. {failures[:3]}", file=sys.stderr)
    return timings


def _next(cursor, lock, kinds):
    while True:
        with lock:
            step = next(cursor, None)
        if step is None:
            return
        yield step[1], kinds[step[1]]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


Row = tuple[str, int, str, int, float, float, float]  # db, clients, request, n, p50, p95, max


def run(backend: str, args: argparse.Namespace) -> list[Row]:
    BACKEND[0] = backend
    if args.database_url:  # a database an earlier run kept (a million items take 15 minutes to insert)
        return measure(backend, args, args.database_url, reuse=True)
    if backend == "sqlite":
        tmp = tempfile.mkdtemp(prefix="luoshi-bench-")
        try:
            return measure(backend, args, f"sqlite:///{Path(tmp) / 'bench.db'}")
        finally:
            if args.keep:
                print(f"  kept: --database-url sqlite:///{Path(tmp) / 'bench.db'}", file=sys.stderr)
            else:
                shutil.rmtree(tmp, ignore_errors=True)
    admin = sa.create_engine(args.pg_url, isolation_level="AUTOCOMMIT")
    name = "luoshi_bench_" + uuid.uuid4().hex[:8]
    with admin.connect() as c:
        c.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = args.pg_url.rsplit("/", 1)[0] + "/" + name
    try:
        return measure(backend, args, url)
    finally:
        if args.keep:
            print(f"  kept: --database-url {url}", file=sys.stderr)
        else:
            with admin.connect() as c:
                c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def measure(backend: str, args: argparse.Namespace, url: str, reuse: bool = False) -> list[Row]:
    """Populate (or reuse) the database, start the server, fire the requests at each concurrency."""
    if reuse:
        engine = make_engine(url)
        with engine.connect() as conn:
            args.items = conn.scalar(sa.select(sa.func.max(Item.id))) or 0
        print(f"[{backend}] reusing {url} ({args.items:,} items)", file=sys.stderr)
        if not args.no_extras:
            office_work(engine)
        tokens = bench_tokens(engine)
        engine.dispose()
    else:
        print(f"[{backend}] populating {args.items:,} items …", file=sys.stderr)
        tokens = populate(url, args.items, extras=not args.no_extras, rowwise=args.rowwise_refresh)
    server = start_server(url, port := free_port(), args.workers)
    try:
        rows = []
        for clients in args.concurrency:
            timings = fire(f"http://127.0.0.1:{port}", tokens, args.requests, clients, args.items)
            rows += [(backend, clients, name, len(v), statistics.median(v), percentile(v, 0.95), max(v))
                     for name, v in timings.items() if v]
        return rows
    finally:
        server.terminate()
        server.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--pg-url", default=os.environ.get("LUOSHI_TEST_POSTGRES_URL",
                                                           "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=700, help="total requests, spread over the kinds")
    parser.add_argument("--concurrency", type=_counts, default=[4],
                        help="concurrent clients; a comma list (1,4) measures each against the same database")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--no-extras", action="store_true", help="skip timing the scorecards and the Excel")
    parser.add_argument("--database-url", help="measure an existing bench database (built by an earlier run, "
                                                "kept: the SQLite file it printed) instead of populating one")
    parser.add_argument("--keep", action="store_true", help="keep the database built (print its URL)")
    parser.add_argument("--rowwise-refresh", action="store_true",
                        help="also time the row-by-row light refresh (the one before the set-based UPDATE)")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]  # the figures mean little on a machine already busy with other work
    rows = []
    for backend in (["sqlite", "postgres"] if args.db == "both" else [args.db]):
        rows += run(backend, args)
    clients = ",".join(map(str, args.concurrency))
    print(f"\nAPI latency, {args.items:,} items, {args.requests} requests per run, {clients} concurrent clients, "
          f"{args.workers} uvicorn worker(s), load average {load_before:.1f} at start, "
          f"{os.getloadavg()[0]:.1f} at end, on {os.cpu_count()} CPUs (ms)")
    print(f"{'db':9} {'clients':>7} {'request':22} {'n':>4} {'p50':>7} {'p95':>7} {'max':>7}  target")
    for what, seconds in TIMED:
        print(f"  in-process: {what}: {seconds:.2f} s")
    for backend, count, name, n, p50, p95, worst in rows:
        target = 100 if count == 1 else 250
        print(f"{backend:9} {count:7d} {name:22} {n:4d} {p50:7.1f} {p95:7.1f} {worst:7.1f}  "
              f"{'yes' if p95 < target else 'NO'} (<{target})")


def _counts(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


if __name__ == "__main__":
    main()
