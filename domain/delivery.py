"""The delivery port: everything the product sends to a person goes through one protocol.

Replies, staff notifications, campaign messages (photo, buttons, quiz) and previews are all a
``Reply`` handed to ``DeliveryPort.deliver``; the answer is a typed outcome instead of an
exception, so callers decide what a failure means for them (a campaign row is retried, a reply is
dropped with a log line). Channel adapters in ``bot/channels`` implement the port; tests plug in a
recording fake.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from domain.messages import Reply

log = logging.getLogger(__name__)


class Channel(StrEnum):
    """The channels a person can reach the product on (stored as these strings)."""

    TELEGRAM = "telegram"
    ZALO = "zalo"
    WEBCHAT = "webchat"
    OPEN311 = "open311"


@dataclass(frozen=True, slots=True)
class Delivered:
    """The platform accepted the message."""

    message_id: str | None = None
    poll_id: str | None = None  # set when the message was a quiz poll


@dataclass(frozen=True, slots=True)
class RetryAfter:
    """The platform asked us to wait ``seconds`` before sending again (Telegram's 429)."""

    seconds: float
    reason: str = ""


@dataclass(frozen=True, slots=True)
class Blocked:
    """The person blocked the bot or left: stop sending to them, keep their data."""

    reason: str = ""


@dataclass(frozen=True, slots=True)
class Failed:
    """The platform refused the message for good (bad request, chat not found, …)."""

    reason: str
    transient: bool = False  # a 5xx or a refused connection: trying again later may work


@dataclass(frozen=True, slots=True)
class Unknown:
    """The call's outcome could not be learned (timeout after the request left)."""

    reason: str


Outcome = Delivered | RetryAfter | Blocked | Failed | Unknown


class DeliveryPort(Protocol):
    """Port: deliver one message to a chat on a channel and say what happened."""

    async def deliver(self, channel: str, chat_id: str, message: Reply) -> Outcome:
        """Send ``message``; never raises for a platform's refusal (the outcome says it)."""
        ...


# A caller that must record the moment a message leaves sets this around ``deliver`` (the
# campaign outbox commits ``sending`` then, so after a crash only messages that were really on
# their way are in doubt, not those still waiting for the rate budget). Adapters that make
# messages wait await ``departing()`` right before the platform call.
departure: ContextVar[Callable[[], Awaitable[bool]] | None] = ContextVar("departure", default=None)


async def departing() -> bool:
    """For adapters, right before the platform call: False means the caller withdrew it."""
    hook = departure.get()
    return True if hook is None else await hook()


def describe(outcome: Outcome) -> str:
    """A short English description of a non-delivered outcome, for logs and error columns."""
    match outcome:
        case Delivered():
            return "delivered"
        case RetryAfter(seconds=seconds, reason=reason):
            return f"retry after {seconds:g} s: {reason}".rstrip(": ")
        case Blocked(reason=reason):
            return f"blocked: {reason}".rstrip(": ")
        case Failed(reason=reason) | Unknown(reason=reason):
            return reason


async def deliver_all(
    port: DeliveryPort, channel: str, chat_id: str, replies: list[Reply], *, retries: int = 3
) -> Outcome:
    """Send ``replies`` in order; the outcome of the last one sent.

    A ``RetryAfter`` is tried again (the adapter's rate budget holds the wait) up to ``retries``
    times; the first message that is not delivered stops the rest, whose order would break.
    """
    outcome: Outcome = Delivered()
    for reply in replies:
        for _ in range(retries + 1):
            outcome = await port.deliver(channel, chat_id, reply)
            if not isinstance(outcome, RetryAfter):
                break
        if not isinstance(outcome, Delivered):
            log.info("delivery to %s:%s stopped: %s", channel, chat_id, describe(outcome))
            return outcome
    return outcome
