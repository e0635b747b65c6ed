"""Channel adapters. Each implements the ReplySender port for its channel."""

from __future__ import annotations

from domain.messages import Reply, ReplySender


class UnknownChannel(LookupError):
    """No adapter is configured for a channel."""


class ChannelRouter:
    """A ReplySender that hands each message to the adapter of its channel."""

    def __init__(self) -> None:
        self._senders: dict[str, ReplySender] = {}

    def register(self, channel: str, sender: ReplySender) -> None:
        """Use `sender` for `channel`."""
        self._senders[channel] = sender

    async def send(self, channel: str, chat_id: str, replies: list[Reply]) -> None:
        """Deliver through the channel's adapter."""
        sender = self._senders.get(channel)
        if sender is None:
            raise UnknownChannel(channel)
        await sender.send(channel, chat_id, replies)
