"""``luoshi user add / list / token / disable / passwd`` — manage accounts from the command line.

The command line acts as the local operator (``luoshi.tracking.actor.SYSTEM``, an admin): whoever
can open the database may manage its users. Every change is audited like one made over the API.
"""
from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from luoshi.cli.common import DbOption, fail, open_db
from luoshi.tracking.actor import ROLES, SYSTEM
from luoshi.tracking.errors import TrackingError

user_app = typer.Typer(help="用户与API令牌 Users, roles and API tokens.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(user_app, name="user")


def _read_password(from_stdin: bool) -> str | None:
    if from_stdin:
        line = sys.stdin.readline().rstrip("\r\n")
        if not line:
            raise fail("--password-stdin: standard input held no password")
        return line
    return None


@user_app.command("add")
def add(
    name: Annotated[str, typer.Argument(help="用户名 username")],
    role: Annotated[str, typer.Option("--role", help=f"角色 role: {' | '.join(ROLES)}")],
    unit: Annotated[str | None, typer.Option("--unit", help="所属单位（承办人必填）unit, required for role unit")] = None,
    display_name: Annotated[str | None, typer.Option("--display-name", help="显示名 display name")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin", help="从标准输入读取密码 read the password from stdin")] = False,
    db: DbOption = None,
) -> None:
    """Create a user (without a password the account can use API tokens only)."""
    from luoshi.storage.db import transaction
    from luoshi.tracking import users

    password = _read_password(password_stdin)
    factory = open_db(db)
    try:
        with transaction(factory) as session:
            user = users.create_user(session, SYSTEM, name, role, unit=unit, password=password, display_name=display_name)
            user_id = user.id
    except TrackingError as exc:
        raise fail(str(exc)) from None
    typer.echo(f"created user {name} (id {user_id}, role {role}{', unit ' + unit if unit else ''})")


@user_app.command("list")
def list_(db: DbOption = None) -> None:
    """List users with role, unit and whether they are active."""
    from luoshi.tracking import users

    factory = open_db(db)
    with factory() as session:
        rows, _total = users.list_users(session, SYSTEM)
        table = Table("id", "username", "role", "unit", "active", "password")
        for u in rows:
            table.add_row(str(u.id), u.username, u.role, u.unit or "", "yes" if u.is_active else "no",
                          "yes" if u.password_hash else "no")
    Console(highlight=False, soft_wrap=True).print(table)


@user_app.command("token")
def token(
    name: Annotated[str, typer.Argument(help="用户名 username")],
    label: Annotated[str, typer.Option("--label", help="令牌用途 what the token is for")] = "",
    db: DbOption = None,
) -> None:
    """Create an API token for a user and print it ONCE (only its hash is stored)."""
    from luoshi.storage.db import transaction
    from luoshi.tracking import users

    factory = open_db(db)
    try:
        with transaction(factory) as session:
            issued = users.create_token(session, SYSTEM, name, label)
            value = issued.value
    except TrackingError as exc:
        raise fail(str(exc)) from None
    typer.echo(value)
    Console(stderr=True, highlight=False).print(
        "Keep this token: it is shown only once. Use it as 'Authorization: Bearer <token>'.", style="dim"
    )


@user_app.command("disable")
def disable(name: Annotated[str, typer.Argument(help="用户名 username")], db: DbOption = None) -> None:
    """Disable a user: their cookies and tokens stop working at once."""
    from luoshi.storage.db import transaction
    from luoshi.tracking import users

    factory = open_db(db)
    try:
        with transaction(factory) as session:
            users.disable_user(session, SYSTEM, users.get_user_by_name(session, name).id)
    except TrackingError as exc:
        raise fail(str(exc)) from None
    typer.echo(f"disabled user {name}")


@user_app.command("passwd")
def passwd(
    name: Annotated[str, typer.Argument(help="用户名 username")],
    db: DbOption = None,
) -> None:
    """Set a user's password, read from standard input; ends their browser sessions."""
    from luoshi.storage.db import transaction
    from luoshi.tracking import users

    password = _read_password(True)
    factory = open_db(db)
    try:
        with transaction(factory) as session:
            users.update_user(session, SYSTEM, users.get_user_by_name(session, name).id, password=password)
    except TrackingError as exc:
        raise fail(str(exc)) from None
    typer.echo(f"password set for {name}")
