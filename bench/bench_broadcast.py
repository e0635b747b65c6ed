"""Broadcast sender figures against the loopback Bot API server (printed, never asserted).

    .venv/bin/python -m bench.bench_broadcast [--db sqlite|postgres] [--big 1000000]

(a) limits enforced: achieved rate / configured rate and the number of 429s;
(b) limits lifted (server in a separate process): the sender's own ceiling in messages/s;
(c) resident memory while sending to 10,000 and to ``--big`` recipients.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import asyncpg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from broadcasts import outbox, runner, workflow
from broadcasts.botapi import BotApi
from broadcasts.sender import CampaignSender, SenderConfig
from storage.database import create_engine, session_factory
from storage.migrate import upgrade_to_head
from storage.uow import UnitOfWork
from tests.support.fake_bot_api import FakeBotApi

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
TOKEN = "123456:TEST-TOKEN"


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def fresh_engine(kind: str, folder: Path) -> AsyncEngine:
    if kind == "sqlite":
        engine = create_engine(f"sqlite+aiosqlite:///{folder / 'bench.db'}")
    else:
        admin = await asyncpg.connect(PG_ADMIN)
        await admin.execute("DROP DATABASE IF EXISTS bench_broadcast WITH (FORCE)")
        await admin.execute("CREATE DATABASE bench_broadcast")
        await admin.close()
        engine = create_engine("postgresql+asyncpg://postgres@127.0.0.1:5432/bench_broadcast")
    await upgrade_to_head(engine)
    return engine


async def seed(engine: AsyncEngine, start: int, count: int) -> None:
    """``count`` active Telegram subscribers with chat ids from ``start``, in one statement."""
    if engine.dialect.name == "postgresql":
        sql = (
            "INSERT INTO subscribers (channel, chat_id, topics, status, source, created_at,"
            " updated_at) SELECT 'telegram', (:s + g)::text, '[]', 'active', 'import', now(),"
            " now() FROM generate_series(0, :n - 1) AS g"
        )
    else:
        sql = (
            "WITH RECURSIVE g(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM g WHERE x < :n - 1)"
            " INSERT INTO subscribers (channel, chat_id, topics, status, source, created_at,"
            " updated_at) SELECT 'telegram', CAST(:s + x AS TEXT), '[]', 'active', 'import',"
            " datetime('now'), datetime('now') FROM g"
        )
    async with engine.begin() as conn:
        await conn.execute(text("DELETE FROM broadcast_outbox"))
        await conn.execute(text("UPDATE subscribers SET status = 'unsubscribed'"))
        await conn.execute(text(sql), {"s": start, "n": count})


async def campaign(engine: AsyncEngine) -> tuple[int, int]:
    sessions = session_factory(engine)
    async with UnitOfWork(sessions) as uow:
        created = await workflow.create_campaign(
            uow,
            title="Bench",
            text="Kết luận 72-KL/TW",
            author="a",
            audience_filter={"all": True},
        )
        await workflow.submit(uow, created.id, "a")
        await workflow.approve(uow, created.id, "b")
        await uow.commit()
    run = await runner.begin(sessions, created.id, "bench")
    return created.id, run


async def send(
    engine: AsyncEngine, base_url: str, rate: float, workers: int, sample: list[float] | None = None
) -> tuple[int, float, int, float]:
    """(recipients, seconds of sending, 429s seen, materialise seconds)."""
    campaign_id, run = await campaign(engine)
    began = time.perf_counter()
    total = await outbox.materialise(engine, campaign_id, run)
    materialised = time.perf_counter() - began
    async with BotApi(base_url, TOKEN, connections=workers) as api:
        sender = CampaignSender(engine, api, SenderConfig(rate=rate, workers=workers))
        sampler = None
        if sample is not None:

            async def watch() -> None:
                while True:
                    sample.append(rss_mb())
                    await asyncio.sleep(0.5)

            sampler = asyncio.create_task(watch())
        began = time.perf_counter()
        await sender.run(campaign_id, run, exclusive=True)
        elapsed = time.perf_counter() - began
        if sampler is not None:
            sampler.cancel()
    return total, elapsed, sender.too_many_requests, materialised


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def server_process(port: int):  # type: ignore[no-untyped-def]
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.fake_bot_api", "--port", str(port), "--no-limits"],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 20
        while time.time() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/bot"
    finally:
        process.terminate()
        process.wait()


async def main(kind: str, big: int, recipients: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        engine = await fresh_engine(kind, Path(folder))
        print(f"database: {kind}")
        # (a) limits enforced
        rate = 25.0
        await seed(engine, 10_000_000, recipients)
        async with FakeBotApi(TOKEN) as fake:
            total, elapsed, _, _ = await send(engine, fake.base_url, rate, 32)
            achieved = total / elapsed
            print(
                f"(a) limits enforced: {total} recipients in {elapsed:.1f} s = "
                f"{achieved:.2f}/s, ratio to configured {rate:g}/s = {achieved / rate:.3f}; "
                f"429s from the server: {fake.too_many_requests}"
            )
        # (b) and (c): the server in its own process, limits lifted
        with server_process(free_port()) as base_url:
            for start, count in ((20_000_000, 10_000), (30_000_000, big)):
                await seed(engine, start, count)
                samples: list[float] = []
                before = rss_mb()
                total, elapsed, _, made = await send(engine, base_url, 1_000_000, 256, samples)
                peak = max(samples or [before])
                print(
                    f"(b/c) {total} recipients: outbox built in {made:.1f} s; sent in "
                    f"{elapsed:.1f} s = {total / elapsed:,.0f} msg/s; RSS before "
                    f"{before:.0f} MB, peak while sending {peak:.0f} MB "
                    f"(growth {peak - before:+.0f} MB)"
                )
        await engine.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--big", type=int, default=1_000_000)
    parser.add_argument("--recipients", type=int, default=2000)
    options = parser.parse_args()
    asyncio.run(main(options.db, options.big, options.recipients))
