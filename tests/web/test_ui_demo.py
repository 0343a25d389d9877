"""``luoshi demo --no-serve``: the samples are ingested through ``luoshi ingest``, the demo users are
created with working passwords (printed), and a second run is idempotent (duplicates, fresh passwords)."""
from __future__ import annotations

import re

from typer.testing import CliRunner

from luoshi.cli.main import app


def _users(output: str) -> dict[str, tuple[str, str, str]]:
    rows = re.findall(r"^  (\S+)  (\S+)  (\S+)(?:  (.+))?$", output, flags=re.M)
    return {name: (password, role, unit) for name, password, role, unit in rows}


def test_demo_prepares_database_and_prints_working_passwords(tmp_path, samples_dir):
    db = tmp_path / "demo.db"
    result = CliRunner().invoke(app, ["demo", "--db", str(db), "--no-serve"])
    assert result.exit_code == 0, result.output
    users = _users(result.output)
    assert {"admin", "supervisor", "viewer"} <= set(users)
    unit_users = [u for u, (_p, role, _unit) in users.items() if role == "unit"]
    assert len(unit_users) == 2 and all(users[u][2] for u in unit_users)

    from sqlalchemy import func, select

    from luoshi.storage.migrate import open_database
    from luoshi.storage.models import Document
    from luoshi.tracking import auth

    factory = open_database(f"sqlite:///{db}")
    with factory() as session:
        assert session.scalar(select(func.count(Document.id))) == len(list(samples_dir.glob("2026*")))
        actor = auth.authenticate(session, unit_users[0], users[unit_users[0]][0])
        assert actor is not None and actor.role == "unit" and actor.unit == users[unit_users[0]][2]

    again = CliRunner().invoke(app, ["demo", "--db", str(db), "--no-serve"])
    assert again.exit_code == 0 and re.search(r"[1-9]\d* duplicate", again.output)
    assert _users(again.output)["admin"][0] != users["admin"][0]
