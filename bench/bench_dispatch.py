"""Handler throughput and latency: complete citizen reports through the real dispatcher.

Prints messages per second, latency percentiles, CPU per message and resident memory for SQLite
and (when reachable) PostgreSQL, each next to its floor measured in the same run on the same
database: bare transactions (read a citizen, record an update, commit) at the same concurrency.
The dispatcher alone (no webhook, no inbox, no channel: a delivery port that only counts), after
the language models are loaded; ``bench/bench_cpu.py`` measures the whole path.

    python bench/bench_dispatch.py [--citizens 200] [--concurrency 20]
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from domain.delivery import Delivered, Outcome
from domain.messages import Incoming, IncomingKind, Reply, text_incoming
from handlers.chat.config import HandlerConfig
from handlers.chat.dispatcher import Dispatcher
from storage.database import open_database

TEXTS = [
    "Đường liên thôn bị sụt lún một đoạn dài, xe tải đi qua rất nguy hiểm",
    "cong thoat nuoc truoc cho bi tac, mua la ngap den dau goi",
    "Đèn đường cả xóm tắt ba hôm nay, tối đi lại không an toàn",
    "Bãi rác tự phát cạnh kênh tưới bốc mùi hôi thối cả tuần nay",
]


class CountingDelivery:
    """A delivery port that only counts: the bench measures the handlers, not a channel."""

    def __init__(self) -> None:
        self.delivered = 0

    async def deliver(self, channel: str, chat_id: str, message: Reply) -> Outcome:
        """Count the message."""
        self.delivered += 1
        return Delivered()


def callback(chat: str, data: str) -> Incoming:
    return Incoming(
        channel="bench", chat_id=chat, user_id=chat, kind=IncomingKind.CALLBACK, callback_data=data
    )


def steps(chat: str, index: int) -> list[Incoming]:
    """The messages of one complete report: consent, a description without its place, the
    place when asked, «ok» to the summary card, thanks."""
    return [
        text_incoming("bench", chat, chat, "/start"),
        callback(chat, "consent:yes"),
        text_incoming("bench", chat, chat, TEXTS[index % len(TEXTS)]),
        text_incoming("bench", chat, chat, "thôn Hạ, xã Tân Dĩnh"),
        text_incoming("bench", chat, chat, "ok"),
        text_incoming("bench", chat, chat, "cảm ơn"),
    ]


async def run(url: str, citizens: int, concurrency: int) -> dict[str, float]:
    db = await open_database(url)
    delivery = CountingDelivery()
    dispatcher = Dispatcher(db, delivery, HandlerConfig(flood_max_messages=1000))
    latencies: list[float] = []
    semaphore = asyncio.Semaphore(concurrency)

    async def citizen(i: int) -> None:
        async with semaphore:
            for n, incoming in enumerate(steps(f"c{i}", i)):
                started = time.perf_counter()
                await dispatcher.handle(incoming, f"{i}-{n}")
                latencies.append(time.perf_counter() - started)

    await dispatcher.handle(text_incoming("bench", "warm", "warm", TEXTS[0]), None)  # NLP load
    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(citizen(i) for i in range(citizens)))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    floor = await bare_transactions(db, len(latencies), concurrency)
    await db.dispose()
    latencies.sort()
    q = statistics.quantiles(latencies, n=100)
    return {
        "messages": len(latencies),
        "seconds": elapsed,
        "per_second": len(latencies) / elapsed,
        "reports_per_second": citizens / elapsed,
        "p50_ms": q[49] * 1000,
        "p95_ms": q[94] * 1000,
        "p99_ms": q[98] * 1000,
        "cpu_ms": cpu / len(latencies) * 1000,
        **floor,
    }


async def bare_transactions(db: Any, count: int, concurrency: int) -> dict[str, float]:
    """The floor, on the same database at the same concurrency: ``count`` bare transactions
    (read a citizen, record an update, commit), the least a message's turn does."""
    semaphore = asyncio.Semaphore(concurrency)

    async def one(n: int) -> None:
        async with semaphore, db.uow() as uow:
            await uow.citizens.get("bench", str(n))
            uow.updates.record("bench-floor", f"floor-{n}")
            await uow.commit()

    started, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*(one(n) for n in range(count)))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"floor_per_second": count / elapsed, "floor_cpu_ms": cpu / count * 1000}


async def reset_postgres(admin_dsn: str, database: str) -> str | None:
    try:
        import asyncpg

        admin = await asyncpg.connect(admin_dsn, timeout=3)
    except (TimeoutError, OSError, ImportError) as exc:
        print(f"PostgreSQL skipped: {exc}")
        return None
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{database}"')
        await admin.execute(f'CREATE DATABASE "{database}"')
    finally:
        await admin.close()
    return "postgresql+asyncpg://" + admin_dsn.split("://", 1)[1].rsplit("/", 1)[0] + "/" + database


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--citizens", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--pg-admin", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        targets = {"sqlite": f"sqlite+aiosqlite:///{tmp}/bench.db"}
        pg = await reset_postgres(args.pg_admin, "phananh_bench")
        if pg:
            targets["postgresql"] = pg
        print(f"{args.citizens} complete reports, 6 messages each, concurrency {args.concurrency}")
        for name, url in targets.items():
            r = await run(url, args.citizens, args.concurrency)
            print(
                f"{name:<10} {r['messages']:>6.0f} msgs in {r['seconds']:.2f}s: "
                f"{r['per_second']:.0f} msg/s, {r['reports_per_second']:.1f} reports/s; "
                f"latency p50 {r['p50_ms']:.1f} ms, p95 {r['p95_ms']:.1f} ms, "
                f"p99 {r['p99_ms']:.1f} ms; CPU {r['cpu_ms']:.2f} ms/msg"
            )
            print(
                f"{'':<10} floor, bare transactions (read, write, commit) at the same concurrency:"
                f" {r['floor_per_second']:.0f}/s, CPU {r['floor_cpu_ms']:.2f} ms each; the"
                f" dispatcher at {r['per_second'] / r['floor_per_second']:.2f}x the floor's rate,"
                f" {r['cpu_ms'] / r['floor_cpu_ms']:.1f}x its CPU"
            )
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak resident memory: {rss_mb:.0f} MB")


if __name__ == "__main__":
    asyncio.run(main())
