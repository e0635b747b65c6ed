"""Broadcast sender figures against the loopback Bot API server (printed, never asserted).

    .venv/bin/python -m bench.bench_broadcast [--db sqlite|postgres] [--messages 3000]
                                              [--workers 8,64] [--limited 500] [--big 0]

(a) limits enforced: the whole send path at 25/s; achieved rate / configured rate, 429s.
(b) limits lifted, the server in its own process: the whole send path (outbox claim →
    ``TelegramDelivery`` over python-telegram-bot's ``Bot``, with the rate budget shared through
    PostgreSQL as in production → loopback Bot API → state write),
    the delivery port alone (no outbox), and, in the same run against the same server, a bare
    aiohttp client posting the same ``sendMessage`` calls as the baseline: throughput, latency
    p50/p95/p99 of one message, CPU of this process per message, and the ratios to the baseline.
    The server's own CPU is measured during each path: below ~90 % of a core while the bare
    client outpaces the sender, the loopback server is not what limits the sender's ceiling.
(c) with ``--big N``: resident memory while sending to N recipients.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import aiohttp
import asyncpg
from sqlalchemy import text

from bot.channels.telegram.budget import RateBudget
from bot.channels.telegram.delivery import TelegramDelivery, new_bot, share_budget
from broadcasts import outbox, runner, workflow
from broadcasts.sender import CampaignSender, SenderConfig
from domain.delivery import Outcome
from domain.messages import Reply
from storage.database import Database, create_engine
from storage.migrate import upgrade_to_head
from tests.support.fake_bot_api import FakeBotApi

PG_ADMIN = "postgresql://postgres@127.0.0.1:5432/postgres"
TOKEN = "123456:TEST-TOKEN"
TEXT = "Kết luận 72-KL/TW"
UNLIMITED = 1_000_000.0
T = TypeVar("T")


@dataclass
class Figures:
    """One measured path."""

    messages: int
    seconds: float
    cpu: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.messages / self.seconds

    @property
    def cpu_ms(self) -> float:
        return 1000 * self.cpu / self.messages

    def percentile(self, p: int) -> float:
        return 1000 * statistics.quantiles(self.latencies, n=100)[p - 1]

    def line(self, name: str) -> str:
        return (
            f"{name:<28} {self.messages} msgs in {self.seconds:.2f} s = {self.rate:,.0f} msg/s; "
            f"latency p50 {self.percentile(50):.1f} ms, p95 {self.percentile(95):.1f} ms, "
            f"p99 {self.percentile(99):.1f} ms; CPU {self.cpu_ms:.3f} ms/msg"
        )


class TimedPort:
    """The delivery port, timing every message (the budget's wait included)."""

    def __init__(self, port: TelegramDelivery) -> None:
        self.port = port
        self.latencies: list[float] = []

    async def deliver(self, channel: str, chat_id: str, message: Reply) -> Outcome:
        began = time.perf_counter()
        outcome = await self.port.deliver(channel, chat_id, message)
        self.latencies.append(time.perf_counter() - began)
        return outcome


def rss_mb() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def fresh_database(kind: str, folder: Path) -> Database:
    if kind == "sqlite":
        engine = create_engine(f"sqlite+aiosqlite:///{folder / 'bench.db'}")
    else:
        admin = await asyncpg.connect(PG_ADMIN)
        await admin.execute("DROP DATABASE IF EXISTS bench_broadcast WITH (FORCE)")
        await admin.execute("CREATE DATABASE bench_broadcast")
        await admin.close()
        engine = create_engine("postgresql+asyncpg://postgres@127.0.0.1:5432/bench_broadcast")
    await upgrade_to_head(engine)
    return Database(engine)


async def seed(db: Database, start: int, count: int) -> None:
    """``count`` active Telegram subscribers with chat ids from ``start``, in one statement."""
    if db.dialect == "postgresql":
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
    async with db.engine.begin() as conn:
        await conn.execute(text("DELETE FROM broadcast_outbox"))
        await conn.execute(text("UPDATE subscribers SET status = 'unsubscribed'"))
        await conn.execute(text(sql), {"s": start, "n": count})


async def campaign(db: Database) -> tuple[int, int]:
    async with db.uow() as uow:
        created = await workflow.create_campaign(
            uow, title="Bench", text=TEXT, author="a", audience_filter={"all": True}
        )
        await workflow.submit(uow, created.id, "a")
        await workflow.approve(uow, created.id, "b")
        await uow.commit()
    return created.id, await runner.begin(db, created.id, "bench")


@contextlib.asynccontextmanager
async def telegram(base_url: str, rate: float, workers: int) -> AsyncIterator[TelegramDelivery]:
    bot = new_bot(TOKEN, base_url, base_url.replace("/bot", "/file/bot"), connections=workers)
    delivery = TelegramDelivery(bot, RateBudget(rate), owns_bot=True)
    await delivery.start()
    try:
        yield delivery
    finally:
        await delivery.stop()


async def send(
    db: Database, base_url: str, rate: float, workers: int, sample: list[float] | None = None
) -> tuple[Figures, int, float]:
    """The whole send path: (figures, 429s seen, seconds to build the outbox)."""
    campaign_id, run = await campaign(db)
    began = time.perf_counter()
    total = await outbox.materialise(db, campaign_id, run)
    materialised = time.perf_counter() - began
    async with telegram(base_url, rate, workers) as delivery:
        share_budget(delivery, db)  # as every process does on PostgreSQL
        timed = TimedPort(delivery)
        sender = CampaignSender(db, timed, SenderConfig(workers=workers))
        sampler = None
        if sample is not None:

            async def watch() -> None:
                while True:
                    sample.append(rss_mb())
                    await asyncio.sleep(0.5)

            sampler = asyncio.create_task(watch())
        cpu, began = time.process_time(), time.perf_counter()
        await sender.run(campaign_id, run, exclusive=True)
        elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
        if sampler is not None:
            sampler.cancel()
    return Figures(total, elapsed, cpu, timed.latencies), sender.too_many_requests, materialised


async def bare_client(base_url: str, messages: int, workers: int, first_chat: int) -> Figures:
    """The baseline: ``workers`` tasks posting ``sendMessage`` JSON over one aiohttp session."""
    url = f"{base_url}{TOKEN}/sendMessage"
    chats = iter(range(first_chat, first_chat + messages))
    latencies: list[float] = []
    connector = aiohttp.TCPConnector(limit=workers)
    async with aiohttp.ClientSession(connector=connector) as session:

        async def worker() -> None:
            for chat in chats:
                began = time.perf_counter()
                payload = json.dumps({"chat_id": chat, "text": TEXT}, ensure_ascii=False)
                headers = {"Content-Type": "application/json"}
                async with session.post(url, data=payload, headers=headers) as response:
                    body = await response.read()
                assert json.loads(body)["ok"]
                latencies.append(time.perf_counter() - began)

        cpu, began = time.process_time(), time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(workers)))
        elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
    return Figures(messages, elapsed, cpu, latencies)


