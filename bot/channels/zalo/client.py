"""A small aiohttp client of the Zalo Bot Platform API.

Every call is ``POST {base}/bot{token}/{method}`` with a JSON body; the answer is
``{"ok": true, "result": …}`` or ``{"ok": false, "error_code": …, "description": …}`` (the HTTP
status may carry the code as well). Errors become ``ZaloApiError`` with the code, so the delivery
port and the polling loop decide what each means.
"""

from __future__ import annotations

import asyncio
import json
import logging
from types import TracebackType
from typing import Any

import aiohttp

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://bot-api.zaloplatforms.com"
TIMEOUT_CODE = 408  # getUpdates: no event arrived within the timeout


class ZaloApiError(Exception):
    """The platform answered ``ok: false`` (or a non-JSON error status)."""

    def __init__(self, code: int, description: str, retry_after: float | None = None) -> None:
        super().__init__(f"{code}: {description}")
        self.code = code
        self.description = description
        self.retry_after = retry_after


class ZaloNetworkError(Exception):
    """The request never got an answer: ``sent`` says whether it may have left."""

    def __init__(self, reason: str, *, sent: bool) -> None:
        super().__init__(reason)
        self.sent = sent


class ZaloClient:
    """One bot token; ``async with ZaloClient(token, base) as client: await client.call(…)``."""

    def __init__(
        self,
        token: str,
        base_url: str = DEFAULT_BASE_URL,
        *,
        timeout: float = 30.0,
        connections: int = 64,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._token = token
        self.timeout = timeout
        self._connections = connections
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> ZaloClient:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    async def start(self) -> None:
        """Open the connection pool."""
        if self._session is None:
            connector = aiohttp.TCPConnector(limit=self._connections)
            self._session = aiohttp.ClientSession(connector=connector)

    async def close(self) -> None:
        """Close the connection pool."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    @property
    def session(self) -> aiohttp.ClientSession:
        """The open session (``start`` first)."""
        if self._session is None:
            raise RuntimeError("ZaloClient is not started")
        return self._session

    def url(self, method: str) -> str:
        """The endpoint of ``method``."""
        return f"{self.base_url}/bot{self._token}/{method}"

    async def call(
        self, method: str, payload: dict[str, Any] | None = None, *, timeout: float | None = None
    ) -> Any:
        """The ``result`` of the call; raises ``ZaloApiError`` or ``ZaloNetworkError``."""
        limit = aiohttp.ClientTimeout(total=timeout or self.timeout)
        try:
            async with self.session.post(
                self.url(method), json=payload or {}, timeout=limit
            ) as response:
                body = await response.read()
                status = response.status
        except TimeoutError as exc:
            raise ZaloNetworkError(f"{method}: timeout", sent=True) from exc
        except aiohttp.ClientConnectorError as exc:
            raise ZaloNetworkError(f"{method}: {exc}", sent=False) from exc
        except (aiohttp.ClientError, asyncio.IncompleteReadError) as exc:
            raise ZaloNetworkError(f"{method}: {exc}", sent=True) from exc
        return _result(method, status, body)

    async def get_me(self) -> dict[str, Any]:
        """The bot's own account."""
        return dict(await self.call("getMe"))

    async def get_update(self, timeout: int = 30) -> dict[str, Any] | None:
        """One event, waiting up to ``timeout`` seconds; None when none arrived."""
        try:
            result = await self.call("getUpdates", {"timeout": str(timeout)}, timeout=timeout + 10)
        except ZaloApiError as exc:
            if exc.code == TIMEOUT_CODE:
                return None
            raise
        return result if isinstance(result, dict) and result else None

    async def set_webhook(self, url: str, secret_token: str) -> None:
        """Deliver events to ``url`` with ``secret_token`` in ``X-Bot-Api-Secret-Token``."""
        await self.call("setWebhook", {"url": url, "secret_token": secret_token})

    async def delete_webhook(self) -> None:
        """Stop webhook delivery (needed before ``getUpdates``)."""
        await self.call("deleteWebhook")

    async def get_webhook_info(self) -> dict[str, Any]:
        """The webhook currently set, if any."""
        return dict(await self.call("getWebhookInfo") or {})

    async def send_message(self, chat_id: str, text: str) -> dict[str, Any]:
        """Send a text of 1-2000 characters."""
        return dict(await self.call("sendMessage", {"chat_id": chat_id, "text": text}) or {})

    async def send_photo(self, chat_id: str, photo_url: str, caption: str | None) -> dict[str, Any]:
        """Send the photo the platform downloads from ``photo_url``."""
        payload: dict[str, Any] = {"chat_id": chat_id, "photo": photo_url}
        if caption:
            payload["caption"] = caption
        return dict(await self.call("sendPhoto", payload) or {})

    async def send_chat_action(self, chat_id: str, action: str = "typing") -> None:
        """Show «typing…» in the chat."""
        await self.call("sendChatAction", {"chat_id": chat_id, "action": action})

    async def download(self, url: str, max_bytes: int) -> bytes | None:
        """The file at ``url``; None when it is larger than ``max_bytes``."""
        limit = aiohttp.ClientTimeout(total=self.timeout)
        async with self.session.get(url, timeout=limit) as response:
            response.raise_for_status()
            if (response.content_length or 0) > max_bytes:
                return None
            content = bytearray()
            async for chunk in response.content.iter_chunked(64 * 1024):
                content.extend(chunk)
                if len(content) > max_bytes:
                    return None
            return bytes(content)


def _result(method: str, status: int, body: bytes) -> Any:
    try:
        answer = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        answer = None
    if not isinstance(answer, dict):
        if status >= 400:
            raise ZaloApiError(status, f"{method}: HTTP {status}")
        raise ZaloApiError(502, f"{method}: the answer is not JSON")
    if answer.get("ok") is True:
        return answer.get("result")
    code = answer.get("error_code")
    code = code if isinstance(code, int) else (status if status >= 400 else 400)
    retry = (answer.get("parameters") or {}).get("retry_after")
    retry_after = float(retry) if isinstance(retry, int | float) else None
    raise ZaloApiError(code, str(answer.get("description") or ""), retry_after)
