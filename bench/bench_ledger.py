"""Ledger listing/filtering at scale: bulk-insert N items (default 100,000), then time the service calls
the API and the web UI make (list with filters, text search, facets, refresh_lights on a new day,
scorecards, Excel of a filtered set).

    .venv/bin/python bench/bench_ledger.py --db sqlite:////tmp/ledger-bench.db
    .venv/bin/python bench/bench_ledger.py --db postgresql+psycopg://postgres@127.0.0.1:5432/ledger_bench

The database must be empty or hold a previous bench run (items are only inserted when there are fewer than N).
"""
from __future__ import annotations

import argparse
import io
import random
import statistics
import time
from datetime import date, timedelta

from sqlalchemy import func, insert, select

from luoshi.storage.db import make_engine, session_factory
from luoshi.storage.ledger_models import Item, ItemCounter
from luoshi.storage.migrate import upgrade_to_head
from luoshi.tracking.actor import Actor
from luoshi.tracking.excel import write_ledger_xlsx
from luoshi.tracking.items import list_items
from luoshi.tracking.lights import refresh_lights
from luoshi.tracking.scorecards import unit_scorecards
from luoshi.tracking.search import search_bigrams_of

UNITS = [f"临江市第{n}局" for n in range(1, 61)]
PLACES = ["临江市", "江城市", "海州市", "云县"]
METRICS = ["新增城镇就业", "老旧小区改造", "职业技能培训", "新开工保障房", "外贸进出口总额", "产业项目"]
STATUSES = ["proposed", "assigned", "accepted", "in_progress", "completion_requested", "closed"]


def populate(engine, n: int) -> None:
    factory = session_factory(engine)
    with factory() as session:
        have = session.scalar(select(func.count()).select_from(Item)) or 0
        if have >= n:
            return
        rng = random.Random(7)
        rows = []
        for seq in range(have + 1, n + 1):
            due = date(2026, 1, 1) + timedelta(days=rng.randrange(0, 730))
            metric = rng.choice(METRICS)
            unit = rng.choice(UNITS)
            rows.append({
                "serial": f"DB-2026-{seq:06d}", "year": 2026, "seq": seq, "title": f"{metric}第{seq}项",
                "source_text": f"确保全年{metric}{seq}个", "kind": "target", "lead_unit": unit,
                "supporting_units": [], "support_key": "",
                "search_text": f"DB-2026-{seq:06d} {metric}第{seq}项 确保全年{metric}{seq}个 {unit} {metric}", "target_value": 100.0, "target_unit": "个",
                "target_metric": metric, "start_date": date(2026, 1, 1), "due_date": due, "tags": [],
                "place": rng.choice(PLACES), "progress_value": float(rng.randrange(0, 120)),
                "status": rng.choice(STATUSES), "outcome": "not_rated", "light": "none", "light_reason": "",
                "created_by": "bench", "version": 1,
            })
            rows[-1]["search_bigrams"] = search_bigrams_of(rows[-1]["search_text"])  # two-character words
            if len(rows) == 5000:
                session.execute(insert(Item), rows)
                rows = []
        if rows:
            session.execute(insert(Item), rows)
        session.merge(ItemCounter(year=2026, last=n))
        session.commit()


def timed(label: str, fn, repeat: int = 20) -> None:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[max(0, int(len(samples) * 0.95) - 1)]
    print(f"{label:<48} p50 {statistics.median(samples):8.1f} ms   p95 {p95:8.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", required=True)
    parser.add_argument("-n", type=int, default=100_000)
    args = parser.parse_args()
    engine = make_engine(args.db)
    upgrade_to_head(engine)
    start = time.perf_counter()
    populate(engine, args.n)
    print(f"{engine.dialect.name}: {args.n} items ready in {time.perf_counter() - start:.1f} s")
    supervisor = Actor("bench", "supervisor")
    clerk = Actor("clerk", "unit", UNITS[3])
    factory = session_factory(engine)
    with factory() as session:
        for day in (date(2026, 6, 30), date(2026, 7, 1), date(2026, 7, 1)):  # two real day changes, then none
            start = time.perf_counter()
            changed = refresh_lights(session, today=day)
            session.commit()
            print(f"refresh_lights {day}: {changed} changed in {time.perf_counter() - start:.2f} s")
        timed("list page 1 (supervisor, default sort)", lambda: list_items(session, supervisor))
        timed("list status+unit", lambda: list_items(session, supervisor, {"status": "in_progress", "lead_unit": UNITS[5]}))
        timed("list light=red, sort due_date", lambda: list_items(session, supervisor, {"light": "red"}, sort="due_date"))
        timed("list place+year, page 50", lambda: list_items(session, supervisor, {"place": "云县", "year": 2026}, page=50))
        timed("list as a unit user", lambda: list_items(session, clerk))
        timed("text search q=老旧小区", lambda: list_items(session, supervisor, {"q": "老旧小区"}))
        timed("text search q=第4242项 (rare)", lambda: list_items(session, supervisor, {"q": "第4242项"}))
        timed("list with facets (dashboard)", lambda: list_items(session, supervisor, with_facets=True))
        timed("scorecards: ranking of 60 units, 2026", lambda: unit_scorecards(
            session, supervisor, period=2026, today=date(2026, 7, 1)), repeat=5)
        timed("scorecards: a unit user's own", lambda: unit_scorecards(
            session, clerk, period=2026, today=date(2026, 7, 1)), repeat=5)
        timed("Excel of one unit (~1,700 rows)", lambda: write_ledger_xlsx(
            session, supervisor, io.BytesIO(), {"lead_unit": UNITS[1]}), repeat=3)


if __name__ == "__main__":
    main()
