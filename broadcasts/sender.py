"""The broadcast sender: claims outbox rows and delivers them through the delivery port.

Per message of a row: ``deliver`` → when the channel's rate budget lets it leave, commit
``sending`` → the platform call → commit the outcome before the worker's next message, so only
the call itself is in doubt. A recipient getting two messages (a photo, then a text too long for
its caption) has the row back at ``pending`` with ``step`` 1 between them: the chat's wait before
the text is not in doubt, and a restart resumes with the text. ``RetryAfter``: the budget has
paused every send already; the message is tried again. ``Blocked``: row ``blocked`` and the
subscriber blocked for good. ``Unknown`` (timed out or cut off after the request left): row
``unknown``, never sent again blindly — ``python -m bot campaign resend-unknown`` does it on an
operator's word. ``Failed(transient=True)`` (nothing was sent: a 5xx, a refused connection):
retried with exponential backoff up to ``max_attempts``, then ``failed`` with the reason. Any
other ``Failed``: ``failed`` at once.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from broadcasts import outbox
from broadcasts.message import build_replies, quiz_intro
from broadcasts.statewriter import StateWriter
from domain.clock import SYSTEM_CLOCK, Clock
from domain.delivery import (
    Blocked,
    Delivered,
    DeliveryPort,
    Failed,
    Outcome,
    RetryAfter,
    Unknown,
    departure,
    describe,
)
from domain.messages import Reply
from storage.database import Database
from storage.models import utcnow
from storage.outbox import Claimed

log = logging.getLogger(__name__)

LEAVERS_CHECK_SECONDS = 5.0  # how often pending rows of people who left are settled
Progress = Callable[[str], None]


@dataclass(frozen=True)
class SenderConfig:
    """Tunables of one sender; the sending rate is the delivery port's rate budget."""

    workers: int = 32
    max_attempts: int = 5
    backoff: float = 1.0  # first retry after 1 s, then 2, 4, 8…
    lease: timedelta = timedelta(minutes=5)
    idle: float = 0.2


