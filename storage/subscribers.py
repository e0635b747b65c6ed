"""``uow.subscribers``: subscribers and groups for /dangky, invitations, clicks and imports."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select

from storage.base import Repository
from storage.broadcast_models import GroupMember, Subscriber, SubscriberGroup
from storage.models import utcnow


def new_invite_token() -> str:
    """An unguessable token for an invitation link (fits Telegram's 64-char start parameter)."""
    return secrets.token_urlsafe(16)


class SubscriberStore(Repository):
    """Queries and changes; never commits (the unit of work does)."""

    async def get(self, channel: str, chat_id: str) -> Subscriber | None:
        """The subscriber of this chat, whatever their status."""
        stmt = select(Subscriber).where(
            Subscriber.channel == channel, Subscriber.chat_id == chat_id
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def consent(
        self, channel: str, chat_id: str, name: str | None, source: str, now: datetime | None = None
    ) -> Subscriber:
        """Record consent; a new row starts unsubscribed until the subscription is confirmed."""
        subscriber = await self.get(channel, chat_id)
        moment = now or utcnow()
        if subscriber is None:
            subscriber = Subscriber(
                channel=channel,
                chat_id=chat_id,
                name=name,
                topics=[],
                status="unsubscribed",
                source=source,
                consented_at=moment,
            )
            self.session.add(subscriber)
            await self.session.flush()
        else:
            subscriber.consented_at = moment
            if name:
                subscriber.name = name
        return subscriber

    async def by_id(self, subscriber_id: int) -> Subscriber | None:
        """The subscriber with this id."""
        return await self.session.get(Subscriber, subscriber_id)

    async def id_of(self, channel: str, chat_id: str) -> int | None:
        """The id of this chat's subscriber, if any."""
        stmt = select(Subscriber.id).where(
            Subscriber.channel == channel, Subscriber.chat_id == chat_id
        )
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def of_chats(self, channel: str, chat_ids: Iterable[str]) -> list[Subscriber]:
        """The subscribers of these chats on one channel (those that exist)."""
        stmt = select(Subscriber).where(
            Subscriber.channel == channel, Subscriber.chat_id.in_(list(chat_ids))
        )
        return list((await self.session.execute(stmt)).scalars())

    async def add(self, **values: Any) -> Subscriber:
        """A new subscriber row (flushed, so it has its id)."""
        subscriber = Subscriber(**values)
        self.session.add(subscriber)
        await self.session.flush()
        return subscriber

    @staticmethod
    def activate(subscriber: Subscriber) -> None:
        """Active again (after unsubscribing or blocking the bot)."""
        subscriber.status = "active"
        subscriber.blocked_at = None

    async def unsubscribe(self, subscriber: Subscriber) -> None:
        """Stop all campaigns and keep only what exactly-once history needs (channel, chat id)."""
        subscriber.status = "unsubscribed"
        subscriber.name = None
        subscriber.commune_code = None
        subscriber.commune_text = None
        subscriber.topics = []
        subscriber.consented_at = None
        await self.session.execute(
            delete(GroupMember).where(GroupMember.subscriber_id == subscriber.id)
        )

    async def group_by_token(self, token: str) -> SubscriberGroup | None:
        """The group an invitation token belongs to."""
        stmt = select(SubscriberGroup).where(SubscriberGroup.invite_token == token)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def group_by_code(self, code: str) -> SubscriberGroup | None:
        """The group with this code."""
        stmt = select(SubscriberGroup).where(SubscriberGroup.code == code)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def groups(self) -> list[SubscriberGroup]:
        """Every group, by code."""
        return list(
            (
                await self.session.execute(select(SubscriberGroup).order_by(SubscriberGroup.code))
            ).scalars()
        )

    async def create_group(self, code: str, name: str) -> SubscriberGroup:
        """A new group with a fresh invitation token."""
        group = SubscriberGroup(code=code, name=name, invite_token=new_invite_token())
        self.session.add(group)
        await self.session.flush()
        return group

    async def group_codes_of(self, subscriber_id: int) -> list[str]:
        """Codes of the groups a subscriber belongs to."""
        stmt = (
            select(SubscriberGroup.code)
            .join(GroupMember, GroupMember.group_id == SubscriberGroup.id)
            .where(GroupMember.subscriber_id == subscriber_id)
            .order_by(SubscriberGroup.code)
        )
        return list((await self.session.execute(stmt)).scalars())

    async def join(self, subscriber_id: int, group_id: int) -> bool:
        """Add the membership; False when it already existed."""
        exists = await self.session.get(GroupMember, (subscriber_id, group_id))
        if exists is not None:
            return False
        self.session.add(GroupMember(subscriber_id=subscriber_id, group_id=group_id))
        await self.session.flush()
        return True

    async def member_counts(self) -> dict[int, int]:
        """Group id -> number of active members."""
        stmt = (
            select(GroupMember.group_id, func.count())
            .join(Subscriber, Subscriber.id == GroupMember.subscriber_id)
            .where(Subscriber.status == "active")
            .group_by(GroupMember.group_id)
        )
        return {gid: int(n) for gid, n in (await self.session.execute(stmt)).all()}

    async def groups_with_counts(self) -> list[tuple[SubscriberGroup, int]]:
        """Every group, by code, with its number of active members."""
        counts = await self.member_counts()
        return [(group, counts.get(group.id, 0)) for group in await self.groups()]

    async def counts_by_status(self) -> dict[str, int]:
        """Subscribers per status (active, unsubscribed, blocked)."""
        stmt = select(Subscriber.status, func.count()).group_by(Subscriber.status)
        return {status: int(n) for status, n in (await self.session.execute(stmt)).all()}

    async def active_by_commune(self) -> list[tuple[str | None, int]]:
        """Active subscribers per current ward code (None: unknown), largest first."""
        stmt = (
            select(Subscriber.commune_code, func.count().label("n"))
            .where(Subscriber.status == "active")
            .group_by(Subscriber.commune_code)
            .order_by(func.count().desc(), Subscriber.commune_code)
        )
        return [(code, int(n)) for code, n in (await self.session.execute(stmt)).all()]
