"""Telegram intake through the inbox: a real PTB bot against the loopback Bot API server, the
real webhook handler in an aiohttp server, the inbox on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import aiohttp
import pytest
from aiohttp import web
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from bot.channels.telegram.adapter import TelegramAdapter, build_application
from bot.channels.telegram.runtime import SECRET_HEADER, WEBHOOK_PATH, poll_updates, webhook_handler
from bot.inbox_worker import InboxWorker, recorded
from domain.messages import Incoming, Reply
from storage.database import Database
from storage.inbox_models import INBOX_DONE, INBOX_PARKED, INBOX_PENDING
from tests.support.fake_bot_api import FakeBotApi
from tests.support.fake_delivery import RecordingDelivery

SECRET = "webhook-secret-1"
CHAT = 7001


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Intake:
    """The pieces under test, wired the way bot/app.py wires them."""

    api: FakeBotApi
    db: Database
    worker: InboxWorker
    adapter: TelegramAdapter
    url: str
    handled: list[tuple[Incoming, str | None]] = field(default_factory=list)

    async def post(self, body: bytes, secret: str = SECRET) -> int:
        async with (
            aiohttp.ClientSession() as http,
            http.post(self.url, data=body, headers={SECRET_HEADER: secret}) as response,
        ):
            return response.status

    async def rows(self, state: str) -> list[tuple[str, str | None, str | None]]:
        async with self.db.uow() as uow:
            return [
                (row.raw, row.chat_key, row.update_key)
                for row in await uow.inbox.by_state(state, limit=1000)
            ]


@pytest.fixture
async def intake(api: FakeBotApi, db: Database) -> AsyncIterator[Intake]:
    application = build_application(api.token, api.base_url, api.base_file_url)
    await application.initialize()
    worker = InboxWorker(db, poll_seconds=0.05)
    port = free_port()
    box = Intake(api, db, worker, None, f"http://127.0.0.1:{port}{WEBHOOK_PATH}")  # type: ignore[arg-type]

    async def handle(incoming: Incoming, update_key: str | None) -> list[Reply]:
        """Like the dispatcher: skip a seen update, record it with the turn, never raise."""
        async with db.uow() as uow:
            if update_key and await uow.updates.seen(incoming.channel, update_key):
                return []
            box.handled.append((incoming, update_key))
            if update_key:
                uow.updates.record(incoming.channel, update_key)
            await uow.commit()
        return []

    box.adapter = TelegramAdapter(
        application, recorded(db, handle), 1 << 20, delivery=RecordingDelivery()
    )
    worker.register("telegram", box.adapter.process_raw)
    app = web.Application()
    app.router.add_post(WEBHOOK_PATH, webhook_handler(worker.intake(), SECRET))
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    await application.bot.set_webhook(url=box.url, secret_token=SECRET)
    try:
        yield box
    finally:
        await worker.stop()
        await runner.cleanup()
        await application.shutdown()


async def test_the_webhook_answers_only_after_the_update_is_stored(intake: Intake) -> None:
    update = intake.api.text_update(CHAT, "Đường thôn Đông có ổ gà")
    assert await intake.api.deliver_webhook(update) == 200
    # acknowledged, so it is in the inbox already, before any worker looked at it
    (stored,) = await intake.rows(INBOX_PENDING)
    assert json.loads(stored[0]) == update and stored[1:] == (str(CHAT), str(update["update_id"]))
    assert intake.handled == []
    assert await intake.worker.drain() == 1
    ((incoming, key),) = intake.handled
    assert (incoming.chat_id, incoming.text) == (str(CHAT), update["message"]["text"])
    assert key is not None and key.split(":")[-1] == stored[2]  # the update id (maybe per bot)
    assert await intake.api.deliver_webhook(update) == 200  # Telegram redelivers it
    assert await intake.worker.drain() == 1
    assert len(intake.handled) == 1  # processed once
    assert len(await intake.rows(INBOX_DONE)) == 2
    assert await intake.post(json.dumps(update).encode(), secret="wrong") == 403


async def test_concurrent_calls_are_each_acknowledged_after_their_commit(intake: Intake) -> None:
    updates = [intake.api.text_update(CHAT + n % 5, f"tin {n}") for n in range(60)]
    for number, update in enumerate(updates, start=1):
        update["update_id"] = number
    statuses = await asyncio.gather(*(intake.api.deliver_webhook(u) for u in updates))
    assert statuses == [200] * 60
    stored = await intake.rows(INBOX_PENDING)
    assert sorted(int(key or 0) for _, _, key in stored) == list(range(1, 61))
    await intake.worker.drain()
    for chat in range(CHAT, CHAT + 5):  # each chat's updates in the order they were stored
        texts = [i.text for i, _ in intake.handled if i.chat_id == str(chat)]
        order = [json.loads(raw)["message"]["text"] for raw, c, _ in stored if c == str(chat)]
        assert texts == order and len(texts) == 12


async def test_the_webhook_answers_503_when_the_update_cannot_be_stored(intake: Intake) -> None:
    update = intake.api.text_update(CHAT, "/start")
    async with intake.db.engine.begin() as connection:
        await connection.execute(text("ALTER TABLE inbox_updates RENAME TO inbox_away"))
    try:
        assert await intake.api.deliver_webhook(update) == 503
    finally:
        async with intake.db.engine.begin() as connection:
            await connection.execute(text("ALTER TABLE inbox_away RENAME TO inbox_updates"))
    assert await intake.rows(INBOX_PENDING) == []
    assert await intake.api.deliver_webhook(update) == 200  # Telegram's redelivery is stored
    await intake.worker.drain()
    assert [(key or "").split(":")[-1] for _, key in intake.handled] == [str(update["update_id"])]


WRONG_SHAPES = [
    b'{"update_id":1,"poll_answer":[]}',
    b'{"update_id":2,"message":"x"}',
    b"[]",
    b"1",
    b"null",
    b"{not json",
    b"\xff\xfe\x00garbage",
    b'{"message": {"text": "no update id"}}',
]


async def test_wrong_shapes_are_answered_200_and_parked(intake: Intake) -> None:
    for body in WRONG_SHAPES:
        assert await intake.post(body) == 200, body
    assert await intake.post(b'{"update_id": 3}') == 200  # an update with nothing in it
    assert len(await intake.rows(INBOX_PARKED)) == len(WRONG_SHAPES)
    assert await intake.worker.drain() == 1  # only the empty update was pending: done, unused
    assert intake.handled == []
    assert [raw for raw, _, _ in await intake.rows(INBOX_DONE)] == ['{"update_id": 3}']
    await intake.api.deliver_webhook(intake.api.text_update(CHAT, "/start"))
    await intake.worker.drain()
    assert len(intake.handled) == 1  # the chat carries on


async def test_an_update_that_does_not_parse_is_parked_by_the_worker_and_its_chat_goes_on(
    intake: Intake,
) -> None:
    broken = b'{"update_id": 40, "message": {"chat": {"id": %d}, "date": "soon"}}' % CHAT
    assert await intake.post(broken) == 200
    [(_, chat_key, update_key)] = await intake.rows(INBOX_PENDING)
    assert (chat_key, update_key) == (str(CHAT), "40")  # stored under its chat
    await intake.api.deliver_webhook(intake.api.text_update(CHAT, "/start"))
    await intake.worker.drain()
    [(raw, _, _)] = await intake.rows(INBOX_PARKED)
    assert raw == broken.decode()
    assert len(intake.handled) == 1  # the chat's next update was processed


async def test_polling_stores_each_batch_before_confirming_it(intake: Intake) -> None:
    await intake.adapter.application.bot.delete_webhook()
    first = intake.api.push_update(intake.api.text_update(CHAT, "/start"))
    intake.api.push_update({"update_id": first + 1, "message": "x"})
    intake.api.push_update(intake.api.text_update(CHAT, "/trogiup"))
    task = asyncio.create_task(poll_updates(intake.adapter.application, intake.worker.intake()))
    try:
        for _ in range(200):
            if len(await intake.rows(INBOX_PENDING)) == 2:
                break
            await asyncio.sleep(0.02)
        parked = await intake.rows(INBOX_PARKED)
        assert [json.loads(raw) for raw, _, _ in parked] == [
            {"update_id": first + 1, "message": "x"}
        ]
        await intake.worker.drain()
        assert [i.text for i, _ in intake.handled] == ["/start", "/trogiup"]
        intake.api.push_update(intake.api.text_update(CHAT, "/huy"))
        for _ in range(200):
            if await intake.rows(INBOX_PENDING):
                break
            await asyncio.sleep(0.02)
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    await intake.worker.drain()
    assert [i.text for i, _ in intake.handled] == ["/start", "/trogiup", "/huy"]
    assert len(await intake.rows(INBOX_DONE)) == 3  # confirmed batches are not fetched again


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
KINDS = st.sampled_from(
    ["message", "edited_message", "callback_query", "poll_answer", "my_chat_member", "x"]
)
UPDATES = st.one_of(
    JSON,
    st.builds(lambda uid, kind, value: {"update_id": uid, kind: value}, st.integers(), KINDS, JSON),
    st.builds(
        lambda uid, chat, text_: {
            "update_id": uid,
            "message": {"message_id": 1, "date": 0, "chat": chat, "text": text_},
        },
        st.integers(min_value=0, max_value=2**40),
        JSON,
        JSON,
    ),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(payload=UPDATES)
async def test_fuzzed_updates_are_always_acknowledged_and_never_break_the_worker(
    intake: Intake, payload: object
) -> None:
    body = json.dumps(payload).encode()
    assert await intake.post(body) == 200
    await intake.worker.drain()  # whatever it was, the worker looked at it without raising
    async with intake.db.uow() as uow:
        untried = [row.raw for row in await uow.inbox.by_state(INBOX_PENDING) if row.tries == 0]
    assert untried == []
