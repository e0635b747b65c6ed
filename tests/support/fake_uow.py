"""An in-memory unit of work: the repositories the handlers use, with the same names and types.

Rows are the storage models themselves (plain objects, never attached to a session), kept in a
``FakeStore`` shared by every unit of work of one ``FakeDatabase``. Rows added in a unit are
visible to it at once and dropped again when it ends without ``commit`` (changes to rows that
already existed are not undone: the handlers never rely on that). Unique keys that the handlers
rely on (processed update ids) raise ``IntegrityError`` at commit, like the real databases.
"""

from __future__ import annotations

import hashlib
import itertools
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import TracebackType
from typing import Any, cast

from storage.database import Database
from storage.errors import IntegrityError
from storage.flood import next_busy_until, over_limit
from storage.knowledge_models import (
    QUESTION_OPEN,
    FaqEntryRow,
    ForwardedQuestion,
    KnowledgeDocument,
    KnowledgePassage,
)
from storage.models import (
    Attachment,
    AuditEntry,
    Citizen,
    Consent,
    Conversation,
    Report,
    ReportEvent,
    utcnow,
)
from storage.repositories import (
    ERASURE,
    PersonalData,
    apply_consent,
    apply_erasure,
    consent_record,
    held_data,
)
from storage.uow import UnitOfWork


@dataclass
class FakeStore:
    """Every table the fakes know, as lists of rows."""

    citizens: list[Citizen] = field(default_factory=list)
    consents: list[Consent] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)
    events: list[ReportEvent] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    conversations: list[Conversation] = field(default_factory=list)
    updates: dict[tuple[str, str], datetime] = field(default_factory=dict)
    audit: list[AuditEntry] = field(default_factory=list)
    documents: list[KnowledgeDocument] = field(default_factory=list)
    passages: list[KnowledgePassage] = field(default_factory=list)
    faq: list[FaqEntryRow] = field(default_factory=list)
    forwarded: list[ForwardedQuestion] = field(default_factory=list)
    flood: dict[str, tuple[float, float]] = field(default_factory=dict)  # busy until, notified
    _ids: dict[str, Iterator[int]] = field(default_factory=lambda: defaultdict(itertools.count))

    def next_id(self, table: str) -> int:
        """A fresh primary key for ``table`` (starting at 1)."""
        return next(self._ids[table]) + 1


class _Repository:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self.uow = uow
        self.store = uow.store

    def _add(self, rows: list[Any], row: Any, table: str) -> Any:
        if getattr(row, "id", None) is None:
            row.id = self.store.next_id(table)
        rows.append(row)
        self.uow.added.append((rows, row))
        return row


class FakeCitizens(_Repository):
    """``uow.citizens``."""

    async def get(self, channel: str, external_id: str) -> Citizen | None:
        """The citizen with this channel identity."""
        return next(
            (
                c
                for c in self.store.citizens
                if (c.channel, c.external_id) == (channel, external_id)
            ),
            None,
        )

    async def get_by_id(self, citizen_id: int) -> Citizen | None:
        """The citizen with this id."""
        return next((c for c in self.store.citizens if c.id == citizen_id), None)

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
            self._add(self.store.citizens, citizen, "citizens")
        apply_consent(citizen, chat_id, display_name, granted, now)
        consent = consent_record(citizen.id, notice_version, granted, now)
        self._add(self.store.consents, consent, "consents")
        return citizen

    async def personal_data(self, citizen: Citizen) -> PersonalData:
        """What is held about this citizen."""
        mine = [r for r in self.store.reports if r.citizen_id == citizen.id]
        with_phone = sum(1 for r in mine if r.contact_phone)
        return held_data(citizen, len(mine), with_phone, sum(1 for r in mine if r.chat_id))

    async def erase_personal_data(self, citizen: Citizen) -> PersonalData:
        """Withdraw consent and blank personal fields; reports stay, anonymised and unlinked."""
        held = await self.personal_data(citizen)
        now = utcnow()
        apply_erasure(citizen, now)
        for report in self.store.reports:
            if report.citizen_id == citizen.id:
                report.contact_phone, report.anonymous, report.chat_id = None, True, ""
        self._add(self.store.consents, consent_record(citizen.id, ERASURE, False, now), "consents")
        return held


