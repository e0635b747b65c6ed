"""Open311 "channel": requesters follow their requests through the API, nothing is pushed."""

from __future__ import annotations

import logging

from domain.messages import Reply
from storage.open311 import CHANNEL

log = logging.getLogger(__name__)

__all__ = ["CHANNEL", "Open311Sender"]


class Open311Sender:
    """ReplySender for reports filed through Open311: the news shows in GET requests."""

    async def send(self, channel: str, chat_id: str, replies: list[Reply]) -> None:
        """Nothing to deliver; the status and notes are read through the API."""
        log.debug("open311: %d notice(s) for %s are visible through the API", len(replies), chat_id)
