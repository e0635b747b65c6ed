"""Webhook intake: updates acknowledged only after they are committed to the inbox, per second.

The service's real webhook handler (``bot.channels.telegram.runtime.webhook_handler`` over the
inbox) and, as the baseline in the same run, a bare aiohttp handler that answers 200 at once, each
served by separate processes and loaded by the same asyncio load generator (one process, N
concurrent connections). Prints updates/s, the ratio to the baseline and p50/p95/p99, then checks
that every update answered 200 is in the inbox; exits 1 if any is missing.

Usage: ``python bench/bench_intake.py [--requests 4000] [--concurrency 32] [--pg-processes 2]``
(PostgreSQL at TEST_PG_ADMIN_DSN, default postgresql://postgres@127.0.0.1:5432/test; skipped when
unreachable).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SECRET = "bench-secret"
PATH = "/telegram/webhook"
PG_ADMIN = os.environ.get("TEST_PG_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/test")


def update(update_id: int) -> bytes:
    """A realistic private-chat text update."""
    chat = 100_000 + update_id % 500
    return json.dumps(
        {
            "update_id": update_id,
            "message": {
                "message_id": update_id,
                "date": 1_764_547_200,
                "chat": {"id": chat, "type": "private", "first_name": "Lan"},
                "from": {"id": chat, "is_bot": False, "first_name": "Lan"},
                "text": "Đường liên thôn bị sụt lún một đoạn dài, xe tải đi qua rất nguy hiểm",
            },
        },
        ensure_ascii=False,
    ).encode()


# -- the servers (child processes) ---------------------------------------------------------------


def serve(kind: str, port: int, db_url: str) -> None:
    """Run one server process: ``bare`` or ``inbox``; several may share the port."""
    from aiohttp import web

    async def bare(request: web.Request) -> web.Response:
        await request.read()
        return web.Response(status=200)

    async def health(request: web.Request) -> web.Response:
        return web.Response(text="ok")

    async def app_factory() -> web.Application:
        app = web.Application()
        app.router.add_get("/healthz", health)
        if kind == "bare":
            app.router.add_post(PATH, bare)
            return app
        from bot.channels.telegram.runtime import webhook_handler
        from bot.inbox_worker import InboxIntake
        from storage.database import open_database

        db = await open_database(db_url, migrate=False)
        app.router.add_post(PATH, webhook_handler(InboxIntake(db), SECRET))

        async def close(_: web.Application) -> None:
            await db.dispose()

        app.on_cleanup.append(close)
        return app

    import logging

    logging.basicConfig(level=logging.WARNING)
    web.run_app(app_factory(), host="127.0.0.1", port=port, reuse_port=True, print=None)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Servers:
    """``processes`` server processes of one kind on one port."""

    def __init__(self, kind: str, db_url: str, processes: int) -> None:
        self.port = free_port()
        args = [sys.executable, __file__, "--serve", kind, "--port", str(self.port)]
        self.children = [
            subprocess.Popen([*args, "--db", db_url]) for _ in range(max(1, processes))
        ]

    async def ready(self) -> None:
        deadline = time.monotonic() + 30
        async with aiohttp.ClientSession() as http:
            while time.monotonic() < deadline:
                try:
                    async with http.get(f"http://127.0.0.1:{self.port}/healthz") as response:
                        if response.status == 200:
                            await asyncio.sleep(0.5 if len(self.children) > 1 else 0)
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
        raise RuntimeError("server did not start")

    def stop(self) -> None:
        for child in self.children:
            child.terminate()
        for child in self.children:
            child.wait(timeout=10)


# -- the load generator --------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    latencies: list[float]
    acked: list[int]
    other: dict[int, int]

    @property
    def rate(self) -> float:
        return len(self.acked) / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


async def load(port: int, first_id: int, count: int, concurrency: int) -> Run:
    """POST ``count`` updates over ``concurrency`` connections; what was answered how."""
    url = f"http://127.0.0.1:{port}{PATH}"
    ids = iter(range(first_id, first_id + count))
    latencies: list[float] = []
    acked: list[int] = []
    other: dict[int, int] = {}
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as http:

        async def client() -> None:
            for update_id in ids:
                started = time.perf_counter()
                try:
                    async with http.post(url, data=update(update_id), headers=headers) as resp:
                        await resp.read()
                        status = resp.status
                except aiohttp.ClientError:
                    status = 0
                latencies.append(time.perf_counter() - started)
                if status == 200:
                    acked.append(update_id)
                else:
                    other[status] = other.get(status, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(concurrency)))
        seconds = time.perf_counter() - started
    return Run(seconds, latencies, acked, other)


async def stored_ids(db_url: str) -> set[int]:
    from sqlalchemy import select

    from storage.database import open_database
    from storage.inbox_models import InboxUpdate

    db = await open_database(db_url, migrate=False)
    try:
        async with db.uow() as uow:
            keys = (await uow.session.execute(select(InboxUpdate.update_key))).scalars().all()
    finally:
        await db.dispose()
    return {int(k) for k in keys if k is not None}


async def measure(
    name: str, db_url: str, processes: int, args: argparse.Namespace, first_id: int
) -> bool:
    """Baseline then intake on one database; True when nothing acknowledged is missing."""
    from storage.database import open_database

    await (await open_database(db_url)).dispose()  # migrate once, before the servers start
    runs: dict[str, Run] = {}
    for kind in ("bare", "inbox"):
        servers = Servers(kind, db_url, processes)
        try:
            await servers.ready()
            await load(servers.port, first_id + 10_000_000, args.warmup, args.concurrency)
            runs[kind] = await load(servers.port, first_id, args.requests, args.concurrency)
        finally:
            servers.stop()
    bare, inbox = runs["bare"], runs["inbox"]
    missing = set(inbox.acked) - await stored_ids(db_url)
    print(
        f"{name:<22} {processes} proc  bare {bare.rate:7.0f}/s  inbox {inbox.rate:7.0f}/s  "
        f"ratio {inbox.rate / bare.rate if bare.rate else 0:.2f}  "
        f"p50/p95/p99 {inbox.pct(0.5):.1f}/{inbox.pct(0.95):.1f}/{inbox.pct(0.99):.1f} ms "
        f"(bare {bare.pct(0.5):.1f}/{bare.pct(0.95):.1f}/{bare.pct(0.99):.1f})  "
        f"acked {len(inbox.acked)}  not acked {sum(inbox.other.values())} {inbox.other or ''}  "
        f"missing {len(missing)}"
    )
    return not missing


async def pg_url() -> str | None:
    import asyncpg

    name = f"phananh_bench_{os.getpid()}"
    try:
        admin = await asyncpg.connect(PG_ADMIN)
    except (OSError, asyncpg.PostgresError):
        return None
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return "postgresql+asyncpg://" + PG_ADMIN.split("://", 1)[1].rsplit("/", 1)[0] + "/" + name


async def drop_pg(url: str) -> None:
    import asyncpg

    name = url.rsplit("/", 1)[1]
    admin = await asyncpg.connect(PG_ADMIN)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


async def main(args: argparse.Namespace) -> int:
    ok = True
    print(f"{args.requests} updates, {args.concurrency} connections, answers other than 200 listed")
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        ok &= await measure("SQLite", sqlite, 1, args, 1)
    url = await pg_url()
    if url is None:
        print("PostgreSQL unreachable: skipped")
    else:
        try:
            ok &= await measure("PostgreSQL", url, args.pg_processes, args, 1)
        finally:
            await drop_pg(url)
    print("every acknowledged update is in the inbox" if ok else "LOST acknowledged updates")
    return 0 if ok else 1


def cli() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=4000, help="updates per measurement")
    parser.add_argument("--warmup", type=int, default=300, help="updates sent before measuring")
    parser.add_argument("--concurrency", type=int, default=32, help="concurrent connections")
    parser.add_argument("--pg-processes", type=int, default=2, help="server processes on PG")
    parser.add_argument("--serve", choices=["bare", "inbox"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port, args.db)
        return 0
    return asyncio.run(main(args))


if __name__ == "__main__":
    sys.exit(cli())
