"""The citizen's conversation end to end on the in-memory fakes: no database, no network."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.catalogue import t
from handlers.chat.config import HandlerConfig
from handlers.chat.dispatcher import Dispatcher
from storage.models import Conversation
from tests.handlers.chat_driver import (
    CODE_PATTERN,
    ChatDriver,
    button_data,
    callbacks,
    file_report,
    press_label,
    texts,
)
from tests.support.clock import FakeClock
from tests.support.fake_delivery import RecordingDelivery
from tests.support.fake_uow import FakeDatabase

POTHOLE_WITH_PLACE = "Ổ gà rất to trên đường thôn Đông xã Tân Dĩnh, xe máy đi qua rất khó"
LAMP_NO_PLACE = "Đèn đường hỏng cả tuần nay, buổi tối tối om"
DANGER = "Dây điện bị đứt rơi xuống đường thôn Hạ xã Tân Dĩnh, có tia lửa, trẻ con hay chơi gần đó"
JPEG = b"\xff\xd8\xff\xe0" + b"photo-bytes" * 50


async def test_a_report_that_names_its_place_takes_two_inputs(
    chat: ChatDriver, fake_db: FakeDatabase, delivery: RecordingDelivery
) -> None:
    card = await chat.text(POTHOLE_WITH_PLACE)
    assert len(card) == 1 and "Tân Dĩnh" in card[0].text and "Giao thông" in card[0].text
    labels = {b.text for row in card[0].buttons for b in row}
    assert {t("btn_card_send"), t("btn_card_category"), t("btn_card_place")} <= labels
    assert fake_db.store.reports == []  # nothing is filed before «Gửi»
    saved = await press_label(chat, t("btn_card_send"), card)
    code = CODE_PATTERN.search(texts(saved))
    assert code and saved[0].urgent and len(saved) <= 2
    [report] = fake_db.store.reports
    assert report.code == code.group(0) and report.category == "giao_thong"
    assert report.place_code and report.place_name == "Xã Tân Dĩnh"
    assert not report.anonymous and report.contact_phone is None
    # anonymity and a phone number are offered after the code, as extras
    assert {"x:anon:", "x:phone:", "x:add:"} <= {d[:-10] for d in callbacks(saved)}
    assert delivery.to("5001") == chat.history


async def test_missing_place_is_asked_and_a_landmark_then_its_ward_are_kept_together(
    chat: ChatDriver, fake_db: FakeDatabase
) -> None:
    asked = await chat.text(LAMP_NO_PLACE)
    assert t("ask_place") in texts(asked)
    ward = await chat.text("gần cổng chợ thôn Đông")
    assert "xã/phường nào" in texts(ward)
    card = await chat.text("Tân Dĩnh")
    assert "gần cổng chợ thôn Đông" in texts(card) and "Tân Dĩnh" in texts(card)
    await chat.text("đúng rồi")  # typed instead of pressing «Gửi»
    [report] = fake_db.store.reports
    assert report.place_code and "gần cổng chợ" in (report.place_text or "")
    assert report.category == "dien"


async def test_typed_answers_are_understood_and_never_stored_as_something_else(
    chat: ChatDriver, fake_db: FakeDatabase
) -> None:
    await chat.text(POTHOLE_WITH_PLACE)
    await chat.text("sửa địa điểm")
    card = await chat.text("gần nhà văn hóa")  # a landmark after the ward we proposed
    assert "gần nhà văn hóa" in texts(card) and "Tân Dĩnh" in texts(card)
    picker = await chat.text("sửa loại")
    assert "r:cat:dien" in " ".join(callbacks(picker))
    card = await chat.text("điện")  # a category's name typed
    assert "Điện" in texts(card)
    assert t("card_waiting") in texts(await chat.text("ok cảm ơn"))
    assert t("anonymous_noted") in texts(await chat.text("ẩn danh"))
    await chat.text("vâng")
    [report] = fake_db.store.reports
    assert report.category == "dien" and report.anonymous
    assert report.place_code and "gần nhà văn hóa" in (report.place_text or "")
    assert "đúng" not in (report.place_text or "") and "vâng" not in report.text


async def test_a_photo_first_then_its_caption_is_the_description(
    chat: ChatDriver, fake_db: FakeDatabase
) -> None:
    first = await chat.photo(JPEG)
    assert t("ask_description_after_photo") in texts(first)
    assert "photo:done" not in callbacks(first)
    card = await chat.photo(JPEG, caption=POTHOLE_WITH_PLACE)
    assert "Ảnh: 2" in texts(card)
    await press_label(chat, t("btn_card_send"), card)
    [report] = fake_db.store.reports
    assert [a.report_id for a in fake_db.store.attachments] == [report.id, report.id]


async def test_danger_is_filed_at_once_and_the_notice_gives_the_code(
    chat: ChatDriver, fake_db: FakeDatabase
) -> None:
    replies = await chat.text(DANGER)
    [report] = fake_db.store.reports
    notice = replies[0]
    assert notice.urgent and report.code in notice.text and "113" in notice.text
    assert report.urgency == "cao" and report.status == "moi"


async def test_urgent_report_without_place_asks_it_as_an_addition(
    chat: ChatDriver, fake_db: FakeDatabase
) -> None:
    replies = await chat.text("Cột điện đổ ngang đường, dây điện đứt chạm đất, rất nguy hiểm")
    [report] = fake_db.store.reports
    assert report.urgency == "cao" and report.code in texts(replies)
    assert t("ask_place_urgent") in texts(replies)
    done = await chat.text("thôn Hạ xã Tân Dĩnh")
    assert report.code in texts(done) and report.place_code
    assert [e.kind for e in fake_db.store.events] == ["created", "addition"]


async def test_idle_chat_is_not_a_report(chat: ChatDriver, fake_db: FakeDatabase) -> None:
    for text in ("cảm ơn bạn nhiều nhé", "alo alo có ai không", "chào bot", "ok"):
        replies = await chat.text(text)
        assert not any("Bot hiểu đây là phản ánh" in r.text for r in replies), text
        assert "r:send" not in " ".join(callbacks(replies)), text
    assert t("latest_none") in texts(await chat.text("bao giờ thì sửa xong ạ?"))
    assert fake_db.store.reports == []


async def test_a_code_inside_a_sentence_is_a_look_up(chat: ChatDriver) -> None:
    code = await file_report(chat, POTHOLE_WITH_PLACE)
    bare = code.removeprefix("PA-")
    for text in (f"mã của tôi là {code} nhé", code, f"/tracuu {bare.lower()}", bare.lower()):
        assert "Mới gửi" in texts(await chat.text(text)), text
    assert code in texts(await chat.text("bao giờ thì sửa xong ạ?"))


async def test_a_code_of_letters_only_is_found_too(chat: ChatDriver, fake_db: FakeDatabase) -> None:
    await file_report(chat, POTHOLE_WITH_PLACE)
    fake_db.store.reports[0].code = "PA-KHMNRST"  # about one code in fourteen has no digit
    await chat.text("/huy")
    for text in ("khmnrst", "mã của tôi là khmnrst nhé", "/tracuu khmnrst"):
        assert "Mới gửi" in texts(await chat.text(text)), text


async def test_additions_after_the_code_reach_the_timeline(
    chat: ChatDriver, fake_db: FakeDatabase
) -> None:
    code = await file_report(chat, POTHOLE_WITH_PLACE)
    await press_label(chat, t("btn_extra_add"))
    assert code in texts(await chat.text("Ổ gà nằm ngay trước cổng trường mầm non"))
    offer = await chat.photo(JPEG)
    assert code in texts(offer)
    await press_label(chat, code, offer)
    await press_label(chat, t("btn_extra_phone"))
    await chat.text("(+84) 912 345 678")
    [report] = fake_db.store.reports
    kinds = [e.kind for e in fake_db.store.events]
    assert kinds == ["created", "addition", "addition"]
    assert fake_db.store.events[1].details["text"].startswith("Ổ gà nằm ngay")
    assert [a.report_id for a in fake_db.store.attachments] == [report.id]
    assert report.contact_phone == "+84912345678"


async def test_buttons_mean_one_thing_once(chat: ChatDriver, fake_db: FakeDatabase) -> None:
    first = await chat.text(POTHOLE_WITH_PLACE)
    old_category = button_data(first, t("btn_card_category"))
    await chat.text("/huy")
    assert t("button_report_cancelled") in texts(await chat.press(old_category))
    card = await chat.text(LAMP_NO_PLACE)
    send = await chat.text("thôn Hạ xã Tân Dĩnh")
    send_data = button_data(send, t("btn_card_send"))
    saved = await chat.press(send_data)
    code = CODE_PATTERN.search(texts(saved))
    assert code and card
    again = await chat.press(send_data)
    assert code.group(0) in texts(again) and t("button_report_filed", code=code.group(0)) in texts(
        again
    )
    assert len(fake_db.store.reports) == 1


async def test_consent_withdrawal_tells_what_is_held_and_erasure_says_what_it_erased(
    chat: ChatDriver, fake_db: FakeDatabase
) -> None:
    await file_report(chat, POTHOLE_WITH_PLACE)
    await press_label(chat, t("btn_extra_phone"))
    await chat.text("0912 345 678")
    withdrawn = texts(await chat.press("consent:no"))
    [citizen] = fake_db.store.citizens
    [report] = fake_db.store.reports
    assert "không lưu thông tin nào" not in withdrawn
    assert citizen.display_name and citizen.display_name in withdrawn
    assert citizen.phone == "0912345678" and "0912345678" in withdrawn
    erased = texts(await press_label(chat, t("btn_erase")))
    assert "0912345678" in erased and "Nguyễn Văn An" in erased
    assert citizen.display_name is None and citizen.phone is None and citizen.chat_id == ""
    assert report.contact_phone is None and report.anonymous and report.chat_id == ""
    assert t("erase_nothing") in texts(await chat.text("/xoadulieu"))


async def test_update_ids_that_start_again_are_not_ignored(fake_db: FakeDatabase) -> None:
    now = [datetime(2026, 12, 1, 8, tzinfo=UTC)]
    dispatcher = Dispatcher(
        fake_db.as_database(),
        RecordingDelivery(),
        HandlerConfig(flood_max_messages=100),
        clock=FakeClock(),
        wall_clock=lambda: now[0],
    )
    chat = ChatDriver(dispatcher, chat_id="5009")
    assert await chat.text("/start", update_key="bot1:1")
    assert await chat.text("/start", update_key="bot1:1") == []  # a redelivery
    now[0] += timedelta(days=8)  # the platform starts its ids again
    assert await chat.text("/start", update_key="bot1:1")


async def test_a_conversation_stored_before_typed_drafts_continues(
    chat: ChatDriver, fake_db: FakeDatabase
) -> None:
    """A row written by the first version (a loose dict, old buttons) survives the upgrade."""
    conversation: Conversation = fake_db.store.conversations[0]
    conversation.state = "report_confirm"
    conversation.data = {
        "text": "Cống thoát nước trước chợ bị tắc, mưa là ngập",
        "suggested": "thoat_nuoc",
        "confidence": 0.91,
        "alternatives": ["moi_truong"],
        "urgency": "trung_binh",
        "category": "thoat_nuoc",
        "place": {"display": "chợ Vôi", "typed": "chợ Vôi"},
        "photos": [],
        "anonymous": True,
    }
    saved = texts(await chat.press("confirm:yes"))
    assert CODE_PATTERN.search(saved)
    [report] = fake_db.store.reports
    assert report.category == "thoat_nuoc" and report.place_text == "chợ Vôi"
    assert report.anonymous and report.category_confidence == 0.91


async def test_an_affirmative_before_an_instruction_is_the_instruction(
    chat: ChatDriver, fake_db: FakeDatabase
) -> None:
    await chat.text(POTHOLE_WITH_PLACE)
    saved = await chat.text("ừ gửi đi")  # typed instead of pressing «Gửi»
    [report] = fake_db.store.reports
    assert report.code in texts(saved)
    later = await chat.text("ok gửi nhé")  # said again after the code: the code, not a question
    assert report.code in texts(later)
    assert "i:report" not in " ".join(callbacks(later))
    assert len(fake_db.store.reports) == 1
