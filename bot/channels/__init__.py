"""Channel adapters. Each implements the delivery port (``domain.delivery``) for its channel."""

from __future__ import annotations

from domain.delivery import DeliveryPort, Failed, Outcome, deliver_all, describe
from domain.messages import Reply


class UnknownChannel(LookupError):
    """No adapter is configured for a channel."""


class ChannelRouter:
    """The delivery port of the whole product: hands each message to its channel's adapter."""

    def __init__(self) -> None:
        self._ports: dict[str, DeliveryPort] = {}

    def register(self, channel: str, port: DeliveryPort) -> None:
        """Use ``port`` for ``channel``."""
        self._ports[channel] = port

    def serves(self, channel: str) -> bool:
        """True when an adapter is configured for ``channel``."""
        return channel in self._ports

    async def deliver(self, channel: str, chat_id: str, message: Reply) -> Outcome:
        """Deliver through the channel's adapter; ``Failed`` when the channel is not configured."""
        port = self._ports.get(channel)
        if port is None:
            return Failed(f"channel {channel} is not configured")
        return await port.deliver(channel, chat_id, message)

    async def send(self, channel: str, chat_id: str, replies: list[Reply]) -> None:
        """Deliver in order; raise when a message is not delivered (older callers' contract)."""
        if channel not in self._ports:
            raise UnknownChannel(channel)
        outcome = await deliver_all(self, channel, chat_id, replies)
        if describe(outcome) != "delivered":
            raise DeliveryError(describe(outcome))


class DeliveryError(RuntimeError):
    """A message was not delivered (raised by ``ChannelRouter.send`` only)."""
