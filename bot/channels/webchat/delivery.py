"""Web chat channel: replies are stored for the page to fetch, so nothing is lost offline."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from domain.delivery import Channel, Delivered, Outcome
from domain.messages import Reply
from storage.database import Database

CHANNEL = Channel.WEBCHAT


def reply_payload(reply: Reply) -> dict[str, Any]:
    """A reply as plain JSON for the page."""
    return {
        "text": reply.text,
        "buttons": [[asdict(b) for b in row] for row in reply.buttons],
        "keyboard": [[asdict(b) for b in row] for row in reply.keyboard],
        "remove_keyboard": reply.remove_keyboard,
    }


class WebchatDelivery:
    """Delivery port of the web chat: writes to the outbox table the page polls."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def deliver(self, channel: str, chat_id: str, message: Reply) -> Outcome:
        """Queue the message for the visitor's page."""
        async with self.db.uow() as uow:
            uow.webchat.add(chat_id, reply_payload(message))
            await uow.commit()
        return Delivered()
