"""Tests of the loopback Bot API server, driven by real python-telegram-bot objects."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiohttp import web
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Update,
)
from telegram.error import (
    BadRequest,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
)
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.support.fake_bot_api import FakeBotApi

CHAT = 424242


@pytest.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[Bot]:
    async with Bot(api.token, base_url=api.base_url, base_file_url=api.base_file_url) as bot:
        yield bot


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _build_app(api: FakeBotApi) -> Application:
    return (
        ApplicationBuilder()
        .token(api.token)
        .base_url(api.base_url)
        .base_file_url(api.base_file_url)
        .build()
    )


async def test_get_me_wrong_token_and_unknown_method(api: FakeBotApi, bot: Bot) -> None:
    me = await bot.get_me()
    assert (me.id, me.username, me.is_bot) == (123456, "phananh_test_bot", True)

    with pytest.raises(InvalidToken):
        async with Bot("123456:WRONG", base_url=api.base_url):
            pass
    assert api.calls[-1].status == 401

    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("noSuchMethod")
    assert api.calls[-1].status == 404
    assert api.calls[-1].error == "Not Found"


async def test_send_message_is_recorded_and_parsed(api: FakeBotApi, bot: Bot) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("Theo dõi", callback_data="track:1")]])
    message = await bot.send_message(
        CHAT, "<b>Đã nhận</b> phản ánh &amp; cảm ơn", parse_mode="HTML", reply_markup=markup
    )

    assert message.chat.id == CHAT
    assert message.from_user is not None and message.from_user.is_bot
    assert message.text == "Đã nhận phản ánh & cảm ơn"
    assert message.reply_markup == markup

    [sent] = api.messages_to(CHAT)
    assert sent.method == "sendMessage"
    assert sent.text == "<b>Đã nhận</b> phản ánh &amp; cảm ơn"
    assert sent.parse_mode == "HTML"
    assert sent.message_id == message.message_id
    assert sent.reply_markup == {
        "inline_keyboard": [[{"text": "Theo dõi", "callback_data": "track:1"}]]
    }
    call = api.calls[-1]
    assert (call.method, call.status, call.params["chat_id"]) == ("sendMessage", 200, CHAT)

    second = await bot.send_message(CHAT, "tiếp", reply_to_message_id=message.message_id)
    assert second.message_id == message.message_id + 1
    assert second.reply_to_message is not None
    assert second.reply_to_message.message_id == message.message_id


async def test_text_validation_matches_telegram(api: FakeBotApi, bot: Bot) -> None:
    api.set_limits(private_chat_per_second=None)
    with pytest.raises(BadRequest, match="Message text is empty"):
        await bot.send_message(CHAT, "")
    with pytest.raises(BadRequest, match="Message is too long"):
        await bot.send_message(CHAT, "a" * 4097)
    with pytest.raises(BadRequest, match="parse entities"):
        await bot.send_message(CHAT, "Điểm <3 sao", parse_mode="HTML")
    with pytest.raises(BadRequest, match="reserved"):
        await bot.send_message(CHAT, "Mã PA-001.", parse_mode="MarkdownV2")
    assert await bot.send_message(CHAT, "a" * 4096)
    assert [call.status for call in api.calls] == [200, 400, 400, 400, 400, 200]
    assert len(api.sent) == 1


async def test_private_chat_flood_limit_returns_429(api: FakeBotApi, bot: Bot) -> None:
    results = await asyncio.gather(
        *(bot.send_message(CHAT, f"tin {i}") for i in range(5)), return_exceptions=True
    )

    errors = [result for result in results if isinstance(result, Exception)]
    assert len(errors) == 2
    assert all(isinstance(error, RetryAfter) for error in errors)
    assert len(api.messages_to(CHAT)) == 3  # the burst
    assert api.too_many_requests == 2
    failed = [call for call in api.calls if call.status == 429]
    assert [call.error for call in failed] == ["Too Many Requests: retry after 1"] * 2

    # Another chat has its own bucket.
    assert await bot.send_message(CHAT + 1, "khác")


async def test_group_limit_and_lifting_limits(api: FakeBotApi, bot: Bot) -> None:
    group = -1001234567890
    api.set_limits(group_per_minute=2)
    await bot.send_message(group, "1")
    await bot.send_message(group, "2")
    with pytest.raises(RetryAfter):
        await bot.send_message(group, "3")
    error = api.calls[-1].error
    assert error is not None and error.startswith("Too Many Requests: retry after ")
    assert 1 <= int(error.rsplit(" ", 1)[-1]) <= 60

    api.set_limits(global_per_second=None, private_chat_per_second=None, group_per_minute=None)
    await asyncio.gather(*(bot.send_message(group, str(i)) for i in range(50)))
    assert len(api.messages_to(group)) == 52


async def test_blocked_chat_gets_403(api: FakeBotApi, bot: Bot) -> None:
    api.block_chat(CHAT)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(CHAT, "xin chào")
    assert api.calls[-1].status == 403
    assert api.messages_to(CHAT) == []


async def test_injected_failures(api: FakeBotApi, bot: Bot) -> None:
    api.fail_next("sendMessage", 502, count=2)
    api.fail_next("sendMessage", 429, retry_after=7)
    for _ in range(2):
        with pytest.raises(NetworkError, match="Bad Gateway"):
            await bot.send_message(CHAT, "x")
    with pytest.raises(RetryAfter, match="7"):
        await bot.send_message(CHAT, "x")
    assert await bot.send_message(CHAT, "x")
    assert [call.status for call in api.calls] == [200, 502, 502, 429, 200]
    assert api.too_many_requests == 1


async def test_get_updates_delivers_and_honours_offset(api: FakeBotApi, bot: Bot) -> None:
    first = api.push_update(api.text_update(CHAT, "/start"))
    second = api.push_update(api.location_update(CHAT, 21.18, 106.07))

    updates = await bot.get_updates(timeout=0)
    assert [u.update_id for u in updates] == [first, second]
    assert updates[0].message is not None and updates[0].message.text == "/start"
    assert updates[0].message.entities[0].type == "bot_command"
    assert updates[1].message is not None and updates[1].message.location is not None
    assert updates[1].message.location.latitude == pytest.approx(21.18)

    assert [u.update_id for u in await bot.get_updates(offset=first + 1, timeout=0)] == [second]
    assert await bot.get_updates(offset=second + 1, timeout=0) == ()

    # Long polling: the request waits until an update arrives.
    poll = asyncio.create_task(bot.get_updates(offset=second + 1, timeout=30))
    await asyncio.sleep(0.2)
    assert not poll.done()
    third = api.push_update(api.contact_update(CHAT, "+84912345678"))
    updates = await asyncio.wait_for(poll, 10)
    assert [u.update_id for u in updates] == [third]
    assert updates[0].message is not None
    contact = updates[0].message.contact
    assert contact is not None and contact.user_id == CHAT


async def test_get_file_and_download(api: FakeBotApi, bot: Bot) -> None:
    content = b"\xff\xd8\xff\xe0 fake jpeg of a pothole"
    api.push_update(api.photo_update(CHAT, content, caption="Ổ gà"))
    [update] = await bot.get_updates(timeout=0)
    assert update.message is not None
    photo = update.message.photo
    assert len(photo) > 1 and photo[-1].width == 1280
    assert update.message.caption == "Ổ gà"

    file = await bot.get_file(photo[-1].file_id)
    assert file.file_path is not None and file.file_path.startswith(api.base_file_url)
    assert bytes(await file.download_as_bytearray()) == content

    sent = await bot.send_photo(CHAT, photo=b"uploaded-bytes", caption="Ảnh xác minh")
    again = await bot.get_file(sent.photo[-1].file_id)
    assert bytes(await again.download_as_bytearray()) == b"uploaded-bytes"
    assert api.messages_to(CHAT)[-1].text == "Ảnh xác minh"

    with pytest.raises(BadRequest, match="Invalid file_id"):
        await bot.get_file("nope")


async def test_webhook_delivery_with_secret_header(api: FakeBotApi, bot: Bot) -> None:
    received: asyncio.Queue[tuple[dict[str, Any], str | None]] = asyncio.Queue()

    async def hook(request: web.Request) -> web.Response:
        await received.put(
            (await request.json(), request.headers.get("X-Telegram-Bot-Api-Secret-Token"))
        )
        return web.Response()

    receiver = web.Application()
    receiver.router.add_post("/hook", hook)
    runner = web.AppRunner(receiver)
    await runner.setup()
    port = _free_port()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    try:
        url = f"http://127.0.0.1:{port}/hook"
        assert await bot.set_webhook(url, secret_token="s3cr3t-Token_1")
        assert (await bot.get_webhook_info()).url == url
        with pytest.raises(Conflict, match="webhook is active"):
            await bot.get_updates(timeout=0)

        update_id = api.push_update(api.text_update(CHAT, "Đèn đường hỏng"))
        body, secret = await asyncio.wait_for(received.get(), 10)
        assert secret == "s3cr3t-Token_1"
        assert body["update_id"] == update_id
        assert body["message"]["text"] == "Đèn đường hỏng"
        assert await api.deliver_webhook(api.text_update(CHAT, "lần nữa")) == 200

        assert await bot.delete_webhook()
        assert api.webhook_url is None
    finally:
        await runner.cleanup()


async def test_commands_and_edits(api: FakeBotApi, bot: Bot) -> None:
    await bot.set_my_commands([BotCommand("start", "Bắt đầu"), BotCommand("phananh", "Gửi")])
    assert [c["command"] for c in api.commands] == ["start", "phananh"]
    assert [c.command for c in await bot.get_my_commands()] == ["start", "phananh"]

    message = await bot.send_message(CHAT, "Trạng thái: mới")
    edited = await bot.edit_message_text("Trạng thái: đã xử lý", CHAT, message.message_id)
    assert not isinstance(edited, bool) and edited.text == "Trạng thái: đã xử lý"
    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text("Trạng thái: đã xử lý", CHAT, message.message_id)
    with pytest.raises(BadRequest, match="to edit not found"):
        await bot.edit_message_text("x", CHAT, 999)


async def test_polling_application_end_to_end(api: FakeBotApi) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        keyboard = [[InlineKeyboardButton("Xác nhận", callback_data="ok")]]
        await update.effective_message.reply_text(
            "Chào bạn", reply_markup=InlineKeyboardMarkup(keyboard)
        )

    async def pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("Đã xác nhận")
        await query.edit_message_text(f"Bạn chọn: {query.data}")

    async def photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        file = await update.effective_message.photo[-1].get_file()
        data = await file.download_as_bytearray()
        await update.effective_message.reply_text(f"Nhận ảnh {len(data)} byte")

    app = _build_app(api)
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CallbackQueryHandler(pressed))
    app.add_handler(MessageHandler(filters.PHOTO, photo))
    async with app:
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=5)
        await app.start()
        try:
            api.push_update(api.text_update(CHAT, "/start"))
            [greeting] = await api.wait_for_messages(CHAT, 1)
            assert greeting.text == "Chào bạn"
            api.push_update(api.callback_update(CHAT, "ok"))
            messages = await api.wait_for_messages(CHAT, 2)
            assert messages[1].method == "editMessageText"
            assert messages[1].message_id == greeting.message_id
            assert messages[1].text == "Bạn chọn: ok"
            assert api.callback_answers[0]["text"] == "Đã xác nhận"
            api.push_update(api.photo_update(CHAT, b"12345"))
            messages = await api.wait_for_messages(CHAT, 3)
            assert messages[2].text == "Nhận ảnh 5 byte"
        finally:
            await app.updater.stop()
            await app.stop()


async def test_webhook_application_end_to_end(api: FakeBotApi) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None and update.effective_message.text
        await update.effective_message.reply_text(update.effective_message.text.upper())

    app = _build_app(api)
    app.add_handler(MessageHandler(filters.TEXT, echo))
    port = _free_port()
    async with app:
        assert app.updater is not None
        await app.updater.start_webhook(
            listen="127.0.0.1",
            port=port,
            url_path="tg",
            webhook_url=f"http://127.0.0.1:{port}/tg",
            secret_token="hook-secret",
        )
        await app.start()
        try:
            assert api.webhook_secret == "hook-secret"
            api.push_update(api.text_update(CHAT, "ngập nước"))
            [reply] = await api.wait_for_messages(CHAT, 1)
            assert reply.text == "NGẬP NƯỚC"
            api.webhook_secret = "forged"
            assert await api.deliver_webhook(api.text_update(CHAT, "x")) == 403
        finally:
            await app.updater.stop()
            await app.stop()
