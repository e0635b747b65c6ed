"""The Zalo delivery port and adapter against the loopback Zalo Bot API server."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from bot.channels.zalo.adapter import ZaloAdapter
from bot.channels.zalo.budget import ZaloRateBudget
from bot.channels.zalo.client import ZaloClient
from bot.channels.zalo.delivery import ZaloDelivery
from bot.channels.zalo.render import CURRENT_TURN, TurnChoices
from bot.channels.zalo.runtime import PHOTO_ROUTE, serve_photo
from dashboard.keys import DATABASE
from domain.delivery import Blocked, Delivered, Failed, RetryAfter
from domain.messages import Button, Incoming, IncomingKind, KeyboardButton, OutgoingPhoto, Reply
from storage.database import Database
from tests.e2e.service import free_port
from tests.support.clock import FakeClock
from tests.support.fake_zalo_api import FakeZaloApi

LONG = " ".join(f"Câu số {n} kể lại sự việc ở thôn Đông cho cán bộ xã biết." for n in range(120))


@pytest.fixture
async def client(zalo_api: FakeZaloApi) -> AsyncIterator[ZaloClient]:
    async with ZaloClient(zalo_api.token, zalo_api.base_url) as opened:
        yield opened


@pytest.fixture
async def photo_server(db: Database) -> AsyncIterator[str]:
    """Our app's photo route on loopback (what Zalo downloads the photos from)."""
    app = web.Application()
    app[DATABASE] = db
    app.router.add_get(PHOTO_ROUTE, serve_photo)
    runner = web.AppRunner(app)
    await runner.setup()
    port = free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    yield f"http://127.0.0.1:{port}"
    await runner.cleanup()


def delivery(client: ZaloClient, db: Database, public_url: str | None = None) -> ZaloDelivery:
    budget = ZaloRateBudget(100, chat_spacing=0)
    return ZaloDelivery(client, db, budget, public_url=public_url, photo_secret="test-secret")


async def test_long_texts_are_cut_at_sentence_ends_under_2000_characters(
    zalo_api: FakeZaloApi, client: ZaloClient, db: Database
) -> None:
    outcome = await delivery(client, db).deliver("zalo", "c1", Reply(text=LONG))
    assert isinstance(outcome, Delivered) and outcome.message_id
    pieces = [s.text or "" for s in zalo_api.to("c1")]
    assert len(pieces) == 4 and all(len(p) <= 2000 for p in pieces)
    assert all(p.endswith("biết.") for p in pieces)
    assert " ".join(pieces) == LONG


async def test_buttons_become_numbers_that_a_typed_answer_presses(
    zalo_api: FakeZaloApi, client: ZaloClient, db: Database
) -> None:
    buttons = [
        [Button("✅ Gửi", callback_data="confirm:yes"), Button("Sửa loại", callback_data="edit")],
        [Button("Xem trang", url="https://example.vn/pa")],
    ]
    await delivery(client, db).deliver("zalo", "c2", Reply(text="Gửi không?", buttons=buttons))
    text = zalo_api.to("c2")[0].text or ""
    assert re.search(r"^1\. ✅ Gửi$", text, re.M) and re.search(r"^2\. Sửa loại$", text, re.M)
    assert "https://example.vn/pa" in text
    received: list[Incoming] = []

    async def handle(incoming: Incoming, key: str | None) -> list[Reply]:
        received.append(incoming)
        return []

    adapter = ZaloAdapter(client, db, handle, 1024)
    for typed in ("2", "số 1", "1.", "3", "gửi đi"):
        await adapter.on_event(zalo_api.message_event("c2", "message.text.received", text=typed))
    assert [(i.kind, i.callback_data or i.text) for i in received] == [
        (IncomingKind.CALLBACK, "edit"),
        (IncomingKind.CALLBACK, "confirm:yes"),
        (IncomingKind.CALLBACK, "confirm:yes"),
        (IncomingKind.TEXT, "3"),  # no third choice: left as typed
        (IncomingKind.TEXT, "gửi đi"),  # words: the conversation understands them itself
    ]


async def test_refusals_become_outcomes(
    zalo_api: FakeZaloApi, client: ZaloClient, db: Database
) -> None:
    port = delivery(client, db)
    zalo_api.blocked.add("gone")
    assert isinstance(await port.deliver("zalo", "gone", Reply(text="Xin chào")), Blocked)
    zalo_api.limits.chat_spacing = 60.0  # the platform's own per-chat limit
    assert isinstance(await port.deliver("zalo", "c3", Reply(text="Một")), Delivered)
    limited = await port.deliver("zalo", "c3", Reply(text="Hai"))
    assert isinstance(limited, RetryAfter) and limited.seconds == 1
    assert port.budget.paused_total > 0
    offline = ZaloDelivery(ZaloClient("t", f"http://127.0.0.1:{free_port()}"), db)
    await offline.start()
    try:
        refused = await offline.deliver("zalo", "c4", Reply(text="Xin chào"))
    finally:
        await offline.stop()
    assert isinstance(refused, Failed) and refused.transient


