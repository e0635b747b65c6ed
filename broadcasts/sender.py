"""The broadcast sender: claims outbox rows and sends them within the Bot API's limits.

Per row: wait for a slot (global rate, chat spacing, 429 pause) → commit ``sending`` → post →
commit the outcome before the worker's next post. 429: the whole sender pauses ``retry_after``
and the row is retried. 403: row ``blocked`` and the subscriber blocked for good. 5xx/timeout:
retried with exponential backoff up to ``max_attempts``, then ``failed`` with the reason. Other
4xx: ``failed`` at once with Telegram's description.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib
import logging
import os
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from broadcasts import outbox
from broadcasts.botapi import ApiResult, BotApi
from broadcasts.limits import Limits
from broadcasts.message import Step, build_steps
from broadcasts.statewriter import StateWriter
from storage.broadcast_models import Campaign
from storage.models import utcnow

log = logging.getLogger(__name__)

QuizHook = Callable[..., Awaitable[Any]]
LEAVERS_CHECK_SECONDS = 5.0  # how often pending rows of people who left are settled
Progress = Callable[[str], None]


@dataclass(frozen=True)
class SenderConfig:
    """Tunables; ``rate`` is messages per second for the whole process (below Telegram's 30)."""

    rate: float = 25.0
    workers: int = 32
    max_attempts: int = 5
    backoff: float = 1.0  # first retry after 1 s, then 2, 4, 8…
    lease: timedelta = timedelta(minutes=5)
    idle: float = 0.2


def sender_name() -> str:
    """A name unique to this process, stored in ``claimed_by``."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def quiz_hook() -> QuizHook | None:
    """``broadcasts.quiz_delivery.send_quiz_intro`` when that module provides it."""
    try:
        module = importlib.import_module("broadcasts.quiz_delivery")
    except ImportError:
        return None
    hook = getattr(module, "send_quiz_intro", None)
    return hook if callable(hook) else None


class CampaignSender:
    """Sends campaign runs through one ``BotApi`` with one set of ``Limits`` (share it)."""

    def __init__(
        self,
        engine: AsyncEngine,
        api: BotApi,
        config: SenderConfig | None = None,
        *,
        limits: Limits | None = None,
        name: str | None = None,
        on_progress: Progress | None = None,
        quiz: QuizHook | None = None,
    ) -> None:
        self.engine = engine
        self.api = api
        self.config = config or SenderConfig()
        self.limits = limits or Limits(self.config.rate)
        self.name = name or sender_name()
        self.on_progress = on_progress
        self.quiz = quiz
        self.too_many_requests = 0
        self._photo_lock = asyncio.Lock()
        self._photo_id: str | None = None

    async def _status(self, campaign_id: int) -> str | None:
        async with self.engine.connect() as conn:
            stmt = select(Campaign.status).where(Campaign.id == campaign_id)
            return (await conn.execute(stmt)).scalar_one_or_none()

    async def run(self, campaign_id: int, run: int, *, exclusive: bool = False) -> bool:
        """Send the run until nothing is left (True) or the campaign leaves ``sending`` (False).

        ``exclusive``: the caller holds the run's lock, so rows held by other senders are theirs
        no longer and are resolved at once (see ``outbox.recover``).
        """
        async with AsyncSession(self.engine, expire_on_commit=False) as session:
            campaign = await session.get_one(Campaign, campaign_id)
        steps = build_steps(campaign)
        await outbox.recover(
            self.engine,
            campaign_id,
            run,
            me=self.name,
            lease=self.config.lease,
            all_others_dead=exclusive,
        )
        writer = StateWriter(self.engine, self.name)
        writer.start()
        queue: asyncio.Queue[outbox.Claimed | None] = asyncio.Queue()
        workers = [
            asyncio.create_task(self._worker(queue, writer, steps, campaign))
            for _ in range(self.config.workers)
        ]
        try:
            finished = await self._feed(campaign_id, run, queue, workers)
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
            await outbox.release(self.engine, self.name, unposted)
        return finished

    async def _feed(
        self,
        campaign_id: int,
        run: int,
        queue: asyncio.Queue[outbox.Claimed | None],
        workers: list[asyncio.Task[None]],
    ) -> bool:
        batch = self.config.workers * 2
        checked_leavers = 0.0
        while True:
            for task in workers:
                if task.done() and task.exception() is not None:
                    raise task.exception()  # type: ignore[misc]
            if await self._status(campaign_id) != "sending":
                return False
            if time.monotonic() - checked_leavers >= LEAVERS_CHECK_SECONDS:
                await outbox.drop_withdrawn(self.engine, campaign_id, run)
                checked_leavers = time.monotonic()
            if queue.qsize() < batch:
                rows = await outbox.claim(self.engine, campaign_id, run, self.name, batch)
                for row in rows:
                    queue.put_nowait(row)
                if rows:
                    continue
            due = await outbox.next_due(self.engine, campaign_id, run)
            if due is False:
                return True
            wait = self.config.idle
            if due is not None and not isinstance(due, bool):
                wait = min(max((due - utcnow()).total_seconds(), 0.0), 1.0) or self.config.idle
            await asyncio.sleep(wait)

    async def _worker(
        self,
        queue: asyncio.Queue[outbox.Claimed | None],
        writer: StateWriter,
        steps: list[Step],
        campaign: Campaign,
    ) -> None:
        while True:
            row = await queue.get()
            if row is None:
                return
            await self._deliver(row, writer, steps, campaign)

    async def _deliver(
        self, row: outbox.Claimed, writer: StateWriter, steps: list[Step], campaign: Campaign
    ) -> None:
        if row.channel != "telegram" or not row.chat_id.lstrip("-").isdigit():
            await writer.final(row.id, "failed", error=f"unsupported chat {row.channel}")
            return
        chat = int(row.chat_id)
        failures = 0
        done = 0  # steps already delivered (photo before a long text)
        while True:
            await self.limits.acquire(chat)
            if not await writer.sending(row.id):
                return  # taken from us (lease expired): another sender owns it now
            result = await self._post(chat, steps[done], campaign)
            if result.ok and done + 1 < len(steps):
                done += 1
                continue
            if result.ok:
                await writer.final(row.id, "sent", message_id=result.message_id)
                self._report("sent")
                await self._send_quiz(campaign, row, chat)
                return
            outcome = self._classify(result)
            if outcome == "pause":
                self.too_many_requests += 1
                self.limits.pause(result.retry_after or 1.0)
                await writer.retry(row.id, None, f"429: {result.description}")
                continue
            if outcome == "blocked":
                await writer.final(
                    row.id, "blocked", error=result.description, subscriber_id=row.subscriber_id
                )
                self._report("blocked")
                return
            if outcome == "retry":
                failures += 1
                reason = _reason(result)
                if failures < self.config.max_attempts:
                    delay = self.config.backoff * 2 ** (failures - 1)
                    await writer.retry(row.id, utcnow() + timedelta(seconds=delay), reason)
                    await asyncio.sleep(delay)
                    continue
                await writer.final(row.id, "failed", error=reason)
            else:
                await writer.final(row.id, "failed", error=_reason(result))
            self._report("failed")
            return

    @staticmethod
    def _classify(result: ApiResult) -> str:
        if result.status == 429:
            return "pause"
        if result.status == 403:
            return "blocked"
        if result.status == 0 or result.status >= 500:
            return "retry"
        return "fail"

    async def _post(self, chat: int, step: Step, campaign: Campaign) -> ApiResult:
        params = {"chat_id": chat, **step.params}
        if step.method != "sendPhoto":
            return await self.api.call(step.method, params)
        if self._photo_id is not None:
            return await self.api.call("sendPhoto", {**params, "photo": self._photo_id})
        async with self._photo_lock:  # upload once, then reuse Telegram's file id
            if self._photo_id is not None:
                return await self.api.call("sendPhoto", {**params, "photo": self._photo_id})
            result = await self.api.upload_photo(params, campaign.photo or b"", campaign.photo_mime)
            if result.ok:
                self._photo_id = result.photo_file_id
            return result

    async def _send_quiz(self, campaign: Campaign, row: outbox.Claimed, chat: int) -> None:
        if self.quiz is None or campaign.quiz_id is None:
            return
        try:
            await self.quiz(
                api=self.api,
                limits=self.limits,
                engine=self.engine,
                campaign_id=campaign.id,
                quiz_id=campaign.quiz_id,
                subscriber_id=row.subscriber_id,
                chat_id=chat,
            )
        except Exception:
            log.exception("quiz intro for campaign %s to %s failed", campaign.id, chat)

    def _report(self, outcome: str) -> None:
        if self.on_progress is not None:
            self.on_progress(outcome)


def _reason(result: ApiResult) -> str:
    if result.status == 0:
        return result.description or "timeout"
    return f"{result.status}: {result.description}"


async def stop_quietly(task: asyncio.Task[Any]) -> None:
    """Cancel a task and wait for it."""
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task
