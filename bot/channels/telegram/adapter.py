"""Telegram adapter (python-telegram-bot): translates updates to Incoming and Replies back."""

from __future__ import annotations

import dataclasses
import logging
import warnings
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Bot as TelegramBot
from telegram import (
    BotCommand,
    Message,
    Update,
)
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes, ExtBot, TypeHandler
from telegram.request import HTTPXRequest
from telegram.warnings import PTBUserWarning

from bot.channels.telegram.delivery import StatusRequest
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


class TolerantBot(ExtBot[Any]):
    """An ExtBot whose polling survives an update it cannot parse.

    PTB parses a whole getUpdates batch at once; one malformed update would make the updater
    fetch the same batch forever. Here the batch is re-read raw, good updates are kept and a bad
    one becomes an empty Update with its id, so the offset moves past it.
    """

    async def get_updates(self, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        """getUpdates that logs and skips updates it cannot parse."""
        try:
            return await super().get_updates(*args, **kwargs)
        except (KeyError, TypeError, ValueError) as exc:
            log.warning("getUpdates returned an update that cannot be parsed: %r", exc)
        offset = kwargs.get("offset", args[0] if args else None)
        with warnings.catch_warnings():  # the raw call is deliberate: PTB would parse it again
            warnings.simplefilter("ignore", PTBUserWarning)
            raw = await self.do_api_request(
                "getUpdates", api_kwargs={"offset": offset, "timeout": 0}
            )
        updates: list[Update] = []
        for item in raw if isinstance(raw, list) else []:
            try:
                updates.append(Update.de_json(item, self))
            except (KeyError, TypeError, ValueError):
                update_id = item.get("update_id") if isinstance(item, dict) else None
                log.warning("malformed update %s skipped", update_id)
                if isinstance(update_id, int):
                    updates.append(Update(update_id=update_id))
        return tuple(updates)


def build_application(
    token: str, base_url: str, base_file_url: str, *, webhook: bool
) -> Application:
    """A PTB Application; in webhook mode it has no Updater and is fed by our HTTP server."""
    bot = TolerantBot(
        token,
        base_url=base_url,
        base_file_url=base_file_url,
        request=StatusRequest(connection_pool_size=64),
        get_updates_request=HTTPXRequest(),
    )
    builder = Application.builder().bot(bot).concurrent_updates(True)
    if webhook:
        builder = builder.updater(None)
    return builder.build()


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
        application.add_handler(TypeHandler(Update, self.on_update))
        application.add_error_handler(self.on_error)

    async def on_update(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Process one update; bad or unknown updates are logged and skipped."""
        if update.poll_answer is not None:
            if self.poll_answers is not None:
                await self.poll_answers(update)
            return
        chat = update.effective_chat
        if chat is not None and self.staff_chat_id is not None and chat.id == self.staff_chat_id:
            await self.on_staff_update(update)
            return
        if chat is None or chat.type != "private":
            log.info("update %s skipped: not a private chat message", update.update_id)
            return
        incoming = await self.to_incoming(update)
        if incoming is None:
            log.info("update %s skipped: nothing the bot can use", update.update_id)
            return
        await self.handle(incoming, str(update.update_id))  # the dispatcher delivers the replies

    async def on_staff_update(self, update: Update) -> None:
        """A command or button press in the staff group; the result is posted in the group."""
        assert self.staff_handle is not None and self.staff_chat_id is not None
        incoming = staff_incoming(update)
        if incoming is None:
            return
        replies = await self.staff_handle(incoming, str(update.update_id))
        query = update.callback_query
        if query is not None:
            try:  # the presser also sees the outcome on the button itself
                await query.answer(text=replies[0].text[:200] if replies else None)
            except TelegramError as exc:
                log.info("answerCallbackQuery failed: %s", exc)
        await deliver_all(self.delivery, CHANNEL, str(self.staff_chat_id), replies)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Log errors PTB caught so nothing escapes silently."""
        log.error("error while handling %r", update, exc_info=context.error)

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
