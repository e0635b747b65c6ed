"""Drives the channel-agnostic handlers like a citizen would, for handler tests."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from domain.messages import Incoming, IncomingKind, PhotoData, Reply, text_incoming
from handlers.chat.dispatcher import Dispatcher

_update_ids = itertools.count(1)


@dataclass
class ChatDriver:
    """One citizen's chat on a test channel."""

    dispatcher: Dispatcher
    chat_id: str = "1001"
    channel: str = "test"
    name: str = "Nguyễn Văn An"
    history: list[Reply] = field(default_factory=list)

    async def _send(self, incoming: Incoming, update_key: str | None = None) -> list[Reply]:
        key = update_key if update_key is not None else f"u{next(_update_ids)}"
        replies = await self.dispatcher.handle(incoming, key)
        self.history.extend(replies)
        return replies

    async def text(self, text: str, update_key: str | None = None) -> list[Reply]:
        """Type a message (commands included)."""
        return await self._send(
            text_incoming(self.channel, self.chat_id, self.chat_id, text, self.name), update_key
        )

    async def press(self, data: str) -> list[Reply]:
        """Press an inline button."""
        return await self._send(
            Incoming(
                channel=self.channel,
                chat_id=self.chat_id,
                user_id=self.chat_id,
                kind=IncomingKind.CALLBACK,
                callback_data=data,
                display_name=self.name,
            )
        )

    async def location(self, lat: float, lon: float) -> list[Reply]:
        """Share a location pin."""
        return await self._send(
            Incoming(
                channel=self.channel,
                chat_id=self.chat_id,
                user_id=self.chat_id,
                kind=IncomingKind.LOCATION,
                latitude=lat,
                longitude=lon,
            )
        )

    async def photo(self, content: bytes, caption: str | None = None) -> list[Reply]:
        """Send a photo."""
        return await self._send(
            Incoming(
                channel=self.channel,
                chat_id=self.chat_id,
                user_id=self.chat_id,
                kind=IncomingKind.PHOTO,
                text=caption,
                photo=PhotoData(content=content),
            )
        )

    async def contact(self, phone: str) -> list[Reply]:
        """Share the phone number."""
        return await self._send(
            Incoming(
                channel=self.channel,
                chat_id=self.chat_id,
                user_id=self.chat_id,
                kind=IncomingKind.CONTACT,
                phone=phone,
            )
        )

    async def unsupported(self, what: str) -> list[Reply]:
        """Send a sticker, voice message, file..."""
        return await self._send(
            Incoming(
                channel=self.channel,
                chat_id=self.chat_id,
                user_id=self.chat_id,
                kind=IncomingKind.UNSUPPORTED,
                unsupported_what=what,
            )
        )


def callbacks(replies: list[Reply]) -> list[str]:
    """All callback data offered by these replies."""
    return [b.callback_data for r in replies for row in r.buttons for b in row if b.callback_data]


def texts(replies: list[Reply]) -> str:
    """The replies' texts joined, for assertions on wording."""
    return "\n".join(r.text for r in replies)
