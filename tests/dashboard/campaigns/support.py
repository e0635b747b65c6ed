"""Seeding and form helpers for the campaign page tests."""

from __future__ import annotations

import io
import re
import struct
import zlib
from typing import Any

import aiohttp
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.broadcast_models import (
    Campaign,
    GroupMember,
    OutboxMessage,
    Subscriber,
    SubscriberGroup,
)
from tests.dashboard.staff_support import csrf_of

# Two current wards of the gazetteer.
BAC_GIANG = "7210"
KINH_BAC = "9187"
PASSWORD = "mat-khau-du-dai-1"


def png_bytes(width: int = 2, height: int = 2) -> bytes:
    """A small valid PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


async def add_subscribers(
    sessions: async_sessionmaker[AsyncSession], specs: list[dict[str, Any]]
) -> list[int]:
    """Subscribers (channel telegram, chat ids from 700000) with optional ``groups`` codes."""
    ids: list[int] = []
    async with sessions() as session:
        groups: dict[str, SubscriberGroup] = {}
        for number, spec in enumerate(specs):
            spec = dict(spec)
            codes = spec.pop("groups", [])
            subscriber = Subscriber(
                channel="telegram",
                chat_id=str(spec.pop("chat_id", 700_000 + number)),
                status=spec.pop("status", "active"),
                topics=spec.pop("topics", []),
                **spec,
            )
            session.add(subscriber)
            await session.flush()
            for code in codes:
                if code not in groups:
                    existing = (
                        await session.execute(
                            select(SubscriberGroup).where(SubscriberGroup.code == code)
                        )
                    ).scalar_one_or_none()
                    groups[code] = existing or SubscriberGroup(
                        code=code, name=f"Chi đoàn {code}", invite_token=f"tok{code}"
                    )
                    session.add(groups[code])
                    await session.flush()
                session.add(GroupMember(subscriber_id=subscriber.id, group_id=groups[code].id))
            ids.append(subscriber.id)
        await session.commit()
    return ids


async def add_outbox(
    sessions: async_sessionmaker[AsyncSession],
    campaign_id: int,
    statuses: list[tuple[int, str, str | None]],
) -> None:
    """Outbox rows ``(subscriber id, status, error)`` of run 1, as the sender leaves them."""
    async with sessions() as session:
        for subscriber_id, status, error in statuses:
            subscriber = await session.get(Subscriber, subscriber_id)
            assert subscriber is not None
            session.add(
                OutboxMessage(
                    campaign_id=campaign_id,
                    run=1,
                    subscriber_id=subscriber_id,
                    channel="telegram",
                    chat_id=subscriber.chat_id,
                    status=status,
                    error=error,
                )
            )
        await session.commit()


async def campaign_row(sessions: async_sessionmaker[AsyncSession], campaign_id: int) -> Campaign:
    """The campaign as stored."""
    async with sessions() as session:
        campaign = await session.get(Campaign, campaign_id)
        assert campaign is not None
        return campaign


def campaign_form(token: str, **fields: Any) -> aiohttp.FormData:
    """A multipart campaign form; list values repeat the field; ``photo`` is (name, bytes, type)."""
    form = aiohttp.FormData()
    form.add_field("csrf_token", token)
    for name, value in fields.items():
        if name == "photo":
            filename, content, mime = value
            form.add_field("photo", io.BytesIO(content), filename=filename, content_type=mime)
        elif isinstance(value, list):
            for item in value:
                form.add_field(name, item)
        else:
            form.add_field(name, value)
    return form


async def post_form(client: aiohttp.ClientSession, url: str, data: Any) -> tuple[int, str, str]:
    """POST without following redirects: (status, Location, body)."""
    async with client.post(url, data=data, allow_redirects=False) as response:
        return response.status, response.headers.get("Location", ""), await response.text()


async def page(client: aiohttp.ClientSession, url: str) -> tuple[int, str]:
    """GET a page: (status, html)."""
    async with client.get(url, allow_redirects=False) as response:
        return response.status, await response.text()


def token_of(html: str) -> str:
    """The page's CSRF token."""
    return csrf_of(html)


def has_form(html: str, action: str) -> bool:
    """Whether the page has a form posting to ``action``."""
    return re.search(rf'<form method="post" action="{re.escape(action)}"', html) is not None
