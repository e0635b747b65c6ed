"""Fault: PostgreSQL stopped for 30 s under webhook traffic; nothing acknowledged is lost.

    .venv/bin/python -m bench.fault_pg_stop [--outage 30] [--chats 20] [--messages 5]

The service (``python -m bot`` in webhook mode against the loopback Bot API, on PostgreSQL) gets
traffic like ``bench.fault_kill_webhook`` sends it: each update again until answered 200, a
chat's next update after the previous one was acknowledged. A few seconds in, the PostgreSQL
cluster is stopped (``pg_ctlcluster --skip-systemctl-redirect <version> main stop``) for
``--outage`` seconds and started again, in a ``finally`` block whatever happens. While it is
down the script counts what ``/healthz`` answers (503 expected). Then it waits until the inbox
has nothing pending and checks that every acknowledged update was processed exactly once.
Exits 1 when one was lost or doubled.
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import aiohttp
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.fault_kill_webhook import (
    Service,
    database_url,
    missing_and_twice,
    processed_keys,
    replies_settled,
    settle,
    traffic,
)
from storage.database import Database, create_engine
from tests.support.fake_bot_api import FakeBotApi


def pg_ctl(action: str) -> None:
    """Stop or start the local cluster (the machine's only PostgreSQL version)."""
    versions = sorted(p.name for p in Path("/etc/postgresql").iterdir())
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", action],
        check=True,
        capture_output=True,
    )


async def pg_ready(url: str, limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        db = Database(create_engine(url))
        try:
            async with db.engine.connect() as conn:
                await conn.execute(text("SELECT 1"))
                return
        except Exception:  # still starting
            await asyncio.sleep(0.5)
        finally:
            await db.dispose()
    raise RuntimeError("PostgreSQL did not come back")


async def watch(service: Service, down: asyncio.Event, up: asyncio.Event) -> Counter[str]:
    """While the database is down: what /healthz answers, once a second."""
    seen: Counter[str] = Counter()
    await down.wait()
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as http:
        while not up.is_set():
            try:
                async with http.get(service.base + "/healthz") as response:
                    seen[f"healthz {response.status}"] += 1
            except (TimeoutError, aiohttp.ClientError):
                seen["healthz no answer"] += 1
            await asyncio.sleep(1)
    return seen


async def outage(seconds: float, down: asyncio.Event, up: asyncio.Event, url: str) -> float:
    await asyncio.sleep(4)
    started = time.monotonic()
    try:
        pg_ctl("stop")
        down.set()
        await asyncio.sleep(seconds)
    finally:
        pg_ctl("start")  # always: other work on this machine uses the same PostgreSQL
        await pg_ready(url)
        up.set()
    return time.monotonic() - started


async def main(args: argparse.Namespace) -> int:
    down, up = asyncio.Event(), asyncio.Event()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        url = await database_url("postgres", folder)
        async with FakeBotApi(private_chat_per_second=None, global_per_second=None) as api:
            service = Service(api, url, folder)
            await service.start()
            try:
                outage_task = asyncio.create_task(outage(args.outage, down, up, url))
                watch_task = asyncio.create_task(watch(service, down, up))
                acked = await traffic(api, service, args.chats, args.messages, 4, up)
                lasted = await outage_task
                health = await watch_task
                db = Database(create_engine(url))
                try:
                    pending = await settle(db, stall_seconds=60)
                    await replies_settled(api)
                    keys = await processed_keys(db)
                finally:
                    await db.dispose()
            finally:
                if not up.is_set():
                    pg_ctl("start")
                service.stop()
            missing, twice = missing_and_twice(acked, keys)
            replies = sum(len(api.messages_to(900_000 + c)) for c in range(args.chats))
    print(
        f"postgres stopped {lasted:.0f} s under traffic: {len(acked)} updates acknowledged, "
        f"{len(acked) - len(missing)} processed, {len(missing)} missing, {len(twice)} twice, "
        f"{pending} still pending; replies {replies}; while down: {dict(health)}"
    )
    return 1 if missing or twice or pending else 0


def cli() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outage", type=float, default=30, help="seconds PostgreSQL is down")
    parser.add_argument("--chats", type=int, default=20)
    parser.add_argument("--messages", type=int, default=5)
    return asyncio.run(main(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(cli())
