"""Channel adapters. Each implements the delivery port (``domain.delivery``) for its channel."""

from __future__ import annotations

from bot.metrics import count_delivery
from domain.delivery import DeliveryPort, Failed, Outcome
from domain.messages import Reply


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
        outcome = await port.deliver(channel, chat_id, message)
        count_delivery(channel, outcome)  # 429s, 403s and the rest, for /metrics
        return outcome
