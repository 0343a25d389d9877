"""Issue 11, server side, on both databases: one hostile request costs one request, never the server."""
from __future__ import annotations

import csv
import io
import threading

import httpx
import pytest
from api_support import PASSWORD, assert_error, make_env, make_item
from openpyxl import load_workbook
from sqlalchemy import select

from hostile import REPORT_SENTENCE, docx_bomb
from luoshi.storage.ledger_models import AuditEntry
from luoshi.storage.models import Document

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _upload(client, name: str, data: bytes, mime: str = "text/plain"):
    return client.post("/api/v1/documents", files={"file": (name, data, mime)})


def test_zip_bomb_upload_is_refused_and_the_server_answers_the_next_request(api_env):
    sup = api_env.client("supervisor")
    response = _upload(sup, "bomb.docx", docx_bomb(), DOCX)
    body = assert_error(response, 422, "validation_failed")
    assert "inflates to 1,024 MB" in body["error"]["message"]
    assert sup.get("/api/v1/documents").status_code == 200
    text = f"全市推进会召开\n{REPORT_SENTENCE}".encode()
    assert _upload(sup, "ok.txt", text).status_code == 201  # read in the worker process, stored here


def test_upload_over_the_limit_is_413_while_it_arrives(api_env):
    api_env.app.state.settings.max_upload_bytes = 1024
    sup = api_env.client("supervisor")
    chunks = (b"x" * 65536 for _ in range(64))  # 4 MB, streamed without a Content-Length
    response = sup.post("/api/v1/documents", content=chunks,
                        headers={"content-type": "multipart/form-data; boundary=b"})
    assert_error(response, 413, "too_large")
    assert sup.get("/api/v1/documents").status_code == 200


def test_huge_attachment_by_a_unit_user_is_refused_as_it_arrives(api_env):
    """Row 3: an attachment far over the limit, streamed without a Content-Length by a unit user, is
    413 before it is read (memory stays bounded); one over the attachment limit only is 422; the
    server answers the next request."""
    from luoshi.storage.db import transaction
    from luoshi.tracking.actor import SYSTEM
    from luoshi.tracking.settings_change import update_settings

    item_id, _ = make_item(api_env, "in_progress")
    api_env.app.state.settings.max_upload_bytes = 2 * 1024 * 1024
    with transaction(api_env.app.state.session_factory) as s:
        update_settings(s, SYSTEM, {"attachment_max_bytes": 1024})
    unit = api_env.client("unit")

    def body(megabytes: int):
        yield b'--b\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\n'
        for _ in range(megabytes * 16):
            yield b"x" * 65536
        yield b"\r\n--b--\r\n"

    headers = {"content-type": "multipart/form-data; boundary=b"}
    assert_error(unit.post(f"/api/v1/items/{item_id}/attachments", content=body(64), headers=headers), 413, "too_large")
    small = unit.post(f"/api/v1/items/{item_id}/attachments", files={"file": ("a.xlsx", b"x" * 2048)})
    assert small.status_code == 422 and "过大" in small.json()["error"]["message"]
    assert unit.get(f"/api/v1/items/{item_id}/attachments").json()["total"] == 0
    assert unit.get("/api/v1/documents").status_code == 200


def test_html_upload_with_control_characters_is_stored(api_env):
    """Row 5: \\x01 \\x0b \\x1b in a page are removed before lxml, the upload is stored (not a 500)."""
    page = f"<html><body><h1>全市推进会召开</h1><p>{REPORT_SENTENCE}\x01\x0b\x1b</p></body></html>".encode()
    response = _upload(api_env.client("supervisor"), "c.html", page, "text/html")
    assert response.status_code == 201, response.text
    with api_env.session() as s:
        text = s.scalar(select(Document)).text
        assert REPORT_SENTENCE[:10] in text and not any(c in text for c in "\x01\x0b\x1b")


def test_nul_bytes_in_a_text_upload_are_stored_alike_on_both_databases(api_env):
    sup = api_env.client("supervisor")
    response = _upload(sup, "nul.txt", f"全市推进会召开\n{REPORT_SENTENCE}\x00{REPORT_SENTENCE}".encode())
    assert response.status_code == 201, response.text
    with api_env.session() as s:
        doc = s.scalar(select(Document))
        assert "\x00" not in doc.text and "\x00" not in doc.original_text
        audit = s.scalar(select(AuditEntry).where(AuditEntry.action == "ingest"))
        assert audit.actor == "supervisor" and audit.entity_id == str(doc.id)


