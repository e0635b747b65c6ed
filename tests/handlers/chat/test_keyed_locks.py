"""Per-chat ordering locks."""

from __future__ import annotations

import asyncio

from handlers.chat.keyed_locks import KeyedLocks


async def test_work_for_one_key_runs_in_arrival_order_and_locks_are_dropped() -> None:
    locks = KeyedLocks()
    order: list[str] = []

    async def work(key: str, name: str, delay: float) -> None:
        async with locks.hold(key):
            order.append(f"start {name}")
            await asyncio.sleep(delay)
            order.append(f"end {name}")

    await asyncio.gather(work("a", "a1", 0.05), work("a", "a2", 0), work("b", "b1", 0))
    assert order.index("end a1") < order.index("start a2")
    assert order.index("start b1") < order.index("end a1")  # other chats are not held up
    assert len(locks) == 0
