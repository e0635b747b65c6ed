"""Web chat channel: replies are stored for the page to fetch, so nothing is lost offline."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.messages import Reply
from storage.uow import UnitOfWork

CHANNEL = "webchat"


def reply_payload(reply: Reply) -> dict[str, Any]:
    """A reply as plain JSON for the page."""
    return {
        "text": reply.text,
        "buttons": [[asdict(b) for b in row] for row in reply.buttons],
        "keyboard": [[asdict(b) for b in row] for row in reply.keyboard],
        "remove_keyboard": reply.remove_keyboard,
    }


class WebchatSender:
    """ReplySender for the web chat: writes to the outbox table the page polls."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def send(self, channel: str, chat_id: str, replies: list[Reply]) -> None:
        """Queue the replies for the visitor's page."""
        if not replies:
            return
        async with UnitOfWork(self.sessions) as uow:
            for reply in replies:
                uow.webchat.add(chat_id, reply_payload(reply))
            await uow.commit()
