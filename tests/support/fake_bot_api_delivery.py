"""Update delivery for the loopback server: getUpdates long polling and webhooks."""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from dataclasses import dataclass
from typing import Any

import aiohttp

from .fake_bot_api_limits import FloodControl
from .fake_bot_api_methods import ApiError, BotApiMethods, _as_int, _bad_request, _Params

# Update types delivered when allowed_updates is not specified (Telegram's default).
_OPT_IN_UPDATES = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")
_WEBHOOK_ATTEMPTS = 5


@dataclass
class _Described:
    """A successful result that Telegram accompanies with a description."""

    result: Any
    description: str


def _update_type(update: dict[str, Any]) -> str:
    return next((key for key in update if key != "update_id"), "")


def _allowed(update: dict[str, Any], allowed_updates: list[str] | None) -> bool:
    kind = _update_type(update)
    if allowed_updates:
        return kind in allowed_updates
    return kind not in _OPT_IN_UPDATES


class UpdateDelivery(BotApiMethods):
    """Pending updates, getUpdates, setWebhook/deleteWebhook/getWebhookInfo."""

    def __init__(self, bot_id: int, bot_username: str, flood: FloodControl) -> None:
        super().__init__(bot_id, bot_username, flood)
        #: Webhook registered with setWebhook, ``None`` in getUpdates mode.
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self._pending: dict[int, dict[str, Any]] = {}
        self._next_update_id = 1
        self._allowed_updates: list[str] | None = None
        self._poll_generation = 0
        self._update_event = asyncio.Event()
        self._webhook_allowed: list[str] | None = None
        self._webhook_max_connections = 40
        self._webhook_error: tuple[int, str] | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None
        self._stopping = False

    def push_update(self, update: dict[str, Any]) -> int:
        """Queue ``update`` for the bot and return its ``update_id``.

        In getUpdates mode it is served to the next poll; when a webhook is set it is
        POSTed to it by a background task (in order, retried a few times on failure).
        """
        normalized = self._normalize(update)
        self._pending[normalized["update_id"]] = normalized
        self._notify_updates()
        return int(normalized["update_id"])

    async def deliver_webhook(self, update: dict[str, Any]) -> int:
        """POST ``update`` to the webhook once and return the HTTP status it answered.

        Bypasses the queue. Raises ``RuntimeError`` when no webhook is set and
        ``aiohttp.ClientError`` when the webhook cannot be reached.
        """
        update = self._normalize(update)
        if self.webhook_url is None or self._session is None:
            raise RuntimeError("no webhook is set")
        headers = {"Content-Type": "application/json"}
        if self.webhook_secret:
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook_secret
        async with self._session.post(
            self.webhook_url,
            data=json.dumps(update, ensure_ascii=False).encode(),
            headers=headers,
            timeout=aiohttp.ClientTimeout(total=30),
        ) as response:
            await response.read()
            return response.status

    # -- updates ------------------------------------------------------------------------

    def _normalize(self, update: dict[str, Any]) -> dict[str, Any]:
        """Assign ``update_id`` (also on the caller's dict); return a copy with it first."""
        if "update_id" not in update:
            update["update_id"] = self._next_update_id
        self._next_update_id = max(self._next_update_id, int(update["update_id"]) + 1)
        query = update.get("callback_query")
        if isinstance(query, dict) and "id" in query:
            self._callback_ids.add(str(query["id"]))
        return {"update_id": update["update_id"], **update}

    def _notify_updates(self) -> None:
        event, self._update_event = self._update_event, asyncio.Event()
        event.set()

    def _confirm(self, offset: int | None) -> None:
        if offset is None or offset == 0:
            return
        ids = list(self._pending)
        doomed = [i for i in ids if i < offset] if offset > 0 else ids[:offset]
        for update_id in doomed:
            del self._pending[update_id]

    async def _get_updates(self, params: _Params) -> list[dict[str, Any]]:
        conflict = ApiError(
            409,
            "Conflict: can't use getUpdates method while webhook is active; "
            "use deleteWebhook to delete the webhook first",
        )
        if self.webhook_url is not None:
            raise conflict
        limit = min(max(_as_int(params, "limit") or 100, 1), 100)
        timeout = float(params.get("timeout") or 0)
        if "allowed_updates" in params:
            self._allowed_updates = list(params["allowed_updates"] or []) or None
        self._confirm(_as_int(params, "offset"))
        self._poll_generation += 1
        generation = self._poll_generation
        self._notify_updates()  # an older waiting poll is terminated, like Telegram does
        deadline = time.monotonic() + timeout
        while True:
            if generation != self._poll_generation:
                raise ApiError(
                    409,
                    "Conflict: terminated by other getUpdates request; "
                    "make sure that only one bot instance is running",
                )
            if self.webhook_url is not None:
                raise conflict
            batch: list[dict[str, Any]] = []
            for update_id, update in list(self._pending.items()):
                if not _allowed(update, self._allowed_updates):
                    del self._pending[update_id]
                elif len(batch) < limit:
                    batch.append(update)
            remaining = deadline - time.monotonic()
            if batch or remaining <= 0 or self._stopping:
                return batch
            event = self._update_event
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    async def _set_webhook(self, params: _Params) -> _Described:
        url = str(params.get("url") or "")
        if not url:
            return await self._delete_webhook(params)
        if not url.startswith(("http://", "https://")):
            raise _bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token")
        if secret is not None and not _SECRET_RE.match(str(secret)):
            raise _bad_request("secret token contains unallowed characters")
        if params.get("drop_pending_updates"):
            self._pending.clear()
        self.webhook_url = url
        self.webhook_secret = str(secret) if secret else None
        if "allowed_updates" in params:
            self._webhook_allowed = list(params["allowed_updates"] or []) or None
        self._webhook_max_connections = _as_int(params, "max_connections") or 40
        self._webhook_error = None
        if self._webhook_task is None or self._webhook_task.done():
            self._webhook_task = asyncio.create_task(self._webhook_worker())
        self._notify_updates()
        return _Described(True, "Webhook was set")

    async def _delete_webhook(self, params: _Params) -> _Described:
        was_set = self.webhook_url is not None
        self.webhook_url = None
        self.webhook_secret = None
        await self._stop_webhook_worker()
        if params.get("drop_pending_updates"):
            self._pending.clear()
        return _Described(True, "Webhook was deleted" if was_set else "Webhook is already deleted")

    async def _get_webhook_info(self, params: _Params) -> dict[str, Any]:
        info: dict[str, Any] = {
            "url": self.webhook_url or "",
            "has_custom_certificate": False,
            "pending_update_count": len(self._pending),
        }
        if self.webhook_url is not None:
            info["max_connections"] = self._webhook_max_connections
            if self._webhook_allowed:
                info["allowed_updates"] = self._webhook_allowed
        if self._webhook_error is not None:
            info["last_error_date"], info["last_error_message"] = self._webhook_error
        return info

    async def _stop_webhook_worker(self) -> None:
        task, self._webhook_task = self._webhook_task, None
        if task is not None and not task.done():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _webhook_worker(self) -> None:
        """Deliver pending updates to the webhook one by one, in update_id order."""
        attempts = 0
        while self.webhook_url is not None and not self._stopping:
            if not self._pending:
                event = self._update_event
                await event.wait()
                continue
            update_id, update = next(iter(self._pending.items()))
            if not _allowed(update, self._webhook_allowed):
                del self._pending[update_id]
                continue
            try:
                status = await self.deliver_webhook(update)
                error = None
                if not 200 <= status < 300:
                    error = f"Wrong response from the webhook: {status}"
            except (aiohttp.ClientError, OSError, TimeoutError) as exc:
                error = f"Connection failed: {exc!r}"
            if error is None:
                self._pending.pop(update_id, None)
                attempts = 0
                continue
            self._webhook_error = (int(time.time()), error)
            attempts += 1
            if attempts >= _WEBHOOK_ATTEMPTS:
                self._pending.pop(update_id, None)  # Telegram gives up eventually too
                attempts = 0
            else:
                await asyncio.sleep(0.1 * 2**attempts)
