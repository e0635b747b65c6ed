"""Entry point of every message: dedupe, per-chat ordering, flood control, routing, commit."""

from __future__ import annotations

import logging
import time
from collections import defaultdict, deque

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from domain.catalogue import t
from domain.messages import Incoming, IncomingKind, Reply
from handlers.chat.config import HandlerConfig
from handlers.chat.keyboards import consent_request, main_menu, menu_action
from handlers.chat.keyed_locks import KeyedLocks
from handlers.chat.text_checks import word_count
from handlers.chat.turn import Turn
from handlers.citizen import account, followup, report_finish, report_flow, tracking
from handlers.staff import campaign_authoring
from handlers.subscriber import campaign_clicks, subscriptions
from handlers.subscriber.quiz_answers import (
    QUIZ_COMMAND,
    is_quiz_callback,
    on_quiz_callback,
    quiz_result,
)
from storage.uow import UnitOfWork

log = logging.getLogger(__name__)

CONSENT_FREE_COMMANDS = {"start", "huy", "trogiup", "help", "xoadulieu", *subscriptions.COMMANDS}
COMMANDS = CONSENT_FREE_COMMANDS | {"phananh", "tracuu", "cuatoi", QUIZ_COMMAND}
# Which button presses each state understands; others come from stale messages.
STATE_CALLBACKS: dict[str, tuple[str, ...]] = {
    report_flow.CATEGORY: ("cat:",),
    report_flow.PLACE: ("place:",),
    report_finish.PHOTO: ("photo:",),
    report_finish.ANONYMOUS: ("anon:",),
    report_finish.PHONE: ("phone:",),
    report_finish.CONFIRM: ("confirm:",),
}


class FloodGuard:
    """Counts a chat's messages in a sliding window; past the limit the chat is slowed down."""

    def __init__(self, max_messages: int, window: float) -> None:
        self.max_messages = max_messages
        self.window = window
        self._hits: dict[str, deque[float]] = defaultdict(deque)
        self._notified: dict[str, float] = {}

    def hit(self, key: str) -> bool:
        """Record a message; True when the chat is over the limit."""
        now = time.monotonic()
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
        now = time.monotonic()
        if now - self._notified.get(key, -self.window) >= self.window:
            self._notified[key] = now
            return True
        return False


