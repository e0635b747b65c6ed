"""Merging a duplicate into a main report, and undoing it; both timelines record each step.

A merged duplicate is closed as «Trùng lặp» and points at the main report; its citizen (and the
citizens already following it) then follow the main report. Undoing the merge puts the duplicate
back in the status it had, gives it back the followers it brought, and tells its citizen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from domain.catalogue import status_label, t
from domain.messages import Reply
from domain.roles import StaffActor
from domain.statuses import ReportStatus, check_transition
from handlers.staff.action_core import ActionError, ActionResult, ActionsCore, Notice
from storage.models import Report, ReportEvent
from storage.uow import UnitOfWork

MERGE = "merge"  # on the duplicate: it joined the main report
MERGED_IN = "merged_in"  # on the main report: a duplicate joined it
UNMERGE = "unmerge"  # on the duplicate: it left the main report
UNMERGED_OUT = "unmerged_out"  # on the main report: a duplicate left it


@dataclass(frozen=True)
class MergeRecord:
    """What the last merge of a duplicate changed, so that it can be undone."""

    previous: ReportStatus = ReportStatus.DA_TIEP_NHAN
    followers: list[str] = field(default_factory=list)


async def join(uow: UnitOfWork, duplicate: Report, main: Report) -> list[str]:
    """Close `duplicate` into `main`; its followers follow `main` too (one level). Their codes."""
    duplicate.status, duplicate.merged_into_id = ReportStatus.TRUNG_LAP.value, main.id
    moved: list[str] = []
    for follower in await uow.reports.followers(duplicate.id):
        follower.merged_into_id = main.id
        moved.append(follower.code)
    return moved


async def last_merge(uow: UnitOfWork, duplicate: Report) -> MergeRecord:
    """The status before the latest merge and the followers it moved (defaults when unknown)."""
    for event in reversed(list(await uow.reports.events(duplicate.id))):
        if event.kind != MERGE:
            continue
        details: dict[str, Any] = event.details or {}
        try:
            previous = ReportStatus(event.from_status or "")
        except ValueError:
            previous = ReportStatus.DA_TIEP_NHAN
        if previous is ReportStatus.TRUNG_LAP:
            previous = ReportStatus.DA_TIEP_NHAN
        return MergeRecord(previous, [str(code) for code in details.get("followers") or []])
    return MergeRecord()


async def split(uow: UnitOfWork, duplicate: Report, main: Report, record: MergeRecord) -> None:
    """Undo `join`: the duplicate reopens in its earlier status with the followers it brought."""
    duplicate.status, duplicate.merged_into_id = record.previous.value, None
    brought = set(record.followers)
    for follower in await uow.reports.followers(main.id):
        if follower.code in brought:
            follower.merged_into_id = duplicate.id


async def record_on(
    uow: UnitOfWork, report: Report, actor: str, kind: str, details: dict[str, Any]
) -> None:
    """An event on the other report of a merge (its own timeline shows the link)."""
    now = datetime.now(UTC)
    report.updated_at = now
    await uow.reports.add_event(
        ReportEvent(report_id=report.id, at=now, actor=actor, kind=kind, details=details)
    )


class MergeActions(ActionsCore):
    """Merge and undo a merge (the rest of the staff operations: handlers.staff.actions)."""

    async def merge(self, actor: StaffActor, duplicate_code: str, main_code: str) -> ActionResult:
        """Close a duplicate into the main report; its citizen then follows the main report."""
        if duplicate_code == main_code:
            raise ActionError("action_merge_self")
        async with self.db.uow() as uow:
            main = await self.load(uow, actor, main_code)
            duplicate = await self.load(uow, actor, duplicate_code)
            if main.merged_into_id is not None:
                raise ActionError("action_merge_into_merged", code=main.code)
            previous = ReportStatus(duplicate.status)
            check_transition(previous, ReportStatus.TRUNG_LAP)
            moved = await join(uow, duplicate, main)
            await record_on(uow, main, actor.username, MERGED_IN, {"duplicate": duplicate.code})
            status = status_label(main.status)
            text = t("merged_notice", code=duplicate.code, main=main.code, status=status)
            notice = Notice([(duplicate.channel, duplicate.chat_id)], [Reply(text=text)])
            event = ReportEvent(
                kind=MERGE,
                from_status=previous.value,
                to_status=ReportStatus.TRUNG_LAP.value,
                public_note=t("merged_note", main=main.code),
            )
            details = {"main": main.code, "followers": moved}
            return await self.finish(uow, actor, duplicate, event, "report_merge", details, notice)

    async def unmerge(self, actor: StaffActor, code: str) -> ActionResult:
        """Undo a merge: the duplicate is handled on its own again, its citizen is told."""
        async with self.db.uow() as uow:
            duplicate = await self.load(uow, actor, code)
            main_code = (
                await uow.report_queries.report_code(duplicate.merged_into_id)
                if duplicate.merged_into_id is not None
                else None
            )
            main = await uow.reports.by_code(main_code, for_update=True) if main_code else None
            if main is None:
                raise ActionError("action_not_merged", code=duplicate.code)
            record = await last_merge(uow, duplicate)
            await split(uow, duplicate, main, record)
            await record_on(uow, main, actor.username, UNMERGED_OUT, {"duplicate": duplicate.code})
            status = status_label(record.previous)
            text = t("unmerged_notice", code=duplicate.code, main=main.code, status=status)
            notice = await self.to_followers(uow, duplicate, [Reply(text=text)])
            event = ReportEvent(
                kind=UNMERGE,
                from_status=ReportStatus.TRUNG_LAP.value,
                to_status=record.previous.value,
                public_note=t("unmerged_note", main=main.code),
            )
            details = {"main": main.code, "to": record.previous.value}
            return await self.finish(
                uow, actor, duplicate, event, "report_unmerge", details, notice
            )
