"""Report periods (weeks, months) and days on Vietnam wall-clock time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from domain.catalogue import t
from domain.sla import VN_TZ

KINDS = ("weekly", "monthly")


def day_start(value: date) -> datetime:
    """Midnight starting `value` in Vietnam time."""
    return datetime.combine(value, datetime.min.time(), VN_TZ)


def local_day(moment: datetime) -> date:
    """The Vietnam calendar day of a moment."""
    return moment.astimezone(VN_TZ).date()


def local_today(now: datetime | None = None) -> date:
    """Today in Vietnam (of `now` when given)."""
    return local_day(now or datetime.now(UTC))


def day(value: date) -> str:
    """Vietnamese date notation: 09/03/2026."""
    return value.strftime("%d/%m/%Y")


def kind_label(kind: str) -> str:
    """Vietnamese name of a report kind."""
    return t(f"stats_kind_{kind}")


def period_end(kind: str, start: date) -> date:
    """The day after the period that starts on `start`."""
    if kind == "weekly":
        return start + timedelta(days=7)
    return (start.replace(day=28) + timedelta(days=4)).replace(day=1)


def previous_period(kind: str, today: date) -> date:
    """Start of the last complete week (Monday) or month before `today`."""
    if kind == "weekly":
        return today - timedelta(days=today.weekday() + 7)
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def valid_start(kind: str, start: date, today: date) -> bool:
    """A Monday (weekly) or a 1st (monthly) of a period that has ended by `today`."""
    if kind not in KINDS:
        return False
    aligned = start.weekday() == 0 if kind == "weekly" else start.day == 1
    return aligned and period_end(kind, start) <= today


def period_values(kind: str, start: date) -> dict[str, str]:
    """``kind``, ``start`` and ``end`` (last day) as the catalogue's period messages show them."""
    last = period_end(kind, start) - timedelta(days=1)
    return {"kind": kind_label(kind), "start": day(start), "end": day(last)}


def period_heading(kind: str, start: date) -> str:
    """ "Báo cáo tuần từ 09/03/2026 đến 15/03/2026"."""
    return t("stats_report_heading", **period_values(kind, start))
