"""The web UI's pages through FastAPI's TestClient: sign-in, CSRF, escaping, permissions, filters,
export, language. Data are built directly (users, a report with a hostile headline, items) so these
tests do not depend on how well extraction does; the browser test covers the samples end to end."""
from __future__ import annotations

import io
import re
from datetime import timedelta
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient
from ui_support import PASSWORD, UNIT_A, UNIT_B, csrf_token

from luoshi.storage.db import transaction
from luoshi.tracking import auth
from luoshi.tracking import items as item_service
from luoshi.tracking.actor import SYSTEM
from luoshi.tracking.lights import local_today


def test_pages_redirect_to_sign_in_when_signed_out(site):
    app, ids = site
    client = TestClient(app)
    for path in ("/", "/ledger", f"/items/{ids['jobs']}", f"/documents/{ids['document']}", "/admin"):
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=")


def test_sign_in_with_wrong_password_is_refused_with_a_message(site):
    app, _ = site
    client = TestClient(app)
    page = client.get("/login")
    response = client.post("/login", data={"username": "sup", "password": "nope", "csrf_token": csrf_token(page.text)})
    assert response.status_code == 401
    assert "用户名或密码不正确" in response.text
    assert "luoshi_session" not in response.cookies


def test_sign_in_without_csrf_token_is_refused(site):
    app, _ = site
    client = TestClient(app)
    client.get("/login")
    response = client.post("/login", data={"username": "sup", "password": PASSWORD, "csrf_token": "forged"})
    assert response.status_code == 403
    assert "表单已过期" in response.text


def test_session_cookie_is_httponly_and_samesite(site):
    app, _ = site
    client = TestClient(app)
    page = client.get("/login")
    response = client.post("/login", data={"username": "sup", "password": PASSWORD, "csrf_token": csrf_token(page.text)},
                           follow_redirects=False)
    header = response.headers["set-cookie"].lower()
    assert "luoshi_session=" in header and "httponly" in header and "samesite=lax" in header


