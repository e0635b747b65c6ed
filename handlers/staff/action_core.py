"""What every staff operation shares: loading the report, recording the event, telling people.

Each operation commits before anything is sent, so a failed delivery never loses the change;
the result says whether the citizen was notified. Notices for a report also go to the chats
of the reports merged into it, so those citizens follow the main report; buttons that only the
report's own citizen can use (is it fixed?) go to that citizen alone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from domain.catalogue import t
from domain.delivery import Delivered, DeliveryPort, deliver_all, describe
from domain.messages import Reply
from domain.roles import StaffActor, can_triage
from domain.telegram_html import plain_text
from handlers.staff.notices import can_receive_messages
from storage.database import Database
from storage.models import Report, ReportEvent
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)


class ActionError(Exception):
    """A refused staff action; `key` is the catalogue key of the Vietnamese explanation."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(t(key, **values))
        self.key = key


@dataclass(frozen=True)
class ActionResult:
    """The stored event and the delivery outcome (None when nothing had to be sent).

    ``unreachable`` is set when there was something to send but no recipient can receive
    messages (a report filed through Open311): nothing was delivered, nobody was told.
    """

    code: str
    event_id: int
    notified: bool | None = None
    error: str | None = None
    unreachable: bool = False


@dataclass(frozen=True)
class Notice:
    recipients: list[tuple[str, str]]  # (channel, chat_id); the report's own chat first
    replies: list[Reply]
    owner_replies: tuple[Reply, ...] = ()  # with buttons only the report's citizen can use


class ActionsCore:
    """Loading a report for an officer, recording the event, telling the citizens."""

    def __init__(self, db: Database, delivery: DeliveryPort) -> None:
        self.db = db
        self.delivery = delivery

    async def load(self, uow: UnitOfWork, actor: StaffActor, code: str) -> Report:
        if not can_triage(actor.role):
            raise ActionError("action_forbidden")
        report = await uow.reports.by_code(code, for_update=True)
        if report is None or not actor.sees_place(report.place_code):
            raise ActionError("action_report_not_found", code=code)
        return report

    async def to_followers(
        self,
        uow: UnitOfWork,
        report: Report,
        replies: list[Reply],
        owner_replies: tuple[Reply, ...] = (),
    ) -> Notice:
        """The replies for the report's chat and the chats of the reports merged into it."""
        merged = [(f.channel, f.chat_id) for f in await uow.reports.followers(report.id)]
        recipients = list(dict.fromkeys([(report.channel, report.chat_id), *merged]))
        return Notice(recipients, replies, owner_replies)

    async def finish(
        self,
        uow: UnitOfWork,
        actor: StaffActor,
        report: Report,
        event: ReportEvent,
        action: str,
        details: dict[str, Any],
        notice: Notice | None,
    ) -> ActionResult:
        now = datetime.now(UTC)
        event.report_id, event.at, event.actor = report.id, now, actor.username
        event.details = details
        report.updated_at = now
        await uow.reports.add_event(event)
        await uow.audit.record(actor.username, action, report.code, details, actor.ip)
        event_id = event.id
        await uow.commit()
        if notice is None:
            return ActionResult(report.code, event_id)
        return await self.deliver(report.code, event_id, notice)

    async def deliver(self, code: str, event_id: int, notice: Notice) -> ActionResult:
        recipients = [r for r in notice.recipients if can_receive_messages(r[0])]
        if not recipients:
            return ActionResult(code, event_id, unreachable=True)
        errors: list[str] = []
        owner = notice.recipients[0]
        for channel, chat_id in recipients:
            replies = notice.replies
            if (channel, chat_id) == owner:
                replies = [*replies, *notice.owner_replies]
            outcome = await deliver_all(self.delivery, channel, chat_id, replies)
            if not isinstance(outcome, Delivered):  # the change is kept; staff see the failure
                reason = describe(outcome)
                log.warning("could not notify %s:%s about %s: %s", channel, chat_id, code, reason)
                errors.append(reason)
        if len(errors) == len(recipients):
            return ActionResult(code, event_id, notified=False, error="; ".join(errors))
        async with self.db.uow() as uow:
            await uow.reports.mark_notified(event_id, datetime.now(UTC))
            await uow.commit()
        return ActionResult(code, event_id, notified=True, error="; ".join(errors) or None)


def clean_note(text: str) -> str:
    text = plain_text(text or "").strip()  # notes reach citizens as plain text
    if not text:
        raise ActionError("action_empty_text")
    return text[:4000]
