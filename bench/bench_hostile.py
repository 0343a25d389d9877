"""The 17 hostile inputs of issue 11, again: time, peak memory, exit code / HTTP status, server still answering.

    .venv/bin/python bench/bench_hostile.py                 # CLI rows, then a real server on SQLite and PostgreSQL
    .venv/bin/python bench/bench_hostile.py --db sqlite     # server rows on SQLite only (no PostgreSQL at hand)
    .venv/bin/python bench/bench_hostile.py --no-server     # CLI rows only

Prints two markdown tables. **CLI**: each command in a fresh process; peak = the child's maximum
RSS (``RUSAGE_CHILDREN``). **Server**: ``luoshi serve`` started as a real process on a throw-away
database (users and one item made beforehand through the library, as the tests do); peak = the
largest sum of the RSS of the server and its upload workers, sampled every 20 ms during the case;
"answers" = a ``GET /api/v1/documents`` within 5 s right after the case. Inputs are generated in a
temporary folder (tests/hostile.py); nothing big is committed.
"""
from __future__ import annotations

import argparse
import concurrent.futures as cf
import csv
import io
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "web"))
from hostile import REPORT_SENTENCE, digit_run, docx_bomb, long_line  # noqa: E402

LUOSHI = str(Path(sys.executable).with_name("luoshi"))
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MB = 1024 * 1024


# ------------------------------------------------------------------------------------------------ CLI
def run(args: list[str], timeout: float = 900) -> tuple[float, float, int]:
    """(seconds, peak MB of the child, exit code) of one CLI run in a fresh process."""
    script = ("import resource,subprocess,sys,time;t=time.perf_counter();"
              "p=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
              "print(time.perf_counter()-t,resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss/1024,p.returncode)")
    out = subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=timeout)
    seconds, peak, code = out.stdout.split()
    return float(seconds), float(peak), int(code)


def _report(i: int) -> str:
    topics = ("老旧小区改造", "农村公路养护", "中小学扩容", "社区养老服务", "河道清淤整治", "菜市场提升",
              "公共停车场建设", "口袋公园建设", "供水管网更新", "夜间经济街区", "职业技能培训", "乡镇卫生院改造")
    topic = topics[i % len(topics)]
    return (f"第{i}次{topic}推进会召开\n本报讯 会议听取了{topic}进展汇报，要求，{REPORT_SENTENCE}"
            f"{topic}第{i}项工作年底前完成，{topic}相关单位逐项抓好落实。\n")


