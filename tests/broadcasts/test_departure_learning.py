"""The first messages of a run do not wait for each other's answers (only for the departure)."""

from __future__ import annotations

import asyncio

from broadcasts import runner
from broadcasts.sender import CampaignSender, SenderConfig
from domain.delivery import Delivered, Outcome, departing
from domain.messages import Reply
from storage.database import Database
from tests.broadcasts.sender_support import add_subscribers, approved_campaign

CHATS = [7_100 + n for n in range(6)]


class HeldAnswers:
    """A port that announces each departure, then holds every answer until ``answer`` is set."""

    def __init__(self) -> None:
        self.departed: list[str] = []
        self.answer = asyncio.Event()
        self.all_out = asyncio.Event()

    async def deliver(self, channel: str, chat_id: str, message: Reply) -> Outcome:
        if not await departing():
            return Delivered()
        self.departed.append(chat_id)
        if len(self.departed) == len(CHATS):
            self.all_out.set()
        await self.answer.wait()
        return Delivered(message_id=chat_id)


async def test_slow_answers_at_the_start_of_a_run_are_waited_for_together(db: Database) -> None:
    await add_subscribers(db, CHATS)
    campaign_id = await approved_campaign(db)
    await runner.begin(db, campaign_id, "cli")
    port = HeldAnswers()
    sender = CampaignSender(db, port, SenderConfig(workers=8, backoff=0.05))
    run = asyncio.create_task(runner.send_run(db, sender, campaign_id, exclusive=True))
    # every message leaves while no answer has come back yet (one by one, each would wait)
    await asyncio.wait_for(port.all_out.wait(), 30)
    assert sorted(port.departed) == sorted(str(c) for c in CHATS)
    port.answer.set()
    assert await asyncio.wait_for(run, 30)
