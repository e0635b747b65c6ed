"""Repositories: queries over one session. They never commit; the unit of work does."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import bindparam, delete, func, select, update

from storage.base import Repository
from storage.models import (
    Attachment,
    Citizen,
    Consent,
    Conversation,
    ProcessedUpdate,
    Report,
    ReportEvent,
    WebchatMessage,
    utcnow,
)

# The statements every turn runs, built once (each call only binds its values).
_CITIZEN = select(Citizen).where(
    Citizen.channel == bindparam("channel"), Citizen.external_id == bindparam("external_id")
)
_CONVERSATION = select(Conversation).where(
    Conversation.channel == bindparam("channel"), Conversation.chat_id == bindparam("chat_id")
)
_PROCESSED = select(ProcessedUpdate.id, ProcessedUpdate.at).where(
    ProcessedUpdate.channel == bindparam("channel"),
    ProcessedUpdate.update_key == bindparam("update_key"),
)


class CitizenRepository(Repository):
    """Citizens and their consents."""

    async def get(self, channel: str, external_id: str) -> Citizen | None:
        """The citizen with this channel identity, if they consented."""
        params = {"channel": channel, "external_id": external_id}
        return (await self.session.execute(_CITIZEN, params)).scalar_one_or_none()

    async def get_by_id(self, citizen_id: int) -> Citizen | None:
        """The citizen with this id."""
        return await self.session.get(Citizen, citizen_id)

    async def record_consent(
        self,
        channel: str,
        external_id: str,
        chat_id: str,
        display_name: str | None,
        notice_version: str,
        granted: bool,
    ) -> Citizen | None:
        """Create or update the citizen on consent; on refusal store nothing new."""
        citizen = await self.get(channel, external_id)
        if citizen is None and not granted:
            return None
        now = utcnow()
        if citizen is None:
            citizen = Citizen(
                channel=channel,
                external_id=external_id,
                chat_id=chat_id,
                display_name=display_name,
                created_at=now,
            )
            self.session.add(citizen)
        apply_consent(citizen, chat_id, display_name, granted, now)
        await self.session.flush()
        self.session.add(consent_record(citizen.id, notice_version, granted, now))
        return citizen

    async def personal_data(self, citizen: Citizen) -> PersonalData:
        """What is held about this citizen, as the citizen is told it."""
        mine = Report.citizen_id == citizen.id
        counts = (
            await self.session.execute(
                select(
                    func.count(Report.id),
                    func.count(Report.contact_phone),
                    func.count(Report.id).filter(Report.chat_id != ""),
                ).where(mine)
            )
        ).one()
        return held_data(citizen, int(counts[0]), int(counts[1]), int(counts[2]))

    async def erase_personal_data(self, citizen: Citizen) -> PersonalData:
        """Withdraw consent, blank the personal fields of the citizen and of their reports.

        The reports stay, anonymised and no longer linked to the chat. Returns what was held
        before, which is what was erased.
        """
        held = await self.personal_data(citizen)
        now = utcnow()
        apply_erasure(citizen, now)
        await self.session.execute(
            update(Report)
            .where(Report.citizen_id == citizen.id)
            .values(contact_phone=None, anonymous=True, chat_id="")
        )
        self.session.add(consent_record(citizen.id, ERASURE, False, now))
        return held


ERASURE = "erase"  # the notice version recorded when a citizen erases their data


def apply_consent(
    citizen: Citizen, chat_id: str, display_name: str | None, granted: bool, now: datetime
) -> None:
    """The citizen's fields after a consent decision (the rule every store applies)."""
    citizen.consented_at = now if granted else None
    citizen.erased_at = None if granted else citizen.erased_at
    citizen.chat_id = chat_id
    if granted:
        citizen.display_name = display_name


@dataclass(frozen=True)
class PersonalData:
    """The personal data held about one citizen (Nghị định 13/2023/NĐ-CP, Điều 9 and 16)."""

    name: str | None
    phone: str | None
    chat_linked: bool  # the chat account is known, so the bot can write to it
    reports: int
    reports_with_phone: int
    reports_linked: int  # reports that can still reach the chat

    @property
    def empty(self) -> bool:
        """True when nothing personal is held."""
        return not (
            self.name
            or self.phone
            or self.chat_linked
            or self.reports_with_phone
            or self.reports_linked
        )