class Dispatcher:
    """Handles one Incoming at a time per chat and returns the replies to send."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], config: HandlerConfig) -> None:
        self.sessions = sessions
        self.config = config
        self._locks = KeyedLocks()
        self._flood = FloodGuard(config.flood_max_messages, config.flood_window_seconds)

    async def handle(self, incoming: Incoming, update_key: str | None = None) -> list[Reply]:
        """Process the message exactly once and return what to answer; never raises."""
        key = f"{incoming.channel}:{incoming.chat_id}"
        throttled = incoming.kind is not IncomingKind.CALLBACK and self._flood.hit(key)
        async with self._locks.hold(key):
            try:
                replies = await self._handle_once(incoming, update_key)
            except Exception:
                log.exception("handling %s from %s failed", incoming.kind, key)
                return [Reply(text=t("internal_error"))]
        if not throttled:
            return replies
        log.info("chat %s is sending too fast; replies held back", key)
        kept = [r for r in replies if r.urgent]
        if self._flood.should_notify(key):
            kept.insert(0, Reply(text=t("slow_down")))
        return kept

    async def _handle_once(self, incoming: Incoming, update_key: str | None) -> list[Reply]:
        async with UnitOfWork(self.sessions) as uow:
            if update_key and await uow.updates.seen(incoming.channel, update_key):
                log.info("update %s already processed; skipped", update_key)
                return []
            citizen = await uow.citizens.get(incoming.channel, incoming.user_id)
            turn = Turn(uow=uow, incoming=incoming, config=self.config, citizen=citizen)
            if _consented(turn) or await subscriptions.keeps_state(turn):
                await _load_conversation(turn)
            replies = await route(turn)
            if turn.conversation is None and _consented(turn):
                await _load_conversation(turn)
                turn.reset()
            if turn.conversation is not None:
                uow.conversations.save(turn.conversation, turn.state, turn.data)
            if update_key:
                uow.updates.record(incoming.channel, update_key)
            try:
                await uow.commit()
            except IntegrityError:
                log.info("update %s was processed concurrently; skipped", update_key)
                return []
        return replies


def _consented(turn: Turn) -> bool:
    return turn.citizen is not None and turn.citizen.consented_at is not None


async def _load_conversation(turn: Turn) -> None:
    conversation = await turn.uow.conversations.load(turn.incoming.channel, turn.incoming.chat_id)
    turn.conversation = conversation
    turn.state = conversation.state or "idle"
    turn.data = dict(conversation.data or {})


def cancel(turn: Turn) -> list[Reply]:
    """Leave whatever flow the chat is in."""
    was_busy = turn.state != "idle"
    turn.reset()
    return [main_menu("flow_cancelled" if was_busy else "nothing_to_cancel")]


async def route(turn: Turn) -> list[Reply]:
    """Pick the step for this message."""
    incoming = turn.incoming
    command = incoming.command if incoming.kind is IncomingKind.COMMAND else None
    authoring = await campaign_authoring.handle(turn, turn.config.dashboard_public_url)
    if authoring is not None:
        return authoring
    if command is not None and command not in COMMANDS:
        return [Reply(text=t("unknown_command", command=command[:32]))]
    if subscriptions.handles(turn):
        return await subscriptions.route(turn)
    if command == QUIZ_COMMAND:
        return await quiz_result(turn)
    if is_quiz_callback(incoming.callback_data):
        return await on_quiz_callback(turn)
    if campaign_clicks.is_click(incoming.callback_data):
        return await campaign_clicks.on_click(turn)
    if command == "start":
        return account.start(turn)
    if command in ("trogiup", "help"):
        return account.help_text()
    if command == "huy" or incoming.callback_data == "flow:cancel":
        return cancel(turn)
    if command == "xoadulieu":
        return await account.erase(turn)
    if incoming.callback_data in ("consent:yes", "consent:no"):
        return await account.consent(turn, incoming.callback_data == "consent:yes")
    if not _consented(turn):
        return [Reply(text=t("consent_required")), *consent_request()]
    if incoming.kind is IncomingKind.UNSUPPORTED:
        what = (
            t(f"unsupported_{incoming.unsupported_what}")
            if incoming.unsupported_what in ("sticker", "voice", "document", "video")
            else t("unsupported_other")
        )
        return [Reply(text=t("unsupported", what=what))]
    if command == "phananh":
        replies = report_flow.start(turn)
        return report_flow.describe(turn, incoming.args) if incoming.args.strip() else replies
    if command == "tracuu":
        return (
            await tracking.lookup(turn, incoming.args)
            if incoming.args.strip()
            else tracking.ask_code(turn)
        )
    if command == "cuatoi":
        return await tracking.mine(turn)
    if (incoming.callback_data or "").startswith(followup.CALLBACK_PREFIXES):
        return await followup.on_callback(turn)
    action = menu_action(incoming.text or "") if incoming.kind is IncomingKind.TEXT else None
    if action == "report":
        return report_flow.start(turn)
    if action == "track":
        return tracking.ask_code(turn)
    if action == "mine":
        return await tracking.mine(turn)
    if action == "help":
        return account.help_text()
    return await by_state(turn)


async def by_state(turn: Turn) -> list[Reply]:
    """Continue the flow the chat is in."""
    incoming, state = turn.incoming, turn.state
    if incoming.kind is IncomingKind.CALLBACK:
        prefixes = STATE_CALLBACKS.get(state, ())
        if not (incoming.callback_data or "").startswith(prefixes):
            return [Reply(text=t("button_expired"))]
    if state == report_flow.DESCRIBE:
        return await _describe_step(turn)
    if state == report_flow.CATEGORY:
        return report_flow.category(turn)
    if state == report_flow.PLACE:
        return report_flow.place(turn)
    if state == report_finish.PHOTO:
        return await report_finish.photo(turn)
    if state == report_finish.ANONYMOUS:
        return report_finish.anonymous(turn)
    if state == report_finish.PHONE:
        return report_finish.phone(turn)
    if state == report_finish.CONFIRM:
        return await report_finish.confirm(turn)
    if state == followup.ANSWER:
        return await followup.on_answer(turn)
    if state == tracking.TRACK and incoming.kind is IncomingKind.TEXT:
        return await tracking.lookup(turn, incoming.text or "")
    return await _idle(turn)


async def _describe_step(turn: Turn) -> list[Reply]:
    incoming = turn.incoming
    if incoming.kind is IncomingKind.PHOTO:
        replies = await report_finish.store_photo(turn)
        if incoming.text:
            return report_flow.describe(turn, incoming.text)
        return [*replies[:1], Reply(text=t("ask_description"))]
    if incoming.kind is IncomingKind.TEXT:
        return report_flow.describe(turn, incoming.text)
    return [Reply(text=t("ask_description"))]


async def _idle(turn: Turn) -> list[Reply]:
    incoming = turn.incoming
    if incoming.kind is IncomingKind.PHOTO:
        report_flow.start(turn)
        return await _describe_step(turn)
    if (
        incoming.kind is IncomingKind.TEXT
        and word_count(incoming.text or "") >= turn.config.min_description_words
    ):
        report_flow.start(turn)
        return report_flow.describe(turn, incoming.text)
    turn.reset()
    return [main_menu("idle_hint")]
