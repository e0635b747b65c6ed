"""Limits several worker processes share, and what a citizen hears when a stored update fails.

Two ``Dispatcher`` objects over two engines of one database stand for two worker processes.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from bot.inbox_worker import InboxEntry, InboxWorker, RetryPolicy, recorded
from domain.catalogue import t
from domain.messages import text_incoming
from handlers.chat.config import HandlerConfig
from handlers.chat.conversation import CONVERSATION
from handlers.chat.dispatcher import Dispatcher
from handlers.chat.registry import Registry
from handlers.chat.turn import Turn
from storage.database import Database, create_engine
from tests.handlers.chat_driver import ChatDriver
from tests.support.clock import FakeClock
from tests.support.fake_delivery import RecordingDelivery

CONFIG = HandlerConfig(flood_max_messages=4, flood_window_seconds=60)
DETAIL = "Chi tiết số {}: cống bị tắc ở ngõ 5 gây ngập đường"


async def test_two_workers_enforce_one_flood_limit_per_chat(db: Database, db_url: str) -> None:
    other_engine = create_engine(db_url)
    try:
        first = Dispatcher(db, RecordingDelivery(), CONFIG)
        second = Dispatcher(Database(other_engine), RecordingDelivery(), CONFIG)
        on_first = ChatDriver(first, chat_id="7001")
        on_second = ChatDriver(second, chat_id="7001")
        await on_first.text("/start")
        await on_first.press("consent:yes")  # a button press is never counted
        await on_second.text("/phananh")
        answered = []
        for n in range(12):  # the chat's messages alternate between the two workers
            chat = on_first if n % 2 else on_second
            answered.append(await chat.text(DETAIL.format(n)))
        slowed = [n for n, replies in enumerate(answered) if not replies or _notice(replies)]
        # /start and /phananh were two of the four; each worker alone would allow four
        assert slowed == list(range(2, 12))
        notices = [r for replies in answered for r in replies if r.text == t("slow_down")]
        assert len(notices) == 1
        other_chat = ChatDriver(second, chat_id="7002")
        assert not _notice(await other_chat.text("/start"))  # another chat has its own limit
    finally:
        await other_engine.dispose()


def _notice(replies: list[Any]) -> bool:
    return any(r.text == t("slow_down") for r in replies)


class FailingFirst:
    """The conversation table, failing its first ``failures`` turns (a database going away)."""

    def __init__(self, failures: int) -> None:
        self.failures = failures

    def __getattr__(self, name: str) -> Any:
        return getattr(CONVERSATION, name)

    async def run(self, turn: Turn) -> list[Any]:
        if self.failures > 0:
            self.failures -= 1
            raise ConnectionError("the database went away")
        return await CONVERSATION.run(turn)


async def test_a_stored_update_retried_after_failures_says_internal_error_once(
    db: Database,
) -> None:
    delivery = RecordingDelivery()
    table = cast(Registry, FailingFirst(failures=3))
    dispatcher = Dispatcher(db, delivery, CONFIG, conversation=table)
    handle = recorded(db, dispatcher.handle)

    async def parser(data: dict[str, Any]) -> bool:
        await handle(text_incoming("test", "8001", "8001", data["text"], "An"), data["key"])
        return True

    clock = FakeClock()
    worker = InboxWorker(
        db, {"test": parser}, clock=clock, retry=RetryPolicy(max_tries=5, first_delay=1)
    )
    raw = json.dumps({"text": "/start", "key": "k1"})
    await worker.intake().store("test", [InboxEntry(raw, "8001", "k1")])
    for _ in range(6):
        await worker.drain()
        clock.advance(60)
    texts = [sent.reply.text for sent in delivery.sent]
    assert texts.count(t("internal_error")) == 1
    assert texts[0] == t("internal_error")
    assert len(texts) > 1 and t("internal_error") not in texts[1:]  # then the real answer
    async with db.uow() as uow:
        assert await uow.updates.seen("test", "k1")


async def test_an_update_record_counts_only_within_the_redelivery_window(db: Database) -> None:
    old = datetime(2026, 1, 1, tzinfo=UTC)
    async with db.uow() as uow:
        uow.updates.record("test", "bot1:7", at=old)
        await uow.commit()
    async with db.uow() as uow:
        assert await uow.updates.seen("test", "bot1:7", not_before=old - timedelta(hours=1))
        assert not await uow.updates.seen("test", "bot1:7", not_before=old + timedelta(hours=1))
        uow.updates.record("test", "bot1:7")  # the expired record is gone: this one is new
        await uow.commit()
    async with db.uow() as uow:
        assert await uow.updates.seen("test", "bot1:7", not_before=old + timedelta(hours=1))
        assert not await uow.updates.seen("test", "bot1:8")


async def test_first_time_records_once_and_renews_an_expired_record(db: Database) -> None:
    now = datetime.now(UTC)
    window = now - timedelta(hours=48)
    async with db.uow() as uow:
        assert await uow.updates.first_time("test", "u1", at=now, not_before=window)
        assert not await uow.updates.first_time("test", "u1", at=now, not_before=window)
        await uow.commit()
    async with db.uow() as uow:  # committed: a redelivery is not new
        assert not await uow.updates.first_time("test", "u1", at=now, not_before=window)
        # a record older than the window is renewed and counts as new
        later = now + timedelta(hours=49)
        assert await uow.updates.first_time(
            "test", "u1", at=later, not_before=later - timedelta(hours=48)
        )
        await uow.commit()
    async with db.uow() as uow:  # rolled back: the record goes with its transaction
        assert await uow.updates.first_time("test", "u2", at=now, not_before=window)
    async with db.uow() as uow:
        assert not await uow.updates.seen("test", "u2")
        assert await uow.updates.seen("test", "u1", not_before=now + timedelta(hours=1))
