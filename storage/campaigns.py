"""``uow.campaigns``: campaigns, their event history, progress counts and button clicks."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import defer

from storage.audit import AuditLog
from storage.base import Repository
from storage.broadcast_models import (
    Campaign,
    CampaignClick,
    CampaignEvent,
    OutboxMessage,
    QuizAnswer,
)
from storage.models import utcnow


@dataclass(frozen=True)
class CampaignRow:
    """A campaign in the list, with how far its sending got."""

    campaign: Campaign
    total: int
    finished: int


class CampaignRepository(Repository):
    """Queries and changes of campaigns; never commits (the unit of work does)."""

    async def get(self, campaign_id: int, *, lock: bool = False) -> Campaign | None:
        """The campaign; ``lock`` takes a row lock (``FOR UPDATE``) on PostgreSQL."""
        stmt = select(Campaign).where(Campaign.id == campaign_id)
        if lock:
            stmt = stmt.with_for_update()
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def add(self, **values: Any) -> Campaign:
        """A new campaign row with these column values (flushed, so it has its id)."""
        campaign = Campaign(**values, created_at=utcnow(), updated_at=utcnow())
        self.session.add(campaign)
        await self.session.flush()
        return campaign

    async def record_event(
        self,
        campaign_id: int,
        actor: str,
        action: str,
        from_status: str | None,
        to_status: str | None,
        note: str | None = None,
        *,
        audit: bool = True,
    ) -> None:
        """One history row; ``audit`` also writes the audit log (changes made by a person)."""
        self.session.add(
            CampaignEvent(
                campaign_id=campaign_id,
                at=utcnow(),
                actor=actor[:64],
                action=action[:30],
                from_status=from_status,
                to_status=to_status,
                note=note,
            )
        )
        if audit:
            details: dict[str, Any] = {"from": from_status, "to": to_status}
            if note:
                details["note"] = note
            target = f"campaign:{campaign_id}"
            await AuditLog(self.session).record(actor, f"campaign_{action}", target, details, None)
        await self.session.flush()

    async def create_draft(
        self, content: dict[str, Any], *, author: str, audience_id: int | None, quiz_id: int | None
    ) -> Campaign:
        """A new draft of checked content, with its ``create`` event and audit entry."""
        campaign = await self.add(
            **content,
            audience_id=audience_id,
            quiz_id=quiz_id,
            status="draft",
            author=author[:64],
            schedule_kind="now",
        )
        await self.record_event(campaign.id, author, "create", None, "draft")
        return campaign

    async def listing(self, status: str | None, limit: int = 200) -> list[CampaignRow]:
        """Newest first (photos not loaded), optionally of one status."""
        stmt = select(Campaign).options(defer(Campaign.photo)).order_by(Campaign.id.desc())
        if status:
            stmt = stmt.where(Campaign.status == status)
        campaigns = list((await self.session.execute(stmt.limit(limit))).scalars())
        ids = [c.id for c in campaigns]
        totals: dict[int, int] = {}
        finished: dict[int, int] = {}
        if ids:
            counts = (
                select(OutboxMessage.campaign_id, OutboxMessage.status, func.count())
                .where(OutboxMessage.campaign_id.in_(ids))
                .group_by(OutboxMessage.campaign_id, OutboxMessage.status)
            )
            for campaign_id, row_status, count in (await self.session.execute(counts)).all():
                totals[campaign_id] = totals.get(campaign_id, 0) + int(count)
                if row_status in ("sent", "blocked", "failed"):
                    finished[campaign_id] = finished.get(campaign_id, 0) + int(count)
        return [CampaignRow(c, totals.get(c.id, 0), finished.get(c.id, 0)) for c in campaigns]

    async def status_counts(self) -> dict[str, int]:
        """How many campaigns are in each status."""
        stmt = select(Campaign.status, func.count()).group_by(Campaign.status)
        return {status: int(count) for status, count in (await self.session.execute(stmt)).all()}

    async def paused_from(self, campaign_id: int) -> str | None:
        """The status the campaign was in when it was last paused."""
        stmt = (
            select(CampaignEvent.from_status)
            .where(CampaignEvent.campaign_id == campaign_id, CampaignEvent.to_status == "paused")
            .order_by(CampaignEvent.id.desc())
            .limit(1)
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def events(self, campaign_id: int) -> list[CampaignEvent]:
        """Who did what to the campaign, oldest first."""
        stmt = (
            select(CampaignEvent)
            .where(CampaignEvent.campaign_id == campaign_id)
            .order_by(CampaignEvent.id)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def ids_by_title(self, titles: Iterable[str]) -> dict[str, int]:
        """Title → id of the campaigns (any status) with one of these titles."""
        stmt = select(Campaign.title, Campaign.id).where(Campaign.title.in_(list(titles)))
        return {title: campaign_id for title, campaign_id in (await self.session.execute(stmt))}

    async def in_statuses(self, statuses: Iterable[str]) -> list[Campaign]:
        """Campaigns in any of these statuses."""
        stmt = select(Campaign).where(Campaign.status.in_(list(statuses))).order_by(Campaign.id)
        return list((await self.session.execute(stmt)).scalars())

    async def outbox_counts(self, campaign_id: int, run: int | None = None) -> dict[str, int]:
        """Outbox rows per status (of one run, or all)."""
        stmt = select(OutboxMessage.status, func.count()).where(
            *self._outbox_where(campaign_id, run)
        )
        rows = await self.session.execute(stmt.group_by(OutboxMessage.status))
        return {status: int(count) for status, count in rows.all()}

    async def failure_reasons(self, campaign_id: int, run: int | None = None) -> dict[str, int]:
        """Failed outbox rows per error text (``unknown`` when none was recorded)."""
        stmt = (
            select(OutboxMessage.error, func.count())
            .where(*self._outbox_where(campaign_id, run), OutboxMessage.status == "failed")
            .group_by(OutboxMessage.error)
        )
        return {error or "unknown": int(n) for error, n in (await self.session.execute(stmt))}

    async def click_count(self, campaign_id: int) -> int:
        """Presses on the campaign's «Tìm hiểu thêm» buttons."""
        stmt = select(func.count(CampaignClick.id)).where(CampaignClick.campaign_id == campaign_id)
        return int((await self.session.execute(stmt)).scalar_one())

    async def quiz_answer_count(self, campaign_id: int, quiz_id: int) -> int:
        """Answers to the quiz by the people the campaign was addressed to (any run)."""
        recipients = select(OutboxMessage.subscriber_id).where(
            OutboxMessage.campaign_id == campaign_id
        )
        stmt = select(func.count(QuizAnswer.id)).where(
            QuizAnswer.quiz_id == quiz_id, QuizAnswer.subscriber_id.in_(recipients)
        )
        return int((await self.session.execute(stmt)).scalar_one())

    def add_click(self, campaign_id: int, subscriber_id: int | None, button: str) -> None:
        """Count one press on a «Tìm hiểu thêm» button."""
        self.session.add(
            CampaignClick(campaign_id=campaign_id, subscriber_id=subscriber_id, button=button)
        )

    async def export_rows(
        self, campaign_id: int, batch: int = 5000
    ) -> AsyncIterator[tuple[Any, ...]]:
        """``(run, channel, chat_id, status, attempts, sent_at, error)`` of every outbox row."""
        stmt = (
            select(
                OutboxMessage.run,
                OutboxMessage.channel,
                OutboxMessage.chat_id,
                OutboxMessage.status,
                OutboxMessage.attempts,
                OutboxMessage.sent_at,
                OutboxMessage.error,
            )
            .where(OutboxMessage.campaign_id == campaign_id)
            .order_by(OutboxMessage.run, OutboxMessage.id)
            .execution_options(yield_per=batch)
        )
        result = await self.session.stream(stmt)
        async for row in result:
            yield tuple(row)

    async def recipient_results(
        self, campaign_id: int, batch: int = 5000
    ) -> AsyncIterator[tuple[int, str, str, str | None]]:
        """``(run, chat_id, status, error)`` of every outbox row, by id, in keyset batches."""
        last = 0
        while True:
            stmt = (
                select(
                    OutboxMessage.id,
                    OutboxMessage.run,
                    OutboxMessage.chat_id,
                    OutboxMessage.status,
                    OutboxMessage.error,
                )
                .where(OutboxMessage.campaign_id == campaign_id, OutboxMessage.id > last)
                .order_by(OutboxMessage.id)
                .limit(batch)
            )
            rows = (await self.session.execute(stmt)).all()
            if not rows:
                return
            for row_id, run, chat_id, status, error in rows:
                last = row_id
                yield int(run), chat_id, status, error

    @staticmethod
    def _outbox_where(campaign_id: int, run: int | None) -> list[Any]:
        where: list[Any] = [OutboxMessage.campaign_id == campaign_id]
        if run is not None:
            where.append(OutboxMessage.run == run)
        return where