async def port_only(base_url: str, messages: int, workers: int, first_chat: int) -> Figures:
    """The delivery port alone (python-telegram-bot, budget, outcome), without the outbox."""
    chats = iter(range(first_chat, first_chat + messages))
    async with telegram(base_url, UNLIMITED, workers) as delivery:
        timed = TimedPort(delivery)

        async def worker() -> None:
            for chat in chats:
                await timed.deliver("telegram", str(chat), Reply(text=TEXT))

        cpu, began = time.process_time(), time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(workers)))
        elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
    return Figures(messages, elapsed, cpu, timed.latencies)


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) the server process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def with_server_load(pid: int, measure: Awaitable[T]) -> tuple[T, float]:
    """What one measured path returns and the server's CPU use meanwhile (share of one core)."""
    before, began = server_cpu(pid), time.perf_counter()
    result = await measure
    return result, (server_cpu(pid) - before) / (time.perf_counter() - began)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def server_process(port: int) -> Iterator[tuple[str, int]]:
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
        yield f"http://127.0.0.1:{port}/bot", process.pid
    finally:
        process.terminate()
        process.wait()


async def main(options: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = await fresh_database(options.db, Path(folder))
        print(f"database: {options.db}")
        rate = 25.0
        await seed(db, 10_000_000, options.limited)
        async with FakeBotApi(TOKEN) as fake:
            figures, _, _ = await send(db, fake.base_url, rate, 32)
            print(
                f"(a) limits enforced: {figures.messages} recipients in {figures.seconds:.1f} s"
                f" = {figures.rate:.2f}/s, ratio to configured {rate:g}/s ="
                f" {figures.rate / rate:.3f}; 429s from the server: {fake.too_many_requests}"
            )
        with server_process(free_port()) as (base_url, pid):
            await bare_client(base_url, 200, 8, 1)  # warm the server up
            for level, workers in enumerate(options.workers):
                first = 20_000_000 + level * 1_000_000
                await seed(db, first, options.messages)
                (full, _, made), full_load = await with_server_load(
                    pid, send(db, base_url, UNLIMITED, workers)
                )
                port, port_load = await with_server_load(
                    pid, port_only(base_url, options.messages, workers, first + 400_000)
                )
                bare, bare_load = await with_server_load(
                    pid, bare_client(base_url, options.messages, workers, first + 700_000)
                )
                print(f"(b) {workers} concurrent senders; outbox built in {made:.2f} s")
                print("   ", full.line("whole send path:"), f"server CPU {full_load:.0%}")
                print("   ", port.line("delivery port alone:"), f"server CPU {port_load:.0%}")
                print("   ", bare.line("bare aiohttp sendMessage:"), f"server CPU {bare_load:.0%}")
                for name, figures in (("whole/bare", full), ("port/bare", port)):
                    print(
                        f"    ratio {name}: throughput {figures.rate / bare.rate:.2f}, "
                        f"CPU per message {figures.cpu_ms / bare.cpu_ms:.2f}, "
                        f"p50 latency {figures.percentile(50) / bare.percentile(50):.2f}"
                    )
                free = bare.rate > full.rate and full_load < 0.9
                print(
                    "    loopback server "
                    + ("not the bottleneck" if free else "MAY BE THE BOTTLENECK")
                    + f" (bare client {bare.rate:,.0f} msg/s > sender {full.rate:,.0f} msg/s,"
                    f" server at {full_load:.0%} of a core during the sender's run)"
                )
            if options.big:
                await seed(db, 30_000_000, options.big)
                samples: list[float] = []
                before = rss_mb()
                workers = max(options.workers)
                big, _, made = await send(db, base_url, UNLIMITED, workers, samples)
                peak = max(samples or [before])
                print(
                    f"(c) {big.messages} recipients: outbox built in {made:.1f} s; sent in "
                    f"{big.seconds:.1f} s = {big.rate:,.0f} msg/s; RSS before {before:.0f} MB,"
                    f" peak while sending {peak:.0f} MB (growth {peak - before:+.0f} MB)"
                )
        await db.dispose()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--messages", type=int, default=3000, help="recipients for (b)")
    parser.add_argument(
        "--workers",
        type=lambda value: [int(part) for part in value.split(",")],
        default=[8, 64],
        help="comma-separated numbers of concurrent senders to measure in (b)",
    )
    parser.add_argument("--limited", type=int, default=500, help="recipients for (a) at 25/s")
    parser.add_argument("--big", type=int, default=0, help="recipients for (c); 0 skips it")
    asyncio.run(main(parser.parse_args()))
