"""A loopback Telegram Bot API server for tests, benchmarks and demos.

It is a real aiohttp HTTP server speaking the Bot API's HTTP/JSON, so an unmodified
python-telegram-bot ``Application`` can run against it, either polling ``getUpdates`` or
receiving webhook POSTs::

    api = FakeBotApi()
    await api.start()
    app = (
        ApplicationBuilder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .build()
    )

Tests push updates (:meth:`FakeBotApi.push_update` with the builders such as
:meth:`~tests.support.fake_bot_api_updates.BotApiState.text_update`) and inspect what the
bot sent (:attr:`FakeBotApi.sent`, :meth:`FakeBotApi.wait_for_messages`). Flood limits,
blocked users and injected failures produce the same error JSON as Telegram.

Run ``python -m tests.support.fake_bot_api --port 8081`` for a standalone server; lines
typed on stdin as ``CHAT_ID text`` are pushed as text messages from that chat.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import aiohttp
from aiohttp import web

from .fake_bot_api_delivery import UpdateDelivery, _Described
from .fake_bot_api_limits import FloodControl
from .fake_bot_api_methods import (
    ApiError,
    SentMessage,
    _bad_request,
    _Params,
    _too_many_requests,
)
from .fake_bot_api_updates import StoredFile

__all__ = ["ApiCall", "ApiError", "FakeBotApi", "SentMessage", "StoredFile"]

# Parameters whose form/query value is always a plain string (never JSON-decoded).
_STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "url",
        "secret_token",
        "callback_query_id",
        "file_id",
        "action",
        "language_code",
        "ip_address",
        "inline_message_id",
        "photo",
        "document",
        "emoji",
        "title",
        "description",
        "business_connection_id",
        "message_effect_id",
        "question",
        "explanation",
    }
)
_DEFAULT_DESCRIPTIONS = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}
_WEBHOOK_ATTEMPTS = 5
_DOWNLOAD = "(file download)"


@dataclass
class ApiCall:
    """One HTTP request to the API (``time`` is the server's clock at arrival)."""

    method: str
    params: dict[str, Any]
    time: float
    status: int = 0
    error: str | None = None


@dataclass
class _Failure:
    method: str
    status: int
    remaining: int
    retry_after: int | None
    description: str | None


_Handler = Callable[[dict[str, Any]], Awaitable[Any]]


def _decode(name: str, value: str) -> Any:
    if name in _STRING_PARAMS:
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


class FakeBotApi(UpdateDelivery):
    """A loopback Telegram Bot API server (see the module docstring)."""

    def __init__(
        self,
        token: str = "123456:TEST-TOKEN",
        *,
        bot_username: str = "phananh_test_bot",
        global_per_second: float | None = 30,
        private_chat_per_second: float | None = 1.0,
        private_chat_burst: int = 3,
        group_per_minute: float | None = 20,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        bot_id, sep, _ = token.partition(":")
        if not sep or not bot_id.isdigit():
            raise ValueError("a bot token looks like '<bot id>:<secret>'")
        flood = FloodControl(
            global_per_second=global_per_second,
            private_chat_per_second=private_chat_per_second,
            private_chat_burst=private_chat_burst,
            group_per_minute=group_per_minute,
            clock=clock,
        )
        super().__init__(int(bot_id), bot_username, flood)
        self.clock = clock  # arrivals, sends and flood limits (a test's fake clock, or real time)
        self.token = token
        #: Every request, in order of completion.
        self.calls: list[ApiCall] = []
        #: Number of 429 answers given (flood limits and injected ones).
        self.too_many_requests = 0
        self.host = ""
        self.port = 0
        self._failures: list[_Failure] = []
        self._runner: web.AppRunner | None = None
        self._methods: dict[str, tuple[str, _Handler]] = {
            name.lower(): (name, handler)
            for name, handler in {
                "getMe": self._get_me,
                "getUpdates": self._get_updates,
                "setWebhook": self._set_webhook,
                "deleteWebhook": self._delete_webhook,
                "getWebhookInfo": self._get_webhook_info,
                "sendMessage": self._send_message,
                "sendPhoto": self._send_photo,
                "sendDocument": self._send_document,
                "sendChatAction": self._send_chat_action,
                "sendPoll": self._send_poll,
                "editMessageText": self._edit_message_text,
                "editMessageCaption": self._edit_message_caption,
                "editMessageReplyMarkup": self._edit_message_reply_markup,
                "deleteMessage": self._delete_message,
                "forwardMessage": self._forward_message,
                "copyMessage": self._copy_message,
                "answerCallbackQuery": self._answer_callback_query,
                "setMyCommands": self._set_my_commands,
                "getMyCommands": self._get_my_commands,
                "deleteMyCommands": self._delete_my_commands,
                "getFile": self._get_file,
                "close": self._ok,
                "logOut": self._ok,
            }.items()
        }

    # -- lifecycle ----------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> None:
        """Listen on ``host:port`` (port 0 picks a free port)."""
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_download)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, host, port).start()
        self.host = host
        self.port = int(self._runner.addresses[0][1])
        self._session = aiohttp.ClientSession()
        self._stopping = False
        # Events are bound lazily to the running loop; recreate them inside it.
        self._update_event = asyncio.Event()
        self._sent_event = asyncio.Event()

    async def stop(self) -> None:
        """Release waiting long polls, stop webhook delivery and close the server."""
        self._stopping = True
        self._notify_updates()
        await self._stop_webhook_worker()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> FakeBotApi:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """Value for ``ApplicationBuilder.base_url`` (PTB appends the token)."""
        return f"{self._origin()}/bot"

    @property
    def base_file_url(self) -> str:
        """Value for ``ApplicationBuilder.base_file_url`` (PTB appends the token)."""
        return f"{self._origin()}/file/bot"

    def _origin(self) -> str:
        if not self.port:
            raise RuntimeError("FakeBotApi is not started")
        return f"http://{self.host}:{self.port}"

    # -- test controls ------------------------------------------------------------------

    def messages_to(self, chat_id: int) -> list[SentMessage]:
        """Everything sent or edited in ``chat_id``, in order."""
        return [message for message in self.sent if message.chat_id == chat_id]

    async def wait_for_messages(
        self, chat_id: int, count: int, timeout: float = 10
    ) -> list[SentMessage]:
        """Wait until at least ``count`` messages went to ``chat_id``; return them all."""
        deadline = time.monotonic() + timeout
        while True:
            messages = self.messages_to(chat_id)
            if len(messages) >= count:
                return messages
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                failed = [
                    f"{call.method} -> {call.status} {call.error}"
                    for call in self.calls
                    if call.error and call.params.get("chat_id") in (chat_id, str(chat_id))
                ]
                raise AssertionError(
                    f"expected {count} message(s) to chat {chat_id} within {timeout}s, "
                    f"got {len(messages)}: {[m.text for m in messages]!r}; "
                    f"failed calls for this chat: {failed!r}"
                )
            event = self._sent_event
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(event.wait(), remaining)

    def block_chat(self, chat_id: int) -> None:
        """Sends to ``chat_id`` fail with 403 (the user blocked the bot / bot kicked)."""
        self._blocked.add(chat_id)

    def unblock_chat(self, chat_id: int) -> None:
        self._blocked.discard(chat_id)

    def fail_next(
        self,
        method: str,
        status: int,
        *,
        count: int = 1,
        retry_after: int | None = None,
        description: str | None = None,
    ) -> None:
        """Answer the next ``count`` calls of ``method`` (``"*"``: any) with an error.

        A 429 gets ``parameters.retry_after`` (default 1) like a real flood error.
        """
        self._failures.append(_Failure(method.lower(), status, count, retry_after, description))

    _KEEP: Any = object()

    def set_limits(
        self,
        *,
        global_per_second: float | None = _KEEP,
        private_chat_per_second: float | None = _KEEP,
        private_chat_burst: int = _KEEP,
        group_per_minute: float | None = _KEEP,
    ) -> None:
        """Change flood limits at run time (``None`` lifts one); all buckets are refilled."""
        if global_per_second is not self._KEEP:
            self.flood.global_per_second = global_per_second
        if private_chat_per_second is not self._KEEP:
            self.flood.private_chat_per_second = private_chat_per_second
        if private_chat_burst is not self._KEEP:
            self.flood.private_chat_burst = private_chat_burst
        if group_per_minute is not self._KEEP:
            self.flood.group_per_minute = group_per_minute
        self.flood.reset()

    # -- HTTP plumbing ------------------------------------------------------------------

    async def _read_params(self, request: web.Request) -> _Params:
        params: _Params = {k: _decode(k, v) for k, v in request.query.items()}
        if request.method != "POST" or not request.can_read_body:
            return params
        if request.content_type == "application/json":
            try:
                body = await request.json()
            except ValueError:
                raise _bad_request("can't parse JSON object") from None
            if isinstance(body, dict):
                params.update(body)
            return params
        form = await request.post()
        for name, value in form.items():
            if isinstance(value, web.FileField):
                params[name] = value.file.read()
                params[f"{name}__filename"] = value.filename
                params[f"{name}__content_type"] = value.content_type
            else:
                params[name] = _decode(name, str(value))
        for name, value in list(params.items()):
            if isinstance(value, str) and value.startswith("attach://"):
                attached = params.get(value.removeprefix("attach://"))
                if isinstance(attached, bytes):
                    params[name] = attached
        return params

    async def _handle_api(self, request: web.Request) -> web.Response:
        arrived = self.clock()
        raw_method = request.match_info["method"]
        known = self._methods.get(raw_method.lower())
        call = ApiCall(known[0] if known else raw_method, {}, arrived)
        try:
            call.params = await self._read_params(request)
            if request.match_info["token"] != self.token:
                raise ApiError(401, "Unauthorized")
            if known is None:
                raise ApiError(404, "Not Found")
            self._raise_injected_failure(known[0])
            result = await known[1](call.params)
            body: dict[str, Any] = {"ok": True}
            if isinstance(result, _Described):
                body["result"] = result.result
                body["description"] = result.description
            else:
                body["result"] = result
            call.status = 200
        except ApiError as exc:
            body = exc.payload()
            call.status, call.error = exc.status, exc.description
        except Exception as exc:
            body = ApiError(500, f"Internal Server Error: {exc!r}").payload()
            call.status, call.error = 500, repr(exc)
        if call.status == 429:
            self.too_many_requests += 1
        self.calls.append(call)
        return web.json_response(
            body, status=call.status, dumps=lambda obj: json.dumps(obj, ensure_ascii=False)
        )

    async def _handle_download(self, request: web.Request) -> web.StreamResponse:
        path = request.match_info["path"]
        call = ApiCall(_DOWNLOAD, {"file_path": path}, time.monotonic())
        stored = self._file_by_path(path)
        if request.match_info["token"] != self.token:
            error: ApiError | None = ApiError(401, "Unauthorized")
        elif stored is None:
            error = ApiError(404, "Not Found")
        else:
            error = None
        call.status = error.status if error else 200
        call.error = error.description if error else None
        self.calls.append(call)
        if error is not None:
            return web.json_response(error.payload(), status=error.status)
        assert stored is not None
        return web.Response(body=stored.content, content_type="application/octet-stream")

    def _raise_injected_failure(self, method: str) -> None:
        for failure in self._failures:
            if failure.method in ("*", method.lower()) and failure.remaining > 0:
                failure.remaining -= 1
                if failure.remaining == 0:
                    self._failures.remove(failure)
                if failure.status == 429:
                    error = _too_many_requests(failure.retry_after or 1)
                    if failure.description:
                        error.description = failure.description
                    raise error
                description = failure.description or _DEFAULT_DESCRIPTIONS.get(
                    failure.status, "Error"
                )
                parameters = {"retry_after": failure.retry_after} if failure.retry_after else None
                raise ApiError(failure.status, description, parameters)


