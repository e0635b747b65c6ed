"""Unit of work: one transaction, its repositories, and the only place that commits.

A caller that opened a unit may let the turns run below it join that unit (``turns_join``): the
inbox worker claims an update, the dispatcher runs the turn in the same transaction, and the
worker commits the turn together with the update's outcome (one transaction per update instead
of three). Work that must wait for that commit registers ``after`` hooks.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import TracebackType
from typing import Generic, TypeVar, overload

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

R = TypeVar("R")
log = logging.getLogger(__name__)


class _Repository(Generic[R]):
    """A repository of the unit of work, made on first use (most units use two or three of the
    28, and building all of them was 2 % of an update's time)."""

    def __init__(self, kind: Callable[[AsyncSession], R]) -> None:
        self.kind = kind
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, uow: None, owner: type) -> _Repository[R]: ...
    @overload
    def __get__(self, uow: UnitOfWork, owner: type) -> R: ...
    def __get__(self, uow: UnitOfWork | None, owner: type) -> R | _Repository[R]:
        if uow is None:
            return self
        repository = self.kind(uow.session)
        uow.__dict__[self.name] = repository  # later reads find it without this descriptor
        return repository


class UnitOfWork:
    """``async with UnitOfWork(factory) as uow: ...; await uow.commit()``; rolls back otherwise."""

    session: AsyncSession
    citizens = _Repository(CitizenRepository)
    reports = _Repository(ReportRepository)
    attachments = _Repository(AttachmentRepository)
    conversations = _Repository(ConversationRepository)
    updates = _Repository(UpdateLog)
    webchat = _Repository(WebchatOutbox)
    outbox = _Repository(OutboxRepository)
    staff = _Repository(StaffRepository)
    staff_2fa = _Repository(StaffTwoFactor)
    audit = _Repository(AuditLog)
    campaigns = _Repository(CampaignRepository)
    audiences = _Repository(AudienceRepository)
    subscribers = _Repository(SubscriberStore)
    quizzes = _Repository(QuizRepository)
    open311 = _Repository(Open311Store)
    report_queries = _Repository(ReportQueries)
    report_map = _Repository(ReportMap)
    staff_group = _Repository(StaffGroupQueries)
    job_runs = _Repository(JobRuns)
    stats = _Repository(StatsQueries)
    generated_reports = _Repository(GeneratedReportRepository)
    zalo_choices = _Repository(ZaloChoices)
    zalo_photos = _Repository(ZaloPhotos)
    inbox = _Repository(InboxRepository)
    knowledge = _Repository(KnowledgeRepository)
    flood = _Repository(FloodCounters)
    queue_work = _Repository(QueueWork)

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._hooks: list[Callable[[bool], None]] = []
        self._committed = False

    async def __aenter__(self) -> UnitOfWork:
        self.session = self._sessions()
        return self

    def after(self, hook: Callable[[bool], None]) -> None:
        """Call ``hook(committed)`` when this unit ends: True when it was committed, False when
        what it did was rolled back."""
        self._hooks.append(hook)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self.session.rollback()
        finally:
            try:
                await self.session.close()
            finally:
                self._run_hooks()

    async def commit(self) -> None:
        """Make everything done in this unit durable."""
        self._committed = False
        await self.session.commit()
        self._committed = True

    def _run_hooks(self) -> None:
        hooks, self._hooks = self._hooks, []
        for hook in hooks:
            try:
                hook(self._committed)
            except Exception:
                log.exception("a hook after the unit of work failed")


_JOINED: ContextVar[UnitOfWork | None] = ContextVar("joined_unit", default=None)


@contextmanager
def turns_join(uow: UnitOfWork) -> Iterator[None]:
    """While this block runs, turns join ``uow`` instead of opening and committing their own."""
    token = _JOINED.set(uow)
    try:
        yield
    finally:
        _JOINED.reset(token)


def joined_unit() -> UnitOfWork | None:
    """The unit a turn must join (it then neither commits nor rolls back), or None."""
    return _JOINED.get()


UnitOfWorkFactory = Callable[[], UnitOfWork]
"""What services receive instead of an engine: ``Database.uow`` or, in tests, a fake's."""
