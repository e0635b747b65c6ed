"""Entry point of every message: dedupe, per-chat order, flood control, steps, commit, delivery."""

from __future__ import annotations

import logging
from collections import defaultdict, deque
from collections.abc import Callable
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
from storage.errors import IntegrityError

log = logging.getLogger(__name__)


PRUNE_EVERY = 1000  # updates recorded between two clean-ups of expired records


def utcnow() -> datetime:
    """The wall clock of the update records."""
    return datetime.now(UTC)


class FloodGuard:
    """Counts a chat's messages in a sliding window; past the limit the chat is slowed down."""

    def __init__(self, max_messages: int, window: float, clock: Clock = SYSTEM_CLOCK) -> None:
        self.max_messages = max_messages
        self.window = window
        self.clock = clock
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._notified: dict[str, float] = {}

    def hit(self, key: str) -> bool:
        """Record a message; True when the chat is over the limit."""
        now = self.clock.monotonic()
        hits = self._hits[key]
        hits.append(now)
        while hits and hits[0] < now - self.window:
            hits.popleft()
        if len(self._hits) > 10_000:  # forget chats that went quiet
            quiet = [k for k, v in self._hits.items() if v[-1] < now - self.window]
            for stale in quiet:
                del self._hits[stale]
                self._notified.pop(stale, None)
        return len(hits) > self.max_messages

    def should_notify(self, key: str) -> bool:
        """True once per window while a chat is slowed down."""
        now = self.clock.monotonic()
        if now - self._notified.get(key, -self.window) >= self.window:
            self._notified[key] = now
            return True
        return False


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
        self._recorded = 0
        self._flood = FloodGuard(config.flood_max_messages, config.flood_window_seconds, clock)

    async def handle(self, incoming: Incoming, update_key: str | None = None) -> list[Reply]:
        """Process the message exactly once, deliver the answer and return it; never raises."""
        key = f"{incoming.channel}:{incoming.chat_id}"
        throttled = incoming.kind is not IncomingKind.CALLBACK and self._flood.hit(key)
        async with self._locks.hold(key):
            try:
                replies = await self._handle_once(incoming, update_key)
            except Exception:
                log.exception("handling %s from %s failed", incoming.kind, key)
                replies = [Reply(text=t("internal_error"))]
            else:
                if throttled:
                    replies = self._held_back(key, replies)
            await self._deliver(incoming, replies)
        return replies

    def _held_back(self, key: str, replies: list[Reply]) -> list[Reply]:
        log.info("chat %s is sending too fast; replies held back", key)
        kept = [r for r in replies if r.urgent]
        if self._flood.should_notify(key):
            kept.insert(0, Reply(text=t("slow_down")))
        return kept

    async def _deliver(self, incoming: Incoming, replies: list[Reply]) -> None:
        if not replies:
            return
        try:  # the change is committed already; a lost reply is logged, never retried here
            await deliver_all(self.delivery, incoming.channel, incoming.chat_id, replies)
        except Exception:
            log.exception("delivery to %s:%s failed", incoming.channel, incoming.chat_id)

    async def _handle_once(self, incoming: Incoming, update_key: str | None) -> list[Reply]:
        now = self.wall_clock()
        not_before = now - self.config.redelivery_window
        async with self.db.uow() as uow:
            if update_key and await uow.updates.seen(
                incoming.channel, update_key, not_before=not_before
            ):
                log.info("update %s already processed; skipped", update_key)
                return []
            citizen = await uow.citizens.get(incoming.channel, incoming.user_id)
            turn = Turn(uow=uow, incoming=incoming, config=self.config, citizen=citizen)
            await _load_state(turn, self.conversation)
            replies = await self.conversation.run(turn)
            await _save_state(turn, self.conversation)
            if update_key:
                uow.updates.record(incoming.channel, update_key, at=now)
                self._recorded += 1
                if self._recorded % PRUNE_EVERY == 0:
                    await uow.updates.prune(not_before)
            try:
                await uow.commit()
            except IntegrityError:
                log.info("update %s was processed concurrently; skipped", update_key)
                return []
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
