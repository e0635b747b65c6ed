"""Open311 "channel": requesters follow their requests through the API, nothing is pushed."""

from __future__ import annotations

import logging

from domain.delivery import Channel, Delivered, Outcome
from domain.messages import Reply

log = logging.getLogger(__name__)

CHANNEL = Channel.OPEN311


class Open311Delivery:
    """Delivery port for reports filed through Open311: the news shows in GET requests."""

    async def deliver(self, channel: str, chat_id: str, message: Reply) -> Outcome:
        """Nothing to push; the status and notes are read through the API."""
        log.debug("open311: a notice for %s is visible through the API", chat_id)
        return Delivered()
