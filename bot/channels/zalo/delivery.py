"""The delivery port for Zalo: plain text with numbered choices, photos by URL, one budget.

Every message to a Zalo chat — replies, staff notices, campaign messages — goes through
``ZaloDelivery.deliver``. The choices a reply shows are stored for the chat before it leaves (so
the typed answer can never arrive before them); a photo is stored under an unguessable key and
handed to Zalo as a URL of this service (``/zalo/photos/{key}``), which Zalo downloads.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import logging
from typing import TYPE_CHECKING, Any

from bot.channels.zalo.budget import ZaloRateBudget
from bot.channels.zalo.client import ZaloApiError, ZaloClient, ZaloNetworkError
from bot.channels.zalo.render import (
    CURRENT_TURN,
    MAX_TEXT,
    Rendered,
    render,
    split_text,
)
from domain.delivery import Blocked, Delivered, Failed, Outcome, RetryAfter, Unknown, departing
from domain.messages import OutgoingPhoto, Reply
from storage.database import Database
from storage.outbox_rate import SharedSendRate, budget_key

if TYPE_CHECKING:
    from bot.settings import Settings

log = logging.getLogger(__name__)

PHOTO_PATH = "/zalo/photos/{key}"
EXTENSIONS = {"image/png": ".png", "image/webp": ".webp", "image/gif": ".gif"}
BLOCKED_CODES = frozenset({403})
DEFAULT_RETRY_AFTER = 1.0  # seconds, when a rate-limit answer does not say


class Withdrawn(Exception):
    """The caller withdrew the message when its turn came (``domain.delivery.departure``)."""


class ZaloDelivery:
    """``DeliveryPort`` for Zalo: one client, one ``ZaloRateBudget`` (share this object)."""

    def __init__(
        self,
        client: ZaloClient,
        db: Database,
        budget: ZaloRateBudget | None = None,
        *,
        public_url: str | None = None,
        photo_secret: str = "",
    ) -> None:
        self.client = client
        self.db = db
        self.budget = budget or ZaloRateBudget()
        self.public_url = public_url.rstrip("/") if public_url else None
        self._photo_secret = photo_secret.encode()
        self._stored_photos: set[str] = set()

    async def start(self) -> None:
        """Open the client's connections."""
        await self.client.start()

    async def stop(self) -> None:
        """Close the client's connections."""
        await self.client.close()

    async def deliver(self, channel: str, chat_id: str, message: Reply) -> Outcome:
        """Send one reply (a long text in several pieces); the outcome of the last call."""
        try:
            rendered = self._render(chat_id, message)
            if message.photo is not None:
                sent = await self._send_photo(chat_id, message.photo, rendered)
            else:
                sent = await self._send_text(chat_id, rendered)
        except Withdrawn:
            return Failed("withdrawn before it left")
        except ZaloApiError as exc:
            return self._refused(exc)
        except ZaloNetworkError as exc:
            if exc.sent:  # it may have reached Zalo: nobody can tell
                return Unknown(f"network: {exc}")
            return Failed(f"network: {exc}", transient=True)
        message_id = sent.get("message_id")
        return Delivered(message_id=str(message_id) if message_id is not None else None)

    @staticmethod
    def _render(chat_id: str, message: Reply) -> Rendered:
        """The reply's text and choices, numbered on from the turn's earlier replies."""
        turn = CURRENT_TURN.get()
        if turn is None or turn.chat_id != chat_id:
            return render(message)
        # the hint to type a number is shown once, under the first choices of the answer
        rendered = render(message, first_number=len(turn.choices) + 1, hint=not turn.choices)
        if rendered.choices:
            turn.choices = [*turn.choices, *rendered.choices]
            return dataclasses.replace(rendered, choices=turn.choices)
        if turn.choices:  # what this turn showed stays valid
            return dataclasses.replace(rendered, forget_choices=False)
        return rendered

    def _refused(self, exc: ZaloApiError) -> Outcome:
        if exc.code in BLOCKED_CODES:
            return Blocked(str(exc))
        if exc.code == 429:
            seconds = exc.retry_after or DEFAULT_RETRY_AFTER
            self.budget.pause(seconds)
            return RetryAfter(seconds, str(exc))
        return Failed(str(exc), transient=exc.code >= 500)

    async def _send_text(self, chat_id: str, rendered: Rendered) -> dict[str, Any]:
        pieces = split_text(rendered.text) or [" "]
        sent: dict[str, Any] = {}
        for index, piece in enumerate(pieces):
            async with self.budget.chat_slot(chat_id):
                if index == 0:
                    await _depart()
                if index == len(pieces) - 1:
                    await self._remember(chat_id, rendered)
                sent = await self.client.send_message(chat_id, piece)
        return sent

    async def _send_photo(
        self, chat_id: str, photo: OutgoingPhoto, rendered: Rendered
    ) -> dict[str, Any]:
        if self.public_url is None:
            raise ZaloApiError(400, "no public URL is configured for Zalo photos")
        url = await self._photo_url(photo)
        fits = len(rendered.text) <= MAX_TEXT
        async with self.budget.chat_slot(chat_id):
            await _depart()
            if fits:
                await self._remember(chat_id, rendered)
            sent = await self.client.send_photo(chat_id, url, rendered.text if fits else None)
        if fits:
            return sent
        return await self._send_text(chat_id, rendered)

    async def _photo_url(self, photo: OutgoingPhoto) -> str:
        key = hmac.new(self._photo_secret, photo.content, hashlib.sha256).hexdigest()[:40]
        if key not in self._stored_photos:
            async with self.db.uow() as uow:
                await uow.zalo_photos.put(key, photo.content, photo.mime_type)
                await uow.commit()
            self._stored_photos.add(key)
        path = PHOTO_PATH.format(key=key) + EXTENSIONS.get(photo.mime_type, ".jpg")
        return f"{self.public_url}{path}"

    async def _remember(self, chat_id: str, rendered: Rendered) -> None:
        if not rendered.choices and not rendered.forget_choices:
            return
        turn = CURRENT_TURN.get()
        if turn is not None and turn.chat_id == chat_id and turn.stored:
            return  # stored with the turn that answered (``ZaloAdapter.on_event``)
        async with self.db.uow() as uow:
            await uow.zalo_choices.remember(chat_id, rendered.choices)
            await uow.commit()


async def _depart() -> None:
    """Inside the slot, right before the call: tell the caller the message leaves now."""
    if not await departing():
        raise Withdrawn


def for_settings(settings: Settings, db: Database) -> ZaloDelivery:
    """The Zalo delivery port of the service or of a command (``start`` it before use)."""
    assert settings.zalo_bot_token is not None
    token = settings.zalo_bot_token.get_secret_value()
    budget = ZaloRateBudget(
        settings.zalo_rate_per_second, chat_spacing=settings.zalo_chat_spacing_seconds
    )
    shared = SharedSendRate.for_database(db, budget_key("zalo", token))
    if shared is not None:  # PostgreSQL: every process on this token keeps one rate
        budget.share(shared)
    return ZaloDelivery(
        ZaloClient(token, settings.zalo_api_base_url),
        db,
        budget,
        public_url=settings.zalo_public_url or settings.dashboard_public_url,
        photo_secret=f"zalo-photo:{token}",
    )
