"""One send rate per bot token across sender processes, shared through PostgreSQL.

Two senders with budgets of their own (as two ``send`` processes have) send one campaign run
against the loopback Bot API server, which enforces Telegram's 30 messages a second. Server,
budgets and the shared slots all count on one virtual clock, so the figures are about the
sending pattern and never about how fast this machine is.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

import pytest

from bot.channels.telegram.budget import RateBudget
from bot.channels.telegram.delivery import TelegramDelivery, new_bot
from broadcasts import outbox, runner
from broadcasts.sender import CampaignSender, SenderConfig
from storage.database import Database
from storage.outbox_rate import SharedSendRate, budget_key
from tests.broadcasts.sender_support import add_subscribers, approved_campaign
from tests.support.clock import FakeClock
from tests.support.fake_bot_api import FakeBotApi

RATE = 25.0  # each process's budget; Telegram (the loopback server) allows 30 a second
CHATS = list(range(3001, 3201))


@pytest.fixture
def postgres(db: Database) -> Database:
    if db.dialect != "postgresql":
        pytest.skip("the rate is shared through PostgreSQL; SQLite runs one process")
    return db


@asynccontextmanager
async def process_port(
    fake: FakeBotApi, clock: FakeClock, shared: SharedSendRate | None
) -> AsyncIterator[TelegramDelivery]:
    """What one sender process builds: its own bot and its own budget."""
    budget = RateBudget(RATE, clock=clock)
    if shared is not None:
        budget.share(shared, wall=clock.monotonic)
    delivery = TelegramDelivery(
        new_bot(fake.token, fake.base_url, fake.base_file_url), budget, owns_bot=True
    )
    await delivery.start()
    try:
        yield delivery
    finally:
        await delivery.stop()


async def two_senders(db: Database, *, share: bool) -> tuple[FakeBotApi, list[float]]:
    """Both send the run to the end; the server and the times of its accepted messages."""
    await add_subscribers(db, CHATS)
    campaign_id = await approved_campaign(db)
    run = await runner.begin(db, campaign_id, "cli")
    await outbox.materialise(db, campaign_id, run)
    clock = FakeClock()
    key = budget_key("telegram", "123456:TEST-TOKEN")
    async with FakeBotApi(clock=clock.monotonic) as fake, AsyncExitStack() as stack:
        senders = []
        for name in ("send-1", "send-2"):
            shared = SharedSendRate(db, key) if share else None
            delivery = await stack.enter_async_context(process_port(fake, clock, shared))
            senders.append(CampaignSender(db, delivery, SenderConfig(workers=8), name=name))
        done = await asyncio.gather(*(s.run(campaign_id, run) for s in senders))
        assert done == [True, True]
        times = sorted(m.time for m in fake.sent)
    assert len(times) == len(CHATS)  # every chat once
    return fake, times


def busiest_second(times: list[float]) -> int:
    """The most messages accepted in any one-second window."""
    most, start = 0, 0
    for end, moment in enumerate(times):
        while times[start] <= moment - 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


async def test_two_senders_stay_within_one_rate_together(postgres: Database) -> None:
    fake, times = await two_senders(postgres, share=True)
    assert fake.too_many_requests == 0
    # Telegram's 30 a second; each process holds at most one reserved slot, which may leave
    # late when the virtual clock jumps ahead for another sleeper.
    assert busiest_second(times) <= 30 + 2
    assert (len(times) - 1) / (times[-1] - times[0]) <= RATE * 1.01  # one rate for both


async def test_without_sharing_two_senders_exceed_the_limit(postgres: Database) -> None:
    """The control: each process at its own full rate gets limit answers."""
    fake, _ = await two_senders(postgres, share=False)
    assert fake.too_many_requests > 0


async def test_a_pause_in_one_process_holds_the_others(postgres: Database) -> None:
    clock = FakeClock()
    key = budget_key("telegram", "123456:OTHER")
    one, two = SharedSendRate(postgres, key), SharedSendRate(postgres, key)
    first = await one.take(0.04, clock.monotonic())
    assert await two.take(0.04, clock.monotonic()) == pytest.approx(first + 0.04)
    await one.pause_until(clock.monotonic() + 5.0)  # Telegram said retry_after 5 to one
    assert await two.take(0.04, clock.monotonic()) >= clock.monotonic() + 5.0
    clock.advance(60.0)  # a long quiet spell: the next slot is now, not a backlog
    assert await one.take(0.04, clock.monotonic()) == pytest.approx(clock.monotonic())
