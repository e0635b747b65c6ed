"""Helpers of the quiz tests: the pack loaded into a database, subscribers, groups."""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from broadcasts.content_pack import CONTENT_DIR, ContentPackResult, load_content_pack
from storage.broadcast_models import GroupMember, Subscriber, SubscriberGroup
from storage.models import utcnow
from storage.uow import UnitOfWork

SEED_COPY = CONTENT_DIR / "cong_van_2987_CV_TU.md"  # the copy the content pack ships
SEED_DOCUMENT = Path(__file__).resolve().parents[3] / "docs" / "sources" / "2987-CV-TU.txt"
_tokens = itertools.count(1)


def normalise(text: str) -> str:
    """Markdown emphasis and escapes dropped, whitespace collapsed (for verbatim checks)."""
    return re.sub(r"\s+", " ", text.replace("\\", "").replace("*", "")).strip()


def seed_text() -> str:
    """The document the pack explains, normalised."""
    return normalise(SEED_DOCUMENT.read_text(encoding="utf-8"))


async def load_pack(sessions: async_sessionmaker[AsyncSession]) -> ContentPackResult:
    async with UnitOfWork(sessions) as uow:
        result = await load_content_pack(uow, "tuyentruyen")
        await uow.commit()
    return result


async def add_subscriber(
    sessions: async_sessionmaker[AsyncSession],
    chat_id: str,
    *,
    name: str | None = None,
    commune_code: str | None = None,
    channel: str = "test",
    groups: tuple[str, ...] = (),
) -> int:
    async with UnitOfWork(sessions) as uow:
        subscriber = Subscriber(
            channel=channel,
            chat_id=chat_id,
            name=name or f"Người {chat_id}",
            commune_code=commune_code,
            topics=[],
            status="active",
            source="import",
            consented_at=utcnow(),
        )
        uow.session.add(subscriber)
        await uow.session.flush()
        for code in groups:
            group = await _group(uow, code)
            uow.session.add(GroupMember(subscriber_id=subscriber.id, group_id=group.id))
        await uow.commit()
        return subscriber.id


async def _group(uow: UnitOfWork, code: str) -> SubscriberGroup:
    from sqlalchemy import select

    found = (
        await uow.session.execute(select(SubscriberGroup).where(SubscriberGroup.code == code))
    ).scalar_one_or_none()
    if found is not None:
        return found
    group = SubscriberGroup(code=code, name=f"Chi đoàn {code}", invite_token=f"tok{next(_tokens)}")
    uow.session.add(group)
    await uow.session.flush()
    return group


def pack_strings(pack: dict[str, Any]) -> list[str]:
    """Every text of the pack a citizen reads (wrong options excepted)."""
    out = [m["text"] for m in pack["messages"]] + [m["title"] for m in pack["messages"]]
    for q in pack["quiz"]["questions"]:
        out += [q["text"], q["options"][q["correct_index"]], q["explanation"]]
    return out
