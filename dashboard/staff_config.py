"""Settings of staff login, given to the web app by the wiring (``dashboard.keys.STAFF_CONFIG``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from storage.models import utcnow

MIN_PASSWORD_LENGTH = 8


@dataclass(frozen=True)
class StaffConfig:
    """Session lifetime, lockout policy and the clock (injectable for tests)."""

    session_hours: float = 12.0
    lockout_attempts: int = 5
    lockout_minutes: float = 15.0
    clock: Callable[[], datetime] = field(default=utcnow)

    @property
    def session_lifetime(self) -> timedelta:
        """How long a login lasts (fixed from the moment of login)."""
        return timedelta(hours=self.session_hours)

    @property
    def lockout(self) -> timedelta:
        """How long an account stays locked after too many failed logins."""
        return timedelta(minutes=self.lockout_minutes)
