"""Staff operation: move a report along the lifecycle and tell the citizen."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import status_label, t
from domain.messages import Reply, ReplySender
from domain.statuses import ReportStatus, check_transition
from storage.models import ReportEvent
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


class ReportNotFound(LookupError):
    """No report has this tracking code."""


@dataclass(frozen=True)
class StatusChange:
    """What happened: the event stored and whether the citizen was told."""

    code: str
    previous: ReportStatus
    current: ReportStatus
    event_id: int
    notified: bool
    error: str | None = None


def status_message(code: str, status: ReportStatus, note: str | None) -> Reply:
    """The citizen-facing notice of a status change."""
    text = t("status_changed", code=code, status=status_label(status))
    if note:
        text += t("status_note", note=note)
    return Reply(text=text)


async def change_status(
    sessions: async_sessionmaker[AsyncSession],
    sender: ReplySender,
    code: str,
    target: ReportStatus,
    *,
    actor: str,
    public_note: str | None = None,
    internal_note: str | None = None,
) -> StatusChange:
    """Validate and store the change, commit, then notify the citizen in their chat.

    The event is committed before sending, so a failed delivery loses nothing: the event
    keeps ``notified_at`` empty and the error is returned.
    """
    async with UnitOfWork(sessions) as uow:
        report = await uow.reports.by_code(code, for_update=True)
        if report is None:
            raise ReportNotFound(code)
        previous = ReportStatus(report.status)
        check_transition(previous, target)
        now = datetime.now(UTC)
        report.status = target.value
        report.updated_at = now
        event = await uow.reports.add_event(
            ReportEvent(
                report_id=report.id,
                at=now,
                actor=actor,
                kind="status",
                from_status=previous.value,
                to_status=target.value,
                public_note=public_note,
                internal_note=internal_note,
            )
        )
        channel, chat_id, event_id = report.channel, report.chat_id, event.id
        await uow.commit()
    try:
        await sender.send(channel, chat_id, [status_message(code, target, public_note)])
    except Exception as exc:  # delivery is retried by staff; the change itself is kept
        log.warning("could not notify %s:%s about %s: %s", channel, chat_id, code, exc)
        return StatusChange(code, previous, target, event_id, notified=False, error=str(exc))
    async with UnitOfWork(sessions) as uow:
        await uow.reports.mark_notified(event_id, datetime.now(UTC))
        await uow.commit()
    return StatusChange(code, previous, target, event_id, notified=True)