def test_ten_thousand_nuls_are_refused_as_binary(api_env):
    body = assert_error(_upload(api_env.client("supervisor"), "z.txt", b"\x00" * 10_000), 422)
    assert "binary data" in body["error"]["message"]


@pytest.mark.parametrize("path", ["/api/v1/documents/2147483648", "/api/v1/documents/9223372036854775808",
                                  "/api/v1/items/99999999999999999999", "/api/v1/documents?page=9223372036854775807",
                                  "/api/v1/documents?page_size=2147483648", "/api/v1/documents?place=%00",
                                  "/api/v1/documents/%00", "/api/v1/items?q=a%00b"])
def test_out_of_range_numbers_and_nul_in_urls_are_422(api_env, path):
    assert_error(api_env.client("supervisor").get(path), 422, "validation_failed")


def test_published_far_in_the_future_is_refused_clearly(api_env):
    response = api_env.client("supervisor").post(
        "/api/v1/documents", files={"file": ("d.txt", REPORT_SENTENCE.encode(), "text/plain")},
        data={"published": "9999-12-31"})
    assert "outside 1900–2100" in assert_error(response, 422)["error"]["message"]


def test_repeated_wrong_passwords_are_throttled_with_retry_after(fresh_db_url):
    env = make_env(fresh_db_url, with_passwords=("supervisor",))
    client = env.client()
    codes = [client.post("/api/v1/session/login", json={"username": "supervisor", "password": "wrong"}).status_code
             for _ in range(7)]
    assert codes[:5] == [401] * 5 and 429 in codes[5:]
    throttled = client.post("/api/v1/session/login", json={"username": "supervisor", "password": PASSWORD})
    assert_error(throttled, 429, "too_many_requests")
    assert int(throttled.headers["retry-after"]) >= 1
    other = client.post("/api/v1/session/login", json={"username": "admin", "password": "wrong"})
    assert other.status_code == 401  # another account from the same address is not blocked yet
    env.app.state.engine.dispose()


def test_attempts_in_flight_count_against_the_free_budget():
    """Parallel attempts cannot all pass the check before the first of them fails (row 6)."""
    from luoshi.tracking.throttle import FREE_ADDRESS_FAILURES, LoginThrottle

    throttle = LoginThrottle(clock=lambda: 1000.0)
    reserved = [throttle.keys(f"user{i}", "10.0.0.9") for i in range(40)]
    passed = [keys for keys in reserved if throttle.begin(keys) == 0]
    assert len(passed) == FREE_ADDRESS_FAILURES  # the other 20 are told to wait, no hash computed
    assert throttle.begin(throttle.keys("late", "10.0.0.9")) >= 1
    assert throttle.begin(throttle.keys("other", "10.0.0.10")) == 0  # another address is not affected
    for keys in passed:
        throttle.end(keys, ok=False)
    again = throttle.keys("again", "10.0.0.9")
    assert throttle.begin(again) == 0  # 20 free failures used: the next attempt is checked alone
    assert throttle.begin(throttle.keys("meanwhile", "10.0.0.9")) >= 1
    throttle.end(again, ok=False)
    assert throttle.begin(throttle.keys("after", "10.0.0.9")) >= 1  # the 21st failure: back-off


