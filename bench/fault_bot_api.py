"""Fault: the Bot API answers 5xx and 429 storms, and slowly, while citizens write; nothing is
sent twice.

    .venv/bin/python bench/fault_bot_api.py [--chats 40] [--messages 5] [--rate 15]
        [--slow-every 5] [--slow-seconds 3.5]

The service (``python -m bot`` in webhook mode, SQLite) runs against the loopback Bot API with
Telegram's limits. ``--chats`` chats each send ``--messages`` help requests (one reply each) at
about ``--rate`` updates a second. Meanwhile the Bot API answers a storm of 15 ``502 Bad
Gateway`` to sendMessage, then 10 ``429 Too Many Requests`` (retry_after 2 s). Baseline in the same
run: the same traffic with no storm. Checks: every update processed exactly once, no chat got more
replies than it sent updates (a reply is never sent twice), and no limit answer of the server's own
(beyond the injected ones) after the pause. Exits 1 otherwise. Replies lost to a 502 (a reply is
delivered at most once; the update itself is processed) are counted and printed.

A third run answers slowly: every ``--slow-every``-th chat's messages are delivered but answered
only after ``--slow-seconds``, longer than the service's ``TELEGRAM_SEND_TIMEOUT`` (2 s here), so
those calls end in doubt («unknown», logged, never sent again). Checks as above, plus: the other
chats' replies keep their latency (p50 and p95 printed against the baseline's).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_cpu import Driver, Inbox, Service, database_url, settle
from bench.fault_kill_webhook import processed_keys

INJECTED_502 = 15
INJECTED_429 = 10
SEND_TIMEOUT = 2.0


def slow_api(every: int, seconds: float) -> Any:
    """The loopback Bot API, answering every ``every``-th chat's messages ``seconds`` late
    (the message is accepted first: delivered, answered late)."""
    from tests.support.fake_bot_api import FakeBotApi

    class SlowAnswers(FakeBotApi):
        async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
            result = await super()._send_message(params)
            if every and int(params["chat_id"]) % every == 0:
                await asyncio.sleep(seconds)
            return result

    return SlowAnswers()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


async def run(
    args: argparse.Namespace, folder: Path, name: str, storm: bool, slow: bool = False
) -> dict[str, Any]:
    import aiohttp

    from storage.database import Database, create_engine
    from tests.support.fake_bot_api import FakeBotApi

    api = slow_api(args.slow_every, args.slow_seconds) if slow else FakeBotApi()
    await api.start()
    url = await database_url("sqlite", folder, name)
    service = Service(api, url, folder, workers=1, unlimited=False, profile="")
    service.env["TELEGRAM_SEND_TIMEOUT"] = str(SEND_TIMEOUT)
    await service.start()
    inbox = Inbox(api)
    follower = asyncio.create_task(inbox.follow())
    chats = [860_000 + n for n in range(args.chats)]
    try:
        async with aiohttp.ClientSession() as http:
            driver = Driver(api, service, inbox, http)
            posts = []
            total = args.chats * args.messages
            posted: dict[int, list[float]] = {chat: [] for chat in chats}
            for n in range(total):
                if storm and n == total // 5:
                    api.fail_next("sendMessage", 502, count=INJECTED_502)
                if storm and n == total // 2:
                    api.fail_next("sendMessage", 429, count=INJECTED_429, retry_after=2)
                chat = chats[n % len(chats)]
                posted[chat].append(time.monotonic())
                posts.append(asyncio.create_task(driver.post(api.text_update(chat, "/trogiup"))))
                await asyncio.sleep(1 / args.rate)
            await asyncio.gather(*posts)
            await settle(url)
            await asyncio.sleep(5)  # the last replies
        db = Database(create_engine(url))
        try:
            keys = await processed_keys(db)
        finally:
            await db.dispose()
    finally:
        follower.cancel()
        service.stop()
        await api.stop()
    processed = Counter(keys)
    replies = {
        chat: sum(1 for m in inbox.by_chat[chat] if m.method == "sendMessage") for chat in chats
    }
    limit_answers = sum(1 for call in api.calls if call.status == 429)
    # latency of the chats whose answers are not slowed: posting to the reply's arrival
    # (chats that lost a reply to the storm are left out: their replies no longer pair up)
    latencies = [
        (arrived - sent) * 1000
        for chat in chats
        if not (slow and args.slow_every and chat % args.slow_every == 0)
        and len(inbox.arrived[chat]) == len(posted[chat])
        for sent, arrived in zip(posted[chat], inbox.arrived[chat], strict=True)
    ]
    return {
        "updates": driver.updates,
        "processed": len(processed),
        "twice": sum(1 for count in processed.values() if count > 1),
        "replies": sum(replies.values()),
        "chats with a reply twice": sum(1 for r in replies.values() if r > args.messages),
        "own limit answers": limit_answers - (INJECTED_429 if storm else 0),
        "injected": (INJECTED_502 + INJECTED_429) if storm else 0,
        "other chats p50 ms": round(percentile(latencies, 0.5)),
        "other chats p95 ms": round(percentile(latencies, 0.95)),
    }


async def main(args: argparse.Namespace) -> int:
    with tempfile.TemporaryDirectory(prefix="fault-bot-api-") as tmp:
        folder = Path(tmp)
        baseline = await run(args, folder, "fault_bot_api_a", storm=False)
        stormy = await run(args, folder, "fault_bot_api_b", storm=True)
        slow = await run(args, folder, "fault_bot_api_c", storm=False, slow=True)
    runs = (
        ("no storm (baseline)", baseline),
        ("502 and 429 storms", stormy),
        (f"every {args.slow_every}th chat answered {args.slow_seconds:g} s late", slow),
    )
    for label, figures in runs:
        print(f"{label}: " + ", ".join(f"{k} {v}" for k, v in figures.items()))
    lost = stormy["updates"] - stormy["replies"]
    print(f"replies lost to the storm: {lost} (each a reply whose call failed; not retried)")
    bad = any(
        figures["processed"] != figures["updates"]
        or figures["twice"]
        or figures["chats with a reply twice"]
        or figures["own limit answers"] > 0
        for _, figures in runs
    )
    return 1 if bad else 0


def cli() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=40)
    parser.add_argument("--messages", type=int, default=5)
    parser.add_argument("--rate", type=float, default=15)
    parser.add_argument("--slow-every", type=int, default=5, help="every n-th chat answered late")
    parser.add_argument("--slow-seconds", type=float, default=SEND_TIMEOUT + 1.5)
    return asyncio.run(main(parser.parse_args()))


if __name__ == "__main__":
    sys.exit(cli())
