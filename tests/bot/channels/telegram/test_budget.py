"""The one rate budget per bot token, on a fake clock: every time asserted here is virtual."""

from __future__ import annotations

import asyncio
import itertools

from bot.channels.telegram.budget import GROUP_PER_MINUTE, RateBudget
from tests.support.clock import FakeClock


def _most_in_one_second(times: list[float]) -> int:
    ordered = sorted(times)
    return max(sum(1 for t in ordered if start <= t < start + 1.0) for start in ordered)


async def test_the_global_rate_spaces_every_message() -> None:
    clock = FakeClock()
    budget = RateBudget(10, clock=clock)
    starts: list[float] = []

    async def send(chat: int) -> None:
        async with budget.slot(chat):
            starts.append(clock.monotonic())

    await asyncio.gather(*(send(chat) for chat in range(1, 51)))
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert min(gaps) >= 0.1 - 1e-9
    assert starts[-1] - starts[0] >= 49 * 0.1 - 1e-6


async def test_chat_spacing_counts_from_when_the_previous_call_returned() -> None:
    clock = FakeClock()
    budget = RateBudget(100, clock=clock)
    seen: dict[str, float] = {}

    async def slow_photo() -> None:
        async with budget.slot(7):
            seen["photo_left"] = clock.monotonic()
            await clock.sleep(3.0)  # a slow upload: Telegram has it only at the end
            seen["photo_done"] = clock.monotonic()

    async def text_after() -> None:
        await asyncio.sleep(0)  # queued behind the photo
        async with budget.slot(7):
            seen["text_left"] = clock.monotonic()

    async def other_chat() -> None:
        await asyncio.sleep(0)
        async with budget.slot(8):
            seen["other_left"] = clock.monotonic()

    await asyncio.gather(slow_photo(), text_after(), other_chat())
    assert seen["text_left"] - seen["photo_done"] >= 1.0
    assert seen["other_left"] < seen["text_left"]  # another chat does not wait for chat 7


async def test_a_group_gets_at_most_20_a_minute() -> None:
    clock = FakeClock()
    budget = RateBudget(100, clock=clock)
    starts: list[float] = []
    for _ in range(GROUP_PER_MINUTE + 5):
        async with budget.slot(-100123):
            starts.append(clock.monotonic())
    assert starts[GROUP_PER_MINUTE - 1] - starts[0] < 60.0  # the first 20 go at the rate
    for index in range(GROUP_PER_MINUTE, len(starts)):
        assert starts[index] - starts[index - GROUP_PER_MINUTE] >= 60.0


async def test_a_429_pauses_every_sender_even_those_already_waiting() -> None:
    clock = FakeClock()
    budget = RateBudget(5, clock=clock)
    starts: dict[int, float] = {}

    async def send(chat: int) -> None:
        async with budget.slot(chat):
            starts[chat] = clock.monotonic()
            if chat == 1:
                budget.pause(4.0)  # Telegram answered 429 with retry_after 4

    await asyncio.gather(*(send(chat) for chat in (1, 2, 3)))
    assert starts[2] - starts[1] >= 4.0 and starts[3] - starts[2] >= 0.2 - 1e-9
    assert budget.paused_total == 4.0


async def test_no_burst_after_a_stalled_event_loop() -> None:
    clock = FakeClock()
    budget = RateBudget(25, clock=clock)
    starts: list[float] = []

    async def sender(worker: int) -> None:
        for index in range(20):
            async with budget.slot(worker * 1000 + index):
                starts.append(clock.monotonic())
                if worker == 0 and index == 5:
                    clock.advance(2.0)  # the loop was blocked for 2 s; everyone is late

    await asyncio.gather(*(sender(worker) for worker in range(32)))
    assert len(starts) == 32 * 20
    assert max(b - a for a, b in itertools.pairwise(starts)) >= 2.0  # it stalled
    assert _most_in_one_second(starts) <= 26  # 25/s, never the 57 of reserving ahead