def cli_rows(d: Path) -> None:
    (d / "bomb.docx").write_bytes(docx_bomb())
    for mb in (1, 4, 16, 50):
        (d / f"line{mb}.txt").write_bytes(long_line(mb))
    for mb in (0.25, 1):
        (d / f"digits{mb}.txt").write_bytes(digit_run(mb))
    (d / "nul.txt").write_bytes(b"\x00" * 10_000)
    (d / "nul-utf8.txt").write_bytes(f"全市推进会召开\n{REPORT_SENTENCE}\x00{REPORT_SENTENCE}".encode())
    (d / "ctl.html").write_bytes(f"<html><body><h1>全市推进会召开</h1><p>{REPORT_SENTENCE}\x01\x0b\x1b</p></body></html>"
                                 .encode())
    os.mkfifo(d / "fifo.txt")
    (d / "fifo-dir").mkdir()
    (d / "fifo-dir" / "a.txt").write_text(_report(0), encoding="utf-8")
    os.mkfifo(d / "fifo-dir" / "b.txt")
    (d / "ok.txt").write_text(_report(1), encoding="utf-8")
    two = d / "two"
    two.mkdir()
    for i in range(12):
        (two / f"{i:02d}.txt").write_text(_report(i), encoding="utf-8")
    db = f"sqlite:///{d / 'two.db'}"
    cases: list[tuple[str, list[str]]] = [
        ("1 zip bomb 1 GiB .docx", ["extract", str(d / "bomb.docx")]),
        *[(f"2 one line {mb} MB", ["extract", str(d / f"line{mb}.txt")]) for mb in (1, 4, 16, 50)],
        *[(f"2 digit run {mb} MB", ["extract", str(d / f"digits{mb}.txt")]) for mb in (0.25, 1)],
        ("5 HTML with \\x01 \\x0b \\x1b", ["extract", str(d / "ctl.html")]),
        ("8 /dev/zero", ["extract", "/dev/zero"]),
        ("8 FIFO named .txt", ["extract", str(d / "fifo.txt")]),
        ("8 folder holding a FIFO (ingest)", ["ingest", str(d / "fifo-dir"), "--db", f"sqlite:///{d / 'f.db'}"]),
        ("11 NUL in UTF-8 text", ["extract", str(d / "nul-utf8.txt")]),
        ("12 10,000 NULs .txt", ["extract", str(d / "nul.txt")]),
        ("16 --published 9999-12-31", ["extract", str(d / "ok.txt"), "--published", "9999-12-31"]),
    ]
    print("| # input (CLI) | time s | peak MB | exit |\n|---|---|---|---|")
    for label, args in cases:
        seconds, peak, code = run([LUOSHI, *args])
        print(f"| {label} | {seconds:.1f} | {peak:.0f} | {code} |", flush=True)
    subprocess.run([LUOSHI, "articles", "--db", db], check=True, capture_output=True)  # migrate once
    t = time.perf_counter()
    procs = [subprocess.Popen([LUOSHI, "ingest", str(two), "--db", db], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outs = [p.communicate(timeout=600) for p in procs]
    seconds = time.perf_counter() - t
    counts = [re.search(r"ingested (\d+).*; (\d+) duplicate", out) for out, _ in outs]
    told = " + ".join(f"{m[1]} new/{m[2]} dup" if m else "?" for m in counts)
    internal = sum("internal error" in err for _, err in outs)
    print(f"| 13 two ingest processes, one SQLite file, 12 files | {seconds:.1f} | - | "
          f"{procs[0].returncode}, {procs[1].returncode} ({told}; {internal} internal errors) |", flush=True)


# --------------------------------------------------------------------------------------------- server
class Tree:
    """Peak RSS (MB) of a process and its children, sampled in a thread."""

    def __init__(self, pid: int) -> None:
        import psutil

        self.proc = psutil.Process(pid)
        self.peak = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _rss(self) -> float:
        import psutil

        total = 0
        for p in [self.proc, *self.proc.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        return total / MB

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._rss())
            time.sleep(0.02)

    def __enter__(self) -> Tree:
        self.peak = self._rss()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _prepare(url: str) -> tuple[dict[str, str], int]:
    """Users with tokens (passwords for the supervisor), one item in progress for the unit user."""
    from api_support import make_env, make_item

    env = make_env(url, with_passwords=("supervisor", "admin"))
    item_id, _ = make_item(env, "in_progress")
    env.app.state.engine.dispose()
    return env.tokens, item_id


def _answers(base: str) -> str:
    import httpx

    try:
        return "yes" if httpx.get(f"{base}/api/v1/documents", headers=_HEADERS, timeout=5).status_code == 200 else "no"
    except httpx.HTTPError:
        return "no"


_HEADERS: dict[str, str] = {}


def _stream(total: int, chunk: int = MB) -> Iterator[bytes]:
    """A multipart body of ``total`` bytes of file content, sent chunked (no Content-Length)."""
    yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\n' \
          b"Content-Type: application/octet-stream\r\n\r\n"
    block = b"x" * chunk
    for _ in range(total // chunk):
        yield block
    yield b"\r\n--b--\r\n"


def server_rows(url: str, label: str, tmp: Path) -> None:
    import httpx

    tokens, item_id = _prepare(url)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "LUOSHI_SECRET_KEY": "bench-hostile-secret"}
    log = open(tmp / f"server-{label}.log", "wb")  # noqa: SIM115 - closed below
    server = subprocess.Popen([LUOSHI, "serve", "--db", url, "--port", str(port)], stdout=log, stderr=log, env=env)
    try:
        for _ in range(600):
            try:
                httpx.get(f"{base}/login", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        _HEADERS.clear()
        _HEADERS["Authorization"] = f"Bearer {tokens['supervisor']}"
        sup = httpx.Client(base_url=base, headers=_HEADERS, timeout=600)
        unit = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {tokens['unit']}"}, timeout=600)
        rows: list[tuple[str, float, float, str, str]] = []

        def case(name: str, fn: Callable[[], str]) -> None:
            with Tree(server.pid) as tree:
                t = time.perf_counter()
                result = fn()
                seconds = time.perf_counter() - t
            rows.append((name, seconds, tree.peak, result, _answers(base)))
            print(f"| {label} | {name} | {seconds:.1f} | {tree.peak:.0f} | {result} | {rows[-1][4]} |", flush=True)

        def upload(name: str, data: bytes, mime: str = "text/plain", **form: str) -> str:
            r = sup.post("/api/v1/documents", files={"file": (name, data, mime)}, data=form)
            return str(r.status_code)

        print("\n| db | # input (server) | time s | peak MB (server + workers) | HTTP | answers after |\n"
              "|---|---|---|---|---|---|", flush=True)
        case("baseline: a normal .txt upload", lambda: upload("ok.txt", f"常务会议召开\n{_DISTINCT[0]}".encode()))
        case("1 zip bomb 1 GiB .docx upload", lambda: upload("bomb.docx", docx_bomb(), DOCX))
        # a long line of one repeated commitment sentence: every sentence is a proposal for the ledger
        # (0.25 MB: ~2,700 items; 4 MB would be ~43,000 and minutes of storing, see docs/security.md)
        case("2 one line 0.25 MB upload", lambda: upload("line.txt", long_line(0.25)))
        case("2 one line 50 MB upload", lambda: upload("line50.txt", long_line(50)))

        def attachments() -> str:
            def one(_: int) -> int:
                return unit.post(f"/api/v1/items/{item_id}/attachments", content=_stream(1024 * MB),
                                 headers={"content-type": "multipart/form-data; boundary=b"}).status_code
            with cf.ThreadPoolExecutor(3) as pool:
                return ", ".join(str(c) for c in pool.map(one, range(3)))
        case("3 1 GiB attachment by a unit user, 3 in parallel", attachments)

        def formula() -> str:
            payload = '=HYPERLINK("http://example.invalid","点击")'
            sup.post(f"/api/v1/items/{item_id}/progress", json={"note": payload})
            return _formula_cells(base, url, tmp)
        case("4 progress note =HYPERLINK(…) → ledger xlsx/csv", formula)
        case("5 HTML with \\x01 \\x0b \\x1b upload", lambda: upload(
            "ctl.html", f"<html><body><h1>审议意见</h1><p>{_DISTINCT[1]}\x01\x0b\x1b</p></body></html>".encode(),
            "text/html"))
        case("7 UI sign-out, then the old cookie", lambda: _ui_sign_out_replay(base))
        bad_ids = ["/api/v1/documents/2147483648", "/api/v1/documents/9223372036854775808",
                   "/api/v1/items/99999999999999999999", "/api/v1/documents?page=9223372036854775807",
                   "/api/v1/documents?page_size=2147483648", "/api/v1/items?page=2147483648",
                   f"/api/v1/attachments/{2**63}", f"/api/v1/users/{2**31}", f"/api/v1/articles/{2**63}"]
        bodies = [(f"/api/v1/items/{item_id}/evidence/link", {"article_id": 2**63, "span_start": 0, "span_end": 1}),
                  (f"/api/v1/items/{item_id}/progress", {"note": "x", "version": 2**63}),
                  (f"/api/v1/items/{item_id}/transitions", {"action": "start", "version": 2**31}),
                  (f"/api/v1/items/{item_id}/merge", {"duplicates": [2**63]}),
                  ("/api/v1/reminders/send", {"item_ids": [2**63]})]
        admin = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {tokens['admin']}"}, timeout=60)
        case(f"9 ids ≥ 2³¹ / 2⁶³: {len(bad_ids)} URLs + {len(bodies)} JSON bodies", lambda: _tally(
            [admin.get(p).status_code for p in bad_ids] + [sup.post(p, json=b).status_code for p, b in bodies]))
        nul = ["/api/v1/documents?place=%00", "/api/v1/documents/%00", "/api/v1/items?q=a%00b",
               "/api/v1/items?unit=%00", "/api/v1/articles?q=%00"]
        case(f"10 NUL in query or path ({len(nul)} URLs)", lambda: _tally([sup.get(p).status_code for p in nul]))
        case("11 NUL in UTF-8 .txt upload", lambda: upload(
            "nul.txt", f"农村工作会议召开\n{_DISTINCT[2]}\x00{_DISTINCT[3]}".encode()))
        case("12 10,000 NULs .txt upload", lambda: upload("z.txt", b"\x00" * 10_000))

        def reports() -> str:
            def one(i: int) -> int:
                return sup.post(f"/api/v1/items/{item_id}/progress", json={"note": f"第{i}次填报"}).status_code
            with cf.ThreadPoolExecutor(20) as pool:
                return _tally(list(pool.map(one, range(20))))
        case("14 20 concurrent progress reports, no version", reports)
        case("16 upload with published 9999-12-31", lambda: upload("d.txt", REPORT_SENTENCE.encode(),
                                                                      published="9999-12-31"))
        case("17 /api/v1/docs and /redoc: assets from another host", lambda: _docs_offline(base))

        def wrong_passwords() -> str:
            anon = httpx.Client(base_url=base, timeout=60)
            return _tally([anon.post("/api/v1/session/login", json={"username": "supervisor", "password": "no"})
                           .status_code for _ in range(500)])
        case("6 500 wrong passwords, one account", wrong_passwords)

        def parallel_logins() -> str:
            def one(i: int) -> tuple[int, float]:
                t = time.perf_counter()
                code = httpx.post(f"{base}/api/v1/session/login", json={"username": f"nobody{i}", "password": "x"},
                                  timeout=120).status_code
                return code, time.perf_counter() - t
            with cf.ThreadPoolExecutor(40) as pool:
                results = list(pool.map(one, range(40)))
            return f"{_tally([c for c, _ in results])}; p50 {statistics.median(s for _, s in results):.2f} s"
        case("6 40 parallel anonymous logins", parallel_logins)
        server.terminate()
        server.wait(30)
        print(f"\n{label}: audit rows — {_audit(url)}", flush=True)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait(30)
        log.close()


# Invented one-line reports, different enough that none is a near-duplicate of another (or of the
# long-line input): each upload below is a new document, so 201 means stored.
_DISTINCT = ("市政府召开常务会议，研究部署秋冬季大气污染防治工作，要求年底前完成燃煤锅炉淘汰任务。",
             "区人大常委会听取义务教育优质均衡发展情况报告，提出新建改扩建学校八所的审议意见。",
             "县委农村工作会议强调，今年要新建高标准农田两万亩，粮食播种面积稳定在四十万亩以上。",
             "市卫健委发布通知，二季度起全市二级以上医院全面推行检查检验结果互认，减少重复检查。")


def _tally(codes: list[int]) -> str:
    return ", ".join(f"{n}× {c}" for c, n in sorted(Counter(codes).items()))


def _formula_cells(base: str, url: str, tmp: Path) -> str:
    """Formula cells in the ledger workbook (UI download) and cells starting = + - @ in ``luoshi export
    --what items --format csv``."""
    from openpyxl import load_workbook

    book = _ui_client(base).get("/ledger.xlsx")
    (tmp / "ledger.xlsx").write_bytes(book.content)
    cells = [c for ws in load_workbook(tmp / "ledger.xlsx").worksheets for row in ws.iter_rows() for c in row]
    formulas = sum(c.data_type == "f" for c in cells)
    subprocess.run([LUOSHI, "export", "--what", "items", "--format", "csv", "-o", str(tmp / "items.csv"), "--db", url],
                   check=True, capture_output=True)
    rows = csv.reader(io.StringIO((tmp / "items.csv").read_text(encoding="utf-8-sig")))
    live = sum(1 for row in rows for c in row if c and c[0] in "=+@\t\r")
    return f"xlsx {book.status_code}: {formulas} formula cells; csv: {live} cells starting = + @ tab CR"


def _ui_client(base: str):  # noqa: ANN202 - an httpx.Client signed in through the form
    import httpx
    from api_support import PASSWORD

    client = httpx.Client(base_url=base, timeout=60)
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    client.post("/login", data={"username": "admin", "password": PASSWORD, "csrf_token": token})
    return client


def _ui_sign_out_replay(base: str) -> str:
    import httpx

    from luoshi.tracking.auth import SESSION_COOKIE

    client = _ui_client(base)
    cookie = client.cookies.get(SESSION_COOKIE)
    page = client.get("/ledger")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    client.post("/logout", data={"csrf_token": token})
    replay = httpx.get(f"{base}/api/v1/items", cookies={SESSION_COOKIE: cookie}, timeout=30)
    page = httpx.get(f"{base}/ledger", cookies={SESSION_COOKIE: cookie}, timeout=30, follow_redirects=False)
    return f"replayed cookie: API {replay.status_code}, page {page.status_code} → {page.headers.get('location', '')}"


def _docs_offline(base: str) -> str:
    import httpx

    found = []
    for page in ("/api/v1/docs", "/api/v1/redoc"):
        html = httpx.get(base + page, timeout=30).text
        found += [u for pair in re.findall(r"""(?:src|href)=["']([^"']+)["']|url: *["']([^"']+)["']""", html)
                  for u in pair if u]
    foreign = [u for u in found if not u.startswith("/")]
    return f"{len(found)} assets, {len(foreign)} from another host"


def _audit(url: str) -> str:
    from sqlalchemy import func, select

    from luoshi.storage.db import make_engine, session_factory, transaction
    from luoshi.storage.ledger_models import AuditEntry

    engine = make_engine(url)
    with transaction(session_factory(engine)) as s:
        counts = dict(s.execute(select(AuditEntry.action, func.count()).group_by(AuditEntry.action)).all())
    engine.dispose()
    return ", ".join(f"{a} {counts.get(a, 0)}" for a in ("ingest", "propose", "logout", "denied"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--no-server", action="store_true")
    parser.add_argument("--no-cli", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        if not args.no_cli:
            (d / "cli").mkdir()
            cli_rows(d / "cli")
        if args.no_server:
            return
        if args.db in ("sqlite", "both"):
            server_rows(f"sqlite:///{d / 'server.db'}", "SQLite", d)
        if args.db in ("postgres", "both"):
            from pgtools import make_pg_database

            url, drop = make_pg_database()
            try:
                server_rows(url, "PostgreSQL", d)
            finally:
                drop()


if __name__ == "__main__":
    main()