def sender_name() -> str:
    """A name unique to this process, stored in ``claimed_by``."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


@dataclass(frozen=True)
class _Message:
    """What every recipient of one run gets."""

    replies: list[Reply]
    intro: Reply | None  # the quiz intro after the campaign, when it carries a quiz


class CampaignSender:
    """Sends campaign runs through one delivery port (share the port: it holds the budget)."""

    def __init__(
        self,
        db: Database,
        delivery: DeliveryPort,
        config: SenderConfig | None = None,
        *,
        name: str | None = None,
        on_progress: Progress | None = None,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self.db = db
        self.delivery = delivery
        self.config = config or SenderConfig()
        self.name = name or sender_name()
        self.on_progress = on_progress
        self.clock = clock
        self.too_many_requests = 0
        self._announces: dict[str, bool] = {}  # channel -> its port announces departures
        self._learning: dict[str, asyncio.Lock] = {}

    async def _message(self, campaign_id: int) -> _Message:
        async with self.db.uow() as uow:
            campaign = await uow.campaigns.get(campaign_id)
            assert campaign is not None, f"campaign {campaign_id} is being sent"
            quiz_id = campaign.quiz_id
            quiz = await uow.quizzes.get(quiz_id) if quiz_id is not None else None
            title = quiz.title if quiz is not None else None
            replies = build_replies(campaign)  # the unit of work expires the row when it ends
        if quiz_id is not None and title is None:
            log.warning("campaign %s carries quiz %s, which does not exist", campaign_id, quiz_id)
        intro = quiz_intro(quiz_id, title) if quiz_id is not None and title else None
        return _Message(replies, intro)

    async def _status(self, campaign_id: int) -> str | None:
        async with self.db.uow() as uow:
            return await uow.outbox.campaign_status(campaign_id)

    async def run(
        self,
        campaign_id: int,
        run: int,
        *,
        exclusive: bool = False,
        while_status: tuple[str, ...] = ("sending",),
    ) -> bool:
        """Send the run until nothing is left (True) or the campaign's status leaves
        ``while_status`` (False).

        ``exclusive``: the caller holds the run's lock, so rows held by other senders are theirs
        no longer and are resolved at once (see ``OutboxRepository.recover``). An operator's
        resend of unknown rows of a finished run passes ``while_status=("sending", "done")``.
        """
        message = await self._message(campaign_id)
        async with self.db.uow() as uow:
            await uow.outbox.recover(
                campaign_id,
                run,
                me=self.name,
                lease=self.config.lease,
                all_others_dead=exclusive,
            )
            await uow.commit()
        writer = StateWriter(self.db, self.name)
        writer.start()
        queue: asyncio.Queue[Claimed | None] = asyncio.Queue()
        workers = [
            asyncio.create_task(self._worker(queue, writer, message))
            for _ in range(self.config.workers)
        ]
        try:
            finished = await self._feed(campaign_id, run, queue, workers, while_status)
        finally:
            unposted: list[int] = []
            while not queue.empty():
                item = queue.get_nowait()
                if item is not None:
                    unposted.append(item.id)
            for _ in workers:
                queue.put_nowait(None)
            await asyncio.gather(*workers, return_exceptions=True)
            await writer.stop()
            async with self.db.uow() as uow:
                await uow.outbox.release(self.name, unposted)
                await uow.commit()
        return finished

    async def _feed(
        self,
        campaign_id: int,
        run: int,
        queue: asyncio.Queue[Claimed | None],
        workers: list[asyncio.Task[None]],
        while_status: tuple[str, ...],
    ) -> bool:
        batch = self.config.workers * 2
        checked_leavers = float("-inf")
        while True:
            for task in workers:
                if task.done() and task.exception() is not None:
                    raise task.exception()  # type: ignore[misc]
            if await self._status(campaign_id) not in while_status:
                return False
            if self.clock.monotonic() - checked_leavers >= LEAVERS_CHECK_SECONDS:
                await outbox.drop_withdrawn(self.db, campaign_id, run)
                checked_leavers = self.clock.monotonic()
            if queue.qsize() < batch:
                async with self.db.uow() as uow:
                    rows = await uow.outbox.claim(campaign_id, run, self.name, batch)
                    await uow.commit()
                for row in rows:
                    queue.put_nowait(row)
                if rows:
                    continue
                async with self.db.uow() as uow:
                    due = await uow.outbox.next_due(campaign_id, run)
                if due is False:
                    return True
            else:
                due = None
            wait = self.config.idle
            if due is not None and not isinstance(due, bool):
                wait = min(max((due - utcnow()).total_seconds(), 0.0), 1.0) or self.config.idle
            await asyncio.sleep(wait)

    async def _worker(
        self, queue: asyncio.Queue[Claimed | None], writer: StateWriter, message: _Message
    ) -> None:
        while True:
            row = await queue.get()
            if row is None:
                return
            await self._deliver(row, writer, message)

    async def _deliver(self, row: Claimed, writer: StateWriter, message: _Message) -> None:
        failures = 0
        step = min(row.step, len(message.replies) - 1)  # replies already delivered
        while True:
            outcome = await self._deliver_marked(row, writer, message.replies[step])
            if outcome is None:
                return  # taken from us (lease expired): another sender owns it now
            match outcome:
                case Delivered() if step + 1 < len(message.replies):
                    step += 1
                    failures = 0
                    await writer.step(row.id, step)
                case Delivered(message_id=message_id):
                    await writer.final(row.id, "sent", message_id=message_id)
                    self._report("sent")
                    await self._send_intro(row, message.intro)
                    return
                case RetryAfter():
                    # The port's rate budget has paused every send already: just try again.
                    self.too_many_requests += 1
                    await writer.retry(row.id, None, f"429: {describe(outcome)}")
                case Blocked():
                    error = describe(outcome)
                    await writer.final(
                        row.id, "blocked", error=error, subscriber_id=row.subscriber_id
                    )
                    self._report("blocked")
                    return
                case Unknown():
                    # It may have arrived: sending it again is the operator's call.
                    await writer.final(row.id, "unknown", error=describe(outcome))
                    self._report("unknown")
                    return
                case Failed(transient=True):
                    failures += 1
                    reason = describe(outcome)
                    if failures >= self.config.max_attempts:
                        await writer.final(row.id, "failed", error=reason)
                        self._report("failed")
                        return
                    delay = self.config.backoff * 2 ** (failures - 1)
                    await writer.retry(row.id, utcnow() + timedelta(seconds=delay), reason)
                    await self.clock.sleep(delay)
                case Failed():
                    await writer.final(row.id, "failed", error=describe(outcome))
                    self._report("failed")
                    return

    async def _deliver_marked(
        self, row: Claimed, writer: StateWriter, reply: Reply
    ) -> Outcome | None:
        """Deliver with the row committed ``sending`` at the moment the message leaves; None when
        the row is no longer ours.

        The port's rate budget may hold the message a while; marking it only when its turn has
        come keeps the rows in doubt after a crash to those really on their way. The first
        message on a channel is marked before the call and shows whether the port announces
        departures; the other workers wait until that message leaves (not for its answer).
        """
        if row.channel in self._announces:
            return await self._deliver_once(row, writer, reply, self._announces[row.channel])
        learning = self._learning.setdefault(row.channel, asyncio.Lock())
        await learning.acquire()
        held = True

        def learned() -> None:  # the others need not wait for this call's answer
            nonlocal held
            if held:
                held = False
                learning.release()

        try:
            announces = self._announces.get(row.channel)
            if announces is not None:
                learned()
            return await self._deliver_once(row, writer, reply, announces, learned)
        finally:
            learned()

    async def _deliver_once(
        self,
        row: Claimed,
        writer: StateWriter,
        reply: Reply,
        announces: bool | None,
        learned: Callable[[], None] = lambda: None,
    ) -> Outcome | None:
        marked = None if announces else await writer.sending(row.id)
        if marked is False:
            return None
        announced: list[bool] = []

        async def departs() -> bool:
            announced.append(marked if marked is not None else await writer.sending(row.id))
            if announces is None:  # known at the departure: the port announces it
                self._announces[row.channel] = True
                learned()
            return announced[-1]

        token = departure.set(departs)
        try:
            outcome = await self.delivery.deliver(row.channel, row.chat_id, reply)
        finally:
            departure.reset(token)
        if announces is None and not announced and isinstance(outcome, Delivered | Unknown):
            self._announces[row.channel] = False  # the call was made without announcing it
        # Announced but refused (another sender holds the row): the message did not leave.
        return None if announced and not announced[-1] else outcome

    async def _send_intro(self, row: Claimed, intro: Reply | None) -> None:
        if intro is None:
            return
        outcome = await self.delivery.deliver(row.channel, row.chat_id, intro)
        if not isinstance(outcome, Delivered):
            log.info("quiz intro to subscriber %s: %s", row.subscriber_id, describe(outcome))

    def _report(self, outcome: str) -> None:
        if self.on_progress is not None:
            self.on_progress(outcome)