async def test_photos_are_served_by_our_app_under_an_unguessable_key(
    zalo_api: FakeZaloApi, client: ZaloClient, db: Database, photo_server: str
) -> None:
    picture = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    reply = Reply(text="Chiến dịch tháng 12", photo=OutgoingPhoto(picture, "image/png"))
    outcome = await delivery(client, db, photo_server).deliver("zalo", "c5", reply)
    assert isinstance(outcome, Delivered)
    sent = zalo_api.to("c5")[0]
    assert sent.method == "sendPhoto" and sent.text == "Chiến dịch tháng 12"
    assert sent.photo_bytes == picture  # Zalo downloaded it from us
    assert sent.photo_url and re.fullmatch(
        re.escape(photo_server) + r"/zalo/photos/[0-9a-f]{40}\.png", sent.photo_url
    )
    other = ZaloDelivery(client, db, public_url=photo_server, photo_secret="another-secret")
    await other.deliver("zalo", "c6", reply)
    assert zalo_api.to("c6")[0].photo_url != sent.photo_url  # the key needs the secret
    no_url = await delivery(client, db).deliver("zalo", "c7", reply)
    assert isinstance(no_url, Failed) and not no_url.transient
    long_caption = Reply(text=LONG, photo=OutgoingPhoto(picture, "image/png"))
    await delivery(client, db, photo_server).deliver("zalo", "c10", long_caption)
    photo, *texts = zalo_api.to("c10")  # the photo alone, then the text in pieces
    assert photo.method == "sendPhoto" and photo.text is None and len(texts) == 4


async def test_a_citizen_photo_is_downloaded_within_the_size_limit(
    zalo_api: FakeZaloApi, client: ZaloClient, db: Database
) -> None:
    received: list[Incoming] = []

    async def handle(incoming: Incoming, key: str | None) -> list[Reply]:
        received.append(incoming)
        return []

    adapter = ZaloAdapter(client, db, handle, max_photo_bytes=1000)
    for size in (900, 1001):
        url = zalo_api.add_file(b"\xff\xd8" + b"x" * (size - 2))
        event = zalo_api.message_event("c8", "message.image.received", photo_url=url)
        await adapter.on_event({"ok": True, "result": event})
    small, large = (i.photo for i in received)
    assert small is not None and len(small.content) == 900 and small.mime_type == "image/jpeg"
    assert large is not None and large.oversize and not large.content


async def test_the_zalo_budget_spaces_one_chat_by_its_setting() -> None:
    clock = FakeClock()
    budget = ZaloRateBudget(50, chat_spacing=2.5, clock=clock)
    starts: dict[str, list[float]] = {"a": [], "b": []}

    async def send(chat: str) -> None:
        async with budget.chat_slot(chat):
            starts[chat].append(clock.monotonic())

    await asyncio.gather(*(send(chat) for chat in ("a", "b", "a", "b", "a")))
    first, second, third = starts["a"]
    assert second - first >= 2.5 and third - second >= 2.5
    assert starts["b"][0] - first < 0.1  # another chat does not wait for «a»


async def test_the_replies_to_one_message_number_on_from_each_other(
    zalo_api: FakeZaloApi, client: ZaloClient, db: Database
) -> None:
    port = delivery(client, db)
    code_reply = Reply(text="Mã PA-1", buttons=[[Button("Ẩn danh", callback_data="anon")]])
    menu = Reply(text="Menu", keyboard=[[KeyboardButton("📝 Gửi phản ánh")]])
    token = CURRENT_TURN.set(TurnChoices("c9"))
    try:
        for reply in (code_reply, menu, Reply(text="Xong", remove_keyboard=True)):
            await port.deliver("zalo", "c9", reply)
    finally:
        CURRENT_TURN.reset(token)
    assert "2. 📝 Gửi phản ánh" in (zalo_api.to("c9")[1].text or "")
    async with db.uow() as uow:
        assert await uow.zalo_choices.shown("c9") == [{"data": "anon"}, {"text": "📝 Gửi phản ánh"}]
    await port.deliver("zalo", "c9", menu)  # a later message (no turn) numbers from 1
    assert "1. 📝 Gửi phản ánh" in (zalo_api.to("c9")[-1].text or "")


async def test_through_the_inbox_the_choices_are_stored_with_the_turn_before_any_message_leaves(
    zalo_api: FakeZaloApi, client: ZaloClient, db: Database
) -> None:
    """The chat's next update may be claimed (in any process) as soon as the turn commits,
    while its answer is still on its way: the numbers it types must already mean something."""
    import json

    from bot.channels.zalo.adapter import inbox_entries
    from bot.inbox_worker import InboxWorker

    answer = [
        Reply(text="Đã ghi nhận.", buttons=[[Button("Thêm ảnh", callback_data="r:photo")]]),
        Reply(text="Menu", buttons=[[Button("Tra cứu", callback_data="menu:track")]]),
    ]

    async def handle(incoming: Incoming, key: str | None) -> list[Reply]:
        return answer  # what the dispatcher returns; the delivery is not started here

    adapter = ZaloAdapter(client, db, handle, 1024)
    worker = InboxWorker(db, {"zalo": adapter.process_raw})
    event = zalo_api.message_event("c9", "message.text.received", text="đèn hỏng")
    await worker.intake().store("zalo", inbox_entries(json.dumps(event)))
    assert await worker.drain() == 1
    assert zalo_api.to("c9") == []  # nothing sent
    async with db.uow() as uow:
        assert await uow.zalo_choices.shown("c9") == [
            {"data": "r:photo"},
            {"data": "menu:track"},
        ]
    # and the delivery, in the turn's context, numbers the same way without storing again
    turn = TurnChoices("c9", stored=True)
    token = CURRENT_TURN.set(turn)
    try:
        for reply in answer:
            await delivery(client, db).deliver("zalo", "c9", reply)
    finally:
        CURRENT_TURN.reset(token)
    texts = [m.text or "" for m in zalo_api.to("c9")]
    assert "1. Thêm ảnh" in texts[0] and "2. Tra cứu" in texts[1]
