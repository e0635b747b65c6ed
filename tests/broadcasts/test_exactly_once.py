"""Campaigns exactly once where Telegram allows: only the platform call is in doubt.

Against the loopback Bot API server on SQLite and PostgreSQL. A «kill» is a sender that stops
dead at a chosen point (``Crash``): nothing of it runs afterwards except what a real crash also
leaves behind, the rows as committed. Time is virtual except for the HTTP timeout of the slow
answer, which is a real (short) timeout on a call the server never answers.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select

from bot.channels.telegram.budget import RateBudget
from bot.channels.telegram.delivery import TelegramDelivery, new_bot
from broadcasts import runner, workflow
from broadcasts.sender import CampaignSender, SenderConfig
from dashboard.campaigns.progress import progress_json
from domain.campaigns import CampaignProgress
from domain.delivery import DeliveryPort, Failed, Outcome, Unknown
from domain.messages import Reply
from storage.broadcast_models import OutboxMessage
from storage.database import Database
from tests.broadcasts.sender_support import add_subscribers, approved_campaign
from tests.support.clock import FakeClock
from tests.support.fake_bot_api import FakeBotApi

CHATS = [2001, 2002, 2003]
LONG_TEXT = ("Kết luận 72-KL/TW về hạ tầng đồng bộ, hiện đại. " * 30).strip()  # over 1,024
PHOTO = {"photo": b"\x89PNG fake", "photo_mime": "image/png"}


class Loopback(FakeBotApi):
    """The loopback server on a virtual clock; ``hold`` chats get their message recorded but
    no answer until the test ends (Telegram delivered it, the answer is slow)."""

    def __init__(self) -> None:
        self.virtual = FakeClock()
        super().__init__(clock=self.virtual.monotonic)
        self.hold: set[int] = set()
        self.release = asyncio.Event()

    async def __aenter__(self) -> Loopback:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        self.release.set()
        await self.stop()

    async def _send_message(self, params: dict[str, Any]) -> dict[str, Any]:
        result = await super()._send_message(params)
        if int(params["chat_id"]) in self.hold:
            await self.release.wait()
        return result


class Crash(Exception):
    """The sender process dies here."""


class CrashingPort:
    """The product's port, but the sender dies at a chosen message: ``before`` the call (it
    never leaves) or ``after`` it (delivered, the answer never recorded)."""

    def __init__(self, inner: DeliveryPort, chat: int, *, reply: int, when: str) -> None:
        self.inner, self.chat, self.reply, self.when = inner, str(chat), reply, when
        self.seen = 0

    async def deliver(self, channel: str, chat_id: str, message: Reply) -> Outcome:
        if chat_id != self.chat:
            return await self.inner.deliver(channel, chat_id, message)
        self.seen += 1
        if self.seen - 1 == self.reply and self.when == "before":
            raise Crash
        outcome = await self.inner.deliver(channel, chat_id, message)
        if self.seen - 1 == self.reply:
            raise Crash
        return outcome


@asynccontextmanager
async def port(fake: Loopback, *, send_timeout: float = 30.0) -> AsyncIterator[TelegramDelivery]:
    delivery = TelegramDelivery(
        new_bot(fake.token, fake.base_url, fake.base_file_url),
        RateBudget(25.0, clock=fake.virtual),
        owns_bot=True,
        send_timeout=send_timeout,
    )
    await delivery.start()
    try:
        yield delivery
    finally:
        await delivery.stop()


def sender(db: Database, delivery: DeliveryPort, name: str) -> CampaignSender:
    return CampaignSender(db, delivery, SenderConfig(workers=1, backoff=0.05), name=name)


@dataclass(frozen=True)
class Row:
    status: str
    step: int
    attempts: int
    error: str


async def rows(db: Database, campaign_id: int) -> dict[int, Row]:
    async with db.uow() as uow:
        stmt = select(OutboxMessage).where(OutboxMessage.campaign_id == campaign_id)
        return {
            int(r.chat_id): Row(r.status, r.step, r.attempts, r.error or "")
            for r in (await uow.session.execute(stmt)).scalars()
        }


async def crash_then_restart(
    db: Database, fake: Loopback, campaign_id: int, chat: int, *, reply: int, when: str
) -> None:
    """A sender dies at ``chat``'s message ``reply``; a new one (holding the run lock) resumes."""
    await runner.begin(db, campaign_id, "cli")
    async with port(fake) as delivery:
        with pytest.raises(Crash):
            crashing = CrashingPort(delivery, chat, reply=reply, when=when)
            await runner.send_run(db, sender(db, crashing, "dead"), campaign_id, exclusive=True)
        assert await runner.send_run(db, sender(db, delivery, "next"), campaign_id, exclusive=True)


def methods(fake: FakeBotApi, chat: int) -> list[str]:
    return [m.method for m in fake.messages_to(chat)]


async def test_a_slow_answer_is_unknown_and_never_sent_twice(db: Database) -> None:
    await add_subscribers(db, CHATS)
    campaign_id = await approved_campaign(db)
    await runner.begin(db, campaign_id, "cli")
    async with Loopback() as fake, port(fake, send_timeout=0.3) as delivery:
        fake.hold.add(CHATS[1])  # Telegram takes the message but answers too late
        assert await runner.send_run(db, sender(db, delivery, "s"), campaign_id, exclusive=True)
        assert Counter(m.chat_id for m in fake.sent) == Counter(dict.fromkeys(CHATS, 1))
    state = await rows(db, campaign_id)
    assert state[CHATS[1]].status == "unknown" and "timeout" in state[CHATS[1]].error
    assert state[CHATS[1]].attempts == 1
    async with db.uow() as uow:
        figures = await workflow.progress(uow, campaign_id)
        status = (await workflow.get_campaign(uow, campaign_id)).status
    assert (figures.sent, figures.unknown, figures.failed, status) == (2, 1, 0, "done")


