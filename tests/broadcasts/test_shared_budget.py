"""One send rate per bot token across sender processes, shared through PostgreSQL.

Two senders with budgets of their own (as two ``send`` processes have) send one campaign run
against the loopback Bot API server, which enforces Telegram's 30 messages a second. Server,
budgets and the shared slots all count on one virtual clock, so the figures are about the
sending pattern and never about how fast this machine is.
"""

from __future__ import annotations

import asyncio
import itertools
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
CHATS = list(range(3001, 3151))


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


class RecordedSlots(SharedSendRate):
    """The shared slots, each one handed out noted down (the two processes share the list as
    they share the database row)."""

    def __init__(self, db: Database, key: str, given: list[float]) -> None:
        super().__init__(db, key)
        self.given = given

    async def take(self, interval: float, now: float) -> float:
        slot = await super().take(interval, now)
        self.given.append(slot)
        return slot


async def test_two_senders_stay_within_one_rate_together(postgres: Database) -> None:
    await add_subscribers(postgres, CHATS)
    campaign_id = await approved_campaign(postgres)
    run = await runner.begin(postgres, campaign_id, "cli")
    await outbox.materialise(postgres, campaign_id, run)
    clock = FakeClock()
    key = budget_key("telegram", "123456:TEST-TOKEN")
    given: list[float] = []
    async with FakeBotApi(clock=clock.monotonic) as fake, AsyncExitStack() as stack:
        senders = []
        for name in ("send-1", "send-2"):  # each with its own bot and budget, as processes
            shared = RecordedSlots(postgres, key, given)
            delivery = await stack.enter_async_context(process_port(fake, clock, shared))
            senders.append(CampaignSender(postgres, delivery, SenderConfig(workers=8), name=name))
        done = await asyncio.gather(*(s.run(campaign_id, run) for s in senders))
        times = sorted(m.time for m in fake.sent)
        assert done == [True, True] and fake.too_many_requests == 0
    assert len(times) == len(CHATS)  # every chat once
    assert {sender.too_many_requests for sender in senders} == {0}
    slots = sorted(given)
    assert len(slots) == len(CHATS)
    assert min(b - a for a, b in itertools.pairwise(slots)) >= 1 / RATE - 1e-6  # one rate
    # and no message reached the server before its slot: the k-th arrival comes no earlier than
    # the k-th slot (the fake clock jumps for each sleeper, so arrivals may be stamped late,
    # never early)
    assert all(t >= slot - 1e-6 for t, slot in zip(times, slots, strict=True))


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


class Unreachable:
    """A shared store whose database is away."""

    async def take(self, interval: float, now: float) -> float:
        raise ConnectionRefusedError("database is away")

    async def pause_until(self, until: float) -> None:
        raise ConnectionRefusedError("database is away")


async def test_without_the_database_a_process_keeps_its_own_rate() -> None:
    clock = FakeClock()
    budget = RateBudget(RATE, clock=clock)
    budget.share(Unreachable(), wall=clock.monotonic)
    left: list[float] = []
    for chat in range(1, 11):
        async with budget.slot(chat):
            left.append(clock.monotonic())
    gaps = [later - earlier for earlier, later in itertools.pairwise(left)]
    assert min(gaps) >= 1 / RATE - 1e-9
