"""Who is acting. Every tracking service takes an Actor so that CLI, API and web UI share one
permission model. Roles: admin, supervisor (督查员: everything on items), unit (承办人: only their
unit's items), viewer (read-only)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

Role = Literal["admin", "supervisor", "unit", "viewer"]
ROLES: tuple[Role, ...] = get_args(Role)


@dataclass(frozen=True)
class Actor:
    username: str
    role: str  # one of ROLES
    unit: str | None = None  # full unit name for role "unit": 盐城市人力资源和社会保障局
    user_id: int | None = None

    @property
    def is_supervisor(self) -> bool:
        return self.role in ("admin", "supervisor")


# The command line runs as the local operator (whoever can read the database file).
SYSTEM = Actor(username="system", role="admin")
