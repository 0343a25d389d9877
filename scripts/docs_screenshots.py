"""Write the screenshots docs/ shows: the triage queue (docs/triage-queue.png), the 督查通报
(docs/briefing-report.png) and an item's reminder history with its delivery log (docs/reminder-delivery.png).

A throw-away SQLite ledger is filled from the samples/ reports (the office's jurisdiction 泰州市), some
proposals are assigned and reported on, a reminder is sent to a local webhook receiver, and the pages
are photographed in headless Chromium (/usr/bin/chromium, scripts/install_browser.sh) at 1366×768.

Run:  .venv/bin/python scripts/docs_screenshots.py   (nothing is left running; the repository's docs/ change)
"""
from __future__ import annotations

import json
import socket
import tempfile
import threading
import time
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
SAMPLES = REPO / "samples"
PASSWORD = "screenshots-1"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


class _Robot(BaseHTTPRequestHandler):
    """A group robot that answers like WeCom/DingTalk."""

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        body = json.dumps({"errcode": 0, "errmsg": "ok"}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fill(factory: Any, robot_url: str) -> int:
    """Ingest the samples, assign and report on part of the proposals, send the reminders; returns the id
    of an item that was reminded."""
    from sqlalchemy import select

    from luoshi.storage.db import transaction
    from luoshi.storage.ingest import ingest_file
    from luoshi.storage.ledger_models import Item, Reminder
    from luoshi.tracking import delivery, progress, reminders, settings, users, workflow
    from luoshi.tracking.actor import SYSTEM
    from luoshi.tracking.intake import after_ingest

    manifest = [json.loads(line) for line in (SAMPLES / "manifest.jsonl").read_text("utf-8").splitlines() if line]
    with transaction(factory) as session:
        users.create_user(session, SYSTEM, "duchashi", "supervisor", password=PASSWORD)
        settings.update_settings(session, SYSTEM, {"jurisdiction": "泰州市"})
        delivery.update_config(session, SYSTEM, {"webhook_urls": [robot_url]})
        for row in manifest:
            ingest_file(session, SAMPLES / row["file"], published=date.fromisoformat(row["published"]),
                        place=row.get("place"), after_store=after_ingest)
        ready = session.scalars(select(Item).where(Item.status == "proposed", Item.lead_unit.is_not(None),
                                                   Item.due_date.is_not(None)).order_by(Item.id)).all()
        for n, item in enumerate(ready[: len(ready) // 2]):
            workflow.transition(session, SYSTEM, item.id, "assign", why="全会部署")
            if n % 2 == 0:
                workflow.transition(session, SYSTEM, item.id, "accept")
                value = (item.target_value or 0) * 0.4 or None
                progress.add_progress(session, SYSTEM, item.id, value=value, note="按计划推进")
        first = ready[0].id if ready else None
        if first:  # one overdue obligation, so that a reminder is due today
            item = session.get(Item, first)
            item.due_date = date.today() - timedelta(days=5)
            session.flush()
        reminders.send_reminders(session, SYSTEM)
    delivery.deliver_due(factory)
    with factory() as session:
        reminded = session.scalar(select(Reminder.item_id).where(Reminder.item_id.is_not(None)).order_by(Reminder.id))
    return reminded or first or 1


def main() -> None:
    import uvicorn
    from playwright.sync_api import sync_playwright

    from luoshi.web.app import AppSettings, create_app

    robot = ThreadingHTTPServer(("127.0.0.1", 0), _Robot)
    threading.Thread(target=robot.serve_forever, daemon=True).start()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(f"sqlite:///{tmp}/screens.db", settings=AppSettings(secret_key="screenshots"))
        item_id = _fill(app.state.session_factory,
                        f"http://127.0.0.1:{robot.server_address[1]}/cgi-bin/webhook/send?key=demo")
        port = _free_port()
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        base = f"http://127.0.0.1:{port}"
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS, headless=True)
                page = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN").new_page()
                page.goto(base + "/login")
                page.get_by_label("用户名").fill("duchashi")
                page.get_by_label("密码").fill(PASSWORD)
                page.get_by_role("button", name="登录").click()
                page.wait_for_url(base + "/")
                page.goto(base + "/triage")
                page.screenshot(path=str(DOCS / "triage-queue.png"))
                page.goto(f"{base}/reports?start={(date.today() - timedelta(days=30)).isoformat()}")
                page.screenshot(path=str(DOCS / "briefing-report.png"), full_page=True)
                page.goto(f"{base}/items/{item_id}#reminders")
                page.locator("#reminders").screenshot(path=str(DOCS / "reminder-delivery.png"))
                browser.close()
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            robot.shutdown()
            robot.server_close()
            app.state.engine.dispose()
    for name in ("triage-queue.png", "briefing-report.png", "reminder-delivery.png"):
        print(DOCS / name)


if __name__ == "__main__":
    main()
