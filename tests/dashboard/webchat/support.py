"""A web app with the web chat, Open311 and /healthz over a database that can be taken away."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import aiohttp
from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncEngine

from dashboard import open311, webchat
from dashboard.health import healthz
from dashboard.keys import DATABASE, DISPATCHER
from domain.messages import Incoming, Reply
from storage.database import Database, create_engine
from storage.uow import UnitOfWork

# Nothing listens on port 1: connecting is refused at once, like a stopped PostgreSQL.
UNREACHABLE_URL = "postgresql+asyncpg://postgres@127.0.0.1:1/test"


class SwitchableDatabase:
    """A ``Database`` whose target a test swaps to simulate an outage and a recovery."""

    def __init__(self, target: Database) -> None:
        self.up = target
        self.down = Database(create_engine(UNREACHABLE_URL))
        self.target = target

    @property
    def engine(self) -> AsyncEngine:
        return self.target.engine

    @property
    def dialect(self) -> str:
        return self.target.dialect

    def uow(self) -> UnitOfWork:
        return self.target.uow()

    def fail(self) -> None:
        self.target = self.down

    def recover(self) -> None:
        self.target = self.up


@dataclass
class EchoDispatcher:
    """Behaves like the dispatcher at its edges: skips a seen key, records the key with the
    turn, stores the reply for the page, and never raises (a failed turn records nothing)."""

    db: SwitchableDatabase
    handled: list[tuple[str, str | None]] = field(default_factory=list)

    async def handle(self, incoming: Incoming, update_key: str | None = None) -> list[Reply]:
        try:
            async with self.db.uow() as uow:
                if update_key and await uow.updates.seen(incoming.channel, update_key):
                    return []
                uow.webchat.add(incoming.chat_id, {"text": f"nhận: {incoming.text}"})
                if update_key:
                    uow.updates.record(incoming.channel, update_key)
                await uow.commit()
        except Exception:
            return [Reply(text="internal")]
        self.handled.append((incoming.chat_id, incoming.text))
        return []


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Site:
    base: str
    http: aiohttp.ClientSession
    db: SwitchableDatabase
    dispatcher: EchoDispatcher

    async def request(self, method: str, path: str, **kwargs: Any) -> tuple[int, Any]:
        async with self.http.request(method, self.base + path, **kwargs) as response:
            if response.content_type == "application/json":
                return response.status, await response.json()
            return response.status, await response.text()


@asynccontextmanager
async def site(db: Database) -> AsyncIterator[Site]:
    """The routes on loopback over ``db`` (swappable for an unreachable one)."""
    switch = SwitchableDatabase(db)
    dispatcher = EchoDispatcher(switch)
    app = web.Application()
    app[DATABASE] = switch  # type: ignore[assignment]
    app[DISPATCHER] = dispatcher  # type: ignore[assignment]
    app.router.add_get("/healthz", healthz)
    webchat.setup(app)
    open311.setup(app)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        async with aiohttp.ClientSession() as http:
            yield Site(f"http://127.0.0.1:{port}", http, switch, dispatcher)
    finally:
        await runner.cleanup()
        await switch.down.dispose()
