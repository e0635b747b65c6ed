"""Runs the real service (build_app) on loopback and talks to it like Telegram users do."""

from __future__ import annotations

import asyncio
import socket
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from aiohttp import web

from bot.app import build_app
from bot.settings import Settings
from tests.support.fake_bot_api import FakeBotApi, SentMessage


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def service_settings(api: FakeBotApi | None, db_url: str, port: int, **extra: Any) -> Settings:
    """Settings pointing the service at the loopback Bot API and the test database."""
    values: dict[str, Any] = {"database_url": db_url, "http_host": "127.0.0.1", "http_port": port}
    if api is not None:
        values.update(
            telegram_bot_token=api.token,
            telegram_api_base_url=api.base_url,
            telegram_file_base_url=api.base_file_url,
        )
    values.update(extra)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@asynccontextmanager
async def running_service(settings: Settings) -> AsyncIterator[str]:
    """Start the whole service; yields its base URL; stops it cleanly afterwards."""
    runner = web.AppRunner(build_app(settings))
    await runner.setup()
    site = web.TCPSite(runner, settings.http_host, settings.http_port)
    await site.start()
    try:
        yield f"http://{settings.http_host}:{settings.http_port}"
    finally:
        await runner.cleanup()


class TelegramUser:
    """A citizen in a private chat with the bot, through the loopback Bot API server."""

    def __init__(self, api: FakeBotApi, chat_id: int, *, webhook: bool = False) -> None:
        self.api = api
        self.chat_id = chat_id
        self.webhook = webhook
        self.seen = 0

    async def _push(self, update: dict[str, Any]) -> None:
        if self.webhook:
            status = await self.api.deliver_webhook(update)
            assert status == 200, status
        else:
            self.api.push_update(update)

    async def wait_for(self, needle: str, timeout: float = 20) -> list[SentMessage]:
        """New bot messages up to and including the first that contains `needle`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            messages = self.api.messages_to(self.chat_id)
            for index in range(self.seen, len(messages)):
                if needle in (messages[index].text or ""):
                    new = messages[self.seen : index + 1]
                    self.seen = index + 1
                    return new
            await asyncio.sleep(0.05)
        texts = [m.text for m in self.api.messages_to(self.chat_id)[self.seen :]]
        raise AssertionError(f"no message containing {needle!r}; new messages: {texts!r}")

    async def send_text(self, text: str, expect: str) -> list[SentMessage]:
        """Type a message and wait for the answer containing `expect`."""
        await self._push(self.api.text_update(self.chat_id, text))
        return await self.wait_for(expect)

    async def press(self, data: str, expect: str) -> list[SentMessage]:
        """Press an inline button on the bot's last message."""
        await self._push(self.api.callback_update(self.chat_id, data))
        return await self.wait_for(expect)

    async def send(self, update: dict[str, Any], expect: str) -> list[SentMessage]:
        """Deliver a prepared update and wait for the answer."""
        await self._push(update)
        return await self.wait_for(expect)


def inline_callbacks(messages: list[SentMessage]) -> list[str]:
    """Callback data of every inline button in these messages."""
    found: list[str] = []
    for message in messages:
        markup = message.reply_markup or {}
        for row in markup.get("inline_keyboard", []):
            found.extend(b["callback_data"] for b in row if "callback_data" in b)
    return found
