"""The Zalo channel's rows: numbered choices per chat, and outgoing photos served by key."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select

from storage.base import Repository
from storage.zalo_models import ZaloChoiceSet, ZaloPhoto


class ZaloChoices(Repository):
    """What a typed number means in a Zalo chat: the choices shown last, kept across restarts."""

    async def remember(self, chat_id: str, choices: list[dict[str, Any]]) -> None:
        """Replace the chat's choices (an empty list forgets them)."""
        row = await self.session.get(ZaloChoiceSet, chat_id)
        if not choices:
            if row is not None:
                await self.session.delete(row)
            return
        if row is None:
            self.session.add(ZaloChoiceSet(chat_id=chat_id, choices=list(choices)))
        else:
            row.choices = list(choices)

    async def shown(self, chat_id: str) -> list[dict[str, Any]]:
        """The choices the chat has on screen, numbered from 1."""
        stmt = select(ZaloChoiceSet.choices).where(ZaloChoiceSet.chat_id == chat_id)
        choices = (await self.session.execute(stmt)).scalar_one_or_none()
        return [c for c in choices or [] if isinstance(c, dict)]

    async def choice(self, chat_id: str, number: int) -> dict[str, Any] | None:
        """The choice numbered ``number`` (from 1) last shown in the chat, if any."""
        choices = await self.shown(chat_id)
        if not 1 <= number <= len(choices):
            return None
        chosen = choices[number - 1]
        return chosen if isinstance(chosen, dict) else None

    async def forget(self, chat_id: str) -> None:
        """Drop the chat's choices."""
        await self.session.execute(delete(ZaloChoiceSet).where(ZaloChoiceSet.chat_id == chat_id))


class ZaloPhotos(Repository):
    """Photos the Zalo platform downloads from us (``sendPhoto`` takes a URL)."""

    async def put(self, key: str, content: bytes, mime_type: str) -> None:
        """Store the photo under ``key`` unless it is there already (same key, same bytes)."""
        if await self.session.get(ZaloPhoto, key) is None:
            self.session.add(ZaloPhoto(key=key, content=content, mime_type=mime_type))

    async def get(self, key: str) -> tuple[bytes, str] | None:
        """The photo's bytes and MIME type."""
        row = await self.session.get(ZaloPhoto, key)
        return None if row is None else (row.content, row.mime_type)
