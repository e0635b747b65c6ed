"""A loopback Zalo Bot Platform API server for tests and benchmarks.

A real aiohttp server speaking ``POST /bot{token}/{method}`` with the platform's JSON answers:
``getMe``, ``getUpdates`` (a long poll returning one event, or ``408 Request timeout``),
``setWebhook``/``deleteWebhook``/``getWebhookInfo`` (a webhook set means events are posted to it
with ``X-Bot-Api-Secret-Token``, and ``getUpdates`` is refused), ``sendMessage`` (1-2000
characters), ``sendPhoto`` (a URL the server downloads, like Zalo) and ``sendChatAction``.
Its own limits: a global rate and a per-chat spacing answered with 429, blocked users with 403.
``GET /files/{name}`` serves files registered with ``add_file`` (citizens' photos).

    async with FakeZaloApi() as api:
        client = ZaloClient(api.token, api.base_url)
        api.push_text("u1", "xin chào")
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from dataclasses import dataclass, field
from typing import Any, Literal

import aiohttp
from aiohttp import web

Shape = Literal["wrapped", "flat"]
MAX_TEXT = 2000


@dataclass
class ZaloSent:
    """One message the bot sent."""

    method: str
    chat_id: str
    text: str | None = None
    photo_url: str | None = None
    photo_bytes: bytes | None = None  # what the server downloaded from ``photo_url``
    message_id: str = ""
    time: float = 0.0  # time.monotonic() when the server accepted it


@dataclass
class _Limits:
    rate_per_second: float | None = None  # None: no global limit
    chat_spacing: float = 0.0  # seconds between two messages to one chat
    retry_after: int = 1
    last_global: float = float("-inf")
    last_chat: dict[str, float] = field(default_factory=dict)


class FakeZaloApi:
    """The server; tests push events and read ``sent``."""

    def __init__(self, token: str = "12345:fake-zalo-token", *, fetch_photos: bool = True):
        self.token = token
        self.fetch_photos = fetch_photos
        self.sent: list[ZaloSent] = []
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.blocked: set[str] = set()
        self.limits = _Limits()
        self.webhook_url: str | None = None
        self.webhook_secret: str | None = None
        self.webhook_answers: list[int] = []  # HTTP status of each webhook post
        self._events: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._files: dict[str, bytes] = {}
        self._ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._http: aiohttp.ClientSession | None = None
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------------------

    async def __aenter__(self) -> FakeZaloApi:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def start(self, port: int = 0) -> None:
        """Listen on 127.0.0.1 (a free port by default)."""
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._api)
        app.router.add_get("/files/{name}", self._file)
        self._runner = web.AppRunner(app, handler_cancellation=True)  # a dropped long poll ends
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", port)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._http = aiohttp.ClientSession()

    async def stop(self) -> None:
        """Close the server."""
        if self._http is not None:
            await self._http.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        """``ZALO_API_BASE_URL`` for this server."""
        return f"http://127.0.0.1:{self.port}"

    # -- events --------------------------------------------------------------------------------

    def message_event(
        self,
        chat_id: str,
        event_name: str,
        *,
        name: str = "Nguyễn Văn An",
        message_id: str | None = None,
        **fields: Any,
    ) -> dict[str, Any]:
        """A message event as Zalo sends it (string ids, date in milliseconds)."""
        return {
            "event_name": event_name,
            "message": {
                "message_id": message_id or f"msg{next(self._ids):06d}",
                "from": {"id": chat_id, "display_name": name, "is_bot": False},
                "chat": {"id": chat_id, "chat_type": "PRIVATE"},
                "date": int(time.time() * 1000),
                **fields,
            },
        }

    async def push(self, event: dict[str, Any], shape: Shape = "flat") -> None:
        """Hand an event to the bot: posted to the webhook if one is set, else queued."""
        if self.webhook_url is None:
            await self._events.put(event)
            return
        body = {"ok": True, "result": event} if shape == "wrapped" else event
        headers = {"X-Bot-Api-Secret-Token": self.webhook_secret or ""}
        assert self._http is not None
        async with self._http.post(self.webhook_url, json=body, headers=headers) as response:
            self.webhook_answers.append(response.status)

    async def push_text(self, chat_id: str, text: str, shape: Shape = "flat", **kw: Any) -> str:
        """A typed message; returns its message id."""
        event = self.message_event(chat_id, "message.text.received", text=text, **kw)
        await self.push(event, shape)
        return str(event["message"]["message_id"])

    async def push_photo(self, chat_id: str, content: bytes, caption: str | None = None) -> None:
        """A photo message whose picture is downloadable from this server."""
        url = self.add_file(content)
        fields: dict[str, Any] = {"photo_url": url}
        if caption:
            fields["caption"] = caption
        await self.push(self.message_event(chat_id, "message.image.received", **fields))

    def add_file(self, content: bytes) -> str:
        """Serve ``content`` at a URL of this server."""
        name = f"f{next(self._ids)}.jpg"
        self._files[name] = content
        return f"{self.base_url}/files/{name}"

    # -- what was sent -------------------------------------------------------------------------

    def to(self, chat_id: str) -> list[ZaloSent]:
        """Messages sent to ``chat_id``, in order."""
        return [s for s in self.sent if s.chat_id == chat_id]

    def texts_to(self, chat_id: str) -> str:
        """Their texts and captions, joined."""
        return "\n".join(s.text or "" for s in self.to(chat_id))

    async def wait_for(self, count: int, chat_id: str | None = None, timeout: float = 10) -> None:
        """Until ``count`` messages were sent (to ``chat_id``); fails after ``timeout`` s."""

        def enough() -> bool:
            return len(self.sent if chat_id is None else self.to(chat_id)) >= count

        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(enough)

    async def wait_for_call(self, method: str, timeout: float = 10) -> None:
        """Until ``method`` was called once."""
        async with asyncio.timeout(timeout), self._changed:
            await self._changed.wait_for(lambda: any(m == method for m, _ in self.calls))

    # -- the API -------------------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return _error(401, "Unauthorized")
        method = request.match_info["method"]
        try:
            params = await request.json() if request.can_read_body else {}
        except json.JSONDecodeError:
            return _error(400, "Bad Request: invalid JSON")
        async with self._changed:
            self.calls.append((method, params))
            self._changed.notify_all()
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return _error(404, "Not Found")
        response: web.Response = await handler(params)
        return response

    async def _m_getMe(self, params: dict[str, Any]) -> web.Response:
        return _ok({"id": "bot1", "account_name": "bot.phananh", "display_name": "Bot Phản ánh"})

    async def _m_getUpdates(self, params: dict[str, Any]) -> web.Response:
        if self.webhook_url is not None:
            return _error(409, "Conflict: webhook is active, getUpdates is not allowed")
        timeout = float(params.get("timeout") or 0)
        try:
            event = await asyncio.wait_for(self._events.get(), timeout)
        except TimeoutError:
            return _error(408, "Request timeout")
        return _ok(event)

    async def _m_setWebhook(self, params: dict[str, Any]) -> web.Response:
        url, secret = params.get("url"), params.get("secret_token")
        if not isinstance(url, str) or not url.startswith("http"):
            return _error(400, "Bad Request: url is invalid")
        if not isinstance(secret, str) or not 8 <= len(secret) <= 256:
            return _error(400, "Bad Request: secret_token must be 8-256 characters")
        self.webhook_url, self.webhook_secret = url, secret
        return _ok({"url": url, "updated_at": int(time.time() * 1000)})

    async def _m_deleteWebhook(self, params: dict[str, Any]) -> web.Response:
        self.webhook_url = self.webhook_secret = None
        return _ok({"url": "", "updated_at": int(time.time() * 1000)})

    async def _m_getWebhookInfo(self, params: dict[str, Any]) -> web.Response:
        return _ok({"url": self.webhook_url or "", "updated_at": int(time.time() * 1000)})

    async def _m_sendChatAction(self, params: dict[str, Any]) -> web.Response:
        refused = self._refusal(params, count=False)
        return refused or _ok({})

    async def _m_sendMessage(self, params: dict[str, Any]) -> web.Response:
        text = params.get("text")
        if not isinstance(text, str) or not 1 <= len(text) <= MAX_TEXT:
            return _error(400, "Bad Request: text must be 1-2000 characters")
        refused = self._refusal(params)
        if refused is not None:
            return refused
        return await self._record(ZaloSent("sendMessage", str(params["chat_id"]), text=text))

    async def _m_sendPhoto(self, params: dict[str, Any]) -> web.Response:
        url = params.get("photo")
        if not isinstance(url, str) or not url.startswith("http"):
            return _error(400, "Bad Request: photo must be a URL")
        caption = params.get("caption")
        if caption is not None and (not isinstance(caption, str) or len(caption) > MAX_TEXT):
            return _error(400, "Bad Request: caption is too long")
        refused = self._refusal(params)
        if refused is not None:
            return refused
        content = None
        if self.fetch_photos:
            assert self._http is not None
            async with self._http.get(url) as response:
                if response.status != 200:
                    return _error(400, f"Bad Request: photo URL answered {response.status}")
                content = await response.read()
        sent = ZaloSent("sendPhoto", str(params["chat_id"]), caption, url, content)
        return await self._record(sent)

    def _refusal(self, params: dict[str, Any], *, count: bool = True) -> web.Response | None:
        chat = params.get("chat_id")
        if not isinstance(chat, str) or not chat:
            return _error(400, "Bad Request: chat_id is required")
        if chat in self.blocked:
            return _error(403, "Forbidden: the user has blocked the bot or is not reachable")
        if not count:
            return None
        now, limits = time.monotonic(), self.limits
        if limits.rate_per_second and now - limits.last_global < 1 / limits.rate_per_second:
            return _too_many(limits.retry_after)
        if now - limits.last_chat.get(chat, float("-inf")) < limits.chat_spacing:
            return _too_many(limits.retry_after)
        limits.last_global, limits.last_chat[chat] = now, now
        return None

    async def _record(self, sent: ZaloSent) -> web.Response:
        sent.message_id, sent.time = f"out{next(self._ids)}", time.monotonic()
        async with self._changed:
            self.sent.append(sent)
            self._changed.notify_all()
        return _ok({"message_id": sent.message_id, "date": int(time.time() * 1000)})

    async def _file(self, request: web.Request) -> web.Response:
        content = self._files.get(request.match_info["name"])
        if content is None:
            raise web.HTTPNotFound()
        return web.Response(body=content, content_type="image/jpeg")


def _ok(result: Any) -> web.Response:
    return web.json_response({"ok": True, "result": result})


def _error(code: int, description: str, **extra: Any) -> web.Response:
    body: dict[str, Any] = {"ok": False, "error_code": code, "description": description}
    body.update(extra)
    return web.json_response(body, status=code)


def _too_many(retry_after: int) -> web.Response:
    return _error(429, "Too Many Requests: slow down", parameters={"retry_after": retry_after})
