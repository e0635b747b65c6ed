"""Unit of work: one transaction, its repositories, and the only place that commits."""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.audiences import AudienceRepository
from storage.audit import AuditLog
from storage.campaigns import CampaignRepository
from storage.flood import FloodCounters
from storage.generated_reports import GeneratedReportRepository
from storage.inbox import InboxRepository
from storage.knowledge import KnowledgeRepository
from storage.open311 import Open311Store
from storage.outbox import OutboxRepository
from storage.queue_work import QueueWork
from storage.quizzes import QuizRepository
from storage.report_map import ReportMap
from storage.report_queries import ReportQueries
from storage.repositories import (
    AttachmentRepository,
    CitizenRepository,
    ConversationRepository,
    ReportRepository,
    UpdateLog,
    WebchatOutbox,
)
from storage.staff import StaffRepository
from storage.staff_2fa import StaffTwoFactor
from storage.staff_alerts import JobRuns, StaffGroupQueries
from storage.stats_queries import StatsQueries
from storage.subscribers import SubscriberStore
from storage.zalo_choices import ZaloChoices, ZaloPhotos


class UnitOfWork:
    """``async with UnitOfWork(factory) as uow: ...; await uow.commit()``; rolls back otherwise."""

    session: AsyncSession
    citizens: CitizenRepository
    reports: ReportRepository
    attachments: AttachmentRepository
    conversations: ConversationRepository
    updates: UpdateLog
    webchat: WebchatOutbox
    outbox: OutboxRepository
    staff: StaffRepository
    staff_2fa: StaffTwoFactor
    audit: AuditLog
    campaigns: CampaignRepository
    audiences: AudienceRepository
    subscribers: SubscriberStore
    quizzes: QuizRepository
    open311: Open311Store
    report_queries: ReportQueries
    report_map: ReportMap
    staff_group: StaffGroupQueries
    job_runs: JobRuns
    stats: StatsQueries
    generated_reports: GeneratedReportRepository
    zalo_choices: ZaloChoices
    zalo_photos: ZaloPhotos
    inbox: InboxRepository
    knowledge: KnowledgeRepository
    flood: FloodCounters
    queue_work: QueueWork

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def __aenter__(self) -> UnitOfWork:
        self.session = self._sessions()
        self.citizens = CitizenRepository(self.session)
        self.reports = ReportRepository(self.session)
        self.attachments = AttachmentRepository(self.session)
        self.conversations = ConversationRepository(self.session)
        self.updates = UpdateLog(self.session)
        self.webchat = WebchatOutbox(self.session)
        self.outbox = OutboxRepository(self.session)
        self.staff = StaffRepository(self.session)
        self.staff_2fa = StaffTwoFactor(self.session)
        self.audit = AuditLog(self.session)
        self.campaigns = CampaignRepository(self.session)
        self.audiences = AudienceRepository(self.session)
        self.subscribers = SubscriberStore(self.session)
        self.quizzes = QuizRepository(self.session)
        self.open311 = Open311Store(self.session)
        self.report_queries = ReportQueries(self.session)
        self.report_map = ReportMap(self.session)
        self.staff_group = StaffGroupQueries(self.session)
        self.job_runs = JobRuns(self.session)
        self.stats = StatsQueries(self.session)
        self.generated_reports = GeneratedReportRepository(self.session)
        self.zalo_choices = ZaloChoices(self.session)
        self.zalo_photos = ZaloPhotos(self.session)
        self.inbox = InboxRepository(self.session)
        self.knowledge = KnowledgeRepository(self.session)
        self.flood = FloodCounters(self.session)
        self.queue_work = QueueWork(self.session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self.session.rollback()
        finally:
            await self.session.close()

    async def commit(self) -> None:
        """Make everything done in this unit durable."""
        await self.session.commit()


UnitOfWorkFactory = Callable[[], UnitOfWork]
"""What services receive instead of an engine: ``Database.uow`` or, in tests, a fake's."""
