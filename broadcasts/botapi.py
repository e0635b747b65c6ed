"""A thin Telegram Bot API client for the broadcast sender (aiohttp, JSON, keep-alive).

python-telegram-bot's ``Bot`` builds a full ``Message`` object from every answer and goes through
httpx; for a fan-out of millions of identical messages that overhead dominates, so the sender
posts JSON itself and reads only ``ok``, ``error_code``, ``parameters.retry_after`` and the new
message's id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import aiohttp


@dataclass(frozen=True)
class ApiResult:
    """The outcome of one call: ``status`` 0 means no HTTP answer (timeout, connection)."""

    ok: bool
    status: int
    result: Any = None
    description: str = ""
    retry_after: float | None = None

    @property
    def message_id(self) -> str | None:
        """The sent message's id, when the result is a Message."""
        if isinstance(self.result, dict) and "message_id" in self.result:
            return str(self.result["message_id"])
        return None

    @property
    def photo_file_id(self) -> str | None:
        """The largest size's file id of a sent photo (to reuse instead of uploading again)."""
        if isinstance(self.result, dict):
            sizes = self.result.get("photo") or []
            if sizes:
                return str(sizes[-1].get("file_id") or "") or None
        return None


class BotApi:
    """``POST {base_url}{token}/{method}``; one session with a bounded connection pool."""

    def __init__(
        self, base_url: str, token: str, *, connections: int = 100, timeout: float = 10.0
    ) -> None:
        self._prefix = f"{base_url.rstrip('/')}{token}/"
        if not base_url.rstrip("/").endswith("bot"):
            self._prefix = f"{base_url.rstrip('/')}/bot{token}/"
        self._connections = connections
        self._timeout = aiohttp.ClientTimeout(total=timeout)
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> BotApi:
        await self.open()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def open(self) -> None:
        if self._session is None:
            connector = aiohttp.TCPConnector(limit=self._connections, ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(
                connector=connector,
                timeout=self._timeout,
                json_serialize=lambda obj: json.dumps(obj, ensure_ascii=False),
            )

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def call(self, method: str, params: dict[str, Any]) -> ApiResult:
        """Call ``method`` with JSON parameters."""
        assert self._session is not None, "BotApi is not open"
        try:
            async with self._session.post(self._prefix + method, json=params) as response:
                return _parse(response.status, await response.read())
        except TimeoutError:
            return ApiResult(False, 0, description="timeout")
        except aiohttp.ClientError as exc:
            return ApiResult(False, 0, description=f"connection error: {type(exc).__name__}")

    async def upload_photo(
        self, params: dict[str, Any], photo: bytes, mime: str | None
    ) -> ApiResult:
        """``sendPhoto`` with the photo uploaded as multipart form data."""
        assert self._session is not None, "BotApi is not open"
        form = aiohttp.FormData()
        for name, value in params.items():
            text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
            form.add_field(name, text)
        form.add_field("photo", photo, filename="photo", content_type=mime or "image/jpeg")
        try:
            async with self._session.post(self._prefix + "sendPhoto", data=form) as response:
                return _parse(response.status, await response.read())
        except TimeoutError:
            return ApiResult(False, 0, description="timeout")
        except aiohttp.ClientError as exc:
            return ApiResult(False, 0, description=f"connection error: {type(exc).__name__}")


def _parse(status: int, raw: bytes) -> ApiResult:
    try:
        body = json.loads(raw)
    except ValueError:
        return ApiResult(False, status, description=f"HTTP {status}: not JSON")
    if not isinstance(body, dict):
        return ApiResult(False, status, description=f"HTTP {status}: unexpected body")
    if body.get("ok"):
        return ApiResult(True, status, result=body.get("result"))
    code = int(body.get("error_code") or status)
    parameters = body.get("parameters") or {}
    retry_after = parameters.get("retry_after") if isinstance(parameters, dict) else None
    return ApiResult(
        False,
        code,
        description=str(body.get("description") or f"HTTP {code}"),
        retry_after=float(retry_after) if retry_after is not None else None,
    )
