"""The delivery port over python-telegram-bot's ``Bot``, within one rate budget per bot token.

Every message the product sends on Telegram — replies, staff notices, campaign messages with
photo, buttons or quiz, previews — goes through ``TelegramDelivery.deliver``; platform answers
become typed outcomes (``domain.delivery``) instead of exceptions.

A call may take ``send_timeout`` seconds (``TELEGRAM_SEND_TIMEOUT``, longer than Telegram's
answers under load). What became of a call is told apart by where it broke: no connection (or
none free in the pool) means nothing left, ``Failed(transient=True)``; a timeout or a cut-off
after the request was written means it may have been delivered, ``Unknown``, which callers must
not retry blindly.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING

from telegram import Bot, InputFile, Message
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut

from bot.channels.telegram.budget import RateBudget
from bot.channels.telegram.markup import render_markup, split_text
from bot.channels.telegram.transport import AiohttpRequest, ServerError, not_sent
from domain.delivery import Blocked, Delivered, Failed, Outcome, Unknown, departing
from domain.delivery import RetryAfter as RetryAfterOutcome
from domain.messages import Reply
from storage.database import Database
from storage.outbox_rate import SharedSendRate, budget_key

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger(__name__)

EXTENSIONS = {"image/png": "png", "image/webp": "webp", "image/gif": "gif"}
SEND_TIMEOUT = 30.0


class Withdrawn(Exception):
    """The caller withdrew the message when its turn came (see ``domain.delivery.departure``)."""


class TelegramDelivery:
    """``DeliveryPort`` for Telegram: one ``Bot``, one ``RateBudget`` (share this object)."""

    def __init__(
        self,
        bot: Bot,
        budget: RateBudget | None = None,
        *,
        owns_bot: bool = False,
        send_timeout: float = SEND_TIMEOUT,
    ):
        self.bot = bot
        self.budget = budget or RateBudget()
        self.send_timeout = send_timeout
        self._owns_bot = owns_bot
        self._photo_ids: dict[str, str] = {}  # cache key -> Telegram file id of the upload
        self._uploads: dict[str, asyncio.Lock] = {}  # one upload per cache key at a time

    async def start(self) -> None:
        """Initialise the bot when this object created it."""
        if self._owns_bot:
            await self.bot.initialize()

    async def stop(self) -> None:
        """Shut the bot down when this object created it."""
        if self._owns_bot:
            await self.bot.shutdown()

    async def deliver(self, channel: str, chat_id: str, message: Reply) -> Outcome:
        """Send one message (a long text in several pieces); the outcome of the last call."""
        try:
            chat = int(chat_id)
        except ValueError:
            return Failed(f"not a Telegram chat id: {chat_id[:40]!r}")
        try:
            sent = await self._send(chat, message)
        except Withdrawn:
            return Failed("withdrawn before it left")
        except RetryAfter as exc:
            seconds = _seconds(exc.retry_after)
            self.budget.pause(seconds)
            return RetryAfterOutcome(seconds, str(exc))
        except Forbidden as exc:
            return Blocked(str(exc))
        except TimedOut as exc:
            if not_sent(exc):
                return Failed(f"not sent: {_cause(exc)}", transient=True)
            return Unknown(f"timeout after {self.send_timeout:g} s: {_cause(exc)}")
        except BadRequest as exc:
            return Failed(f"400: {exc}")
        except ServerError as exc:  # a 5xx answer: Telegram did not take the message
            return Failed(str(exc), transient=True)
        except NetworkError as exc:
            if not_sent(exc):
                return Failed(f"network: {exc}", transient=True)
            return Unknown(f"cut off: {exc}")  # the request left; the answer never came
        except TelegramError as exc:
            return Failed(str(exc))
        poll_id = sent.poll.id if sent.poll is not None else None
        return Delivered(message_id=str(sent.message_id), poll_id=poll_id)

    async def _send(self, chat: int, message: Reply) -> Message:
        if message.quiz is not None:
            quiz = message.quiz
            async with self.budget.slot(chat):
                await _depart()
                return await self.bot.send_poll(
                    chat_id=chat,
                    question=quiz.question,
                    options=list(quiz.options),
                    type="quiz",
                    correct_option_id=quiz.correct_option,  # type: ignore[arg-type]
                    explanation=quiz.explanation,
                    is_anonymous=quiz.anonymous,
                    reply_markup=render_markup(message),
                    read_timeout=self.send_timeout,
                    write_timeout=self.send_timeout,
                )
        if message.photo is not None:
            return await self._send_photo(chat, message)
        pieces = split_text(message.text)
        sent: Message | None = None
        for index, piece in enumerate(pieces):
            last = index == len(pieces) - 1
            async with self.budget.slot(chat):
                if index == 0:
                    await _depart()
                sent = await self.bot.send_message(
                    chat_id=chat,
                    text=piece,
                    parse_mode=message.parse_mode,
                    reply_markup=render_markup(message) if last else None,
                    read_timeout=self.send_timeout,
                    write_timeout=self.send_timeout,
                )
        assert sent is not None, "a message has text"
        return sent

    async def _send_photo(self, chat: int, message: Reply) -> Message:
        photo = message.photo
        assert photo is not None
        key = photo.cache_key
        if key is None:
            return await self._photo_call(chat, message, self._upload(message))
        cached = self._photo_ids.get(key)
        if cached is None:
            # The first message of a campaign uploads the photo; the others wait for its file
            # id instead of uploading the same bytes once per worker.
            async with self._uploads.setdefault(key, asyncio.Lock()):
                cached = self._photo_ids.get(key)
                if cached is None:
                    sent = await self._photo_call(chat, message, self._upload(message))
                    if sent.photo:
                        self._photo_ids[key] = sent.photo[-1].file_id
                    return sent
        return await self._photo_call(chat, message, cached)

    @staticmethod
    def _upload(message: Reply) -> InputFile:
        assert message.photo is not None
        extension = EXTENSIONS.get(message.photo.mime_type, "jpg")
        return InputFile(message.photo.content, filename=f"photo.{extension}")

    async def _photo_call(self, chat: int, message: Reply, photo: InputFile | str) -> Message:
        async with self.budget.slot(chat):
            await _depart()
            return await self.bot.send_photo(
                chat_id=chat,
                photo=photo,
                caption=message.text or None,
                parse_mode=message.parse_mode,
                reply_markup=render_markup(message),
                read_timeout=self.send_timeout,
                write_timeout=self.send_timeout,
            )


async def _depart() -> None:
    """Inside the slot, right before the call: tell the caller the message leaves now."""
    if not await departing():
        raise Withdrawn


def _cause(exc: Exception) -> str:
    cause = exc.__cause__
    return f"{type(cause).__name__}: {cause}" if cause is not None else str(exc)


def _seconds(value: object) -> float:
    total = getattr(value, "total_seconds", None)
    return float(total()) if callable(total) else float(value)  # type: ignore[arg-type]


def new_bot(token: str, base_url: str, base_file_url: str, *, connections: int = 64) -> Bot:
    """A ``Bot`` on the aiohttp transport, which keeps 5xx status codes (``transport``)."""
    return Bot(
        token,
        base_url=base_url,
        base_file_url=base_file_url,
        request=AiohttpRequest(connection_pool_size=connections),
    )


def for_bot(bot: Bot, settings: Settings) -> TelegramDelivery:
    """The delivery adapter over the running service's bot (the bot's owner starts it)."""
    return TelegramDelivery(
        bot,
        RateBudget(rate=settings.broadcast_rate_per_second),
        send_timeout=settings.telegram_send_timeout,
    )


def share_budget(delivery: TelegramDelivery, db: Database) -> bool:
    """On PostgreSQL, share the token's rate budget with every process using the same database
    (True); SQLite keeps it in-process."""
    shared = SharedSendRate.for_database(db, budget_key("telegram", delivery.bot.token))
    if shared is not None:
        delivery.budget.share(shared)
    return shared is not None


def for_settings(settings: Settings) -> TelegramDelivery:
    """A delivery adapter with its own ``Bot`` for a command (not the running service)."""
    assert settings.telegram_bot_token is not None
    bot = new_bot(
        settings.telegram_bot_token.get_secret_value(),
        settings.telegram_api_base_url,
        settings.file_base_url,
    )
    budget = RateBudget(rate=settings.broadcast_rate_per_second)
    return TelegramDelivery(bot, budget, owns_bot=True, send_timeout=settings.telegram_send_timeout)
