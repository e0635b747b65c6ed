"""Deadlines counted in working hours (Asia/Ho_Chi_Minh)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from domain.taxonomy import Urgency

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class WorkingCalendar:
    """Office hours, working weekdays and public holidays."""

    start: time = time(7, 30)
    end: time = time(17, 0)
    weekdays: frozenset[int] = frozenset({0, 1, 2, 3, 4})  # Monday = 0
    holidays: frozenset[date] = field(default_factory=frozenset)

    def is_working_day(self, day: date) -> bool:
        """True on a weekday that is not a holiday."""
        return day.weekday() in self.weekdays and day not in self.holidays

    def add_working_hours(self, moment: datetime, hours: float) -> datetime:
        """The moment `hours` of office time after `moment` (aware, returned in VN time)."""
        current = moment.astimezone(VN_TZ)
        remaining = timedelta(hours=hours)
        while True:
            day = current.date()
            day_start = datetime.combine(day, self.start, VN_TZ)
            day_end = datetime.combine(day, self.end, VN_TZ)
            if not self.is_working_day(day) or current >= day_end:
                current = datetime.combine(day + timedelta(days=1), self.start, VN_TZ)
                continue
            current = max(current, day_start)
            available = day_end - current
            if remaining <= available:
                return current + remaining
            remaining -= available
            current = datetime.combine(day + timedelta(days=1), self.start, VN_TZ)

    def add_working_days(self, moment: datetime, days: int) -> datetime:
        """End of office hours on the `days`-th working day after `moment`."""
        current = moment.astimezone(VN_TZ).date()
        counted = 0
        while counted < days:
            current += timedelta(days=1)
            if self.is_working_day(current):
                counted += 1
        return datetime.combine(current, self.end, VN_TZ)


@dataclass(frozen=True)
class SlaRules:
    """Acceptance and resolution deadlines."""

    accept_hours: float = 8
    accept_hours_urgent: float = 4
    resolve_working_days: int = 10
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar)

    def accept_by(self, received: datetime, urgency: Urgency) -> datetime:
        """When the report must be accepted."""
        hours = self.accept_hours_urgent if urgency is Urgency.CAO else self.accept_hours
        return self.calendar.add_working_hours(received, hours)

    def resolve_by(self, received: datetime) -> datetime:
        """When the report must be answered with a resolution."""
        return self.calendar.add_working_days(received, self.resolve_working_days)
