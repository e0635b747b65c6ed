"""Entry point of every message: dedupe, per-chat order, flood control, steps, commit, delivery.

Flood limits are counted in the database (``uow.flood``, in the turn's transaction), so several
worker processes enforce one limit per chat.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import Context, ContextVar, copy_context
from datetime import UTC, datetime

from domain.catalogue import t
from domain.clock import SYSTEM_CLOCK, Clock
from domain.delivery import DeliveryPort, deliver_all
from domain.messages import Incoming, IncomingKind, Reply
from handlers.chat.config import HandlerConfig
from handlers.chat.conversation import CONVERSATION
from handlers.chat.keyed_locks import KeyedLocks
from handlers.chat.registry import Registry
from handlers.chat.turn import IDLE, SETTLED_KEY, Turn
from handlers.citizen.draft import ReportDraft
from storage.database import Database
from storage.errors import AlreadyProcessed, IntegrityError
from storage.uow import UnitOfWork, joined_unit

log = logging.getLogger(__name__)


PRUNE_EVERY = 1000  # updates recorded between two clean-ups of expired records


def utcnow() -> datetime:
    """The wall clock of the update records."""
    return datetime.now(UTC)


_ANNOUNCE_FAILURES: ContextVar[bool] = ContextVar("announce_failures", default=True)
_FAILED_TURNS: ContextVar[list[str] | None] = ContextVar("failed_turns", default=None)


@contextmanager
def failed_turns() -> Iterator[list[str]]:
    """Collect, while this block runs, the update keys of turns whose transaction did not
    commit (the dispatcher answers those instead of raising)."""
    failed: list[str] = []
    token = _FAILED_TURNS.set(failed)
    try:
        yield failed
    finally:
        _FAILED_TURNS.reset(token)


@contextmanager
def failures_announced(announce: bool) -> Iterator[None]:
    """Whether a failed turn answers «internal error» while this block runs.

    A stored update tried again after a failure says nothing the second time: the chat was told
    once already, and the real answer follows when a try succeeds.
    """
    token = _ANNOUNCE_FAILURES.set(announce)
    try:
        yield
    finally:
        _ANNOUNCE_FAILURES.reset(token)


class Dispatcher:
    """Handles one Incoming at a time per chat, commits, then delivers the replies in order.

    The per-chat lock is held from loading the conversation until the last reply has left, so
    two messages of one chat never interleave, neither in storage nor on the screen.
    """

    def __init__(
        self,
        db: Database,
        delivery: DeliveryPort,
        config: HandlerConfig,
        *,
        clock: Clock = SYSTEM_CLOCK,
        conversation: Registry = CONVERSATION,
        wall_clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.db = db
        self.wall_clock = wall_clock
        self.conversation = conversation
        self.delivery = delivery
        self.config = config
        self._locks = KeyedLocks()
        self._deliveries: set[asyncio.Task[None]] = set()
        self._recorded = 0
        self.clock = clock  # flood limits are counted in the database on the wall clock

    async def handle(self, incoming: Incoming, update_key: str | None = None) -> list[Reply]:
        """Process the message exactly once, deliver the answer and return it; never raises."""
        key = f"{incoming.channel}:{incoming.chat_id}"
        async with self._locks.hold(key):
            replies, _ = await self._turn(incoming, update_key, key)
            await self._deliver(incoming, replies)
        return replies

    async def handle_detached(
        self, incoming: Incoming, update_key: str | None = None
    ) -> list[Reply]:
        """As ``handle``, but return once the turn is committed; the replies leave in a task of
        their own, still in order per chat (the chat's lock is held until the last has left).

        For the inbox workers: a slow answer from a platform then holds its chat, not a worker
        (``wait_delivered`` lets shutdown wait for what is on its way). A turn that joined the
        worker's unit (``storage.uow.turns_join``) is committed by the worker: its replies leave
        after that commit, and never when it rolled back. Raises ``AlreadyProcessed`` in a
        joined unit whose update was processed before.
        """
        key = f"{incoming.channel}:{incoming.chat_id}"
        await self._locks.acquire(key)
        try:
            replies, done = await self._turn(incoming, update_key, key)
        except BaseException:
            self._locks.release(key)
            raise
        joined = joined_unit()
        if joined is not None and done:  # wait for the worker's commit
            turn = copy_context()  # the replies leave in the turn's context (the adapter's)
            joined.after(
                lambda committed: self._after_commit(committed, incoming, replies, key, turn)
            )
            return replies
        self._send_detached(incoming, replies, key, copy_context())
        return replies

    def _after_commit(
        self, committed: bool, incoming: Incoming, replies: list[Reply], key: str, turn: Context
    ) -> None:
        if committed:
            self._send_detached(incoming, replies, key, turn)
        else:  # rolled back: the update is tried again and answers then
            self._locks.release(key)

    def _send_detached(
        self, incoming: Incoming, replies: list[Reply], key: str, turn: Context
    ) -> None:
        if not replies:
            self._locks.release(key)
            return
        task = asyncio.create_task(self._deliver_and_release(incoming, replies, key), context=turn)
        self._deliveries.add(task)
        task.add_done_callback(self._deliveries.discard)

    async def _deliver_and_release(
        self, incoming: Incoming, replies: list[Reply], key: str
    ) -> None:
        try:
            await self._deliver(incoming, replies)
        finally:
            self._locks.release(key)

    async def wait_delivered(self, timeout: float | None = None) -> None:
        """Wait (at most ``timeout`` seconds) for the replies still on their way."""
        if self._deliveries:
            await asyncio.wait(set(self._deliveries), timeout=timeout)

    async def _turn(
        self, incoming: Incoming, update_key: str | None, key: str
    ) -> tuple[list[Reply], bool]:
        """The turn's replies and True (committed, or ready to commit in a joined unit), or
        «internal error» and False when it failed; raises only ``AlreadyProcessed``."""
        try:
            return await self._handle_once(incoming, update_key, key), True
        except AlreadyProcessed:
            raise
        except Exception:
            log.exception("handling %s from %s failed", incoming.kind, key)
            failed = _FAILED_TURNS.get()
            if failed is not None:
                failed.append(update_key or "")
            return ([Reply(text=t("internal_error"))] if _ANNOUNCE_FAILURES.get() else []), False

    async def _held_back(
        self, uow: UnitOfWork, key: str, now: float, replies: list[Reply]
    ) -> list[Reply]:
        """Past the chat's flood limit only urgent replies go, after one notice per window."""
        log.info("chat %s is sending too fast; replies held back", key)
        kept = [r for r in replies if r.urgent]
        if await uow.flood.should_notify(key, now, self.config.flood_window_seconds):
            kept.insert(0, Reply(text=t("slow_down")))
        return kept

    async def _deliver(self, incoming: Incoming, replies: list[Reply]) -> None:
        if not replies:
            return
        try:  # the change is committed already; a lost reply is logged, never retried here
            await deliver_all(self.delivery, incoming.channel, incoming.chat_id, replies)
        except Exception:
            log.exception("delivery to %s:%s failed", incoming.channel, incoming.chat_id)

    async def _handle_once(
        self, incoming: Incoming, update_key: str | None, key: str
    ) -> list[Reply]:
        joined = joined_unit()
        if joined is not None:  # the caller commits (or rolls back) the unit
            return await self._steps(joined, incoming, update_key, key)
        async with self.db.uow() as uow:
            try:
                replies = await self._steps(uow, incoming, update_key, key)
            except AlreadyProcessed:
                return []  # rolled back as the unit closes
            try:
                await uow.commit()
            except IntegrityError:
                log.info("update %s was processed concurrently; skipped", update_key)
                return []
        return replies

    async def _steps(
        self, uow: UnitOfWork, incoming: Incoming, update_key: str | None, key: str
    ) -> list[Reply]:
        """The turn in ``uow``, not committed; ``AlreadyProcessed`` for a redelivered update."""
        now = self.wall_clock()
        not_before = now - self.config.redelivery_window
        citizen = await uow.citizens.get(incoming.channel, incoming.user_id)
        turn = Turn(uow=uow, incoming=incoming, config=self.config, citizen=citizen)
        await _load_state(turn, self.conversation)
        replies = await self.conversation.run(turn)
        await _save_state(turn, self.conversation)
        if incoming.kind is not IncomingKind.CALLBACK:  # shared by every worker process
            seconds = now.timestamp()
            if await uow.flood.hit(
                key, seconds, self.config.flood_max_messages, self.config.flood_window_seconds
            ):
                replies = await self._held_back(uow, key, seconds, replies)
        if update_key:
            # recorded last, so the turn's first write (SQLite's write lock) comes late; a
            # redelivered update did its steps for nothing and is rolled back
            if not await uow.updates.first_time(
                incoming.channel, update_key, at=now, not_before=not_before
            ):
                log.info("update %s already processed; skipped", update_key)
                raise AlreadyProcessed(update_key)
            self._recorded += 1
            if self._recorded % PRUNE_EVERY == 0:
                await uow.updates.prune(not_before)
                await uow.flood.prune(now.timestamp() - self.config.flood_window_seconds)
        return replies


async def _load_state(turn: Turn, table: Registry) -> None:
    """The one place a chat's stored state is read."""
    incoming = turn.incoming
    conversation = await turn.uow.conversations.find(incoming.channel, incoming.chat_id)
    turn.conversation = conversation
    if conversation is None:
        return
    turn.state = conversation.state or IDLE
    turn.data = dict(conversation.data or {})
    settled = turn.data.pop(SETTLED_KEY, None)
    if isinstance(settled, dict):
        turn.settled = {str(k): str(v) for k, v in settled.items()}
    if table.is_draft_state(turn.state):
        turn.draft = ReportDraft.from_json(turn.data)


async def _save_state(turn: Turn, table: Registry) -> None:
    """Store the state a step left, for consented citizens and chats whose steps asked."""
    conversations = turn.uow.conversations
    incoming = turn.incoming
    if turn.forget_state and not turn.consented:
        if turn.conversation is not None:
            await conversations.discard(turn.conversation)
            turn.conversation = None
        return
    if turn.conversation is None and (turn.consented or turn.keep_state):
        turn.conversation = await conversations.load(incoming.channel, incoming.chat_id)
    if turn.conversation is None:
        return
    draft_state = turn.draft is not None and table.is_draft_state(turn.state)
    data = turn.draft.to_json() if draft_state and turn.draft else dict(turn.data)
    if turn.settled:
        data[SETTLED_KEY] = turn.settled
    conversations.save(turn.conversation, turn.state, data)