async def test_a_refused_connection_is_not_sent_and_may_be_retried() -> None:
    fake = Loopback()
    await fake.start()
    delivery = TelegramDelivery(
        new_bot(fake.token, fake.base_url, fake.base_file_url), owns_bot=True
    )
    await delivery.start()
    await fake.stop()  # nobody listens any more
    try:
        outcome = await delivery.deliver("telegram", "2001", Reply(text="Tin"))
    finally:
        await delivery.stop()
    assert isinstance(outcome, Failed) and outcome.transient and not isinstance(outcome, Unknown)


async def test_a_photo_with_a_caption_that_fits_is_one_message(db: Database) -> None:
    await add_subscribers(db, CHATS)
    text = ("Ảnh công trình đường tỉnh 398. " * 30).strip()  # 959 characters: a caption
    campaign_id = await approved_campaign(db, text=text, **PHOTO)
    await runner.begin(db, campaign_id, "cli")
    async with Loopback() as fake, port(fake) as delivery:
        assert await runner.send_run(db, sender(db, delivery, "s"), campaign_id, exclusive=True)
        for chat in CHATS:
            (message,) = fake.messages_to(chat)
            assert (message.method, message.text) == ("sendPhoto", text)


async def test_a_kill_between_photo_and_long_text_resumes_with_the_text_only(
    db: Database,
) -> None:
    await add_subscribers(db, CHATS)
    campaign_id = await approved_campaign(db, text=LONG_TEXT, **PHOTO)
    async with Loopback() as fake:
        await crash_then_restart(db, fake, campaign_id, CHATS[1], reply=1, when="before")
        for chat in CHATS:
            assert methods(fake, chat) == ["sendPhoto", "sendMessage"]
        assert fake.messages_to(CHATS[1])[1].text == LONG_TEXT
    state = await rows(db, campaign_id)
    assert {chat: (r.status, r.step) for chat, r in state.items()} == dict.fromkeys(
        CHATS, ("sent", 1)
    )


async def test_a_message_in_doubt_at_a_kill_is_unknown_and_not_sent_again(
    db: Database,
) -> None:
    await add_subscribers(db, CHATS)
    campaign_id = await approved_campaign(db)
    async with Loopback() as fake:
        await crash_then_restart(db, fake, campaign_id, CHATS[1], reply=0, when="after")
        assert Counter(m.chat_id for m in fake.sent) == Counter(dict.fromkeys(CHATS, 1))
    state = await rows(db, campaign_id)
    assert state[CHATS[1]].status == "unknown" and "interrupted" in state[CHATS[1]].error
    assert {state[c].status for c in (CHATS[0], CHATS[2])} == {"sent"}


async def test_resend_unknown_sends_exactly_those_from_their_step(db: Database) -> None:
    await add_subscribers(db, CHATS)
    campaign_id = await approved_campaign(db, text=LONG_TEXT, **PHOTO)
    async with Loopback() as fake:
        # Dies during the text to the second chat: the photo is certain, the text in doubt.
        await crash_then_restart(db, fake, campaign_id, CHATS[1], reply=1, when="after")
        before = Counter(m.chat_id for m in fake.sent)
        async with port(fake) as delivery:
            resent = await runner.resend_unknown(
                db, sender(db, delivery, "operator"), campaign_id, exclusive=True, actor="cli"
            )
            again = await runner.resend_unknown(
                db, sender(db, delivery, "operator"), campaign_id, exclusive=True, actor="cli"
            )
        assert (resent, again) == (1, 0)
        assert Counter(m.chat_id for m in fake.sent) - before == Counter({CHATS[1]: 1})
        assert methods(fake, CHATS[1]) == ["sendPhoto", "sendMessage", "sendMessage"]
    async with db.uow() as uow:
        figures = await workflow.progress(uow, campaign_id)
        status = (await workflow.get_campaign(uow, campaign_id)).status
        actions = [e.action for e in await workflow.events(uow, campaign_id)]
    assert (figures.sent, figures.unknown, status) == (3, 0, "done")
    assert actions.count("resend_unknown") == 1


def test_the_dashboard_shows_unknowns_apart_and_as_done_by_the_sender() -> None:
    figures = progress_json(CampaignProgress(total=4, sent=2, failed=1, unknown=1), "done")
    assert (figures["unknown"], figures["failed"], figures["finished"]) == (1, 1, 4)
    assert figures["percent"] == 100


async def test_a_call_cut_off_after_the_request_left_is_unknown() -> None:
    """A server that reads the whole request and hangs up without answering."""
    ME = b'{"ok":true,"result":{"id":1,"is_bot":true,"first_name":"B","username":"b_bot"}}'

    async def serve(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while head := await reader.readuntil(b"\r\n\r\n"):
            length = next(
                (
                    int(v)
                    for k, _, v in (line.partition(b":") for line in head.split(b"\r\n"))
                    if k.strip().lower() == b"content-length"
                ),
                0,
            )
            await reader.readexactly(length)
            if b"/getMe" not in head.split(b"\r\n", 1)[0]:
                break  # the message was taken; the connection drops before any answer
            writer.write(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + f"Content-Length: {len(ME)}\r\n\r\n".encode()
                + ME
            )
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(serve, "127.0.0.1", 0)
    base = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    delivery = TelegramDelivery(new_bot("1:T", f"{base}/bot", f"{base}/file/bot"), owns_bot=True)
    async with server:
        await delivery.start()
        try:
            outcome = await delivery.deliver("telegram", "2001", Reply(text="Tin"))
        finally:
            await delivery.stop()
    assert isinstance(outcome, Unknown) and "cut off" in outcome.reason
