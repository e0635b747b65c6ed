"""Which deadline an open report has missed, and by how much (pure rules, no I/O)."""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from domain.statuses import ReportStatus, is_open


class OverdueKind(StrEnum):
    """The missed deadline; the Vietnamese labels are ``overdue_<code>`` in the catalogue."""

    TIEP_NHAN = "tiep_nhan"  # not accepted in time
    GIAI_QUYET = "giai_quyet"  # not resolved in time


def overdue_kind(
    report_status: ReportStatus | str,
    accept_due_at: datetime,
    resolve_due_at: datetime,
    now: datetime,
) -> OverdueKind | None:
    """The deadline an open report has passed, or None when it is on time or closed.

    A report is late for acceptance while it is still ``moi`` after ``accept_due_at``, and late
    for resolution while it is open after ``resolve_due_at``. A deadline is missed only once it
    is strictly in the past. When both are missed, resolution wins: it is the graver breach and
    the one the whole report is judged by. Times must be timezone-aware.
    """
    status = ReportStatus(report_status)
    if not is_open(status):
        return None
    if now > resolve_due_at:
        return OverdueKind.GIAI_QUYET
    if status is ReportStatus.MOI and now > accept_due_at:
        return OverdueKind.TIEP_NHAN
    return None


def missed_deadline(
    kind: OverdueKind, accept_due_at: datetime, resolve_due_at: datetime
) -> datetime:
    """The deadline that ``kind`` refers to."""
    return accept_due_at if kind is OverdueKind.TIEP_NHAN else resolve_due_at


def lateness(
    report_status: ReportStatus | str,
    accept_due_at: datetime,
    resolve_due_at: datetime,
    now: datetime,
) -> tuple[OverdueKind, timedelta] | None:
    """``overdue_kind`` with how long ago the missed deadline passed (wall-clock time)."""
    kind = overdue_kind(report_status, accept_due_at, resolve_due_at, now)
    if kind is None:
        return None
    return kind, now - missed_deadline(kind, accept_due_at, resolve_due_at)