def test_forty_parallel_anonymous_logins_are_bounded(fresh_db_url):
    """Row 6: forty parallel sign-ins from one address — at most the free budget is hashed, the rest
    are 429 at once, and the server answers afterwards."""
    from test_api_concurrency import ServerThread

    from luoshi.tracking.throttle import FREE_ADDRESS_FAILURES

    env = make_env(fresh_db_url)
    codes: list[int] = []
    with ServerThread(env.app) as base:
        def login(i: int) -> None:
            with httpx.Client(base_url=base, timeout=120) as c:
                codes.append(c.post("/api/v1/session/login", json={"username": f"nobody{i}", "password": "x"}).status_code)

        threads = [threading.Thread(target=login, args=(i,)) for i in range(40)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert httpx.get(f"{base}/api/v1/documents", headers={"Authorization": f"Bearer {env.tokens['viewer']}"},
                         timeout=30).status_code == 200
    assert len(codes) == 40 and set(codes) <= {401, 429}
    assert codes.count(401) <= FREE_ADDRESS_FAILURES and codes.count(429) >= 40 - FREE_ADDRESS_FAILURES
    env.app.state.engine.dispose()


def test_api_logout_is_audited(fresh_db_url):
    env = make_env(fresh_db_url, with_passwords=("supervisor",))
    client = env.client()
    login = client.post("/api/v1/session/login", json={"username": "supervisor", "password": PASSWORD}).json()
    assert client.post("/api/v1/session/logout", headers={"X-CSRF-Token": login["csrf_token"]}).status_code == 200
    with env.session() as s:
        assert s.scalar(select(AuditEntry.actor).where(AuditEntry.action == "logout")) == "supervisor"
    env.app.state.engine.dispose()


def test_formula_in_a_progress_note_stays_text_in_every_export(api_env, tmp_path):
    from luoshi.storage.db import transaction
    from luoshi.storage.exports import write_rows
    from luoshi.tracking.actor import SYSTEM
    from luoshi.tracking.excel import write_ledger_xlsx
    from luoshi.tracking.exports import item_rows

    payload = '=HYPERLINK("http://example.invalid","点击")'
    item_id, version = make_item(api_env, "in_progress", title="+SUM(A1:A9)")
    sup = api_env.client("supervisor")
    assert sup.post(f"/api/v1/items/{item_id}/progress", json={"note": payload, "value": 3}).status_code == 201
    with transaction(api_env.app.state.session_factory) as s:
        write_ledger_xlsx(s, SYSTEM, tmp_path / "ledger.xlsx", None)
        rows = list(item_rows(s, SYSTEM, None))
    write_rows(rows, tuple(rows[0]), "xlsx", tmp_path / "rows.xlsx")
    write_rows(rows, tuple(rows[0]), "csv", tmp_path / "rows.csv")
    for book in ("ledger.xlsx", "rows.xlsx"):
        cells = [c for ws in load_workbook(tmp_path / book).worksheets for row in ws.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"], book
        assert any(c.value == payload for c in cells), book
    text = (tmp_path / "rows.csv").read_text(encoding="utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert "'" + payload in cells and not [c for c in cells if c and c[0] in "=+@\t\r"]


def test_twenty_concurrent_progress_reports_without_a_version_all_succeed(fresh_db_url):
    from test_api_concurrency import ServerThread

    env = make_env(fresh_db_url)
    item_id, _ = make_item(env, "in_progress")
    token = env.tokens["supervisor"]
    codes: list[int] = []
    with ServerThread(env.app) as base:
        def report(i: int) -> None:
            with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=120) as c:
                codes.append(c.post(f"/api/v1/items/{item_id}/progress", json={"note": f"第{i}次填报"}).status_code)

        threads = [threading.Thread(target=report, args=(i,)) for i in range(20)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert sorted(codes) == [201] * 20
    env.app.state.engine.dispose()


def test_api_docs_load_nothing_from_a_cdn(api_env):
    import re

    client = api_env.client()
    for page in ("/api/v1/docs", "/api/v1/redoc"):
        html = client.get(page)
        assert html.status_code == 200
        urls = re.findall(r"""(?:src|href)=["']([^"']+)["']|url: *["']([^"']+)["']""", html.text)
        urls = [u for pair in urls for u in pair if u]
        assert urls and all(u.startswith("/api/v1/") for u in urls), urls
        for url in urls:
            assert client.get(url).status_code == 200, url


BIG = (2**31, 2**63, -(2**63) - 1, 10**30)


@pytest.mark.parametrize("big", BIG)
def test_out_of_range_ids_in_json_bodies_are_422_never_500(api_env, big):
    """Issue 11 row 9 for request bodies: every integer a body may carry (ids, spans, versions, id lists)."""
    item_id, version = make_item(api_env, "in_progress")
    sup = api_env.client("supervisor")
    cases = [
        ("post", f"/api/v1/items/{item_id}/evidence/link", {"article_id": big, "span_start": 0, "span_end": 1}),
        ("post", f"/api/v1/items/{item_id}/evidence/link", {"article_id": 1, "span_start": 0, "span_end": big}),
        ("post", f"/api/v1/items/{item_id}/transitions", {"action": "request_completion", "version": big}),
        ("post", f"/api/v1/items/{item_id}/progress", {"note": "第1次填报", "version": big}),
        ("patch", f"/api/v1/items/{item_id}", {"title": "新标题", "version": big}),
        ("post", f"/api/v1/items/{item_id}/merge", {"duplicates": [big]}),
        ("post", f"/api/v1/items/{item_id}/split", {"parts": [{"title": "甲"}, {"title": "乙"}], "version": big}),
        ("post", "/api/v1/reminders/send", {"item_ids": [big]}),
    ]
    for method, path, body in cases:
        response = getattr(sup, method)(path, json=body)
        assert response.status_code == 422, (path, body, response.status_code, response.text[:200])
        assert response.json()["error"]["code"] == "validation_failed"
    assert sup.get(f"/api/v1/items/{item_id}").json()["version"] == version  # nothing changed
