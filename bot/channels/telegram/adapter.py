"""Telegram adapter (python-telegram-bot): translates updates to Incoming and Replies back."""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Bot as TelegramBot
from telegram import (
    BotCommand,
    Message,
    Update,
)
from telegram.error import TelegramError
from telegram.ext import Application, ExtBot

from bot.channels.telegram.transport import AiohttpRequest
from bot.inbox_worker import InboxEntry, UnusableUpdate
from domain.catalogue import t
from domain.delivery import Channel, DeliveryPort, deliver_all
from domain.messages import Incoming, IncomingKind, PhotoData, Reply, text_incoming

log = logging.getLogger(__name__)

CHANNEL = Channel.TELEGRAM

BOT_COMMANDS = (
    "start",
    "phananh",
    "tracuu",
    "cuatoi",
    "hoidap",
    "dangky",
    "huydangky",
    "ketqua",
    "huy",
    "trogiup",
    "xoadulieu",
)
UNSUPPORTED_ATTRS = (
    ("sticker", "sticker"),
    ("voice", "voice"),
    ("audio", "voice"),
    ("video_note", "video"),
    ("video", "video"),
    ("animation", "video"),
    ("document", "document"),
)

HandleFn = Callable[[Incoming, str | None], Awaitable[list[Reply]]]


def callback_incoming(update: Update) -> Incoming | None:
    """A button press as Incoming (its data cut to Telegram's 64 bytes); None for anything else."""
    query = update.callback_query
    if query is None or query.message is None or query.from_user is None:
        return None
    return Incoming(
        channel=CHANNEL,
        chat_id=str(query.message.chat.id),
        user_id=str(query.from_user.id),
        kind=IncomingKind.CALLBACK,
        callback_data=(query.data or "")[:64],
        display_name=query.from_user.full_name,
    )


def staff_incoming(update: Update) -> Incoming | None:
    """A text message or a button press from a group, as Incoming; None for anything else."""
    pressed = callback_incoming(update)
    if pressed is not None:
        return pressed
    message = update.message
    if message is None or message.from_user is None or message.text is None:
        return None
    user = message.from_user
    return text_incoming(CHANNEL, str(message.chat.id), str(user.id), message.text, user.full_name)


async def register_commands(bot: TelegramBot) -> None:
    """The Vietnamese command menu shown by Telegram clients."""
    await bot.set_my_commands([BotCommand(name, t(f"cmd_{name}")) for name in BOT_COMMANDS])


def inbox_entry(raw: str) -> InboxEntry:
    """What the inbox stores for one received body: its keys, or why it can never be used."""
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError) as exc:
        return InboxEntry(raw.replace("\x00", "\ufffd"), None, None, f"not JSON: {exc}")
    return inbox_entry_of(data, raw)


def inbox_entry_of(data: object, raw: str) -> InboxEntry:
    """The entry for an already decoded body (``raw`` is its text as stored).

    Only the keys and the outline are read here (the chat, as python-telegram-bot's
    ``effective_chat`` would give it, else the user); the update is parsed once, by the worker,
    which parks what does not parse.
    """
    if not isinstance(data, dict):
        return InboxEntry(raw, None, None, f"not an update: a JSON {type(data).__name__}")
    update_id = data.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool):
        return InboxEntry(raw, None, None, "not an update: no integer update_id")
    key = str(update_id)[:64]
    for kind, content in data.items():  # every part of an update is an object
        if kind != "update_id" and not isinstance(content, dict):
            return InboxEntry(raw, None, key, f"not an update: {kind[:40]!r} is not an object")
    owner = _owner(data)
    return InboxEntry(raw, str(owner) if owner is not None else None, key)


def _owner(data: dict[str, Any]) -> int | None:
    """The chat id of the update's content (its message's chat for a button), else its user's."""
    for kind, content in data.items():
        if kind == "update_id" or not isinstance(content, dict):
            continue
        for holder in (content, content.get("message")):
            chat = holder.get("chat") if isinstance(holder, dict) else None
            if isinstance(chat, dict) and _is_id(chat.get("id")):
                return int(chat["id"])
        for field in ("from", "user"):
            user = content.get(field)
            if isinstance(user, dict) and _is_id(user.get("id")):
                return int(user["id"])
        return None
    return None