def test_ui_sign_out_ends_the_session_on_the_server_and_the_old_cookie_is_refused(site, sign_in):
    """Issue 11 row 7: sign in and out through the pages' forms, then replay the copied cookie."""
    from sqlalchemy import select

    from luoshi.storage.ledger_models import AuditEntry

    app, ids = site
    client = sign_in(app, "sup")
    old_cookie = client.cookies.get(auth.SESSION_COOKIE)
    assert old_cookie and client.get("/ledger", follow_redirects=False).status_code == 200
    out = client.post("/logout", data={"csrf_token": csrf_token(client.get("/ledger").text)}, follow_redirects=False)
    assert (out.status_code, out.headers["location"]) == (303, "/login")
    replay = TestClient(app, cookies={auth.SESSION_COOKIE: old_cookie})
    page = replay.get("/ledger", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")
    assert replay.get(f"/api/v1/items/{ids['jobs']}").status_code == 401
    with transaction(app.state.session_factory) as s:
        entry = s.scalars(select(AuditEntry).where(AuditEntry.action == "logout")).one()
        assert entry.actor == "sup" and "ui" in str(entry.after)


def test_login_csrf_cookie_is_secure_when_configured(site):
    """The pre-login CSRF cookie honours LUOSHI_SECURE_COOKIES (AppSettings.secure_cookies)."""
    app, _ = site
    app.state.settings.secure_cookies = True
    header = TestClient(app).get("/login").headers["set-cookie"].lower()
    assert "luoshi_login_csrf=" in header and "secure" in header and "httponly" in header


def test_workflow_post_without_csrf_token_changes_nothing(site, sign_in):
    app, ids = site
    client = sign_in(app, "sup")
    response = client.post(f"/items/{ids['idea']}/transition", data={"action": "reject", "why": "重复"})
    assert response.status_code == 403
    with app.state.session_factory() as s:
        assert item_service.get_item(s, SYSTEM, ids["idea"]).status == "proposed"


def test_workflow_post_with_token_takes_the_step_and_records_why(site, sign_in):
    app, ids = site
    client = sign_in(app, "sup")
    page = client.get(f"/items/{ids['idea']}")
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
    response = client.post(f"/items/{ids['idea']}/transition",
                           data={"action": "reject", "why": "与其他事项重复", "version": version,
                                 "csrf_token": csrf_token(page.text)})
    assert response.status_code == 200 and "不予立项" in response.text and "与其他事项重复" in response.text


def test_stale_version_is_a_conflict_page_not_an_overwrite(site, sign_in):
    app, ids = site
    client = sign_in(app, "sup")
    page = client.get(f"/items/{ids['idea']}")
    response = client.post(f"/items/{ids['idea']}/edit", data={"title": "新名称", "version": "999",
                                                               "csrf_token": csrf_token(page.text)})
    assert response.status_code == 409
    with app.state.session_factory() as s:
        assert item_service.get_item(s, SYSTEM, ids["idea"]).title == "推进智慧交通平台建设"


def test_headline_with_script_renders_as_text(site, sign_in):
    app, ids = site
    client = sign_in(app, "sup")
    for path in (f"/documents/{ids['document']}", "/documents", "/"):
        html = client.get(path).text
        assert "<script>alert(" not in html, path
    assert "&lt;script&gt;alert(" in client.get(f"/documents/{ids['document']}").text


def test_reading_view_highlights_people_and_targets_and_links_items(site, sign_in):
    app, ids = site
    html = sign_in(app, "sup").get(f"/documents/{ids['document']}").text
    assert re.search(r'<a class="hl hl-person" href="/people/%E7%8E%8B%E6%98%8E%E8%BF%9C"[^>]*>王明远</a>', html)
    assert 'class="hl hl-commitment hl-target"' in html
    assert f'href="/items/{ids["jobs"]}"' in html
    assert "2026年3月15日" in html


def test_item_page_shows_source_in_context_and_chart(site, sign_in):
    app, ids = site
    html = sign_in(app, "sup").get(f"/items/{ids['jobs']}").text
    assert '<mark data-testid="source-highlight">确保全年新增城镇就业3万人以上</mark>' in html
    assert 'class="plan-line"' in html


def test_unit_user_sees_only_own_unit_items(site, sign_in):
    app, ids = site
    client = sign_in(app, "ua")
    ledger = client.get("/ledger").text
    assert "确保全年新增城镇就业" in ledger and "农村公路" not in ledger
    assert client.get(f"/items/{ids['roads']}").status_code == 403
    assert client.get("/admin").status_code == 403
    assert client.get("/upload").status_code == 403


def test_viewer_sees_no_workflow_buttons(site, sign_in):
    app, ids = site
    html = sign_in(app, "viewer").get(f"/items/{ids['jobs']}").text
    assert 'data-testid="workflow-form"' not in html and 'data-testid="progress-form"' not in html


def test_unit_user_accepts_and_reports_progress(site, sign_in):
    app, ids = site
    client = sign_in(app, "ua")
    page = client.get(f"/items/{ids['jobs']}")
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
    page = client.post(f"/items/{ids['jobs']}/transition", data={"action": "accept", "version": version,
                                                                "csrf_token": csrf_token(page.text)})
    assert "已签收" in page.text
    page = client.post(f"/items/{ids['jobs']}/progress", data={"value": "1.5万", "note": "过半",
                                                              "csrf_token": csrf_token(page.text)})
    assert page.status_code == 200 and "过半" in page.text and "50%" in page.text


@pytest.mark.parametrize("query, present, absent", [
    ("?status=proposed", ["智慧交通"], ["农村公路", "城镇就业"]),
    (f"?unit={UNIT_B}", ["农村公路", "智慧交通"], ["城镇就业"]),
    ("?light=red", ["农村公路"], ["城镇就业"]),
    ("?q=公路", ["农村公路"], ["智慧交通", "城镇就业"]),
])
def test_ledger_filters(site, query, present, absent, sign_in):
    app, _ = site
    html = sign_in(app, "sup").get("/ledger" + query).text
    for text in present:
        assert text in html
    for text in absent:
        assert text not in html.split('data-testid="ledger"')[1]


def test_ledger_export_contains_exactly_the_filtered_items(site, sign_in):
    app, _ = site
    client = sign_in(app, "sup")
    response = client.get(f"/ledger.xlsx?unit={UNIT_B}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    text = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None)
    assert "农村公路" in text and "智慧交通" in text and "城镇就业" not in text


def test_english_switch_sets_a_cookie_and_translates(site, sign_in):
    app, ids = site
    client = sign_in(app, "sup")
    response = client.get("/ledger?lang=en")
    assert "Supervision ledger" in response.text and "luoshi_lang=en" in response.headers["set-cookie"]
    assert "Supervision ledger" in client.get("/ledger").text
    item = client.get(f"/items/{ids['jobs']}").text
    assert "On track" in item and "due in 90 days" in item


def test_pages_reference_no_other_host(site, sign_in):
    app, ids = site
    client = sign_in(app, "admin")
    for path in ("/", "/ledger", f"/items/{ids['jobs']}", f"/documents/{ids['document']}", "/upload", "/admin",
                 "/people", "/units", f"/units/{UNIT_A}"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert not re.search(r'(src|href)="(https?:)?//', response.text), path
    assert client.get("/static/luoshi.css").status_code == 200
    assert client.get("/static/luoshi.js").status_code == 200


def test_admin_changes_settings_and_sees_audit(site, sign_in):
    app, _ = site
    client = sign_in(app, "admin")
    page = client.get("/admin")
    response = client.post("/admin/settings", data={"yellow_days": "20", "csrf_token": csrf_token(page.text)})
    assert response.status_code == 200 and 'value="20"' in response.text
    assert "admin" in response.text.split('id="audit"')[1]


def test_every_template_message_is_in_the_catalogue():
    from luoshi.web.ui.i18n import catalogue

    templates = Path(__file__).resolve().parents[2] / "src" / "luoshi" / "web" / "ui" / "templates"
    used = set()
    for path in templates.glob("*.html"):
        used |= set(re.findall(r"_\('([a-z_.]+)'\)", path.read_text(encoding="utf-8")))
    missing = sorted(key for key in used if key not in catalogue())
    assert not missing, missing


def test_confirming_in_the_reading_view_can_edit_the_title_and_assign(site, sign_in):
    app, ids = site
    client = sign_in(app, "sup")
    page = client.get(f"/items/{ids['idea']}")
    version = re.search(r'name="version" value="(\d+)"', page.text).group(1)
    response = client.post(f"/items/{ids['idea']}/transition", data={
        "action": "assign", "version": version, "title": "建成智慧交通平台", "unit": UNIT_B,
        "due_date": "2026-12-31", "csrf_token": csrf_token(page.text), "back": f"/documents/{ids['document']}"})
    assert response.status_code == 200
    with app.state.session_factory() as s:
        item = item_service.get_item(s, SYSTEM, ids["idea"])
        assert (item.title, item.status, item.lead_unit) == ("建成智慧交通平台", "assigned", UNIT_B)
        assert item.source_text == "" and [r.field for r in item.revisions][:1] == ["title"]


def test_progress_report_with_attachment_is_stored_and_downloads_as_a_file(site, sign_in):
    app, ids = site
    client = sign_in(app, "sup")
    page = client.get(f"/items/{ids['jobs']}")
    response = client.post(f"/items/{ids['jobs']}/progress",
                           data={"value": "12000", "note": "一季度台账", "csrf_token": csrf_token(page.text)},
                           files=[("files", ("一季度就业台账.html", b"<script>alert(1)</script>", "text/html"))])
    assert response.status_code == 200 and "一季度就业台账.html" in response.text
    link = re.search(r'href="(/attachments/\d+)"', response.text).group(1)
    download = client.get(link)
    assert download.content == b"<script>alert(1)</script>"
    assert download.headers["content-disposition"].startswith("attachment;")
    assert download.headers["x-content-type-options"] == "nosniff"
    assert sign_in(app, "ub").get(link).status_code == 403


def test_reminders_fragment_lists_overdue_items_and_sending_records_them(site, sign_in):
    import lxml.html

    app, ids = site
    client = sign_in(app, "sup")
    fragment = client.get("/fragments/reminders")
    assert "农村公路" in fragment.text and "逾期" in fragment.text and 'action="/reminders/send"' in fragment.text
    viewer = sign_in(app, "viewer").get("/fragments/reminders").text
    assert "农村公路" in viewer and 'action="/reminders/send"' not in viewer
    dashboard = client.get("/")
    response = client.post("/reminders/send", data={"csrf_token": csrf_token(dashboard.text)})
    assert response.status_code == 200 and "条催办" in response.text  # the flash line says how many
    after = lxml.html.fromstring(client.get("/fragments/reminders").text)
    assert not after.xpath("//*[@data-testid='reminders']")  # sent today: no longer pending
    assert "农村公路" in after.xpath("//*[@data-testid='reminders-received']")[0].text_content()


def _count_links(html: str) -> list[tuple[str, int]]:
    """(href, number shown) of every dashboard link marked data-count-link (KPI tiles, card headings,
    chart bars): the number is the last integer in the link's text."""
    import lxml.html

    result = []
    for link in lxml.html.fromstring(html).xpath("//*[@data-count-link]"):
        numbers = re.findall(r"\d+", link.text_content())
        result.append((link.get("href"), int(numbers[-1])))
    return result


def test_every_dashboard_number_equals_the_length_of_the_list_it_links_to(site, sign_in):
    from luoshi.tracking import progress, workflow

    app, _ = site
    today = local_today()
    with transaction(app.state.session_factory) as s:
        for title, due in (("过期的待确认事项", today - timedelta(days=5)), ("本月到期的待确认事项", today)):
            item_service.create_item(s, SYSTEM, {"title": title, "lead_unit": UNIT_A, "due_date": due})
        done = item_service.create_item(s, SYSTEM, {"title": "已办结事项", "lead_unit": UNIT_A, "due_date": today},
                                        status="assigned")
        workflow.transition(s, SYSTEM, done.id, "accept")
        progress.add_progress(s, SYSTEM, done.id, note="已完成")
        workflow.transition(s, SYSTEM, done.id, "request_completion")
        workflow.transition(s, SYSTEM, done.id, "close")
        item_service.create_item(s, SYSTEM, {"title": "本月到期的已交办事项", "lead_unit": UNIT_B, "due_date": today},
                                 status="assigned")
    for who in ("sup", "ua"):
        client = sign_in(app, who)
        links = _count_links(client.get("/").text)
        assert len(links) >= 8, links
        for href, shown in links:
            listed = client.get(href.replace("&amp;", "&"))
            assert listed.status_code == 200, href
            count = re.search(r'data-testid="ledger-count">\D*(\d+)', listed.text)
            assert count and int(count.group(1)) == shown, (who, href, shown, count and count.group(1))
    red = dict(_count_links(sign_in(app, "sup").get("/").text))["/ledger?light=red&live=1"]
    assert red == 1  # the overdue proposal carries no light: only the assigned roads item is overdue


def test_report_page_and_its_docx_and_xlsx_downloads(site, sign_in):
    import docx

    app, ids = site
    client = sign_in(app, "sup")
    page = client.get("/reports")
    assert page.status_code == 200 and "督查通报" in page.text and "逾期事项" in page.text
    word = client.get("/reports/briefing.docx")
    assert word.status_code == 200 and "attachment" in word.headers["content-disposition"]
    tables = docx.Document(io.BytesIO(word.content)).tables
    assert [c.text for c in tables[0].rows[-1].cells] == ["合计", "2"]  # jobs and roads; the proposal is not counted
    assert "新改建农村公路120公里" in [c.text for c in tables[2].rows[1].cells]
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/reports/briefing.xlsx").content)).active
    assert sheet["A1"].value == "督查通报"
    assert client.get("/reports/briefing.pdf").status_code == 422
    printed = client.get(f"/items/{ids['jobs']}/print")
    assert printed.status_code == 200 and "<form" not in printed.text and "确保全年新增城镇就业3万人以上" in printed.text


def test_excel_import_previews_then_applies_and_refuses_a_stale_row(site, sign_in):
    app, ids = site
    client = sign_in(app, "sup")
    exported = openpyxl.load_workbook(io.BytesIO(client.get("/ledger.xlsx").content))
    sheet = exported.active
    rows = {sheet.cell(r, 2).value: r for r in range(4, sheet.max_row + 1)}
    jobs_serial = next(s for s in rows if s and sheet.cell(rows[s], 3).value.startswith("确保"))
    roads_serial = next(s for s in rows if s and sheet.cell(rows[s], 3).value.startswith("新改建"))
    sheet.cell(rows[jobs_serial], 4).value = "示例市就业服务中心"
    sheet.cell(rows[roads_serial], 4).value = "示例市公路事业发展中心"
    with transaction(app.state.session_factory) as s:  # roads changes after the export: its row is stale
        item = item_service.get_item(s, SYSTEM, ids["roads"])
        item_service.update_item(s, SYSTEM, item.id, {"responsible_person": "李工"}, expected_version=item.version)
    buffer = io.BytesIO()
    exported.save(buffer)
    html = client.get("/ledger/import").text
    preview = client.post("/ledger/import", data={"csrf_token": csrf_token(html), "mode": "preview"},
                          files={"file": ("台账.xlsx", buffer.getvalue(), "application/octet-stream")})
    assert preview.status_code == 200 and "示例市就业服务中心" in preview.text and "冲突1行" in preview.text
    with transaction(app.state.session_factory) as s:
        assert item_service.get_item(s, SYSTEM, ids["jobs"]).lead_unit == UNIT_A  # a preview writes nothing
    workbook = re.search(r'name="workbook" value="([^"]+)"', preview.text).group(1)
    applied = client.post("/ledger/import", data={"csrf_token": csrf_token(preview.text), "mode": "apply",
                                                  "workbook": workbook})
    assert "已导入" in applied.text and "冲突1行" in applied.text
    with transaction(app.state.session_factory) as s:
        assert item_service.get_item(s, SYSTEM, ids["jobs"]).lead_unit == "示例市就业服务中心"
        assert item_service.get_item(s, SYSTEM, ids["roads"]).lead_unit == UNIT_B  # the stale row was refused
    api = client.post("/api/v1/ledger/import?dry_run=true", files={"file": ("t.xlsx", buffer.getvalue())},
                      headers={"X-CSRF-Token": csrf_token(applied.text)})
    assert api.status_code == 200, api.text
    assert api.json()["dry_run"] and len(api.json()["conflicts"]) == 2  # both rows are older now
