"""The Telegram delivery port against the loopback Bot API server: answers become outcomes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from bot.channels.telegram.budget import RateBudget
from bot.channels.telegram.delivery import TelegramDelivery, new_bot
from domain.delivery import Blocked, Delivered, Failed, RetryAfter, departure
from domain.messages import Button, OutgoingPhoto, QuizPoll, Reply
from tests.support.clock import FakeClock
from tests.support.fake_bot_api import FakeBotApi

CHAT = 4242
TELEGRAM = "telegram"


@pytest.fixture
async def port(api: FakeBotApi) -> AsyncIterator[TelegramDelivery]:
    clock = FakeClock()
    bot = new_bot(api.token, api.base_url, api.base_file_url)
    delivery = TelegramDelivery(bot, RateBudget(25, clock=clock), owns_bot=True)
    await delivery.start()
    yield delivery
    await delivery.stop()


async def test_a_text_with_buttons_is_delivered_with_its_message_id(
    api: FakeBotApi, port: TelegramDelivery
) -> None:
    reply = Reply(
        text="<b>Kết luận 72</b>",
        parse_mode="HTML",
        buttons=[[Button("Đọc thêm", url="https://example.vn/kl72")]],
    )
    outcome = await port.deliver(TELEGRAM, str(CHAT), reply)
    sent = api.messages_to(CHAT)
    assert isinstance(outcome, Delivered) and outcome.message_id == str(sent[0].message_id)
    assert sent[0].parse_mode == "HTML" and sent[0].text == "<b>Kết luận 72</b>"
    assert sent[0].reply_markup == {
        "inline_keyboard": [[{"text": "Đọc thêm", "url": "https://example.vn/kl72"}]]
    }


async def test_refusals_become_typed_outcomes(api: FakeBotApi, port: TelegramDelivery) -> None:
    api.block_chat(CHAT)
    assert isinstance(await port.deliver(TELEGRAM, str(CHAT), Reply("a")), Blocked)
    api.fail_next("sendMessage", 400, description="Bad Request: chat not found")
    refused = await port.deliver(TELEGRAM, "77", Reply("a"))
    assert (
        isinstance(refused, Failed)
        and not refused.transient
        and "not found" in refused.reason.lower()
    )
    api.fail_next("sendMessage", 500)
    broken = await port.deliver(TELEGRAM, "77", Reply("a"))
    assert isinstance(broken, Failed) and broken.transient and "500" in broken.reason
    assert isinstance(await port.deliver(TELEGRAM, "not-a-chat", Reply("a")), Failed)


async def test_a_429_pauses_the_budget(api: FakeBotApi, port: TelegramDelivery) -> None:
    api.fail_next("sendMessage", 429, retry_after=3)
    outcome = await port.deliver(TELEGRAM, "78", Reply("a"))
    assert isinstance(outcome, RetryAfter) and outcome.seconds == 3
    assert port.budget.paused_total == 3
    assert isinstance(await port.deliver(TELEGRAM, "78", Reply("a")), Delivered)


async def test_a_campaign_photo_is_uploaded_once(api: FakeBotApi, port: TelegramDelivery) -> None:
    photo = OutgoingPhoto(b"\x89PNG fake", "image/png", cache_key="campaign-1-abc")
    chats = list(range(500, 506))
    outcomes = await asyncio.gather(
        *(port.deliver(TELEGRAM, str(chat), Reply("Chú thích", photo=photo)) for chat in chats)
    )
    assert all(isinstance(outcome, Delivered) for outcome in outcomes)
    photos = [c for c in api.calls if c.method == "sendPhoto"]
    assert len(photos) == len(chats)
    assert sum(isinstance(c.params["photo"], bytes) for c in photos) == 1
    assert all(api.messages_to(chat)[0].text == "Chú thích" for chat in chats)


async def test_a_quiz_poll_reports_its_poll_id(api: FakeBotApi, port: TelegramDelivery) -> None:
    quiz = QuizPoll("Câu 1/2: Kết luận số mấy?", ("72", "73"), correct_option=0)
    outcome = await port.deliver(TELEGRAM, str(CHAT), Reply(quiz.question, quiz=quiz))
    poll = api.messages_to(CHAT)[0].message["poll"]
    assert isinstance(outcome, Delivered) and outcome.poll_id == poll["id"]
    assert poll["type"] == "quiz" and poll["is_anonymous"] is False
    assert poll["correct_option_id"] == 0


async def test_a_long_text_goes_in_pieces_with_the_buttons_on_the_last(
    api: FakeBotApi, port: TelegramDelivery
) -> None:
    text = ("Kết luận 72-KL/TW.\n" * 400).strip()
    reply = Reply(text=text, buttons=[[Button("Tìm hiểu thêm", callback_data="bc:1:kl72")]])
    assert isinstance(await port.deliver(TELEGRAM, str(CHAT), reply), Delivered)
    sent = api.messages_to(CHAT)
    assert len(sent) == 2 and sent[0].reply_markup is None and sent[1].reply_markup
    assert "\n".join(m.text or "" for m in sent).replace("\n", "") == text.replace("\n", "")


async def test_the_caller_hears_when_the_message_leaves_and_may_withdraw_it(
    api: FakeBotApi, port: TelegramDelivery
) -> None:
    calls: list[float] = []

    async def leaves() -> bool:
        calls.append(port.budget.clock.monotonic())
        return len(calls) == 1  # the first message goes, the second is withdrawn

    token = departure.set(leaves)
    try:
        long_text = ("Kết luận 72-KL/TW.\n" * 400).strip()
        assert isinstance(await port.deliver(TELEGRAM, str(CHAT), Reply(long_text)), Delivered)
        withdrawn = await port.deliver(TELEGRAM, str(CHAT), Reply("thứ hai"))
    finally:
        departure.reset(token)
    assert len(calls) == 2  # once per message, not per piece of a long text
    assert calls[1] - calls[0] >= 1.0  # told when its turn came, after the chat's spacing
    assert isinstance(withdrawn, Failed) and "withdrawn" in withdrawn.reason
    assert len(api.messages_to(CHAT)) == 2  # the two pieces of the first message only
