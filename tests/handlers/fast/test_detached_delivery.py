"""``Dispatcher.handle_detached``: a slow platform answer holds its chat, not the caller."""

from __future__ import annotations

import asyncio

from domain.delivery import Outcome
from domain.messages import Reply, text_incoming
from handlers.chat.config import HandlerConfig
from handlers.chat.dispatcher import Dispatcher
from tests.support.clock import FakeClock
from tests.support.fake_delivery import RecordingDelivery
from tests.support.fake_uow import FakeDatabase


class HeldDelivery(RecordingDelivery):
    """Records messages, but a held chat's calls wait until ``answer`` is set."""

    def __init__(self, held: str) -> None:
        super().__init__()
        self.held = held
        self.answer = asyncio.Event()
        self.waiting = asyncio.Event()

    async def deliver(self, channel: str, chat_id: str, message: Reply) -> Outcome:
        if chat_id == self.held:
            self.waiting.set()
            await self.answer.wait()
        return await super().deliver(channel, chat_id, message)


def dispatcher(delivery: RecordingDelivery) -> Dispatcher:
    config = HandlerConfig(flood_max_messages=100)
    return Dispatcher(FakeDatabase().as_database(), delivery, config, clock=FakeClock())


async def test_a_slow_answer_to_one_chat_does_not_hold_the_caller_or_other_chats() -> None:
    delivery = HeldDelivery(held="1")
    handler = dispatcher(delivery)

    replies = await handler.handle_detached(text_incoming("telegram", "1", "1", "/trogiup"), "u1")
    assert replies, "the turn's replies are returned once committed"
    await delivery.waiting.wait()  # chat 1's call is out, its answer not yet back
    assert delivery.to("1") == []

    other = await handler.handle_detached(text_incoming("telegram", "2", "2", "/trogiup"), "u2")
    for _ in range(100):  # chat 2's reply leaves while chat 1 still waits
        if delivery.to("2"):
            break
        await asyncio.sleep(0)
    assert [r.text for r in delivery.to("2")] == [r.text for r in other]
    assert delivery.to("1") == []

    delivery.answer.set()
    await handler.wait_delivered()
    assert [r.text for r in delivery.to("1")] == [r.text for r in replies]


async def test_the_next_message_of_a_chat_waits_for_its_previous_replies() -> None:
    delivery = HeldDelivery(held="1")
    handler = dispatcher(delivery)
    first = await handler.handle_detached(text_incoming("telegram", "1", "1", "/trogiup"), "a")
    await delivery.waiting.wait()
    second = asyncio.create_task(
        handler.handle_detached(text_incoming("telegram", "1", "1", "cảm ơn"), "b")
    )
    for _ in range(20):
        await asyncio.sleep(0)
    assert not second.done(), "the chat's next turn waits for the replies still leaving"
    delivery.answer.set()
    then = await second
    await handler.wait_delivered()
    texts = [r.text for r in delivery.to("1")]
    assert texts == [r.text for r in first] + [r.text for r in then]
