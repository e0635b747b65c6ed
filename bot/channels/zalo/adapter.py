"""Zalo adapter: events (polled or pushed) -> Incoming, handed to the same handlers.

Zalo events come wrapped (``{"ok": true, "result": {"event_name": …, "message": {…}}}``, as
``getUpdates`` answers) or flat (``{"event_name": …, "message": {…}}``, as webhooks often post);
both are read. Zalo has no update id, so the message id is the key the dispatcher deduplicates on.
Events are stored in the durable inbox first (``inbox_entries``) and processed by its worker
(``process_raw``). A typed number that matches the chat's numbered choices becomes the press of
that choice; typed words stay text (the conversation understands them itself).
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.channels.zalo.client import ZaloClient
from bot.channels.zalo.render import CURRENT_TURN, TurnChoices, choice_number, turn_choices
from bot.inbox_worker import InboxEntry, UnusableUpdate
from domain.delivery import Channel
from domain.messages import Incoming, IncomingKind, PhotoData, Reply, text_incoming
from handlers.chat.keyed_locks import KeyedLocks
from storage.database import Database
from storage.uow import joined_unit

log = logging.getLogger(__name__)

CHANNEL = Channel.ZALO
TEXT_EVENT = "message.text.received"
IMAGE_EVENT = "message.image.received"
STICKER_EVENT = "message.sticker.received"
MAX_KEY = 64  # the length of a stored update key

HandleFn = Callable[[Incoming, str | None], Awaitable[list[Reply]]]


@dataclass(frozen=True, slots=True)
class ZaloEvent:
    """The parts of a Zalo message event the bot uses."""

    event_name: str
    chat_id: str
    user_id: str
    message_id: str | None
    display_name: str | None = None
    text: str | None = None
    photo_url: str | None = None

    @property
    def update_key(self) -> str | None:
        """The dispatcher's dedupe key: the message id (hashed when too long to store)."""
        if not self.message_id:
            return None
        if len(self.message_id) <= MAX_KEY:
            return self.message_id
        return hashlib.sha256(self.message_id.encode()).hexdigest()


def events(payload: Any) -> list[dict[str, Any]]:
    """The events in a payload of either shape (a list of them is accepted too)."""
    if isinstance(payload, dict) and "event_name" not in payload and "result" in payload:
        if payload.get("ok") is False:
            return []
        payload = payload["result"]
    items = payload if isinstance(payload, list) else [payload]
    return [item for item in items if isinstance(item, dict) and item.get("event_name")]


def parse_event(event: dict[str, Any]) -> ZaloEvent | None:
    """The event of a private chat's message, or None for anything the bot does not serve."""
    message = event.get("message")
    if not isinstance(message, dict):
        return None
    sender, chat = _mapping(message.get("from")), _mapping(message.get("chat"))
    chat_id = chat.get("id") or sender.get("id")
    user_id = sender.get("id") or chat_id
    if not chat_id or not user_id or sender.get("is_bot"):
        return None
    if str(chat.get("chat_type", "PRIVATE")).upper() != "PRIVATE":
        return None
    photo = message.get("photo_url") or message.get("photo")
    text = message.get("text") if event["event_name"] == TEXT_EVENT else message.get("caption")
    message_id = message.get("message_id")
    return ZaloEvent(
        event_name=str(event["event_name"]),
        chat_id=str(chat_id),
        user_id=str(user_id),
        message_id=str(message_id) if message_id is not None else None,
        display_name=sender.get("display_name") or sender.get("name"),
        text=text if isinstance(text, str) else None,
        photo_url=photo if isinstance(photo, str) else None,
    )


def inbox_entries(body: str) -> list[InboxEntry]:
    """What the inbox stores for a webhook body or a polled answer: one entry per event,
    keyed by chat and message id; a body that is no event at all is stored parked."""
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError) as exc:
        return [InboxEntry(body.replace("\x00", "\ufffd"), None, None, f"not JSON: {exc}")]
    found = events(payload)
    if not found:
        return [InboxEntry(body.replace("\x00", "\ufffd"), None, None, "not a Zalo event")]
    entries = []
    for event in found:
        parsed = parse_event(event)
        raw = json.dumps(event, ensure_ascii=True)
        if parsed is None:
            entries.append(InboxEntry(raw, None, None))  # processed: logged as unused
        else:
            entries.append(InboxEntry(raw, parsed.chat_id[:64], parsed.update_key))
    return entries


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def sniff_image(content: bytes) -> str:
    """The MIME type of a downloaded picture, from its first bytes."""
    if content.startswith(b"\x89PNG"):
        return "image/png"
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    if content[:4] == b"GIF8":
        return "image/gif"
    return "image/jpeg"


