"""The Telegram HTTP transport honours the environment's proxy, looked up once per host."""

from __future__ import annotations

import asyncio
import json

import pytest
from telegram.request import RequestData

from bot.channels.telegram.transport import AiohttpRequest

ANSWER = json.dumps({"ok": True, "result": True}).encode()


class RecordingProxy:
    """A loopback HTTP server that records each request line and answers like the Bot API."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.server: asyncio.Server | None = None
        self.port = 0

    async def start(self) -> None:
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = self.server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        assert self.server is not None
        self.server.close()
        await self.server.wait_closed()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                lines = head.decode("latin-1").split("\r\n")
                self.lines.append(lines[0])
                sizes = [h[15:] for h in lines if h.lower().startswith("content-length:")]
                length = int(sizes[0]) if sizes else 0
                await reader.readexactly(length)
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    + f"Content-Length: {len(ANSWER)}\r\n\r\n".encode()
                    + ANSWER
                )
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            writer.close()


@pytest.fixture
async def proxy() -> RecordingProxy:
    server = RecordingProxy()
    await server.start()
    yield server  # type: ignore[misc]
    await server.stop()


async def test_calls_go_through_the_environments_proxy(
    proxy: RecordingProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{proxy.port}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    request = AiohttpRequest()
    await request.initialize()
    try:
        for _ in range(2):
            result = await request.post(
                "http://bot-api.invalid/bot123:abc/sendMessage",
                RequestData(),
            )
            assert result is True
    finally:
        await request.shutdown()
    # absolute-form request lines: the proxy was asked to reach the Bot API host
    assert proxy.lines == ["POST http://bot-api.invalid/bot123:abc/sendMessage HTTP/1.1"] * 2


async def test_hosts_named_in_no_proxy_are_reached_directly(
    proxy: RecordingProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # nothing listens there
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    request = AiohttpRequest()
    await request.initialize()
    try:
        result = await request.post(f"http://127.0.0.1:{proxy.port}/bot1:x/getMe", RequestData())
    finally:
        await request.shutdown()
    assert result is True
    assert proxy.lines == ["POST /bot1:x/getMe HTTP/1.1"]