def held_data(citizen: Citizen, reports: int, with_phone: int, linked: int) -> PersonalData:
    """The summary of what is held (the rule every store applies)."""
    return PersonalData(
        name=citizen.display_name,
        phone=citizen.phone,
        chat_linked=citizen.erased_at is None,
        reports=reports,
        reports_with_phone=with_phone,
        reports_linked=linked,
    )


def apply_erasure(citizen: Citizen, now: datetime) -> None:
    """The citizen's fields after erasure: no personal data, no chat link, no consent."""
    citizen.display_name = None
    citizen.phone = None
    citizen.consented_at = None
    citizen.erased_at = now
    citizen.chat_id = ""
    citizen.external_id = f"erased:{citizen.id}"  # the chat account no longer leads here


def consent_record(citizen_id: int, notice_version: str, granted: bool, now: datetime) -> Consent:
    """The audit row of one consent decision (reporting purpose)."""
    return Consent(
        citizen_id=citizen_id,
        purpose="phan_anh",
        notice_version=notice_version,
        granted=granted,
        at=now,
    )


class ReportRepository(Repository):
    """Reports and their events."""

    async def add(self, report: Report, event: ReportEvent) -> Report:
        """Insert a report with its creation event."""
        self.session.add(report)
        await self.session.flush()
        event.report_id = report.id
        self.session.add(event)
        await self.session.flush()
        return report

    async def by_code(self, code: str, *, for_update: bool = False) -> Report | None:
        """The report with this tracking code."""
        stmt = select(Report).where(Report.code == code)
        if for_update:
            stmt = stmt.with_for_update()
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def followers(self, report_id: int) -> list[Report]:
        """The reports merged into this one (their citizens follow it)."""
        stmt = select(Report).where(Report.merged_into_id == report_id).order_by(Report.id)
        return list((await self.session.execute(stmt)).scalars())

    async def code_exists(self, code: str) -> bool:
        """True when the tracking code is taken."""
        stmt = select(func.count()).select_from(Report).where(Report.code == code)
        return bool((await self.session.execute(stmt)).scalar_one())

    async def for_citizen(self, citizen_id: int, limit: int = 10) -> Sequence[Report]:
        """A citizen's latest reports, newest first."""
        stmt = (
            select(Report)
            .where(Report.citizen_id == citizen_id)
            .order_by(Report.created_at.desc(), Report.id.desc())
            .limit(limit)
        )
        return (await self.session.execute(stmt)).scalars().all()

    async def events(self, report_id: int) -> Sequence[ReportEvent]:
        """A report's history, oldest first."""
        stmt = (
            select(ReportEvent).where(ReportEvent.report_id == report_id).order_by(ReportEvent.id)
        )
        return (await self.session.execute(stmt)).scalars().all()

    async def latest_public_note(self, report_id: int) -> str | None:
        """The newest note meant for the citizen."""
        stmt = (
            select(ReportEvent.public_note)
            .where(ReportEvent.report_id == report_id, ReportEvent.public_note.is_not(None))
            .order_by(ReportEvent.id.desc())
            .limit(1)
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def add_event(self, event: ReportEvent) -> ReportEvent:
        """Append an event to a report's history."""
        self.session.add(event)
        await self.session.flush()
        return event

    async def mark_notified(self, event_id: int, at: datetime) -> None:
        """Record that the citizen was told about an event."""
        await self.session.execute(
            update(ReportEvent).where(ReportEvent.id == event_id).values(notified_at=at)
        )

    async def count(self) -> int:
        """Number of reports."""
        return int(
            (await self.session.execute(select(func.count()).select_from(Report))).scalar_one()
        )


class AttachmentRepository(Repository):
    """Photos kept by the service."""

    async def add(
        self, citizen_id: int, content: bytes, mime_type: str, source_ref: str | None
    ) -> Attachment:
        """Store a photo not yet linked to a report."""
        attachment = Attachment(
            citizen_id=citizen_id,
            content=content,
            mime_type=mime_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            source_ref=source_ref,
        )
        self.session.add(attachment)
        await self.session.flush()
        return attachment

    async def link(self, attachment_ids: Sequence[int], citizen_id: int, report_id: int) -> None:
        """Attach the citizen's pending photos to their new report."""
        if attachment_ids:
            await self.session.execute(
                update(Attachment)
                .where(Attachment.id.in_(attachment_ids), Attachment.citizen_id == citizen_id)
                .values(report_id=report_id)
            )


class ConversationRepository(Repository):
    """Per-chat flow state."""

    async def find(self, channel: str, chat_id: str) -> Conversation | None:
        """The chat's state row, if it has one."""
        params = {"channel": channel, "chat_id": chat_id}
        return (await self.session.execute(_CONVERSATION, params)).scalar_one_or_none()

    async def load(self, channel: str, chat_id: str) -> Conversation:
        """The chat's state row (a new idle one when none exists yet)."""
        conversation = await self.find(channel, chat_id)
        if conversation is None:
            conversation = Conversation(channel=channel, chat_id=chat_id, state="idle", data={})
            self.session.add(conversation)
        return conversation

    @staticmethod
    def save(conversation: Conversation, state: str, data: dict[str, Any]) -> None:
        """Set the new state (a fresh dict, so the JSON column sees the change)."""
        conversation.state = state
        conversation.data = dict(data)

    async def discard(self, conversation: Conversation) -> None:
        """Delete the chat's state row (or forget it when it was created in this unit)."""
        if conversation in self.session.new:
            self.session.expunge(conversation)
        else:
            await self.session.delete(conversation)


class UpdateLog(Repository):
    """Processed update ids, for exactly-once handling of redelivered updates.

    Platforms redeliver an update for a bounded time (Telegram: 24 hours) and may start their
    ids again later, so a record older than ``not_before`` no longer counts: it is deleted and
    the update is new.
    """

    async def seen(
        self, channel: str, update_key: str, *, not_before: datetime | None = None
    ) -> bool:
        """True when this update was already processed (since ``not_before``)."""
        params = {"channel": channel, "update_key": update_key}
        row = (await self.session.execute(_PROCESSED, params)).first()
        if row is None:
            return False
        if not_before is not None and row.at < not_before:  # expired: one statement more
            await self.session.execute(delete(ProcessedUpdate).where(ProcessedUpdate.id == row.id))
            return False
        return True

    async def first_time(
        self, channel: str, update_key: str, *, at: datetime, not_before: datetime
    ) -> bool:
        """Record the update and say whether it is new, in one statement (``seen`` and ``record``
        in one round trip): False when a record since ``not_before`` exists; an older record is
        renewed and the update counts as new. A concurrent twin on PostgreSQL waits for the first
        to commit and then finds its record; the record goes if the transaction rolls back."""
        stmt = _first_time_statement(self.session.get_bind().dialect.name)
        params = {"channel": channel, "update_key": update_key, "at": at, "not_before": not_before}
        return (await self.session.execute(stmt, params)).first() is not None

    def record(self, channel: str, update_key: str, *, at: datetime | None = None) -> None:
        """Remember the update (the unique key rejects a concurrent twin at commit)."""
        self.session.add(ProcessedUpdate(channel=channel, update_key=update_key, at=at or utcnow()))

    async def prune(self, before: datetime) -> int:
        """Forget records older than the redelivery window; the number removed."""
        result = await self.session.execute(
            delete(ProcessedUpdate).where(ProcessedUpdate.at < before)
        )
        return int(getattr(result, "rowcount", 0) or 0)


@cache
def _first_time_statement(dialect: str) -> Any:
    """The recording upsert of ``UpdateLog.first_time`` for one dialect, built once."""
    insert: Any
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    table = ProcessedUpdate.__table__
    row = insert(table).values(
        channel=bindparam("channel"), update_key=bindparam("update_key"), at=bindparam("at")
    )
    return row.on_conflict_do_update(
        index_elements=[table.c.channel, table.c.update_key],
        set_={"at": row.excluded.at},
        where=table.c.at < bindparam("not_before"),
    ).returning(table.c.id)


class WebchatOutbox(Repository):
    """Messages waiting for the web chat page to fetch them."""

    def add(self, chat_id: str, payload: dict[str, Any]) -> None:
        """Queue one message for a web chat visitor."""
        self.session.add(WebchatMessage(chat_id=chat_id, payload=payload))

    async def after(
        self, chat_id: str, after_id: int, limit: int = 100
    ) -> Sequence[WebchatMessage]:
        """Messages newer than `after_id`, oldest first."""
        stmt = (
            select(WebchatMessage)
            .where(WebchatMessage.chat_id == chat_id, WebchatMessage.id > after_id)
            .order_by(WebchatMessage.id)
            .limit(limit)
        )
        return (await self.session.execute(stmt)).scalars().all()
