"""Staff operations on a report: every change is an event, audited, and the citizen is told.

Each operation commits before anything is sent, so a failed delivery never loses the change;
the result says whether the citizen was notified. Notices for a report also go to the chats
of the reports merged into it, so those citizens follow the main report.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from domain.catalogue import format_datetime, status_label, t
from domain.delivery import Delivered, DeliveryPort, deliver_all, describe
from domain.messages import Button, Reply
from domain.roles import StaffActor, can_triage
from domain.statuses import ReportStatus, check_transition
from domain.taxonomy import CATEGORY_CODES, URGENCY_CODES
from domain.telegram_html import plain_text
from handlers.citizen.report_service import report_search_text
from handlers.staff.notices import (
    can_receive_messages,
    describe_changes,
    fixed_question,
    status_notice,
)
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
class _Notice:
    recipients: list[tuple[str, str]]  # (channel, chat_id)
    replies: list[Reply]


class StaffActions:
    """The staff operations used by the dashboard, the staff Telegram group and the CLI."""

    def __init__(self, db: Database, delivery: DeliveryPort) -> None:
        self.db = db
        self.delivery = delivery

    async def _load(self, uow: UnitOfWork, actor: StaffActor, code: str) -> Report:
        if not can_triage(actor.role):
            raise ActionError("action_forbidden")
        report = await uow.reports.by_code(code, for_update=True)
        if report is None or not actor.sees_place(report.place_code):
            raise ActionError("action_report_not_found", code=code)
        return report

    async def _to_followers(self, uow: UnitOfWork, report: Report, replies: list[Reply]) -> _Notice:
        """The replies for the report's chat and the chats of the reports merged into it."""
        merged = [(f.channel, f.chat_id) for f in await uow.reports.followers(report.id)]
        return _Notice(list(dict.fromkeys([(report.channel, report.chat_id), *merged])), replies)

    async def _finish(
        self,
        uow: UnitOfWork,
        actor: StaffActor,
        report: Report,
        event: ReportEvent,
        action: str,
        details: dict[str, Any],
        notice: _Notice | None,
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
        return await self._deliver(report.code, event_id, notice)

    async def _deliver(self, code: str, event_id: int, notice: _Notice) -> ActionResult:
        recipients = [r for r in notice.recipients if can_receive_messages(r[0])]
        if not recipients:
            return ActionResult(code, event_id, unreachable=True)
        errors: list[str] = []
        for channel, chat_id in recipients:
            outcome = await deliver_all(self.delivery, channel, chat_id, notice.replies)
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

    async def set_status(
        self,
        actor: StaffActor,
        code: str,
        target: ReportStatus,
        *,
        public_note: str | None = None,
        internal_note: str | None = None,
    ) -> ActionResult:
        """Move along the transition table; resolution asks the citizen to confirm and rate."""
        async with self.db.uow() as uow:
            report = await self._load(uow, actor, code)
            previous = ReportStatus(report.status)
            check_transition(previous, target)
            report.status = target.value
            now = datetime.now(UTC)
            if target is ReportStatus.DA_TIEP_NHAN and report.accepted_at is None:
                report.accepted_at = now
            if target is ReportStatus.DA_GIAI_QUYET:
                report.resolved_at, report.fixed_confirmed, report.rating = now, None, None
            replies = [status_notice(report.code, target, public_note)]
            if target is ReportStatus.DA_GIAI_QUYET:
                replies.append(fixed_question(report.code))
            notice = await self._to_followers(uow, report, replies)
            event = ReportEvent(
                kind="status",
                from_status=previous.value,
                to_status=target.value,
                public_note=public_note,
                internal_note=internal_note,
            )
            return await self._finish(
                uow,
                actor,
                report,
                event,
                "report_status",
                {"from": previous.value, "to": target.value},
                notice,
            )

    async def accept(self, actor: StaffActor, code: str, note: str | None = None) -> ActionResult:
        """Accept a new report (Mới gửi -> Đã tiếp nhận)."""
        return await self.set_status(actor, code, ReportStatus.DA_TIEP_NHAN, public_note=note)

    async def correct(
        self,
        actor: StaffActor,
        code: str,
        *,
        category: str | None = None,
        urgency: str | None = None,
        place_code: str | None = None,
        place_name: str | None = None,
    ) -> ActionResult:
        """Fix the NLP's reading; the old and new values feed `python -m nlp train`."""
        if category is not None and category not in CATEGORY_CODES:
            raise ActionError("action_bad_category")
        if urgency is not None and urgency not in URGENCY_CODES:
            raise ActionError("action_bad_urgency")
        async with self.db.uow() as uow:
            report = await self._load(uow, actor, code)
            changes: dict[str, Any] = {}
            for field, value in (
                ("category", category),
                ("urgency", urgency),
                ("place_code", place_code),
                ("place_name", place_name),
            ):
                if value is not None and value != getattr(report, field):
                    changes[field] = {"old": getattr(report, field), "new": value}
                    setattr(report, field, value)
            if not changes:
                raise ActionError("action_nothing_changed")
            if "place_name" in changes:
                report.search_text = report_search_text(report)
            changes["text"] = report.text
            event = ReportEvent(kind="correction", internal_note=describe_changes(changes))
            return await self._finish(uow, actor, report, event, "report_correct", changes, None)

    async def assign(
        self, actor: StaffActor, code: str, unit: str, note: str | None = None
    ) -> ActionResult:
        """Record the agency or unit in charge (internal)."""
        unit = unit.strip()
        if not unit:
            raise ActionError("action_empty_text")
        async with self.db.uow() as uow:
            report = await self._load(uow, actor, code)
            previous, report.assigned_unit = report.assigned_unit, unit[:200]
            event = ReportEvent(kind="assign", internal_note=note)
            return await self._finish(
                uow,
                actor,
                report,
                event,
                "report_assign",
                {"old": previous, "new": report.assigned_unit},
                None,
            )

    async def set_deadline(
        self, actor: StaffActor, code: str, resolve_by: datetime, reason: str | None = None
    ) -> ActionResult:
        """Set or extend the resolution deadline; the citizen is told the new date."""
        if resolve_by.tzinfo is None or resolve_by <= datetime.now(UTC):
            raise ActionError("action_bad_deadline")
        async with self.db.uow() as uow:
            report = await self._load(uow, actor, code)
            previous, report.resolve_due_at = report.resolve_due_at, resolve_by
            text = t("deadline_changed", code=report.code, deadline=format_datetime(resolve_by))
            notice = await self._to_followers(uow, report, [Reply(text=text)])
            event = ReportEvent(kind="deadline", public_note=reason)
            details = {"old": previous.isoformat(), "new": resolve_by.isoformat()}
            return await self._finish(uow, actor, report, event, "report_deadline", details, notice)

    async def reply(self, actor: StaffActor, code: str, text: str) -> ActionResult:
        """A public answer, delivered in the chat the report came from."""
        text = _clean(text)
        async with self.db.uow() as uow:
            report = await self._load(uow, actor, code)
            message = t("staff_reply", code=report.code, text=text)
            notice = await self._to_followers(uow, report, [Reply(text=message)])
            event = ReportEvent(kind="reply", public_note=text)
            return await self._finish(uow, actor, report, event, "report_reply", {}, notice)

    async def ask(self, actor: StaffActor, code: str, question: str) -> ActionResult:
        """Ask the citizen; their answer (after pressing «Trả lời») joins the timeline."""
        question = _clean(question)
        async with self.db.uow() as uow:
            report = await self._load(uow, actor, code)
            reply = Reply(
                text=t("staff_question", code=report.code, question=question),
                buttons=[[Button(t("btn_answer"), callback_data=f"answer:{report.code}")]],
            )
            notice = _Notice([(report.channel, report.chat_id)], [reply])
            event = ReportEvent(kind="question", public_note=question)
            return await self._finish(uow, actor, report, event, "report_ask", {}, notice)

    async def note(self, actor: StaffActor, code: str, text: str) -> ActionResult:
        """An internal note the citizen never sees."""
        text = _clean(text)
        async with self.db.uow() as uow:
            report = await self._load(uow, actor, code)
            event = ReportEvent(kind="note", internal_note=text)
            return await self._finish(uow, actor, report, event, "report_note", {}, None)

    async def merge(self, actor: StaffActor, duplicate_code: str, main_code: str) -> ActionResult:
        """Close a duplicate into the main report; its citizen then follows the main report."""
        if duplicate_code == main_code:
            raise ActionError("action_merge_self")
        async with self.db.uow() as uow:
            main = await self._load(uow, actor, main_code)
            duplicate = await self._load(uow, actor, duplicate_code)
            if main.merged_into_id is not None:
                raise ActionError("action_merge_into_merged", code=main.code)
            previous = ReportStatus(duplicate.status)
            check_transition(previous, ReportStatus.TRUNG_LAP)
            duplicate.status, duplicate.merged_into_id = ReportStatus.TRUNG_LAP.value, main.id
            for report in await uow.reports.followers(
                duplicate.id
            ):  # keep one level: followers of the duplicate follow the main
                report.merged_into_id = main.id
            text = t(
                "merged_notice",
                code=duplicate.code,
                main=main.code,
                status=status_label(main.status),
            )
            notice = _Notice([(duplicate.channel, duplicate.chat_id)], [Reply(text=text)])
            event = ReportEvent(
                kind="merge",
                from_status=previous.value,
                to_status=ReportStatus.TRUNG_LAP.value,
                public_note=t("merged_note", main=main.code),
            )
            return await self._finish(
                uow, actor, duplicate, event, "report_merge", {"main": main.code}, notice
            )


def _clean(text: str) -> str:
    text = plain_text(text or "").strip()  # notes reach citizens as plain text
    if not text:
        raise ActionError("action_empty_text")
    return text[:4000]


def corrections_from_events(events: Sequence[ReportEvent]) -> list[tuple[str, str]]:
    """(text, corrected category) pairs for training, from correction events."""
    pairs: list[tuple[str, str]] = []
    for event in events:
        change = (event.details or {}).get("category")
        if event.kind == "correction" and isinstance(change, dict) and event.details.get("text"):
            pairs.append((str(event.details["text"]), str(change["new"])))
    return pairs