class FakeReports(_Repository):
    """``uow.reports``."""

    async def add(self, report: Report, event: ReportEvent) -> Report:
        """Insert a report with its creation event."""
        self._add(self.store.reports, report, "reports")
        event.report_id = report.id
        self._add(self.store.events, event, "report_events")
        return report

    async def by_code(self, code: str, *, for_update: bool = False) -> Report | None:
        """The report with this tracking code."""
        return next((r for r in self.store.reports if r.code == code), None)

    async def followers(self, report_id: int) -> list[Report]:
        """The reports merged into this one."""
        return [r for r in self.store.reports if r.merged_into_id == report_id]

    async def code_exists(self, code: str) -> bool:
        """True when the tracking code is taken."""
        return await self.by_code(code) is not None

    async def for_citizen(self, citizen_id: int, limit: int = 10) -> Sequence[Report]:
        """A citizen's latest reports, newest first."""
        mine = [r for r in self.store.reports if r.citizen_id == citizen_id]
        mine.sort(key=lambda r: (r.created_at, r.id), reverse=True)
        return mine[:limit]

    async def events(self, report_id: int) -> Sequence[ReportEvent]:
        """A report's history, oldest first."""
        return sorted((e for e in self.store.events if e.report_id == report_id), key=_id)

    async def latest_public_note(self, report_id: int) -> str | None:
        """The newest note meant for the citizen."""
        notes = [e for e in await self.events(report_id) if e.public_note is not None]
        return notes[-1].public_note if notes else None

    async def add_event(self, event: ReportEvent) -> ReportEvent:
        """Append an event to a report's history."""
        return cast(ReportEvent, self._add(self.store.events, event, "report_events"))

    async def mark_notified(self, event_id: int, at: datetime) -> None:
        """Record that the citizen was told about an event."""
        for event in self.store.events:
            if event.id == event_id:
                event.notified_at = at

    async def count(self) -> int:
        """Number of reports."""
        return len(self.store.reports)


class FakeAttachments(_Repository):
    """``uow.attachments``."""

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
        return cast(Attachment, self._add(self.store.attachments, attachment, "attachments"))

    async def link(self, attachment_ids: Sequence[int], citizen_id: int, report_id: int) -> None:
        """Attach the citizen's pending photos to their new report."""
        for attachment in self.store.attachments:
            if attachment.id in attachment_ids and attachment.citizen_id == citizen_id:
                attachment.report_id = report_id


class FakeConversations(_Repository):
    """``uow.conversations``."""

    async def find(self, channel: str, chat_id: str) -> Conversation | None:
        """The chat's state row, if it has one."""
        return next(
            (c for c in self.store.conversations if (c.channel, c.chat_id) == (channel, chat_id)),
            None,
        )

    async def load(self, channel: str, chat_id: str) -> Conversation:
        """The chat's state row (a new idle one when none exists yet)."""
        conversation = await self.find(channel, chat_id)
        if conversation is None:
            conversation = Conversation(channel=channel, chat_id=chat_id, state="idle", data={})
            self._add(self.store.conversations, conversation, "conversations")
        return conversation

    @staticmethod
    def save(conversation: Conversation, state: str, data: dict[str, Any]) -> None:
        """Set the new state."""
        conversation.state = state
        conversation.data = dict(data)

    async def discard(self, conversation: Conversation) -> None:
        """Delete the chat's state row."""
        if conversation in self.store.conversations:
            self.store.conversations.remove(conversation)


class FakeUpdates(_Repository):
    """``uow.updates``: processed update ids, unique per channel."""

    async def seen(
        self, channel: str, update_key: str, *, not_before: datetime | None = None
    ) -> bool:
        """True when this update was already processed (since ``not_before``)."""
        at = self.store.updates.get((channel, update_key))
        if at is not None and not_before is not None and at < not_before:
            del self.store.updates[(channel, update_key)]
            return False
        return at is not None

    async def first_time(
        self, channel: str, update_key: str, *, at: datetime, not_before: datetime
    ) -> bool:
        """Record the update unless it was processed since ``not_before``; whether it is new."""
        if await self.seen(channel, update_key, not_before=not_before):
            return False
        self.record(channel, update_key, at=at)
        return True

    def record(self, channel: str, update_key: str, *, at: datetime | None = None) -> None:
        """Remember the update; a twin committed meanwhile fails this unit's commit."""
        self.uow.pending_updates.append((channel, update_key, at or utcnow()))

    async def prune(self, before: datetime) -> int:
        """Forget records older than ``before``."""
        old = [key for key, at in self.store.updates.items() if at < before]
        for key in old:
            del self.store.updates[key]
        return len(old)


class FakeFlood(_Repository):
    """``uow.flood``: per-chat flood counters, by the same rule as the database's."""

    async def hit(self, key: str, now: float, max_messages: int, window: float) -> bool:
        """Count a message; True when the chat is over its limit."""
        busy_until, notified = self.store.flood.get(key, (None, 0.0))
        moved = next_busy_until(busy_until, now, max_messages, window)
        self.store.flood[key] = (moved, notified)
        return over_limit(moved, now, window)

    async def should_notify(self, key: str, now: float, window: float) -> bool:
        """True once per window while the chat is slowed down."""
        busy_until, notified = self.store.flood.get(key, (now, 0.0))
        if notified > now - window:
            return False
        self.store.flood[key] = (busy_until, now)
        return True

    async def prune(self, before: float) -> int:
        """Forget chats quiet since ``before``."""
        old = [key for key, (busy_until, _) in self.store.flood.items() if busy_until < before]
        for key in old:
            del self.store.flood[key]
        return len(old)


