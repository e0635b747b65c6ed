"""Zalo sending figures against the loopback Zalo Bot API server (printed, never asserted).

    .venv/bin/python -m bench.bench_zalo [--messages 3000] [--chats 300] [--concurrency 32]
                                         [--campaign 100]

(a) limits lifted: messages per second through ``ZaloDelivery`` (render, split, rate budget,
    aiohttp client) and, in the same run against the same server, a bare aiohttp client posting
    the same ``sendMessage`` calls; the ratio is the cost of the port.
(b) with ``--campaign N``: one campaign run to N Telegram and N Zalo subscribers at the default
    limits of each channel (25/s and 10/s, one second per chat), through the one channel router:
    wall time and the rate achieved on each channel.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiohttp

from bot.channels import ChannelRouter
from bot.channels.zalo.budget import ZaloRateBudget
from bot.channels.zalo.client import ZaloClient
from bot.channels.zalo.delivery import ZaloDelivery
from broadcasts import runner
from broadcasts.sender import CampaignSender, SenderConfig
from domain.delivery import Channel, Delivered
from domain.messages import Reply
from storage.database import Database, create_engine
from storage.migrate import upgrade_to_head
from tests.bot.channels.zalo.test_campaign import add_zalo_subscribers
from tests.broadcasts.sender_support import add_subscribers, approved_campaign, telegram_delivery
from tests.support.fake_bot_api import FakeBotApi
from tests.support.fake_zalo_api import FakeZaloApi

TEXT = "Kết luận 72-KL/TW: mời bà con tìm hiểu chương trình hạ tầng của tỉnh."
UNLIMITED = 1_000_000.0


async def _timed(count: int, concurrency: int, send: Callable[[int], Awaitable[bool]]) -> float:
    """Messages a second for ``count`` sends, ``concurrency`` at a time."""
    gate = asyncio.Semaphore(concurrency)
    ok = 0

    async def one(index: int) -> None:
        nonlocal ok
        async with gate:
            accepted = await send(index)
        ok += accepted

    started = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(count)))
    elapsed = time.perf_counter() - started
    assert ok == count, f"{count - ok} messages were not accepted"
    return count / elapsed


async def port_vs_bare(db: Database, messages: int, chats: int, concurrency: int) -> None:
    async with FakeZaloApi() as api, ZaloClient(api.token, api.base_url) as client:
        port = ZaloDelivery(client, db, ZaloRateBudget(UNLIMITED, chat_spacing=0))

        async def through_port(index: int) -> bool:
            outcome = await port.deliver("zalo", f"c{index % chats}", Reply(text=TEXT))
            return isinstance(outcome, Delivered)

        async with aiohttp.ClientSession() as bare_session:
            url = client.url("sendMessage")

            async def bare(index: int) -> bool:
                body = {"chat_id": f"c{index % chats}", "text": TEXT}
                async with bare_session.post(url, json=body) as response:
                    return bool((await response.json())["ok"])

            await _timed(200, concurrency, bare)  # warm both paths up
            await _timed(200, concurrency, through_port)
            bare_rates, port_rates = [], []
            for _ in range(3):  # interleaved, best of three: the server warms up meanwhile
                bare_rates.append(await _timed(messages, concurrency, bare))
                port_rates.append(await _timed(messages, concurrency, through_port))
            bare_rate, port_rate = max(bare_rates), max(port_rates)
    print(f"(a) {messages} messages to {chats} chats, {concurrency} at a time, no limits")
    print(f"    bare aiohttp client : {bare_rate:8.0f} messages/s")
    print(f"    ZaloDelivery        : {port_rate:8.0f} messages/s")
    print(f"    ratio port / bare   : {port_rate / bare_rate:8.2f}")


async def mixed_campaign(db: Database, per_channel: int) -> None:
    await add_subscribers(db, list(range(10_001, 10_001 + per_channel)))
    await add_zalo_subscribers(db, [f"z{n}" for n in range(per_channel)])
    campaign_id = await approved_campaign(db, text=TEXT)
    await runner.begin(db, campaign_id, "bench")
    async with (
        FakeBotApi() as telegram_api,
        FakeZaloApi() as zalo_api,
        telegram_delivery(telegram_api, rate=25.0) as telegram,
        ZaloClient(zalo_api.token, zalo_api.base_url) as client,
    ):
        router = ChannelRouter()
        router.register(Channel.TELEGRAM, telegram)
        router.register(Channel.ZALO, ZaloDelivery(client, db, ZaloRateBudget(10.0)))
        sender = CampaignSender(db, router, SenderConfig(workers=16))
        started = time.perf_counter()
        assert await runner.send_run(db, sender, campaign_id, exclusive=True)
        elapsed = time.perf_counter() - started
        telegram_times = sorted(m.time for m in telegram_api.sent)
        zalo_times = sorted(m.time for m in zalo_api.sent)
    print(f"(b) one campaign run, {per_channel} Telegram + {per_channel} Zalo subscribers")
    print(f"    wall time           : {elapsed:8.1f} s")
    for name, times, limit in (("Telegram", telegram_times, 25), ("Zalo", zalo_times, 10)):
        span = times[-1] - times[0] if len(times) > 1 else float("nan")
        rate = (len(times) - 1) / span
        print(f"    {name:<20}: {len(times)} sent in {span:.1f} s, {rate:.1f}/s (limit {limit})")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--messages", type=int, default=3000, help="messages in (a)")
    parser.add_argument("--chats", type=int, default=300, help="distinct chats in (a)")
    parser.add_argument("--concurrency", type=int, default=32, help="sends in flight in (a)")
    parser.add_argument(
        "--campaign", type=int, default=100, help="subscribers per channel in (b); 0 skips"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        engine = create_engine(f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}")
        await upgrade_to_head(engine)
        db = Database(engine)
        try:
            await port_vs_bare(db, args.messages, args.chats, args.concurrency)
            if args.campaign:
                await mixed_campaign(db, args.campaign)
        finally:
            await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