class ZaloAdapter:
    """Maps events to Incoming and hands them to the handlers (which deliver the replies)."""

    def __init__(
        self,
        client: ZaloClient,
        db: Database,
        handle: HandleFn,
        max_photo_bytes: int,
    ) -> None:
        self.client = client
        self.db = db
        self.handle = handle
        self.max_photo_bytes = max_photo_bytes
        self._chats = KeyedLocks()  # one chat's events are read in the order they came

    async def on_event(self, payload: Any) -> bool:
        """Process every event in ``payload``; False when none was usable (logged)."""
        used = False
        for event in events(payload):
            parsed = parse_event(event)
            if parsed is None:
                log.info("zalo event %s skipped: nothing the bot can use", event.get("event_name"))
                continue
            async with self._chats.hold(parsed.chat_id):
                incoming = await self.to_incoming(parsed)
                choices = TurnChoices(parsed.chat_id)
                turn = CURRENT_TURN.set(choices)
                try:
                    replies = await self.handle(incoming, parsed.update_key)
                    await self._store_choices(choices, replies)
                finally:
                    CURRENT_TURN.reset(turn)
            used = True
        return used

    @staticmethod
    async def _store_choices(choices: TurnChoices, replies: list[Reply]) -> None:
        """In the inbox worker's unit, the choices the answer will show are stored with the
        turn: the chat's next update (claimable only once that unit has committed, in whichever
        process) reads them even while the answer is still on its way."""
        unit = joined_unit()
        if unit is None:
            return  # outside the worker the delivery stores them as each message leaves
        shown = turn_choices(replies)
        if shown is not None:
            await unit.zalo_choices.remember(choices.chat_id, shown)
        choices.stored = True

    async def process_raw(self, data: dict[str, Any]) -> bool:
        """The inbox worker's parser: one stored event processed; False when unusable here."""
        if not events(data):
            raise UnusableUpdate("not a Zalo event")
        return await self.on_event(data)

    async def to_incoming(self, event: ZaloEvent) -> Incoming:
        """The Incoming for one event."""
        base: dict[str, Any] = {
            "channel": CHANNEL,
            "chat_id": event.chat_id,
            "user_id": event.user_id,
            "display_name": event.display_name,
        }
        if event.event_name == TEXT_EVENT and event.text is not None:
            return await self._typed(event, event.text)
        if event.event_name == IMAGE_EVENT and event.photo_url:
            return Incoming(
                **base,
                kind=IncomingKind.PHOTO,
                text=event.text,
                photo=await self._download_photo(event.photo_url),
            )
        what = "sticker" if event.event_name == STICKER_EVENT else "other"
        return Incoming(**base, kind=IncomingKind.UNSUPPORTED, unsupported_what=what)

    async def _typed(self, event: ZaloEvent, text: str) -> Incoming:
        number = choice_number(text)
        chosen = None
        if number is not None:
            async with self.db.uow() as uow:
                chosen = await uow.zalo_choices.choice(event.chat_id, number)
        if chosen is not None and isinstance(chosen.get("data"), str):
            return Incoming(
                channel=CHANNEL,
                chat_id=event.chat_id,
                user_id=event.user_id,
                kind=IncomingKind.CALLBACK,
                callback_data=chosen["data"][:64],
                display_name=event.display_name,
            )
        if chosen is not None and isinstance(chosen.get("text"), str):
            text = chosen["text"]
        return text_incoming(CHANNEL, event.chat_id, event.user_id, text, event.display_name)

    async def _download_photo(self, url: str) -> PhotoData | None:
        """The citizen's photo, downloaded now (Zalo's URLs do not last)."""
        try:
            content = await self.client.download(url, self.max_photo_bytes)
        except (aiohttp.ClientError, TimeoutError) as exc:
            log.warning("zalo photo download failed: %s", exc)
            return None
        if content is None:
            return PhotoData(content=b"", oversize=True)
        return PhotoData(content=content, mime_type=sniff_image(content), source_ref=None)
