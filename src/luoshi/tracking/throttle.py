"""Sign-in throttling: exponential back-off per account and per client address, and a bound on how
many password hashes are checked at once.

Why both keys: per account stops guessing one user's password from many addresses; per address stops
one client from trying many accounts. A few failures are free (people mistype); after that each
failure doubles the wait before the next attempt is even looked at (1 s, 2 s, 4 s … up to 15 min),
and an attempt during the wait is answered 429 with ``Retry-After`` — no password hash is computed
for it. A successful sign-in clears the account's count. Attempts still being checked count as
failures-to-be (:meth:`LoginThrottle.begin`): forty parallel attempts from one address cannot all
slip past the free budget before the first of them has failed; once the budget is used, one attempt
per key is checked at a time and the others are answered 429 at once.

argon2id costs ~64 MiB and ~50 ms of one core per check; :data:`HASH_SLOTS` checks run at once and
the rest wait, so forty parallel sign-ins queue instead of exhausting memory.

State is per process (one server process per database is the supported deployment); it is lost on
restart, which only shortens a lock-out.
"""
from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

FREE_ACCOUNT_FAILURES = 5
FREE_ADDRESS_FAILURES = 20
FIRST_WAIT_SECONDS = 1.0
MAX_WAIT_SECONDS = 15 * 60.0
FORGET_AFTER_SECONDS = 24 * 3600.0  # a quiet key starts again from zero
HASH_SLOTS = max(1, int(os.environ.get("LUOSHI_LOGIN_HASH_SLOTS", "2")))


@dataclass
class _Record:
    failures: int = 0
    blocked_until: float = 0.0
    last: float = 0.0


class LoginThrottle:
    """Failure counts for ``account:NAME`` and ``address:IP`` keys, with exponential back-off."""

    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._records: dict[str, _Record] = {}
        self._pending: dict[str, int] = {}  # attempts being checked now, per key
        self._lock = threading.Lock()
        self.hash_slots = threading.BoundedSemaphore(HASH_SLOTS)

    @staticmethod
    def keys(username: str, address: str | None) -> list[str]:
        return [f"account:{username.strip().lower()}", f"address:{address or 'unknown'}"]

    def begin(self, keys: list[str]) -> int:
        """Reserve an attempt for these keys: 0 (go ahead; call :meth:`end` afterwards) or the seconds
        to wait. An attempt in flight counts against the free budget until it ends."""
        now = self._clock()
        with self._lock:
            wait = 0.0
            for key in keys:
                record = self._records.get(key)
                failures = record.failures if record else 0
                pending = self._pending.get(key, 0)
                if record and record.blocked_until > now:
                    wait = max(wait, record.blocked_until - now)
                elif pending and failures + pending >= self._free(key):
                    wait = max(wait, FIRST_WAIT_SECONDS)
            if wait > 0:
                return int(wait) + 1
            for key in keys:
                self._pending[key] = self._pending.get(key, 0) + 1
            return 0

    def end(self, keys: list[str], *, ok: bool) -> None:
        """The reserved attempt is over: count its failure, or clear the account on success."""
        with self._lock:
            for key in keys:
                left = self._pending.get(key, 0) - 1
                if left > 0:
                    self._pending[key] = left
                else:
                    self._pending.pop(key, None)
        if ok:
            self.succeeded(keys)
        else:
            self.failed(keys)

    @staticmethod
    def _free(key: str) -> int:
        return FREE_ACCOUNT_FAILURES if key.startswith("account:") else FREE_ADDRESS_FAILURES

    def retry_after(self, keys: Iterable[str]) -> int:
        """Seconds to wait before another attempt for these keys (0: go ahead)."""
        now = self._clock()
        with self._lock:
            waits = [r.blocked_until - now for k in keys if (r := self._records.get(k))]
        wait = max(waits, default=0.0)
        return int(wait) + 1 if wait > 0 else 0

    def failed(self, keys: Iterable[str]) -> None:
        now = self._clock()
        with self._lock:
            self._forget_old(now)
            for key in keys:
                record = self._records.setdefault(key, _Record())
                record.failures += 1
                record.last = now
                over = record.failures - self._free(key)
                if over > 0:
                    wait = min(MAX_WAIT_SECONDS, FIRST_WAIT_SECONDS * 2 ** (over - 1))
                    record.blocked_until = now + wait

    def succeeded(self, keys: Iterable[str]) -> None:
        """A correct password: the account starts again from zero (the address keeps its count)."""
        with self._lock:
            for key in keys:
                if key.startswith("account:"):
                    self._records.pop(key, None)

    def _forget_old(self, now: float) -> None:
        if len(self._records) < 10_000:
            return
        for key in [k for k, r in self._records.items() if now - r.last > FORGET_AFTER_SECONDS]:
            del self._records[key]
