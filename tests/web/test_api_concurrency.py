"""20 clients hammer the same items through a real uvicorn server: no update is ever lost.

Each client reads an item, appends its own marker to ``tags`` and PATCHes with the version it read.
Optimistic concurrency must let exactly the non-stale writes through: at the end every accepted
marker is in the item's tags, every refused write got 409 (JSON error), the version advanced once
per accepted write, and nothing else happened (no 5xx, no silent overwrite).
"""
from __future__ import annotations

import socket
import threading
import time
from collections import Counter

import httpx
import uvicorn
from api_support import make_env

from luoshi.storage.db import transaction
from luoshi.tracking import items as item_service
from luoshi.tracking.actor import Actor

CLIENTS = 20
ROUNDS = 6
ITEMS = 3


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ServerThread:
    """uvicorn serving ``app`` on 127.0.0.1:<free port> in a background thread."""

    def __init__(self, app) -> None:
        self.port = _free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", access_log=False)
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return f"http://127.0.0.1:{self.port}"

    def __exit__(self, *exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def _writer(base: str, token: str, item_ids: list[int], who: int, accepted: list, refused: list, other: list) -> None:
    with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
        for round_ in range(ROUNDS):
            item_id = item_ids[(who + round_) % len(item_ids)]
            current = client.get(f"/api/v1/items/{item_id}").json()
            marker = f"w{who}-r{round_}"
            body = {"version": current["version"], "tags": current["tags"] + [marker], "why": "concurrency test"}
            response = client.patch(f"/api/v1/items/{item_id}", json=body)
            if response.status_code == 200:
                accepted.append((item_id, marker))
            elif response.status_code == 409 and response.json()["error"]["code"] == "conflict":
                refused.append((item_id, marker))
            else:
                other.append((response.status_code, response.text[:200]))


def test_twenty_concurrent_clients_lose_no_update(fresh_db_url):
    db_url = fresh_db_url
    env = make_env(db_url)
    supervisor = Actor(username="supervisor", role="supervisor", user_id=env.user_ids["supervisor"])
    with transaction(env.app.state.session_factory) as s:
        ids = [item_service.create_item(s, supervisor, {"title": f"并发测试事项{i}", "lead_unit": "泰州市财政局"}).id
               for i in range(ITEMS)]
    start_versions = {}
    with env.session() as s:
        for i in ids:
            start_versions[i] = item_service.get_item(s, supervisor, i).version
    accepted: list = []
    refused: list = []
    other: list = []
    try:
        with ServerThread(env.app) as base:
            threads = [
                threading.Thread(target=_writer, args=(base, env.tokens["supervisor"], ids, n, accepted, refused, other))
                for n in range(CLIENTS)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=120)
        print(f"accepted={len(accepted)} refused={len(refused)}")
        assert not other, other[:3]
        assert len(accepted) + len(refused) == CLIENTS * ROUNDS
        assert accepted, "at least one write per item must succeed"
        per_item = Counter(item_id for item_id, _ in accepted)
        with env.session() as s:
            for item_id in ids:
                item = item_service.get_item(s, supervisor, item_id)
                mine = {m for i, m in accepted if i == item_id}
                assert set(item.tags) == mine, "an accepted write is missing or a refused one slipped in"
                assert len(item.tags) == len(mine)  # no marker written twice
                assert item.version == start_versions[item_id] + per_item[item_id]
    finally:
        env.app.state.engine.dispose()


def test_twenty_concurrent_progress_reports_are_all_kept(fresh_db_url):
    db_url = fresh_db_url
    """Progress appends take a row lock (SELECT … FOR UPDATE on PostgreSQL), so concurrent reports on one
    item queue up rather than fail; every 201 is stored, and on PostgreSQL none is refused."""
    from api_support import make_item

    env = make_env(db_url)
    item_id, _ = make_item(env, "in_progress")
    results: list[tuple[int, float]] = []
    lock = threading.Lock()

    def report(n: int) -> None:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {env.tokens['unit']}"}, timeout=60) as c:
            r = c.post(f"/api/v1/items/{item_id}/progress", json={"value": 1000 + n, "note": f"第{n}次填报"})
            with lock:
                results.append((r.status_code, 1000 + n))

    try:
        with ServerThread(env.app) as base:
            threads = [threading.Thread(target=report, args=(n,)) for n in range(CLIENTS)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(timeout=120)
        codes = Counter(code for code, _ in results)
        assert set(codes) <= {201, 409}, codes
        if db_url.startswith("postgresql"):
            assert codes[201] == CLIENTS, codes
        stored = env.client("supervisor").get(f"/api/v1/items/{item_id}/progress?page_size=100").json()
        assert sorted(r["value"] for r in stored["items"]) == sorted(v for code, v in results if code == 201)
    finally:
        env.app.state.engine.dispose()
