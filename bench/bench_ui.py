"""Time to render the web UI's pages with 100,000 items in the ledger (target: every page < 1 s).

    .venv/bin/python bench/bench_ui.py                 # SQLite temp file, 100,000 items
    .venv/bin/python bench/bench_ui.py --db postgres   # a throw-away PostgreSQL database
    .venv/bin/python bench/bench_ui.py --items 20000 --repeat 3

Items are bulk-inserted with bench_api.populate (same generator as the API benchmark); the pages are
requested in-process through the real app (routing, SQL, Jinja rendering; no network), signed in as a
supervisor (sees everything, the worst case) and as a unit user. Prints median and max per page.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import sqlalchemy as sa  # noqa: E402
from bench_api import UNITS, populate  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from luoshi.storage.auth_models import User  # noqa: E402
from luoshi.tracking import auth  # noqa: E402
from luoshi.web.app import AppSettings, create_app  # noqa: E402

PASSWORD = "bench-password"
PAGES = [
    "/", "/fragments/ranking", "/ledger", "/ledger?page=1500", "/ledger?q=老旧小区", "/ledger?light=red&sort=due",
    f"/ledger?unit={UNITS[3]}&status=in_progress", "/ledger?period=2026&sort=progress", "/units",
    f"/units/{UNITS[0]}", "/items/50000", "/documents", "/people", "/admin",
]


def sign_in(app, username: str) -> TestClient:
    client = TestClient(app)
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--pg-url", default="postgresql+psycopg://postgres@127.0.0.1:5432/test")
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    drop = None
    if args.db == "sqlite":
        url = f"sqlite:///{Path(tempfile.mkdtemp()) / 'bench_ui.db'}"
    else:
        name = "luoshi_bench_ui_" + uuid.uuid4().hex[:8]
        admin = sa.create_engine(args.pg_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as c:
            c.execute(sa.text(f'CREATE DATABASE "{name}"'))
        url = args.pg_url.rsplit("/", 1)[0] + "/" + name

        def drop() -> None:
            with admin.connect() as c:
                c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    try:
        populate(url, args.items)
        app = create_app(url, settings=AppSettings(secret_key="bench"))
        with app.state.session_factory() as s:
            hashed = auth.hash_password(PASSWORD)
            s.add_all([User(username="ui_sup", role="supervisor", password_hash=hashed),
                       User(username="ui_unit", role="unit", unit=UNITS[0], password_hash=hashed)])
            s.commit()
        print(f"{'page':58} {'who':10} {'median ms':>10} {'max ms':>8}  status")
        worst, worst_fragment = 0.0, 0.0
        for who in ("ui_sup", "ui_unit"):
            client = sign_in(app, who)
            for path in PAGES:
                times, status = [], None
                for _ in range(args.repeat):
                    t0 = time.perf_counter()
                    response = client.get(path)
                    times.append((time.perf_counter() - t0) * 1000)
                    status = response.status_code
                if path.startswith("/fragments/"):  # loaded after the page; first call fills the cache
                    worst_fragment = max(worst_fragment, max(times))
                else:
                    worst = max(worst, max(times))
                print(f"{path:58} {who:10} {statistics.median(times):10.0f} {max(times):8.0f}  {status}")
        print(f"\n{args.items:,} items on {args.db}: slowest page {worst:.0f} ms (target < 1000 ms); "
              f"slowest deferred fragment {worst_fragment:.0f} ms (first, uncached scorecard computation)")
        app.state.engine.dispose()
    finally:
        if drop:
            drop()


if __name__ == "__main__":
    main()
