"""Settings of staff login, given to the web app by the wiring (``dashboard.keys.STAFF_CONFIG``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from storage.models import utcnow

MIN_PASSWORD_LENGTH = 10  # the rest of the password policy: dashboard/auth/password_policy.py


@dataclass(frozen=True)
class StaffConfig:
    """Session lifetime, lockout policy, per-address throttling and the clock (injectable)."""

    session_hours: float = 12.0
    lockout_attempts: int = 5
    lockout_minutes: float = 15.0
    # Failed logins from one address (any accounts) before it must wait, and the window.
    address_attempts: int = 20
    address_window_minutes: float = 15.0
    clock: Callable[[], datetime] = field(default=utcnow)

    @property
    def session_lifetime(self) -> timedelta:
        """How long a login lasts (fixed from the moment of login)."""
        return timedelta(hours=self.session_hours)

    @property
    def address_window(self) -> timedelta:
        """The sliding window of the per-address login throttle."""
        return timedelta(minutes=self.address_window_minutes)

    @property
    def lockout(self) -> timedelta:
        """How long an account stays locked after too many failed logins."""
        return timedelta(minutes=self.lockout_minutes)