async def _serve(host: str, port: int, token: str, unlimited: bool) -> None:
    api = FakeBotApi(token)
    if unlimited:
        api.set_limits(global_per_second=None, private_chat_per_second=None, group_per_minute=None)

    def show(sent: SentMessage) -> None:
        markup = json.dumps(sent.reply_markup, ensure_ascii=False) if sent.reply_markup else ""
        head = f"[{sent.method} -> {sent.chat_id} #{sent.message_id}]"
        print(f"{head} {sent.text}  {markup}".rstrip(), flush=True)

    api.on_sent = show
    await api.start(host, port)
    print(f"token         {api.token}", flush=True)
    print(f"base_url      {api.base_url}", flush=True)
    print(f"base_file_url {api.base_file_url}", flush=True)
    print("type 'CHAT_ID text' to send a message as that user; Ctrl-C stops", flush=True)
    try:
        while True:
            line = await asyncio.to_thread(sys.stdin.readline)
            if not line:
                await asyncio.Event().wait()  # stdin closed: keep serving
            chat, _, text = line.strip().partition(" ")
            if chat.lstrip("-").isdigit() and text:
                update_id = api.push_update(api.text_update(int(chat), text))
                print(f"(update {update_id} queued)", flush=True)
    finally:
        await api.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Loopback Telegram Bot API server")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token", default="123456:TEST-TOKEN")
    parser.add_argument("--no-limits", action="store_true", help="disable flood limits")
    args = parser.parse_args(argv)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(args.host, args.port, args.token, args.no_limits))


if __name__ == "__main__":
    main()
