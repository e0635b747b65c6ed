"""``uow.audiences``: saved audiences and who a resolved audience filter selects.

The filter's meaning (areas, legacy districts, topics) is decided in ``broadcasts.audience``,
which hands a resolved :class:`AudienceQuery` here; this module only turns it into SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, String, and_, cast, false, func, or_, select, true

from storage.base import Repository
from storage.broadcast_models import Audience, GroupMember, Subscriber, SubscriberGroup
from storage.models import utcnow


@dataclass(frozen=True)
class AudienceQuery:
    """A validated filter: ward codes (None: no area criterion), group codes and topic codes."""

    wards: frozenset[str] | None = None
    groups: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()


def _topic_condition(topics: Iterable[str]) -> ColumnElement[bool]:
    text = cast(Subscriber.topics, String)
    any_topic = [text.like('%"' + code.replace("_", "\\_") + '"%', escape="\\") for code in topics]
    no_choice = or_(Subscriber.topics.is_(None), func.replace(text, " ", "") == "[]")
    return or_(no_choice, *any_topic)


def audience_condition(query: AudienceQuery) -> ColumnElement[bool]:
    """WHERE clause over Subscriber: active, and every criterion of the query."""
    parts: list[ColumnElement[bool]] = [Subscriber.status == "active"]
    if query.wards is not None:
        parts.append(Subscriber.commune_code.in_(sorted(query.wards)) if query.wards else false())
    if query.groups:
        members = (
            select(GroupMember.subscriber_id)
            .join(SubscriberGroup, SubscriberGroup.id == GroupMember.group_id)
            .where(SubscriberGroup.code.in_(query.groups))
        )
        parts.append(Subscriber.id.in_(members))
    if query.topics:
        parts.append(_topic_condition(query.topics))
    return and_(true(), *parts)


AudienceSelect = Select[int, str, str]


def audience_select(query: AudienceQuery) -> AudienceSelect:
    """``SELECT id, channel, chat_id`` of the audience's active subscribers, ordered by id.

    Stream it (``await session.stream(...)`` or keyset pagination on id); never load it whole.
    """
    return (
        select(Subscriber.id, Subscriber.channel, Subscriber.chat_id)
        .where(audience_condition(query))
        .order_by(Subscriber.id)
    )


class AudienceRepository(Repository):
    """Saved audiences and audience sizes; never commits."""

    async def get(self, audience_id: int) -> Audience | None:
        """The saved audience with this id."""
        return await self.session.get(Audience, audience_id)

    async def all(self) -> Sequence[Audience]:
        """Saved audiences by name."""
        stmt = select(Audience).order_by(Audience.name, Audience.id)
        return list((await self.session.execute(stmt)).scalars())

    async def add(self, name: str, audience_filter: dict[str, Any], created_by: str) -> Audience:
        """Save a (validated) filter under a name."""
        audience = Audience(
            name=name, filter=audience_filter, created_by=created_by[:64], created_at=utcnow()
        )
        self.session.add(audience)
        await self.session.flush()
        return audience

    async def size(self, query: AudienceQuery) -> int:
        """How many active subscribers the query selects right now."""
        stmt = select(func.count()).select_from(Subscriber).where(audience_condition(query))
        return int((await self.session.execute(stmt)).scalar_one())

    async def existing_groups(self, codes: Iterable[str]) -> set[str]:
        """Which of these group codes exist."""
        stmt = select(SubscriberGroup.code).where(SubscriberGroup.code.in_(list(codes)))
        return set((await self.session.execute(stmt)).scalars())
