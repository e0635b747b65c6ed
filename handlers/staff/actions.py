"""Staff operations on a report: every change is an event, audited, and the citizen is told.

The shared machinery (loading, recording, delivering) is handlers.staff.action_core; merging
and undoing a merge is handlers.staff.merges.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from domain.catalogue import format_datetime, t
from domain.messages import Button, Reply
from domain.roles import StaffActor
from domain.statuses import ReportStatus, check_transition
from domain.taxonomy import CATEGORY_CODES, URGENCY_CODES
from handlers.citizen.report_service import report_search_text
from handlers.staff.action_core import ActionError, ActionResult, Notice, clean_note
from handlers.staff.merges import MergeActions
from handlers.staff.notices import describe_changes, fixed_question, status_notice
from handlers.staff.queue_actions import QueueActions
from storage.models import ReportEvent

__all__ = ["ActionError", "ActionResult", "StaffActions", "corrections_from_events"]


class StaffActions(MergeActions, QueueActions):
    """The staff operations used by the dashboard, the staff Telegram group and the CLI."""

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
            report = await self.load(uow, actor, code)
            if report.merged_into_id is not None:  # «Tách» reopens it and its followers
                raise ActionError("action_merged_use_unmerge", code=report.code)
            previous = ReportStatus(report.status)
            check_transition(previous, target)
            report.status = target.value
            now = datetime.now(UTC)
            if target is ReportStatus.DA_TIEP_NHAN and report.accepted_at is None:
                report.accepted_at = now
            if target is ReportStatus.DA_GIAI_QUYET:
                report.resolved_at, report.fixed_confirmed, report.rating = now, None, None
            replies = [status_notice(report.code, target, public_note)]
            question = (
                (fixed_question(report.code),) if target is ReportStatus.DA_GIAI_QUYET else ()
            )
            notice = await self.to_followers(uow, report, replies, question)
            event = ReportEvent(
                kind="status",
                from_status=previous.value,
                to_status=target.value,
                public_note=public_note,
                internal_note=internal_note,
            )
            return await self.finish(
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
            report = await self.load(uow, actor, code)
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
            return await self.finish(uow, actor, report, event, "report_correct", changes, None)

    async def assign(
        self, actor: StaffActor, code: str, unit: str, note: str | None = None
    ) -> ActionResult:
        """Record the agency or unit in charge (internal)."""
        unit = unit.strip()
        if not unit:
            raise ActionError("action_empty_text")
        async with self.db.uow() as uow:
            report = await self.load(uow, actor, code)
            previous, report.assigned_unit = report.assigned_unit, unit[:200]
            event = ReportEvent(kind="assign", internal_note=note)
            return await self.finish(
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
            report = await self.load(uow, actor, code)
            previous, report.resolve_due_at = report.resolve_due_at, resolve_by
            deadline = format_datetime(resolve_by)
            reason = clean_note(reason) if reason and reason.strip() else None
            text = t("deadline_changed", code=report.code, deadline=deadline)
            if reason:  # the reason the form says goes to the citizen does
                text = t(
                    "deadline_changed_reason", code=report.code, deadline=deadline, reason=reason
                )
            notice = await self.to_followers(uow, report, [Reply(text=text)])
            event = ReportEvent(kind="deadline", public_note=reason)
            details = {"old": previous.isoformat(), "new": resolve_by.isoformat()}
            return await self.finish(uow, actor, report, event, "report_deadline", details, notice)

    async def reply(self, actor: StaffActor, code: str, text: str) -> ActionResult:
        """A public answer, delivered in the chat the report came from."""
        text = clean_note(text)
        async with self.db.uow() as uow:
            report = await self.load(uow, actor, code)
            message = t("staff_reply", code=report.code, text=text)
            notice = await self.to_followers(uow, report, [Reply(text=message)])
            event = ReportEvent(kind="reply", public_note=text)
            return await self.finish(uow, actor, report, event, "report_reply", {}, notice)

    async def ask(self, actor: StaffActor, code: str, question: str) -> ActionResult:
        """Ask the citizen; their answer (after pressing «Trả lời») joins the timeline."""
        question = clean_note(question)
        async with self.db.uow() as uow:
            report = await self.load(uow, actor, code)
            reply = Reply(
                text=t("staff_question", code=report.code, question=question),
                buttons=[[Button(t("btn_answer"), callback_data=f"answer:{report.code}")]],
            )
            notice = Notice([(report.channel, report.chat_id)], [reply])
            event = ReportEvent(kind="question", public_note=question)
            return await self.finish(uow, actor, report, event, "report_ask", {}, notice)

    async def note(self, actor: StaffActor, code: str, text: str) -> ActionResult:
        """An internal note the citizen never sees."""
        text = clean_note(text)
        async with self.db.uow() as uow:
            report = await self.load(uow, actor, code)
            event = ReportEvent(kind="note", internal_note=text)
            return await self.finish(uow, actor, report, event, "report_note", {}, None)


def corrections_from_events(events: Sequence[ReportEvent]) -> list[tuple[str, str]]:
    """(text, corrected category) pairs for training, from correction events."""
    pairs: list[tuple[str, str]] = []
    for event in events:
        change = (event.details or {}).get("category")
        if event.kind == "correction" and isinstance(change, dict) and event.details.get("text"):
            pairs.append((str(event.details["text"]), str(change["new"])))
    return pairs
