"""Fault: ``kill -9`` of the service (``python -m bot``) under webhook traffic, N times.

    .venv/bin/python -m bench.fault_kill_webhook [--db sqlite|postgres] [--kills 5]
        [--chats 40] [--messages 5] [--concurrency 8] [--max-minutes M]
        [--rate R]

The loopback Bot API server runs in this process; the service runs in webhook mode against it.
Like Telegram, the load generator sends each update until the webhook answers 200 (a refused
connection or a 5xx is sent again later), and sends a chat's next update only once the previous
one was acknowledged. The service is killed with SIGKILL at random moments ``--kills`` times and
started again; after the last start the script waits until the inbox has nothing pending, then
checks that every acknowledged update was processed exactly once (recorded once in
``processed_updates``, its inbox rows done or a later copy of it done) and counts the replies per
chat (a reply lost at a kill, between the commit and the send, is reported, not failed: replies
are delivered at most once). Exits 1 when an acknowledged update was not processed or was
processed twice.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import aiohttp
import asyncpg
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from storage.database import Database, create_engine
from tests.support.fake_bot_api import FakeBotApi

SECRET = "kill-test-secret"
PG_ADMIN = os.environ.get("TEST_PG_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/test")
ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def database_url(kind: str, folder: Path) -> str:
    if kind == "sqlite":
        return f"sqlite+aiosqlite:///{folder / 'bot.db'}"
    admin = await asyncpg.connect(PG_ADMIN)
    try:
        await admin.execute("DROP DATABASE IF EXISTS fault_kill_webhook WITH (FORCE)")
        await admin.execute("CREATE DATABASE fault_kill_webhook")
    finally:
        await admin.close()
    return (
        "postgresql+asyncpg://"
        + PG_ADMIN.split("://", 1)[1].rsplit("/", 1)[0]
        + ("/fault_kill_webhook")
    )


class Service:
    """``python -m bot`` in webhook mode against the loopback Bot API."""

    def __init__(self, api: FakeBotApi, db_url: str, folder: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": db_url,
            "HTTP_HOST": "127.0.0.1",
            "HTTP_PORT": str(self.port),
            "TELEGRAM_BOT_TOKEN": api.token,
            "TELEGRAM_API_BASE_URL": api.base_url,
            "TELEGRAM_FILE_BASE_URL": api.base_file_url,
            "TELEGRAM_WEBHOOK_URL": self.base,
            "TELEGRAM_WEBHOOK_SECRET": SECRET,
            "LOG_LEVEL": "WARNING",
            "FLOOD_MAX_MESSAGES": "1000000",  # every reply counts here: no chat is slowed down
        }
        self.log = open(folder / "service.log", "ab")  # noqa: SIM115
        self.process: subprocess.Popen[bytes] | None = None

    async def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot"], env=self.env, cwd=ROOT, stdout=self.log, stderr=self.log
        )
        deadline = time.monotonic() + 60
        async with aiohttp.ClientSession() as http:
            while time.monotonic() < deadline:
                try:
                    async with http.get(self.base + "/healthz") as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.1)
        raise RuntimeError("the service did not start (see service.log)")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)


async def traffic(
    api: FakeBotApi,
    service: Service,
    chats: int,
    messages: int,
    concurrency: int,
    kills_done: asyncio.Event,
    rate: float = 0,
) -> list[int]:
    """Send every update until acknowledged, a chat's updates in order, at least ``messages``
    a chat and on until the kills are over; the acknowledged ids."""
    acked: list[int] = []
    todo: asyncio.Queue[int] = asyncio.Queue()
    for chat in range(chats):
        todo.put_nowait(900_000 + chat)
    headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"}
    sent: Counter[int] = Counter()
    ids = itertools.count(1)

    async def worker(http: aiohttp.ClientSession) -> None:
        while True:
            try:
                chat = todo.get_nowait()
            except asyncio.QueueEmpty:
                return
            update = {"update_id": next(ids), **api.text_update(chat, "/trogiup")}
            body = json.dumps(update, ensure_ascii=False).encode()
            while True:
                try:
                    async with http.post(
                        service.base + "/telegram/webhook", data=body, headers=headers
                    ) as response:
                        if response.status == 200:
                            break
                except (TimeoutError, aiohttp.ClientError):
                    pass
                await asyncio.sleep(0.2)  # Telegram retries too, a little later
            acked.append(int(update["update_id"]))
            sent[chat] += 1
            if rate:  # about ``rate`` updates a second in all, so the backlog stays bounded
                await asyncio.sleep(concurrency / rate)
            if sent[chat] < messages or not kills_done.is_set():
                todo.put_nowait(chat)

    timeout = aiohttp.ClientTimeout(total=10)
    async with aiohttp.ClientSession(timeout=timeout) as http:
        await asyncio.gather(*(worker(http) for _ in range(concurrency)))
    return acked


async def killer(service: Service, kills: int, done: asyncio.Event, max_minutes: float = 0) -> int:
    """Kill and restart ``kills`` times (fewer when ``max_minutes`` runs out); how many."""
    started = time.monotonic()
    killed = 0
    try:
        for _ in range(kills):
            if max_minutes and time.monotonic() - started > max_minutes * 60:
                break
            await asyncio.sleep(random.uniform(0.5, 2.5))
            service.kill()
            killed += 1
            restart = time.monotonic()
            await service.start()
            print(
                f"kill {killed}: restarted in {time.monotonic() - restart:.1f} s, "
                f"{time.monotonic() - started:.0f} s so far",
                flush=True,
            )
    finally:
        done.set()
    return killed


async def settle(db: Database, stall_seconds: float = 20) -> int:
    """Wait until nothing is pending in the inbox, as long as the backlog keeps shrinking; how
    many are still pending at the end."""
    last, last_change = -1, time.monotonic()
    while True:
        async with db.engine.connect() as conn:
            pending = int(
                (
                    await conn.execute(
                        text("SELECT count(*) FROM inbox_updates WHERE state='pending'")
                    )
                ).scalar_one()
            )
        if pending == 0:
            return 0
        if pending != last:
            last, last_change = pending, time.monotonic()
        elif time.monotonic() - last_change > stall_seconds:
            return pending
        await asyncio.sleep(0.5)


async def replies_settled(api: FakeBotApi, quiet_seconds: float = 2.0, limit: float = 60.0) -> None:
    """Wait until no new message reached the loopback server for ``quiet_seconds``: replies
    leave after their update is marked done, so an empty inbox does not mean they all left."""
    deadline = time.monotonic() + limit
    seen, since = len(api.sent), time.monotonic()
    while time.monotonic() < deadline and time.monotonic() - since < quiet_seconds:
        await asyncio.sleep(0.1)
        if len(api.sent) != seen:
            seen, since = len(api.sent), time.monotonic()


async def main(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = await database_url(args.db, folder)
        async with FakeBotApi(private_chat_per_second=None, global_per_second=None) as api:
            service = Service(api, url, folder)
            await service.start()
            done = asyncio.Event()
            kill_task = asyncio.create_task(killer(service, args.kills, done, args.max_minutes))
            acked = await traffic(
                api, service, args.chats, args.messages, args.concurrency, done, args.rate
            )
            killed = await kill_task
            db = Database(create_engine(url))
            try:
                pending = await settle(db)
                await replies_settled(api)
                keys = await processed_keys(db)
                async with db.engine.connect() as conn:
                    parked = (
                        await conn.execute(
                            text("SELECT count(*) FROM inbox_updates WHERE state='parked'")
                        )
                    ).scalar_one()
            finally:
                await db.dispose()
                service.stop()
            missing, twice = missing_and_twice(acked, keys)
            replies = sum(len(api.messages_to(900_000 + c)) for c in range(args.chats))
            if args.keep_log:
                print((folder / "service.log").read_text(errors="replace")[-4000:])
    print(
        f"{args.db}: {killed} kills, {len(acked)} updates acknowledged, "
        f"{len(acked) - len(missing)} processed, {len(missing)} missing, {len(twice)} twice, "
        f"{pending} still pending, {parked} parked; replies {replies} of {len(acked)} "
        f"({len(acked) - replies} lost at a kill between commit and send)"
    )
    return 1 if missing or twice or pending else 0


async def processed_keys(db: Database) -> list[str]:
    """Every processed-update key (``<bot id>:<update id>``) the service has recorded."""
    async with db.engine.connect() as conn:
        rows = await conn.execute(text("SELECT update_key FROM processed_updates"))
        return [str(key) for key in rows.scalars().all()]


def missing_and_twice(acked: list[int], keys: list[str]) -> tuple[list[int], list[int]]:
    """The acknowledged update ids never processed, and those processed more than once."""
    processed = Counter(int(key.rsplit(":", 1)[-1]) for key in keys)
    return [u for u in acked if processed[u] == 0], [u for u in acked if processed[u] > 1]


def cli() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--kills", type=int, default=5, help="times the service is killed")
    parser.add_argument(
        "--rate", type=float, default=0, help="updates a second in all (0: as fast as acked)"
    )
    parser.add_argument(
        "--max-minutes", type=float, default=0, help="stop killing after this long (0: never)"
    )
    parser.add_argument("--chats", type=int, default=40, help="private chats sending")
    parser.add_argument("--messages", type=int, default=5, help="updates per chat")
    parser.add_argument("--concurrency", type=int, default=8, help="webhook calls at once")
    parser.add_argument("--keep-log", action="store_true", help="print the service log's end")
    return asyncio.run(main(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(cli())
