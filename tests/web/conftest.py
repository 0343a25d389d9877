"""Fixtures of the web tests (every module of this folder).

- ``fresh_db_url``: a fresh database at the newest migration, on SQLite and PostgreSQL, copied from a
  template migrated once per run (migrating from scratch per test costs seconds on PostgreSQL).
- ``api_env``: the API app on a fresh database with one user and API token per role (api_support.PEOPLE).
- ``module_env``: the same, one per test module and backend (for tables of many small cases).
- ``sign_in(app, username, password=ui_support.PASSWORD)``: a TestClient signed in through the UI's
  CSRF-protected form (the UI tests' users share one password unless they say otherwise).
"""
from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from api_support import ApiEnv, make_env
from fastapi.testclient import TestClient
from ui_support import PASSWORD, build_site, csrf_token

from luoshi.storage.db import make_engine
from luoshi.storage.migrate import upgrade_to_head
from luoshi.web.app import AppSettings, create_app
from pgtools import PG_ADMIN_URL, make_pg_database


@pytest.fixture(scope="session")
def _migrated_templates(tmp_path_factory) -> Iterator[Callable[[str], str]]:
    """Per backend, the URL of a database already at the newest migration (made on first use)."""
    made: dict[str, str] = {}
    drops: list[Callable[[], None]] = []

    def get(backend: str) -> str:
        if backend not in made:
            if backend == "sqlite":
                url = f"sqlite:///{tmp_path_factory.mktemp('template') / 'template.db'}"
            else:
                url, drop = make_pg_database()
                drops.append(drop)
            engine = make_engine(url)
            upgrade_to_head(engine)
            engine.dispose()
            made[backend] = url
        return made[backend]

    yield get
    for drop in drops:
        drop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def fresh_db_url(request, tmp_path, _migrated_templates) -> Iterator[str]:
    """A fresh database at the newest migration, on SQLite and PostgreSQL."""
    template = _migrated_templates(request.param)
    if request.param == "sqlite":
        target = tmp_path / "luoshi.db"
        shutil.copyfile(template.split(":///", 1)[1], target)
        yield f"sqlite:///{target}"
        return
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = "luoshi_t_" + uuid.uuid4().hex[:12]
    with admin.connect() as c:
        template_name = template.rsplit("/", 1)[1]
        c.execute(sa.text(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"'))
    try:
        yield PG_ADMIN_URL.rsplit("/", 1)[0] + "/" + name
    finally:
        with admin.connect() as c:
            c.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def api_env(fresh_db_url) -> Iterator[ApiEnv]:
    env = make_env(fresh_db_url, with_passwords=("admin", "unit"))
    yield env
    env.app.state.engine.dispose()


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def module_env(request, tmp_path_factory) -> Iterator[ApiEnv]:
    """One app + users per test module and backend (for tables of many small cases)."""
    if request.param == "sqlite":
        url, drop = f"sqlite:///{tmp_path_factory.mktemp('api') / 'luoshi.db'}", (lambda: None)
    else:
        url, drop = make_pg_database()
    env = make_env(url)
    try:
        yield env
    finally:
        env.app.state.engine.dispose()
        drop()


@pytest.fixture(scope="session")
def sign_in() -> Callable[..., TestClient]:
    def sign_in(app: object, username: str, password: str = PASSWORD) -> TestClient:
        client = TestClient(app)
        page = client.get("/login")
        response = client.post("/login", data={"username": username, "password": password,
                                               "csrf_token": csrf_token(page.text)}, follow_redirects=False)
        assert response.status_code == 303, response.text[:300]
        return client

    return sign_in


# The UI pages' test site (tests/web/ui_support.build_site), shared by the UI test modules.
@pytest.fixture(scope="module")
def site_template(tmp_path_factory) -> tuple[Path, dict[str, int]]:
    """The test site built once; each test gets its own copy of the SQLite file."""
    path = tmp_path_factory.mktemp("ui-site") / "template.db"
    app, ids = build_site(f"sqlite:///{path}")
    app.state.engine.dispose()
    return path, ids


@pytest.fixture
def site(site_template, tmp_path):
    template, ids = site_template
    copy = tmp_path / "site.db"
    shutil.copyfile(template, copy)
    app = create_app(f"sqlite:///{copy}", settings=AppSettings(secret_key="ui-test-secret"))
    yield app, ids
    app.state.engine.dispose()