class FakeAudit(_Repository):
    """``uow.audit``."""

    async def record(
        self, actor: str, action: str, target: str | None, details: dict[str, Any], ip: str | None
    ) -> None:
        """Add one entry."""
        entry = AuditEntry(
            at=utcnow(), actor=actor, action=action, target=target, details=details, ip=ip
        )
        self._add(self.store.audit, entry, "audit_log")


class FakeKnowledge(_Repository):
    """``uow.knowledge``: what the question-answering steps read and write."""

    async def add_document(
        self,
        *,
        title: str,
        filename: str,
        text: str,
        passages: Sequence[tuple[str, int, str]],
        added_by: str = "",
    ) -> KnowledgeDocument:
        """Store a document and its passages."""
        document = KnowledgeDocument(
            title=title, filename=filename, text=text, passage_count=len(passages),
            added_by=added_by, created_at=utcnow(),
        )  # fmt: skip
        self._add(self.store.documents, document, "knowledge_documents")
        for section, position, body in passages:
            row = KnowledgePassage(
                document_id=document.id, section=section, position=position, text=body
            )
            self._add(self.store.passages, row, "knowledge_passages")
        return document

    async def documents(self) -> list[KnowledgeDocument]:
        """Every document, oldest first."""
        return sorted(self.store.documents, key=_id)

    async def document_by_title(self, title: str) -> KnowledgeDocument | None:
        """The document with this title."""
        return next((d for d in self.store.documents if d.title == title), None)

    async def passages(self, document_id: int | None = None) -> list[KnowledgePassage]:
        """Passages in document order."""
        rows = [p for p in self.store.passages if document_id in (None, p.document_id)]
        return sorted(rows, key=lambda p: (p.document_id, p.position))

    async def faq_entries(self) -> list[FaqEntryRow]:
        """Every FAQ entry."""
        return sorted(self.store.faq, key=_id)

    async def version(self) -> tuple[object, ...]:
        """Changes when documents or FAQ entries are added or removed."""
        documents, faq = self.store.documents, self.store.faq
        return (
            id(self.store), len(documents), max(map(_id, documents), default=0),
            len(faq), max(map(_id, faq), default=0),
        )  # fmt: skip

    async def forward(self, *, question: str, channel: str, chat_id: str) -> ForwardedQuestion:
        """Record a forwarded question."""
        row = ForwardedQuestion(
            question=question, channel=channel, chat_id=chat_id, status=QUESTION_OPEN,
            created_at=utcnow(),
        )  # fmt: skip
        return cast(ForwardedQuestion, self._add(self.store.forwarded, row, "knowledge_questions"))


class FakeUnitOfWork:
    """``async with db.uow() as uow: …; await uow.commit()`` over a ``FakeStore``."""

    def __init__(self, store: FakeStore) -> None:
        self.store = store
        self.added: list[tuple[list[Any], Any]] = []
        self.pending_updates: list[tuple[str, str, datetime]] = []
        self.committed = False

    async def __aenter__(self) -> FakeUnitOfWork:
        self.citizens = FakeCitizens(self)
        self.reports = FakeReports(self)
        self.attachments = FakeAttachments(self)
        self.conversations = FakeConversations(self)
        self.updates = FakeUpdates(self)
        self.audit = FakeAudit(self)
        self.knowledge = FakeKnowledge(self)
        self.flood = FakeFlood(self)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not self.committed:  # roll back the rows this unit added
            for rows, row in reversed(self.added):
                if row in rows:
                    rows.remove(row)
        self.added.clear()

    async def commit(self) -> None:
        """Keep what this unit did; a processed update recorded twice raises IntegrityError."""
        keys = [(channel, key) for channel, key, _ in self.pending_updates]
        taken = [key for key in keys if key in self.store.updates]
        if taken or len(set(keys)) < len(keys):
            raise IntegrityError("INSERT INTO processed_updates", {}, Exception("unique key"))
        self.store.updates.update({(c, k): at for c, k, at in self.pending_updates})
        self.pending_updates.clear()
        self.committed = True


class FakeDatabase:
    """Stands where the handlers take a ``Database``: ``uow()`` opens a fake unit of work."""

    def __init__(self) -> None:
        self.store = FakeStore()

    def uow(self) -> UnitOfWork:
        """A new unit of work over the shared store."""
        return cast(UnitOfWork, FakeUnitOfWork(self.store))

    def as_database(self) -> Database:
        """This fake, typed as what the handlers' constructors take."""
        return cast(Database, self)


def _id(row: Any) -> int:
    return int(row.id)
