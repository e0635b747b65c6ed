"""Failed logins counted per client address, across accounts, in a sliding window.

The per-account lockout (``STAFF_LOCKOUT_ATTEMPTS``) stops guessing one account's password; this
stops one address trying a few passwords on many accounts. Kept in the process's memory: a
restart forgets it, which only gives an attacker one more window.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime, timedelta

MAX_ADDRESSES = 10_000  # addresses remembered; the oldest is forgotten beyond this


class LoginThrottle:
    """Recent failed logins of each address; time is always given by the caller's clock."""

    def __init__(self) -> None:
        self._failures: dict[str, deque[datetime]] = {}

    def _recent(self, address: str, now: datetime, window: timedelta) -> deque[datetime]:
        failures = self._failures.get(address, deque())
        while failures and failures[0] <= now - window:
            failures.popleft()
        if not failures:
            self._failures.pop(address, None)
        return failures

    def blocked(self, address: str | None, now: datetime, limit: int, window: timedelta) -> bool:
        """Whether this address has had `limit` failures within `window` before `now`."""
        if address is None or limit <= 0:
            return False
        return len(self._recent(address, now, window)) >= limit

    def record_failure(self, address: str | None, now: datetime, window: timedelta) -> None:
        """Count one failed login of this address."""
        if address is None:
            return
        failures = self._recent(address, now, window)
        if not failures:
            if len(self._failures) >= MAX_ADDRESSES:
                self._failures.pop(next(iter(self._failures)))
            self._failures[address] = failures
        failures.append(now)
