"""End to end in a real browser: headless Chromium (Debian's /usr/bin/chromium) driven by Playwright
against a real uvicorn server on a free 127.0.0.1 port with a temporary SQLite database.

The story: a supervisor uploads a sample report, confirms a proposed item and assigns it to a unit;
that unit's user accepts it and reports progress; the light changes on the item page and the
dashboard; the ledger is exported to Excel and read back; another unit's user cannot see the item.
Screenshots of the dashboard, the ledger and the reading views (samples and, when ../shared is there,
the seed pages) go to tests/_artifacts/screenshots/ at 1366×768 and at phone size (390×844)."""
from __future__ import annotations

import json
import socket
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = Path(__file__).resolve().parents[1] / "_artifacts" / "screenshots"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
PASSWORD = "e2e-password-1"
UNIT_A = "泰州市人力资源和社会保障局"
UNIT_B = "泰州市交通运输局"

if not CHROMIUM.exists():
    pytest.skip("/usr/bin/chromium is absent: run scripts/install_browser.sh (as root) for the browser tests",
                allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """The real app under uvicorn in a background thread."""

    def __init__(self, url: str) -> None:
        import uvicorn

        from luoshi.web.app import create_app

        self.app = create_app(url)
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.server = uvicorn.Server(uvicorn.Config(self.app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def session(self):  # noqa: ANN201 - a SQLAlchemy session on the server's database
        return self.app.state.session_factory()


def _create_users(server: LiveServer) -> None:
    from luoshi.storage.db import transaction
    from luoshi.tracking import users
    from luoshi.tracking.actor import SYSTEM

    with transaction(server.app.state.session_factory) as session:
        users.create_user(session, SYSTEM, "duchashi", "supervisor", password=PASSWORD)
        users.create_user(session, SYSTEM, "unit_a", "unit", unit=UNIT_A, password=PASSWORD)
        users.create_user(session, SYSTEM, "unit_b", "unit", unit=UNIT_B, password=PASSWORD)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('e2e') / 'luoshi.db'}"
    with LiveServer(url) as live:
        _create_users(live)
        yield live


@pytest.fixture(scope="module")
def browser():
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport=DESKTOP, accept_downloads=True, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


def sign_in(page, server: LiveServer, username: str) -> None:
    page.goto(server.base + "/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(server.base + "/")
    assert username in page.get_by_test_id("who").inner_text()


def submit(page, button) -> None:
    """Click a form's button and wait for the POST -> redirect -> page load to finish (the URL may be
    the same before and after, so waiting for the URL alone would race)."""
    with page.expect_navigation(wait_until="load"):
        button.click()


def sign_out(page) -> None:
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/login")


def shoot(page, name: str, full_page: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def _manifest(samples_dir: Path) -> dict[str, dict]:
    lines = (samples_dir / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return {row["file"]: row for row in map(json.loads, filter(None, lines))}


def _upload(page, server: LiveServer, files: list[Path], published: str | None, place: str | None) -> None:
    page.goto(server.base + "/upload")
    if published:
        page.locator("#up-published").fill(published)
    if place:
        page.locator("#up-place").fill(place)
    page.get_by_test_id("file-input").set_input_files([str(f) for f in files])
    page.wait_for_function(
        "n => document.querySelectorAll('#uploads li[data-status]').length >= n", arg=len(files), timeout=60000)


def _pick_target_item(server: LiveServer, document_id: int) -> tuple[int, str, float]:
    """A proposed item with a numeric target from the uploaded report (any the extractor found)."""
    from sqlalchemy import select

    from luoshi.storage.ledger_models import Item
    from luoshi.storage.models import Article

    with server.session() as session:
        row = session.execute(
            select(Item.id, Item.serial, Item.target_value).join(Article, Article.id == Item.article_id)
            .where(Article.document_id == document_id, Item.status == "proposed", Item.target_value > 0,
                   Item.target_comparator.in_((">=", ">", "=", "~")))
            .order_by(Item.id)).first()
    assert row is not None, "the plenary sample should yield at least one proposed item with a target"
    return row.id, row.serial, row.target_value


def _document_id(page) -> int:
    link = page.locator("#uploads li[data-status='done'] a").first
    return int(link.get_attribute("href").rsplit("/", 1)[1])


def test_supervisor_assigns_unit_reports_light_changes_export_and_isolation(page, server, samples_dir, tmp_path):
    manifest = _manifest(samples_dir)
    plenum = next(samples_dir / name for name in manifest if "plenum" in name)
    bad = tmp_path / "empty-report.txt"
    bad.write_bytes(b"")

    # 1. The supervisor uploads a sample report (and a bad file, whose reason is listed).
    sign_in(page, server, "duchashi")
    _upload(page, server, [plenum, bad], manifest[plenum.name].get("published"), manifest[plenum.name].get("place"))
    assert page.locator("#uploads li[data-status='done']").count() == 1
    assert page.locator("#uploads li[data-status='failed']").count() == 1
    failure = page.get_by_test_id("failures").inner_text()
    assert "empty-report.txt" in failure and len(failure) > len("empty-report.txt：") + 2
    shoot(page, "upload-done-desktop")
    document_id = _document_id(page)
    item_id, serial, target = _pick_target_item(server, document_id)

    # 2. In the reading view, confirm the proposed item and assign it to unit A with a due date.
    page.locator("#uploads li[data-status='done'] a").first.click()
    page.wait_for_url(f"**/documents/{document_id}")
    assert page.locator("mark.hl-commitment, a.hl-commitment").count() > 0
    row = page.locator(f"tr[data-item='{item_id}']")
    today = date.today()
    title = row.locator("input[name='title']").input_value() + "（核定）"
    row.locator("input[name='title']").fill(title)
    row.locator("input[name='unit']").fill(UNIT_A)
    row.locator("input[name='due_date']").fill((today + timedelta(days=60)).isoformat())
    submit(page, row.get_by_role("button", name="确认·交办"))
    assert "已交办" in page.locator(f"tr[data-item='{item_id}']").inner_text()

    # The period started long ago, so little progress will be behind the straight line.
    page.goto(f"{server.base}/items/{item_id}")
    page.locator("#ed-start").fill((today - timedelta(days=300)).isoformat())
    page.locator("#ed-why").fill("按会议要求设定起始日期")
    submit(page, page.locator("#edit").get_by_role("button", name="保存"))
    assert UNIT_A in page.get_by_test_id("lead-unit").inner_text()
    assert page.locator("h1").inner_text() == title
    assert "正常" in page.get_by_test_id("item-light").inner_text()
    sign_out(page)

    # 3. Unit A signs in, sees the item, accepts it and reports progress: 10 % -> yellow.
    sign_in(page, server, "unit_a")
    page.goto(server.base + "/ledger")
    assert serial in page.get_by_test_id("ledger").inner_text()
    page.get_by_role("link", name=serial).click()
    page.wait_for_url(f"**/items/{item_id}")
    submit(page, page.get_by_role("button", name="签收"))
    page.locator("#pr-value").fill(str(round(target * 0.1, 2)))
    page.locator("#pr-note").fill("已完成一成")
    submit(page, page.get_by_test_id("progress-form").get_by_role("button", name="报告进展"))
    assert "预警" in page.get_by_test_id("item-light").inner_text()
    assert "进度" in page.get_by_test_id("light-reason").inner_text()
    page.goto(server.base + "/")
    assert int(page.get_by_test_id("kpi-yellow").inner_text()) >= 1
    yellow_before = int(page.get_by_test_id("kpi-yellow").inner_text())
    green_before = int(page.get_by_test_id("kpi-green").inner_text())

    # ... then the full value -> green, on the item page and on the dashboard.
    page.goto(f"{server.base}/items/{item_id}")
    page.locator("#pr-value").fill(str(target))
    submit(page, page.get_by_test_id("progress-form").get_by_role("button", name="报告进展"))
    assert "正常" in page.get_by_test_id("item-light").inner_text()
    assert page.locator("svg.chart circle.actual-dot").count() == 2
    page.goto(server.base + "/")
    assert int(page.get_by_test_id("kpi-yellow").inner_text()) == yellow_before - 1
    assert int(page.get_by_test_id("kpi-green").inner_text()) == green_before + 1

    # 4. Export the ledger (as shown: filtered to this unit's items) and read the workbook back.
    page.goto(server.base + "/ledger?q=" + serial)
    assert page.get_by_test_id("ledger").locator("tbody tr").count() == 1
    with page.expect_download() as download_info:
        page.get_by_test_id("export").click()
    path = tmp_path / "ledger.xlsx"
    download_info.value.save_as(path)
    import openpyxl

    sheet = openpyxl.load_workbook(path).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert serial in cells
    assert any(UNIT_A in c for c in cells)
    sign_out(page)

    # 5. Unit B cannot see the item: not in its ledger, and the item page is refused.
    sign_in(page, server, "unit_b")
    page.goto(server.base + "/ledger")
    assert serial not in page.get_by_test_id("ledger").inner_text()
    response = page.goto(f"{server.base}/items/{item_id}")
    assert response.status == 403
    assert serial not in page.content() or "无权" in page.get_by_test_id("error").inner_text()


def _proposals_from_articles(server: LiveServer, n: int) -> list[tuple[int, int]]:
    """(item id, document id) of n proposals that came from a report (ingests the plenary sample if the
    first walk did not leave enough)."""
    from sqlalchemy import select

    from luoshi.storage.ledger_models import Item
    from luoshi.storage.models import Article

    def query() -> list[tuple[int, int]]:
        with server.session() as session:
            return [tuple(r) for r in session.execute(
                select(Item.id, Article.document_id).join(Article, Article.id == Item.article_id)
                .where(Item.status == "proposed").order_by(Item.id).limit(n))]

    rows = query()
    if len(rows) < n:
        samples = Path(__file__).resolve().parents[2] / "samples"
        name = next(k for k in _manifest(samples) if "plenum" in k)
        row = _manifest(samples)[name]
        _ingest(server, samples / name, row.get("published"), row.get("place"))
        rows = query()
    assert len(rows) >= n
    return rows


def _hand_proposals(server: LiveServer) -> dict[str, int]:
    from luoshi.storage.db import transaction
    from luoshi.tracking import items, settings_change
    from luoshi.tracking.actor import SYSTEM

    due = (date.today() + timedelta(days=90)).isoformat()
    with transaction(server.app.state.session_factory) as session:
        settings_change.update_settings(session, SYSTEM, {"jurisdiction": "泰州市"})
        made = {key: items.create_item(session, SYSTEM, {"title": title, "lead_unit": UNIT_A, "place": place,
                                                         "due_date": d, "target_metric": "新建口袋公园",
                                                         "target_value": 12, "target_unit": "个",
                                                         "target_comparator": ">="}).id
                for key, title, place, d in (("dated", "新建口袋公园12个", "海陵区", due),
                                             ("undated", "建设智慧停车系统", "泰州市", None),
                                             ("outside", "外省新建体育公园", "南京市", due))}
    return made


def test_reject_from_both_screens_and_triage_in_batch(page, server):
    (from_reading, document_id), (from_item, _) = _proposals_from_articles(server, 2)[:2]
    made = _hand_proposals(server)
    sign_in(page, server, "duchashi")

    # 不予立项 in the reading view: the prefilled unit/date no longer block it; the page says so.
    page.goto(f"{server.base}/documents/{document_id}")
    row = page.locator(f"tr[data-item='{from_reading}']")
    row.locator("input[name='why']").fill("表态性内容，非具体任务")
    submit(page, row.get_by_role("button", name="不予立项"))
    assert "#article-" in page.url
    assert "不予立项" in page.locator(f"tr[data-item='{from_reading}']").inner_text()
    assert "已不予立项" in page.locator(".flash").first.inner_text()

    # ... and on the item page.
    page.goto(f"{server.base}/items/{from_item}")
    assert "必填" in page.locator("label[for='wf-why']").inner_text()
    page.locator("#wf-why").fill("与已有专项督办重复")
    submit(page, page.get_by_test_id("workflow-form").get_by_role("button", name="不予立项"))
    assert "不予立项" in page.locator(".flash").first.inner_text()
    assert page.locator("button[data-action='reject']").count() == 0

    # The triage queue: inside / outside the jurisdiction; batch confirm reports the one it cannot do.
    page.goto(server.base + "/triage")
    assert "泰州市" in page.get_by_test_id("jurisdiction").inner_text()
    assert "(1)" in page.get_by_test_id("tab-outside").inner_text()
    queue = page.get_by_test_id("triage-queue")
    assert queue.locator(f"#row-{made['outside']}").count() == 0
    dated = queue.locator(f"#row-{made['dated']}")
    assert "新建口袋公园≥12个" in dated.get_by_test_id("target-label").inner_text()
    shoot(page, "triage-desktop", full_page=True)  # docs/triage-queue.png comes from scripts/screenshots.py
    for key in ("dated", "undated"):
        queue.locator(f"#row-{made[key]} input[name='ids']").check()
    submit(page, page.get_by_test_id("batch-confirm"))
    flashes = page.locator(".flash").all_inner_texts()
    assert any("1项" in f for f in flashes) and any("完成时限" in f for f in flashes), flashes
    assert "/triage" in page.url and page.get_by_test_id("triage-queue").locator(f"#row-{made['dated']}").count() == 0

    # The undated one: assign it with a unit and a deadline.
    page.get_by_test_id("triage-queue").locator(f"#row-{made['undated']} input[name='ids']").check()
    page.locator("#b-unit").fill(UNIT_B)
    page.locator("#b-due").fill((date.today() + timedelta(days=30)).isoformat())
    submit(page, page.get_by_test_id("batch-assign"))
    assert any("交办" in f for f in page.locator(".flash").all_inner_texts())

    # Outside the jurisdiction: rejected in batch with a reason.
    page.get_by_test_id("tab-outside").click()
    page.wait_for_url("**scope=outside**")
    page.locator(f"#row-{made['outside']} input[name='ids']").check()
    page.locator("#b-why").fill("非本市事项")
    submit(page, page.get_by_test_id("batch-reject"))
    assert any("不予立项" in f for f in page.locator(".flash").all_inner_texts())
    assert page.locator(f"#row-{made['outside']}").count() == 0

    # 督查通报 of the last month, on the page and as .docx read back.
    page.goto(f"{server.base}/reports?start={(date.today() - timedelta(days=30)).isoformat()}")
    assert "各单位进展" in page.get_by_test_id("briefing").inner_text()
    shoot(page, "briefing-desktop", full_page=True)
    with page.expect_download() as download_info:
        page.get_by_test_id("download-docx").click()
    import docx

    tables = docx.Document(download_info.value.path()).tables
    assigned = int(next(r.cells[1].text for r in tables[0].rows if r.cells[0].text == "已交办"))
    assert assigned >= 2  # the confirmed and the assigned proposal at least
    sign_out(page)

    # The unit sees the assigned item, never the rejected proposals.
    sign_in(page, server, "unit_b")
    page.goto(server.base + "/ledger")
    assert "建设智慧停车系统" in page.get_by_test_id("ledger").inner_text()
    assert page.goto(f"{server.base}/items/{made['outside']}").status == 403


def _ingest(server: LiveServer, path: Path, published: str | None, place: str | None) -> int:
    from luoshi.storage.db import transaction
    from luoshi.storage.ingest import ingest_file
    from luoshi.tracking.intake import after_ingest

    with transaction(server.app.state.session_factory) as session:
        outcome = ingest_file(session, path, published=date.fromisoformat(published) if published else None,
                              place=place, after_store=after_ingest)
    return outcome.document_id


def _screens(page, server: LiveServer, documents: dict[str, int]) -> None:
    for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.goto(server.base + "/")
        page.wait_for_selector("[data-fragment]:not([aria-busy])")
        shoot(page, f"dashboard-{size_name}", full_page=size_name == "desktop")
        page.goto(server.base + "/ledger")
        shoot(page, f"ledger-{size_name}")
        for name, document_id in documents.items():
            page.goto(f"{server.base}/documents/{document_id}")
            assert page.locator("article[data-testid='article']").count() >= 1
            shoot(page, f"reading-{name}-{size_name}")


def _run_the_ledger(server: LiveServer) -> None:
    """Assign every proposed item that has a lead unit and a due date, and accept the evidence the later
    report offered, so the screenshots show a ledger at work (lights of every colour)."""
    from sqlalchemy import select

    from luoshi.storage.db import transaction
    from luoshi.storage.ledger_models import Evidence, Item
    from luoshi.tracking import evidence, workflow
    from luoshi.tracking.actor import SYSTEM

    with transaction(server.app.state.session_factory) as session:
        for item in session.scalars(select(Item).where(Item.status == "proposed", Item.lead_unit.is_not(None),
                                                       Item.due_date.is_not(None))).all():
            workflow.transition(session, SYSTEM, item.id, "assign", why="会议部署")
        for proposal in session.scalars(select(Evidence).where(Evidence.status == "proposed")).all():
            evidence.accept_evidence(session, SYSTEM, proposal.id, why="统计数据佐证")


@pytest.mark.screenshots
def test_screenshots_of_samples(page, server, samples_dir):
    manifest = _manifest(samples_dir)
    documents = {Path(name).stem: _ingest(server, samples_dir / name, row.get("published"), row.get("place"))
                 for name, row in manifest.items()}
    _run_the_ledger(server)
    sign_in(page, server, "duchashi")
    _screens(page, server, documents)
    page.set_viewport_size(DESKTOP)
    page.goto(server.base + "/ledger?sort=progress")
    page.locator("table.ledger tbody a").first.click()
    page.wait_for_url("**/items/*")
    shoot(page, "item-desktop", full_page=True)
    page.set_viewport_size(PHONE)
    shoot(page, "item-phone")
    page.set_viewport_size(DESKTOP)
    page.goto(server.base + "/upload")
    shoot(page, "upload-desktop")


@pytest.mark.shared
@pytest.mark.screenshots
def test_screenshots_of_seed_pages(page, server, shared_dir):
    published = {}  # each seed's publication date, from its gold annotation, so 昨天 resolves as in print
    for gold in sorted((shared_dir / "gold" / "dev").glob("seed-*.json")):
        annotation = json.loads(gold.read_text(encoding="utf-8"))
        published[Path(annotation["file"]).stem] = annotation.get("published")
    documents = {p.stem: _ingest(server, p, published.get(p.stem), None)
                 for p in sorted((shared_dir / "seeds").iterdir()) if p.is_file()}
    sign_in(page, server, "duchashi")
    for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        for name, document_id in documents.items():
            page.goto(f"{server.base}/documents/{document_id}")
            assert page.locator("article[data-testid='article']").count() >= 1
            shoot(page, f"seed-{name}-{size_name}")


SELECT_TEXT_JS = """([articleId, needle]) => {
  const root = document.querySelector(`#article-${articleId} .reading-text`);
  const at = root.textContent.indexOf(needle);
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let seen = 0, node;
  while ((node = walker.nextNode())) {
    const len = node.textContent.length;
    if (seen <= at && at < seen + len) range.setStart(node, at - seen);
    if (seen < at + needle.length && at + needle.length <= seen + len) { range.setEnd(node, at + needle.length - seen); break; }
    seen += len;
  }
  const sel = document.getSelection();
  sel.removeAllRanges();
  sel.addRange(range);
  return at;
}"""


def _wait_for(predicate, what: str, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def test_office_day_reminder_delivered_round_trip_with_a_conflict_completion_closed_and_reported(page, server, tmp_path):
    """One walk of the office's day: the admin sets the delivery channels; a supervisor registers an item
    by hand and sends reminders, which reach the local SMTP server and webhook receiver and show as
    delivered; the ledger goes out to Excel and comes back with one stale row refused; the unit sees its
    reminder, accepts, reports, attaches a passage of a report as evidence and asks to close; the office
    closes it; the 督查通报 is read back with python-docx and its counts are the ledger's."""
    import docx
    import openpyxl
    from sqlalchemy import func, select

    from luoshi.storage.db import transaction
    from luoshi.storage.ingest import ingest_bytes
    from luoshi.storage.ledger_models import Evidence, Item
    from luoshi.storage.models import Article
    from luoshi.tracking import items, users
    from luoshi.tracking.actor import SYSTEM
    from luoshi.tracking.lights import local_today
    from tracking.delivery_servers import SmtpSink, WebhookReceiver

    today = local_today()  # the ledger's calendar (China): lights, reminders and reports count its days
    title, twin_title = "整治背街小巷30条", "整治背街小巷二期工程"
    story = "本报讯 昨天，市城管局召开背街小巷整治推进会。今年以来，全市已完成背街小巷整治12条，完成年度任务的四成。"
    with transaction(server.app.state.session_factory) as session:
        users.create_user(session, SYSTEM, "office_admin", "admin", password=PASSWORD)
        twin_id = items.create_item(session, SYSTEM, {"title": twin_title, "lead_unit": UNIT_A,
                                                      "due_date": today + timedelta(days=60)},
                                    status="assigned").id
        document = ingest_bytes(session, story.encode("utf-8"), name="city-lanes.txt", published=today,
                                place="泰州市").document_id

    with SmtpSink() as smtp, WebhookReceiver(failures=[502]) as hook:
        # 1. The admin sets the channels: SMTP, the office's group robot, unit A's mailbox.
        sign_in(page, server, "office_admin")
        page.goto(server.base + "/admin#delivery")
        form = page.get_by_test_id("delivery-form")
        form.locator("#d-host").fill("127.0.0.1")
        form.locator("#d-port").fill(str(smtp.port))
        form.locator("#d-from").fill("duchashi@example.gov.cn")
        form.locator("#d-hooks").fill(hook.url)
        form.locator("#d-contacts").fill(f"{UNIT_A} | rsj@example.gov.cn")
        form.locator("#d-retry").fill("0")
        submit(page, form.get_by_role("button", name="保存"))
        assert "已保存催办送达设置" in page.locator(".flash").first.inner_text()
        sign_out(page)

        # 2. The supervisor registers an overdue task by hand and sends today's reminders.
        sign_in(page, server, "duchashi")
        page.goto(server.base + "/ledger")
        page.get_by_test_id("new-item").click()
        page.wait_for_url("**/items/new")
        page.locator("#ni-title").fill(title)
        page.locator("#ni-lead").fill(UNIT_A)
        page.locator("#ni-metric").fill("背街小巷整治")
        page.locator("#ni-cmp").select_option(">=")
        page.locator("#ni-value").fill("30")
        page.locator("#ni-unit").fill("条")
        page.locator("#ni-due").fill((today - timedelta(days=2)).isoformat())
        page.locator("#ni-assign").check()
        submit(page, page.get_by_test_id("new-item-form").get_by_role("button", name="新建督办事项"))
        assert "已新建" in page.locator(".flash").first.inner_text()
        item_id = int(page.url.rstrip("/").rsplit("/", 1)[1].split("#")[0])
        with server.session() as session:
            serial = session.get(Item, item_id).serial
        page.goto(server.base + "/")
        page.wait_for_selector("[data-fragment]:not([aria-busy])")
        submit(page, page.get_by_test_id("send-reminders"))
        assert "条催办" in page.locator(".flash").first.inner_text()
        _wait_for(lambda: any(serial in (m["Subject"] or "") for m in smtp.messages), "the e-mail")
        _wait_for(lambda: any(serial in b["text"]["content"] for b in hook.bodies), "the webhook (after one 502)")
        mail = next(m for m in smtp.messages if serial in m["Subject"])
        assert "rsj@example.gov.cn" in mail["To"] and "已逾期2天" in mail.get_content()
        page.goto(f"{server.base}/items/{item_id}#reminders")
        assert "已送达" in page.get_by_test_id("item-reminders").get_by_test_id("delivery-state").first.inner_text()
        page.goto(server.base + "/admin#deliveries")  # the 502 was logged (whichever reminder it hit) and retried
        failed = page.get_by_test_id("admin-delivery-log").locator("tr[data-delivery='failed']")
        assert failed.count() == 1 and "HTTP 502" in failed.first.inner_text()

        # 3. Excel round trip: both rows edited, but the twin changed after the export -> refused.
        page.goto(server.base + "/ledger?q=背街小巷")
        with page.expect_download() as download_info:
            page.get_by_test_id("export").click()
        path = tmp_path / "lanes.xlsx"
        download_info.value.save_as(path)
        book = openpyxl.load_workbook(path)
        sheet = book.active
        header = next(r for r in sheet.iter_rows() if any(c.value == "编号" for c in r))
        col = {c.value: c.column for c in header}
        rows = {sheet.cell(r, col["编号"]).value: r for r in range(header[0].row + 1, sheet.max_row + 1)}
        with server.session() as session:
            twin_serial = session.get(Item, twin_id).serial
        sheet.cell(rows[serial], col["责任人"]).value = "李明"
        sheet.cell(rows[twin_serial], col["责任人"]).value = "王强"
        book.save(path)
        with transaction(server.app.state.session_factory) as session:
            twin = session.get(Item, twin_id)
            items.update_item(session, SYSTEM, twin_id, {"period_text": "年内"}, expected_version=twin.version,
                              why="导出后另行修改")
        page.goto(server.base + "/ledger/import")
        page.locator("#im-file").set_input_files(str(path))
        submit(page, page.get_by_test_id("import-form").locator("button[type=submit]"))
        conflicts = page.get_by_test_id("import-conflicts").locator("li")
        assert conflicts.count() == 1 and twin_serial in conflicts.first.inner_text()
        assert "李明" in page.get_by_test_id("import-preview").inner_text()
        submit(page, page.get_by_test_id("import-apply").locator("button[type=submit]"))
        with server.session() as session:
            assert session.get(Item, item_id).responsible_person == "李明"
            assert session.get(Item, twin_id).responsible_person is None  # the stale row was not applied
        sign_out(page)

    # 4. Unit A sees its reminder, accepts, reports, attaches a passage of a report, asks to close.
    sign_in(page, server, "unit_a")
    page.wait_for_selector("[data-fragment]:not([aria-busy])")
    assert title in page.get_by_test_id("reminders-received").inner_text()
    page.goto(f"{server.base}/items/{item_id}")
    submit(page, page.get_by_role("button", name="签收"))
    page.locator("#pr-value").fill("12")
    page.locator("#pr-note").fill("已完成12条")
    submit(page, page.get_by_test_id("progress-form").get_by_role("button", name="报告进展"))
    with server.session() as session:
        article_id = session.scalar(select(Article.id).where(Article.document_id == document))
    page.goto(f"{server.base}/documents/{document}")
    needle = "全市已完成背街小巷整治12条"
    page.evaluate(SELECT_TEXT_JS, [article_id, needle])
    selection = page.get_by_test_id(f"selection-form-{article_id}")
    page.wait_for_function("f => f.elements.span_start.value !== ''", arg=selection.element_handle())
    selection.locator("input[name='item']").fill(serial)
    submit(page, selection.get_by_role("button", name="作为佐证"))
    assert "已为" in page.locator(".flash").first.inner_text()
    with server.session() as session:
        quote = session.scalar(select(Evidence.quote).where(Evidence.item_id == item_id, Evidence.kind == "span"))
    assert quote == needle
    page.goto(f"{server.base}/items/{item_id}")
    submit(page, page.get_by_test_id("workflow-form").get_by_role("button", name="申请办结"))
    assert "申请办结" in page.locator(".flash").first.inner_text()
    sign_out(page)

    # 5. The office closes it and the 督查通报 counts it.
    sign_in(page, server, "duchashi")
    page.goto(f"{server.base}/items/{item_id}")
    submit(page, page.get_by_test_id("workflow-form").get_by_role("button", name="销号"))
    assert "已销号" in page.locator(".flash").first.inner_text()
    start = (today - timedelta(days=7)).isoformat()
    page.goto(f"{server.base}/reports?start={start}&end={today.isoformat()}&unit={UNIT_A}")
    with page.expect_download() as download_info:
        page.get_by_test_id("download-docx").click()
    tables = docx.Document(download_info.value.path()).tables
    totals = {r.cells[0].text: r.cells[1].text for r in tables[0].rows}
    with server.session() as session:
        closed = session.scalar(select(func.count()).select_from(Item).where(
            Item.status == "closed", Item.lead_unit == UNIT_A)) or 0
    assert closed >= 1 and int(totals["已销号"]) == closed
    assert any(serial in cell.text for table in tables for row in table.rows for cell in row.cells)
