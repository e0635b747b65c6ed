"""Drives the channel-agnostic handlers like a citizen would, for handler tests."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from domain.messages import Incoming, IncomingKind, PhotoData, Reply, text_incoming
from handlers.chat.dispatcher import Dispatcher

_update_ids = itertools.count(1)
CODE_PATTERN = re.compile(r"PA-[0-9A-Z]{7}")


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


def buttons(replies: list[Reply]) -> dict[str, str]:
    """The inline buttons offered by these replies: label -> callback data."""
    return {
        b.text: b.callback_data
        for r in replies
        for row in r.buttons
        for b in row
        if b.callback_data
    }


def button_data(replies: list[Reply], label: str) -> str:
    """The callback data of the button whose label contains ``label``."""
    found = [data for text, data in buttons(replies).items() if label in text]
    assert found, f"no button «{label}» in {list(buttons(replies))}"
    return found[-1]


async def press_label(
    chat: ChatDriver, label: str, replies: list[Reply] | None = None
) -> list[Reply]:
    """Press the button labelled ``label`` among ``replies`` (default: the whole chat so far)."""
    return await chat.press(button_data(replies if replies is not None else chat.history, label))


async def file_report(chat: ChatDriver, text: str, place: str | None = None) -> str:
    """Describe, answer what is asked (place, category, ward), press «Gửi»; the tracking code."""
    replies = await chat.text(text)
    for _ in range(5):
        code = CODE_PATTERN.search("\n".join(r.text for r in replies))
        if code:
            if place is not None and any(r.keyboard for r in replies[1:]):
                await chat.text(place)  # an urgent report asks its place after filing
            return code.group(0)
        offered = callbacks(replies)
        send = [d for d in offered if d.startswith("r:send")]
        categories = [d for d in offered if d.startswith("r:cat:")]
        if send:
            replies = await chat.press(send[0])
        elif categories:
            replies = await chat.press(categories[0])
        elif any(d.startswith("r:skipward") for d in offered):
            replies = await chat.press(next(d for d in offered if d.startswith("r:skipward")))
        elif place is not None:
            replies, place = await chat.text(place), None
        else:
            break
    raise AssertionError([r.text for r in replies])
