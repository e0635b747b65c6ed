"""The queue's daily work: a named officer in charge, and e-mail to Open311 requesters.

Each change is an event in the report's timeline and an audit entry, like every staff action.
Bulk changes are handlers.staff.bulk.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from domain.catalogue import t
from domain.delivery import Channel, DeliveryPort
from domain.roles import StaffActor
from handlers.staff.action_core import ActionError, ActionResult, ActionsCore
from handlers.staff.mail import Mailer
from storage.database import Database
from storage.models import Report, ReportEvent
from storage.queue_work import officer_covers

EMAIL_PREFIX = "email:"  # an Open311 requester's id when they gave an e-mail address
EMAIL_KINDS = ("reply", "question")


def requester_email(report: Report) -> str | None:
    """The e-mail address an Open311 requester gave, if any."""
    if report.channel != Channel.OPEN311.value or not report.chat_id.startswith(EMAIL_PREFIX):
        return None
    return report.chat_id.removeprefix(EMAIL_PREFIX) or None


@dataclass(frozen=True)
class EmailResult:
    """The e-mail's outcome and the timeline event recording it."""

    code: str
    event_id: int
    sent: bool
    to: str
    error: str | None = None


class QueueActions(ActionsCore):
    """Assignment to officers, bulk actions and e-mail, on top of the shared machinery."""

    def __init__(self, db: Database, delivery: DeliveryPort, mailer: Mailer | None = None) -> None:
        super().__init__(db, delivery)
        self.mailer = mailer

    async def assign_officer(
        self, actor: StaffActor, code: str, staff_id: int | None, note: str | None = None
    ) -> ActionResult:
        """Put a named officer in charge (None: nobody); only officers of the report's ward
        or admins may be chosen."""
        async with self.db.uow() as uow:
            report = await self.load(uow, actor, code)
            name: str | None = None
            if staff_id is not None:
                user = await uow.staff.get(staff_id)
                if (
                    user is None
                    or not user.active
                    or user.role not in ("admin", "can_bo")
                    or not officer_covers(user, report.place_code)
                ):
                    raise ActionError("action_officer_outside", code=report.code)
                name = user.full_name or user.username
            previous = report.assigned_staff_id
            if previous == staff_id:
                raise ActionError("action_nothing_changed")
            old_name = None
            if previous is not None:
                old_name = (await uow.queue_work.staff_names([previous])).get(previous)
            report.assigned_staff_id = staff_id
            event = ReportEvent(kind="assign_officer", internal_note=note)
            details = {"old": previous, "new": staff_id, "old_name": old_name, "new_name": name}
            return await self.finish(
                uow, actor, report, event, "report_assign_officer", details, None
            )

    async def email_requester(
        self, actor: StaffActor, code: str, kind: str, text: str
    ) -> EmailResult:
        """E-mail a reply or question to the Open311 requester; the outcome joins the timeline."""
        if self.mailer is None:
            raise ActionError("action_email_not_configured")
        if kind not in EMAIL_KINDS:
            raise ActionError("action_email_none", code=code)
        async with self.db.uow() as uow:
            report = await self.load(uow, actor, code)
            to = requester_email(report)
            if to is None:
                raise ActionError("action_email_none", code=report.code)
            report_code = report.code
        subject = t(f"mail_subject_{kind}", code=report_code)
        body = t(f"mail_body_{kind}", code=report_code, text=text)
        sent = await self.mailer.send(to, subject, body)
        async with self.db.uow() as uow:
            report = await self.load(uow, actor, report_code)
            details = {"to": to, "kind": kind, "sent": sent.sent, "error": sent.error}
            event = ReportEvent(kind="email", public_note=text)
            if sent.sent:
                event.notified_at = datetime.now(UTC)
            result = await self.finish(uow, actor, report, event, "report_email", details, None)
        return EmailResult(report_code, result.event_id, sent.sent, to, sent.error)
