"""User accounts and API tokens: create, list, update, disable — admin only, every change audited.

Users may also change their own password and manage their own API tokens.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from luoshi.storage.auth_models import ApiToken, User
from luoshi.tracking import auth
from luoshi.tracking.actor import ROLES, Actor
from luoshi.tracking.errors import Conflict, NotFound, PermissionDenied, ValidationFailed

USERNAME_PATTERN = re.compile(r"^[\w.\-@\u4e00-\u9fff]{2,64}$")
MIN_PASSWORD_LENGTH = 8
ENTITY = "user"


@dataclass
class IssuedToken:
    """A freshly created token: ``value`` is shown once and never stored."""

    token: ApiToken
    value: str


def user_dict(user: User) -> dict[str, Any]:
    """Public view of a user (never the password hash)."""
    return {
        "id": user.id,
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "unit": user.unit,
        "is_active": user.is_active,
        "has_password": user.password_hash is not None,
        "created_at": user.created_at.isoformat() if user.created_at else None,
        "updated_at": user.updated_at.isoformat() if user.updated_at else None,
    }


def _audit(session: Session, actor: Actor, action: str, entity_id: int | None, before: Any, after: Any) -> None:
    from luoshi.tracking import audit

    audit.record(session, actor, action, ENTITY, entity_id, before, after)


def _require_admin(actor: Actor, what: str) -> None:
    if actor.role != "admin":
        raise PermissionDenied(f"只有管理员可以{what} (only an admin may {what})")


def _validate(role: str | None, unit: str | None, password: str | None) -> None:
    if role is not None and role not in ROLES:
        raise ValidationFailed(f"角色无效: {role}（可选 {', '.join(ROLES)}）")
    if role == "unit" and not (unit and unit.strip()):
        raise ValidationFailed("承办人(unit)角色必须指定所属单位 (role 'unit' needs --unit)")
    if password is not None and len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(f"密码至少{MIN_PASSWORD_LENGTH}个字符 (password too short)")


def create_user(
    session: Session,
    actor: Actor,
    username: str,
    role: str,
    *,
    unit: str | None = None,
    password: str | None = None,
    display_name: str | None = None,
) -> User:
    _require_admin(actor, "创建用户")
    username = (username or "").strip()
    if not USERNAME_PATTERN.match(username):
        raise ValidationFailed(f"用户名无效: {username!r}（2–64个字母、数字、汉字或 ._-@）")
    _validate(role, unit, password)
    if session.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(f"用户名已存在: {username}")
    user = User(
        username=username,
        role=role,
        unit=unit.strip() if unit else None,
        display_name=display_name,
        password_hash=auth.hash_password(password) if password else None,
        is_active=True,
    )
    session.add(user)
    session.flush()
    _audit(session, actor, "create", user.id, None, user_dict(user))
    return user


def get_user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(f"用户不存在: {user_id}")
    return user


def get_user_by_name(session: Session, username: str) -> User:
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"用户不存在: {username}")
    return user


def list_users(
    session: Session, actor: Actor, *, role: str | None = None, active: bool | None = None,
    offset: int = 0, limit: int | None = None,
) -> tuple[list[User], int]:
    """Users page and total count (admins only)."""
    _require_admin(actor, "查看用户列表")
    query = select(User)
    if role:
        query = query.where(User.role == role)
    if active is not None:
        query = query.where(User.is_active == active)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    query = query.order_by(User.id).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query)), total


def update_user(
    session: Session,
    actor: Actor,
    user_id: int,
    *,
    role: str | None = None,
    unit: str | None = None,
    display_name: str | None = None,
    password: str | None = None,
    is_active: bool | None = None,
) -> User:
    """Change a user. Admins change anything; a user may change only their own password."""
    user = get_user(session, user_id)
    own_password_only = role is None and unit is None and display_name is None and is_active is None
    if actor.role != "admin" and not (own_password_only and actor.user_id == user.id):
        raise PermissionDenied("只有管理员可以修改用户 (only an admin may change users)")
    new_role = role if role is not None else user.role
    new_unit = unit if unit is not None else user.unit
    _validate(new_role, new_unit, password)
    if actor.user_id == user.id and (is_active is False or (role is not None and role != "admin" and user.role == "admin")):
        raise ValidationFailed("不能停用自己或取消自己的管理员角色 (cannot lock yourself out)")
    before = user_dict(user)
    user.role = new_role
    user.unit = new_unit.strip() if new_unit else None
    if display_name is not None:
        user.display_name = display_name
    if is_active is not None:
        user.is_active = is_active
    if password is not None:
        user.password_hash = auth.hash_password(password)
        auth.end_all_sessions(session, user)
    user.updated_at = datetime.now(UTC)
    session.flush()
    after = user_dict(user)
    if password is not None:
        after["password_changed"] = True
    _audit(session, actor, "update", user.id, before, after)
    return user


def disable_user(session: Session, actor: Actor, user_id: int) -> User:
    return update_user(session, actor, user_id, is_active=False)


# ---------------------------------------------------------------- tokens
def create_token(session: Session, actor: Actor, username: str, name: str = "") -> IssuedToken:
    """A new API token for ``username`` (admins for anyone, users for themselves)."""
    user = get_user_by_name(session, username)
    if actor.role != "admin" and actor.user_id != user.id:
        raise PermissionDenied("只能为自己创建令牌 (you may create tokens only for yourself)")
    if not user.is_active:
        raise ValidationFailed(f"用户已停用: {username}")
    value = auth.new_token_value()
    token = ApiToken(user_id=user.id, name=name or "", token_sha256=auth.token_digest(value), prefix=value[:10])
    session.add(token)
    session.flush()
    _audit(session, actor, "token_create", user.id, None, {"token_id": token.id, "name": token.name, "prefix": token.prefix})
    return IssuedToken(token=token, value=value)


def revoke_token(session: Session, actor: Actor, token_id: int) -> ApiToken:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"令牌不存在: {token_id}")
    if actor.role != "admin" and actor.user_id != token.user_id:
        raise PermissionDenied("只能吊销自己的令牌 (you may revoke only your own tokens)")
    if token.revoked_at is None:
        token.revoked_at = datetime.now(UTC)
        session.flush()
        _audit(session, actor, "token_revoke", token.user_id, {"token_id": token.id}, {"token_id": token.id, "revoked": True})
    return token
