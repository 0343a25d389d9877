"""``luoshi serve`` (the web UI and JSON API) and ``luoshi demo`` (a ready-to-try database: the bundled
sample reports ingested, demo users created, then served)."""
from __future__ import annotations

import json
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from luoshi.cli.common import DbOption

DEFAULT_DEMO_DB = "./luoshi-demo.db"
def _default_samples() -> Path:
    """The repository's samples/ (a source checkout), else samples shipped inside the package."""
    import luoshi

    for candidate in (Path(__file__).resolve().parents[3] / "samples", Path(luoshi.__file__).parent / "samples"):
        if (candidate / "manifest.jsonl").is_file():
            return candidate
    return Path(__file__).resolve().parents[3] / "samples"


SAMPLES_DIR = _default_samples()


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.command("demo")(demo)


def _url(db: str | None) -> str | None:
    """A bare file path is taken as a SQLite database file."""
    if db and "://" not in db:
        return f"sqlite:///{Path(db).expanduser().resolve()}"
    return db


def _run(url: str | None, host: str, port: int) -> None:
    import uvicorn

    from luoshi.web.app import create_app

    app = create_app(url)
    typer.echo(f"luoshi: serving http://{host}:{port}/  (Ctrl+C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on (127.0.0.1: this machine only).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    db: DbOption = None,
) -> None:
    """Serve the web UI and the JSON API (/api/v1) from one database."""
    _run(_url(db), host, port)


@dataclass
class DemoUser:
    username: str
    role: str
    unit: str | None
    password: str


def demo(
    db: Annotated[str, typer.Option("--db", help="Database URL or SQLite file for the demo.")] = DEFAULT_DEMO_DB,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Prepare the database and print the users; do not serve.")] = False,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    samples: Annotated[Path, typer.Option(help="Folder of sample reports with manifest.jsonl.")] = SAMPLES_DIR,
) -> None:
    """Ingest the bundled samples, create demo users (printing their passwords), then serve."""
    url = _url(db)
    _ingest_samples(url, samples)
    users = _demo_users(url)
    typer.echo("demo users (user name / password / role / unit):")
    for user in users:
        typer.echo(f"  {user.username}  {user.password}  {user.role}  {user.unit or ''}".rstrip())
    if not no_serve:
        _run(url, host, port)


def _manifest(samples: Path) -> dict[str, dict]:
    path = samples / "manifest.jsonl"
    if not path.is_file():
        return {}
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {row["file"]: row for row in rows}


def _ingest_samples(url: str | None, samples: Path) -> None:
    """Each sample through ``luoshi ingest`` itself (same code path: read, extract, store, propose),
    with the publication date and city from the manifest. Already-ingested samples are duplicates."""
    from luoshi.cli.reading_commands import ingest

    if not samples.is_dir():
        raise typer.BadParameter(f"{samples}: no such folder of sample reports", param_hint="--samples")
    manifest = _manifest(samples)
    files = sorted(p for p in samples.iterdir() if p.is_file() and p.name in manifest) or sorted(
        p for p in samples.iterdir() if p.is_file() and p.suffix in (".txt", ".html", ".htm", ".docx", ".pdf"))
    for path in files:  # in publication order, so later reports find the targets of earlier ones
        row = manifest.get(path.name, {})
        ingest([str(path)], published=row.get("published"), place=row.get("place"), db=url)


def _demo_users(url: str | None) -> list[DemoUser]:
    """A supervisor, an admin, a viewer and two unit users for the units with the most items.
    Existing demo users get a fresh password (the demo prints what works now)."""
    from sqlalchemy import func, select

    from luoshi.storage.auth_models import User
    from luoshi.storage.db import transaction
    from luoshi.storage.ledger_models import Item
    from luoshi.storage.migrate import open_database
    from luoshi.tracking import users as user_service
    from luoshi.tracking.actor import SYSTEM

    factory = open_database(url)
    with transaction(factory) as session:
        places = set(session.scalars(select(Item.place).where(Item.place.is_not(None)).distinct()))
        ranked = session.execute(
            select(Item.lead_unit, func.count()).where(Item.lead_unit.is_not(None))
            .group_by(Item.lead_unit).order_by(func.count().desc(), Item.lead_unit))
        # A lead "unit" that is only a place name (泰州市) is not a department anyone signs in for.
        units = [u for u, _n in ranked if u not in places][:2]
        wanted = [("admin", "admin", None), ("supervisor", "supervisor", None), ("viewer", "viewer", None)]
        wanted += [(f"unit{i + 1}", "unit", unit) for i, unit in enumerate(units)]
        result = []
        for username, role, unit in wanted:
            password = secrets.token_urlsafe(9)
            existing = session.scalar(select(User).where(User.username == username))
            if existing is None:
                user_service.create_user(session, SYSTEM, username, role, unit=unit, password=password)
            else:
                user_service.update_user(session, SYSTEM, existing.id, role=role, unit=unit or "",
                                         password=password, is_active=True)
            result.append(DemoUser(username, role, unit, password))
    return result
