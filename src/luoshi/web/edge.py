"""Checks at the edge of the server, before any route runs (one ASGI middleware, one place).

- **Body size**: a request body larger than the upload limit is refused with 413 — from its
  ``Content-Length`` at once, and for a chunked body as the bytes arrive, so a 1 GiB upload is
  never read (into memory or onto disk) beyond the limit.
- **NUL and other control characters** in the path or the query string: 422. PostgreSQL cannot
  store or compare a NUL in text, SQLite's full-text search refuses it; both databases now answer
  the same way, before either is asked.
- **Integers out of range** in a path segment (``/items/9223372036854775808``) or in an id-like
  query parameter (``page``, ``page_size``, ``limit``, ``offset``, ``id``, ``*_id``): 422. Every id
  column is a 32-bit integer on PostgreSQL; a larger number can name no row.

Errors are the API's ``{"error": {"code", "message"}}`` body for every path (the UI's pages never
produce such URLs themselves).
"""
from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qsl, unquote

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

INT_MAX = 2**31 - 1  # PostgreSQL ``integer``; SQLite would take 2**63 - 1 but no id gets there
BODY_OVERHEAD = 1024 * 1024  # multipart boundaries and form fields around the file itself
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_INTEGER = re.compile(r"[+-]?\d+")
_ID_PARAMS = re.compile(r"(?:page|page_size|limit|offset|id|.*_id)$")


class EdgeMiddleware:
    """Refuse oversized bodies (413), control characters and out-of-range integers in URLs (422)."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: Callable[[], int]) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        problem = url_problem(scope)
        if problem:
            await _error(send, 422, "validation_failed", problem)
            return
        limit = self.max_body_bytes() + BODY_OVERHEAD
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _error(send, 413, "too_large", _too_large(limit))
            return
        received = 0
        answered = False  # the 413 went out: whatever the app sends afterwards is dropped
        started = False

        async def limited_receive() -> Message:
            nonlocal received, answered, started
            if answered:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # answer now and tell the app the client is gone: it stops reading (ClientDisconnect)
                    answered = True
                    if not started:
                        await _error(send, 413, "too_large", _too_large(limit))
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if not answered:
                started = started or message["type"] == "http.response.start"
                await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except Exception:
            if not answered:
                raise  # a real error: the app's own handlers have answered it


def url_problem(scope: Scope) -> str | None:
    """Why this request's path or query cannot be served (None when it can)."""
    path = scope.get("path", "")
    raw_query = scope.get("query_string", b"").decode("latin-1")
    query = unquote(raw_query)
    if _CONTROL.search(path) or _CONTROL.search(query):
        return "请求地址含有控制字符 (the URL contains NUL or another control character)"
    for segment in path.split("/"):
        if _INTEGER.fullmatch(segment) and not _in_range(segment):
            return f"编号超出范围 (number out of range in the path: {segment[:30]})"
    for key, value in parse_qsl(raw_query, keep_blank_values=True):
        if _ID_PARAMS.match(key) and _INTEGER.fullmatch(value.strip()) and not _in_range(value.strip()):
            return f"参数超出范围 ({key[:40]} out of range: {value[:30]})"
    return None


def _in_range(number: str) -> bool:
    if len(number.lstrip("+-")) > 12:
        return False
    return -INT_MAX - 1 <= int(number) <= INT_MAX


def _content_length(scope: Scope) -> int | None:
    for key, value in scope.get("headers", []):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _too_large(limit: int) -> str:
    return f"请求过大，上限 {limit // (1024 * 1024)} MB (request body too large)"


async def _error(send: Send, status: int, code: str, message: str) -> None:
    body = json.dumps({"error": {"code": code, "message": message}}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]})
    await send({"type": "http.response.body", "body": body})
