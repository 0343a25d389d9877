"""Authentication: passwords, signed session cookies, CSRF tokens and API tokens.

Shared by the JSON API and the web UI so that both see the same :class:`Actor`.

- Passwords are hashed with argon2id (argon2-cffi defaults); unknown users cost the same time as
  known ones so that a login form does not reveal which usernames exist.
- A browser session is a cookie signed with itsdangerous (no server-side store). With a database
  session at hand, :func:`read_session_cookie` re-reads the user so a disabled user or a password
  change (``users.sessions_valid_after``) ends every cookie issued before it.
- CSRF: the token is an HMAC of the session cookie, so it needs no storage and changes with it.
- API tokens (``Authorization: Bearer lsh_…``) are random 256-bit strings; only their sha256 is stored.

The secret key comes from LUOSHI_SECRET_KEY, else from a file generated once next to the database
(``luoshi.db`` -> ``luoshi.db.secret_key``; for server databases ``~/.config/luoshi/secret_key``).
"""
from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from datetime import UTC, datetime
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from luoshi.storage.auth_models import ApiToken, User
from luoshi.tracking.actor import Actor
from luoshi.tracking.throttle import LoginThrottle

SESSION_COOKIE = "luoshi_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FORM_FIELD = "csrf_token"
SESSION_MAX_AGE = 12 * 3600  # seconds: one working day
TOKEN_PREFIX = "lsh_"

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("luoshi-timing-equaliser")
_configured_key: str | None = None


# ---------------------------------------------------------------- secret key
def secret_key_path(database_url: str | None) -> Path | None:
    """Where the generated key lives for this database; None for an in-memory SQLite database."""
    from luoshi.storage.db import database_url as resolve

    url = resolve(database_url)
    if url.startswith("sqlite"):
        db_path = url.split(":///", 1)[1] if ":///" in url else ""
        if not db_path or db_path == ":memory:":
            return None
        return Path(db_path).with_name(Path(db_path).name + ".secret_key")
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "luoshi" / "secret_key"


def load_secret_key(database_url: str | None = None) -> str:
    """LUOSHI_SECRET_KEY, else the key file beside the database (created with mode 600 on first use)."""
    env = os.environ.get("LUOSHI_SECRET_KEY")
    if env:
        return env
    path = secret_key_path(database_url)
    if path is None:
        return secrets.token_urlsafe(48)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as fh:
                fh.write(secrets.token_urlsafe(48))
        except FileExistsError:  # another process won the race; read theirs
            pass
    return path.read_text().strip()


def configure_secret_key(key: str) -> None:
    """Set the process-wide key used when callers pass no ``secret_key`` (create_app does this)."""
    global _configured_key
    _configured_key = key


def _key(secret_key: str | None) -> str:
    global _configured_key
    if secret_key:
        return secret_key
    if _configured_key is None:
        _configured_key = load_secret_key()
    return _configured_key


# ---------------------------------------------------------------- passwords
def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def actor_for_user(user: User) -> Actor:
    return Actor(username=user.username, role=user.role, unit=user.unit, user_id=user.id)


def authenticate(session: Session, username: str, password: str) -> Actor | None:
    """The Actor for a correct username/password of an active user, else None."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.is_active or user.password_hash is None:
        verify_password(None, password)  # spend the same time as a real check
        return None
    if not verify_password(user.password_hash, password):
        return None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return actor_for_user(user)


class Throttled(Exception):
    """Too many failed sign-ins for this account or address: wait ``retry_after`` seconds (HTTP 429)."""

    def __init__(self, retry_after: int) -> None:
        self.retry_after = retry_after
        super().__init__(f"登录失败次数过多，请 {retry_after} 秒后再试 (too many failed sign-ins; retry in {retry_after} s)")


def authenticate_throttled(session: Session, throttle: LoginThrottle, username: str, password: str,
                           address: str | None) -> Actor | None:
    """:func:`authenticate` behind the sign-in throttle: raises :class:`Throttled` while a key waits
    (no hash is computed then); at most ``throttle.hash_slots`` password checks run at once."""
    keys = throttle.keys(username, address)
    wait = throttle.begin(keys)
    if wait:
        raise Throttled(wait)
    actor = None
    try:
        with throttle.hash_slots:
            actor = authenticate(session, username, password)
    finally:
        throttle.end(keys, ok=actor is not None)
    return actor


# ---------------------------------------------------------------- session cookies
def _serializer(secret_key: str | None) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(_key(secret_key), salt="luoshi.session")


def issue_session_cookie(actor: Actor, *, secret_key: str | None = None) -> str:
    """The signed value of the session cookie for ``actor`` (set it HttpOnly, SameSite=Lax)."""
    payload = {
        "uid": actor.user_id,
        "u": actor.username,
        "r": actor.role,
        "un": actor.unit,
        "t": time.time(),
        "n": secrets.token_hex(8),
    }
    return _serializer(secret_key).dumps(payload)


def read_session_cookie(
    value: str | None,
    session: Session | None = None,
    *,
    secret_key: str | None = None,
    max_age: int = SESSION_MAX_AGE,
) -> Actor | None:
    """The Actor of a valid, unexpired cookie, else None.

    With ``session``, the user is re-read: disabled users and cookies older than the user's
    ``sessions_valid_after`` are refused, and role/unit come from the database, not the cookie.
    """
    if not value:
        return None
    try:
        payload = _serializer(secret_key).loads(value, max_age=max_age)
    except (BadSignature, ValueError, TypeError):
        return None
    if not isinstance(payload, dict) or "u" not in payload:
        return None
    if session is None:
        return Actor(username=payload["u"], role=payload["r"], unit=payload.get("un"), user_id=payload.get("uid"))
    user = session.get(User, payload.get("uid")) if payload.get("uid") else None
    if user is None or not user.is_active or user.username != payload["u"]:
        return None
    if user.sessions_valid_after is not None:
        cutoff = user.sessions_valid_after
        if cutoff.tzinfo is None:
            cutoff = cutoff.replace(tzinfo=UTC)
        if float(payload.get("t", 0)) < cutoff.timestamp():
            return None
    return actor_for_user(user)


def end_all_sessions(session: Session, user: User) -> None:
    """Invalidate every cookie issued to ``user`` so far (sign out everywhere)."""
    user.sessions_valid_after = datetime.now(UTC)


# ---------------------------------------------------------------- CSRF
def csrf_token_for(cookie_value: str, *, secret_key: str | None = None) -> str:
    """The CSRF token that goes with this session cookie (put it in forms / the X-CSRF-Token header)."""
    key = _key(secret_key).encode()
    return hmac.new(key, b"csrf:" + cookie_value.encode(), hashlib.sha256).hexdigest()


def check_csrf(cookie_value: str | None, token: str | None, *, secret_key: str | None = None) -> bool:
    if not cookie_value or not token:
        return False
    return hmac.compare_digest(csrf_token_for(cookie_value, secret_key=secret_key), token)


# ---------------------------------------------------------------- API tokens
def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token_value() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def actor_for_token(session: Session, token: str) -> Actor | None:
    """The Actor behind a bearer token that is neither revoked nor owned by a disabled user."""
    if not token or not token.startswith(TOKEN_PREFIX):
        return None
    row = session.scalar(
        select(ApiToken).options(joinedload(ApiToken.user)).where(ApiToken.token_sha256 == token_digest(token))
    )
    if row is None or row.revoked_at is not None or not row.user.is_active:
        return None
    return actor_for_user(row.user)
