"""The research page: the comparison table and chart of what the office ingested (two invented work
reports of one province, read and extracted for real), with CSV and SVG downloads."""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from luoshi.storage.auth_models import User
from luoshi.storage.db import transaction
from luoshi.storage.ingest import ingest_file
from luoshi.tracking import auth
from luoshi.web.app import AppSettings, create_app

DATA = Path(__file__).resolve().parents[1] / "research" / "data"
PASSWORD = "research-page-password"


@pytest.fixture(scope="module")
def client(tmp_path_factory, sign_in):
    url = f"sqlite:///{tmp_path_factory.mktemp('research') / 'site.db'}"
    app = create_app(url, settings=AppSettings(secret_key="research-test-secret"))
    with transaction(app.state.session_factory) as s:
        s.add(User(username="viewer", role="viewer", password_hash=auth.hash_password(PASSWORD), is_active=True))
        for name, day in (("jiangnan-2025.txt", date(2025, 1, 15)), ("jiangnan-2026.txt", date(2026, 1, 20))):
            ingest_file(s, DATA / name, published=day, place="江南省")
    yield sign_in(app, "viewer", PASSWORD)
    app.state.engine.dispose()


def test_research_page_shows_target_result_and_chart(client):
    page = client.get("/research", params={"metric": "地区生产总值增长", "year": 2025})
    assert page.status_code == 200
    html = page.text
    row = re.search(r'<table class="grid" id="compare">.*?</table>', html, re.S).group()
    assert "江南省" in row and "5.5%" in row and "5.6" in row and "完成" in row
    assert '<svg class="chart"' in html and "江南省" in html.split('<svg class="chart"')[1]
    assert 'href="/research"' in html and "cdn" not in html.lower()


def test_research_downloads(client):
    csv = client.get("/research/table.csv", params={"metric": "gdp_growth", "year": 2025})
    assert csv.status_code == 200 and csv.text.startswith("\ufeffplace,year,metric")
    assert "江南省,2025,地区生产总值增长,~,5.5" in csv.text and ",5.6,met," in csv.text
    svg = client.get("/research/chart.svg", params={"metric": "gdp_growth", "year": 2025})
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert "江南省" in svg.text


def test_unknown_metric_is_a_page_not_a_crash(client):
    page = client.get("/research", params={"metric": "no-such-metric", "year": 2025})
    assert page.status_code == 404 and "未知指标" in page.text


def test_research_needs_sign_in(client):
    fresh = TestClient(client.app)
    assert fresh.get("/research", follow_redirects=False).status_code in (303, 307)