def _is_id(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def build_application(token: str, base_url: str, base_file_url: str) -> Application:
    """A PTB Application for its bot: updates reach the inbox (webhook or our polling loop),
    never PTB's own update queue, so it has no Updater."""
    bot = ExtBot(
        token,
        base_url=base_url,
        base_file_url=base_file_url,
        request=AiohttpRequest(connection_pool_size=64),
        get_updates_request=AiohttpRequest(connection_pool_size=1),
    )
    return Application.builder().bot(bot).updater(None).build()


class TelegramAdapter:
    """Maps updates to Incoming and hands them to the handlers (which deliver the replies)."""

    def __init__(
        self,
        application: Application,
        handle: HandleFn,
        max_photo_bytes: int,
        *,
        staff_chat_id: int | None = None,
        staff_handle: HandleFn | None = None,
        delivery: DeliveryPort,
    ) -> None:
        self.application = application
        self.handle = handle
        self.max_photo_bytes = max_photo_bytes
        # The one group whose commands and button presses go to the staff handler.
        self.staff_chat_id = staff_chat_id if staff_handle is not None else None
        self.staff_handle = staff_handle
        self.delivery = delivery
        # Quiz poll answers: they carry no chat, only a poll id (set by the app's wiring).
        self.poll_answers: Callable[[Update], Awaitable[None]] | None = None

    def update_key(self, update: Update) -> str:
        """The processed-update key: the bot's id and the update id (ids are per bot)."""
        bot_id = self.application.bot.token.split(":", 1)[0]
        return f"{bot_id}:{update.update_id}"

    async def process_raw(self, data: dict[str, Any]) -> bool:
        """The inbox worker's parser: one stored update processed; False when unusable here."""
        try:
            update = Update.de_json(data, self.application.bot)
        except Exception as exc:
            raise UnusableUpdate(f"not a Telegram update: {exc!r}") from exc
        return await self.on_update(update)

    async def on_update(self, update: Update) -> bool:
        """Process one update; False when it carries nothing the bot uses (logged)."""
        if update.poll_answer is not None:
            if self.poll_answers is not None:
                await self.poll_answers(update)
            return True
        chat = update.effective_chat
        if chat is not None and self.staff_chat_id is not None and chat.id == self.staff_chat_id:
            await self.on_staff_update(update)
            return True
        if chat is None or chat.type != "private":
            log.info("update %s skipped: not a private chat message", update.update_id)
            return False
        incoming = await self.to_incoming(update)
        if incoming is None:
            log.info("update %s skipped: nothing the bot can use", update.update_id)
            return False
        await self.handle(incoming, self.update_key(update))  # the dispatcher delivers replies
        return True

    async def on_staff_update(self, update: Update) -> None:
        """A command or button press in the staff group; the result is posted in the group."""
        assert self.staff_handle is not None and self.staff_chat_id is not None
        incoming = staff_incoming(update)
        if incoming is None:
            return
        replies = await self.staff_handle(incoming, self.update_key(update))
        query = update.callback_query
        if query is not None:
            try:  # the presser also sees the outcome on the button itself
                await query.answer(text=replies[0].text[:200] if replies else None)
            except TelegramError as exc:
                log.info("answerCallbackQuery failed: %s", exc)
        await deliver_all(self.delivery, CHANNEL, str(self.staff_chat_id), replies)

    async def to_incoming(self, update: Update) -> Incoming | None:
        """The Incoming for this update, or None when it carries nothing usable."""
        pressed = callback_incoming(update)
        if pressed is not None and update.callback_query is not None:
            try:
                await update.callback_query.answer()
            except TelegramError as exc:
                log.info("answerCallbackQuery failed: %s", exc)
            return pressed
        message = update.message
        if message is None or message.from_user is None:
            return None
        return await self._message_incoming(message)

    async def _message_incoming(self, message: Message) -> Incoming | None:
        user = message.from_user
        assert user is not None
        base: dict[str, Any] = {
            "channel": CHANNEL,
            "chat_id": str(message.chat.id),
            "user_id": str(user.id),
            "display_name": user.full_name,
        }
        if message.text is not None:
            incoming = text_incoming(
                CHANNEL, str(message.chat.id), str(user.id), message.text, user.full_name
            )
            return dataclasses.replace(incoming, html=message.text_html)
        if message.location is not None:
            return Incoming(
                **base,
                kind=IncomingKind.LOCATION,
                latitude=message.location.latitude,
                longitude=message.location.longitude,
            )
        if message.contact is not None:
            own = message.contact.user_id in (None, user.id)  # never keep someone else's number
            phone = message.contact.phone_number if own else None
            return Incoming(**base, kind=IncomingKind.CONTACT, phone=phone)
        if message.photo:
            return Incoming(
                **base,
                kind=IncomingKind.PHOTO,
                text=message.caption,
                html=message.caption_html if message.caption else None,
                photo=await self._download_photo(message),
            )
        for attr, what in UNSUPPORTED_ATTRS:
            if getattr(message, attr, None):
                return Incoming(**base, kind=IncomingKind.UNSUPPORTED, unsupported_what=what)
        return Incoming(**base, kind=IncomingKind.UNSUPPORTED, unsupported_what="other")

    async def _download_photo(self, message: Message) -> PhotoData | None:
        """The largest size under the limit, downloaded now (file ids are not kept as data)."""
        sizes = [p for p in message.photo if (p.file_size or 0) <= self.max_photo_bytes]
        if not sizes:
            return PhotoData(content=b"", oversize=True)
        best = max(sizes, key=lambda p: p.width * p.height)
        try:
            file = await self.application.bot.get_file(best.file_id)
            content = bytes(await file.download_as_bytearray())
        except TelegramError as exc:
            log.warning("photo download failed: %s", exc)
            return None
        return PhotoData(content=content, mime_type="image/jpeg", source_ref=best.file_unique_id)
