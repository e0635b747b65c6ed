"""The citizen's conversation end to end on the in-memory fakes: no database, no network."""

from __future__ import annotations

import re

from domain.catalogue import category_label, t
from handlers.chat.dispatcher import Dispatcher
from storage.models import Conversation
from tests.handlers.chat_driver import ChatDriver, callbacks, texts
from tests.support.fake_delivery import RecordingDelivery
from tests.support.fake_uow import FakeDatabase

CODE_RE = re.compile(r"PA-[0-9A-Z]{7}")
POTHOLE = (
    "Đường trục xã đoạn qua thôn Hạ có ổ gà rất sâu, tối qua hai người đi xe máy "
    "bị ngã gãy tay, đề nghị xã sửa gấp"
)
JPEG = b"\xff\xd8\xff\xe0" + b"photo-bytes" * 50


async def file_report(chat: ChatDriver, *, anonymous: bool = False) -> str:
    """The whole flow with a typed place, one photo and a phone number; the tracking code."""
    await chat.text(POTHOLE)
    await chat.press("cat:giao_thong")
    await chat.text("thôn Hạ, xã Tân Dĩnh, huyện Lạng Giang")
    await chat.photo(JPEG)
    await chat.press("photo:done")
    if anonymous:
        await chat.press("anon:1")
    else:
        await chat.press("anon:0")
        await chat.text("0912 345 678")
    match = CODE_RE.search(texts(await chat.press("confirm:yes")))
    assert match
    return match.group(0)


async def test_a_report_is_filed_from_the_first_message_to_the_commit(
    chat: ChatDriver, fake_db: FakeDatabase, delivery: RecordingDelivery
) -> None:
    replies = await chat.text(POTHOLE)
    assert any(r.urgent for r in replies) and "cat:giao_thong" in callbacks(replies)
    conversation = fake_db.store.conversations[0]
    assert conversation.state == "report_category" and "ổ gà" in conversation.data["text"]
    replies = await chat.press("cat:giao_thong")
    assert t("category_chosen", label=category_label("giao_thong")) in texts(replies)
    await chat.text("thôn Hạ, xã Tân Dĩnh, huyện Lạng Giang")
    assert "1/3" in texts(await chat.photo(JPEG))
    await chat.press("photo:done")
    await chat.press("anon:0")
    summary = texts(await chat.text("0912 345 678"))
    assert "0912345678" in summary and "Tân Dĩnh" in summary
    saved = await chat.press("confirm:yes")
    code = CODE_RE.search(texts(saved))
    assert code and saved[0].urgent
    [report] = fake_db.store.reports
    assert report.code == code.group(0) and report.status == "moi"
    assert report.category == "giao_thong" and report.urgency == "cao"
    assert report.contact_phone == "0912345678" and not report.anonymous
    assert report.place_text == "thôn Hạ, xã Tân Dĩnh, huyện Lạng Giang"
    assert report.accept_due_at < report.resolve_due_at
    assert [a.report_id for a in fake_db.store.attachments] == [report.id]
    assert [e.kind for e in fake_db.store.events] == ["created"]
    assert conversation.state == "idle" and conversation.data == {}
    # Everything answered was delivered to the chat, in the order it was returned.
    assert delivery.to("5001") == chat.history


async def test_tracking_shows_personal_details_only_to_the_author(
    dispatcher: Dispatcher, chat: ChatDriver
) -> None:
    code = await file_report(chat)
    own = texts(await chat.text(f"/tracuu {code.lower()}"))
    assert "Mới gửi" in own and "ổ gà" in own
    other = ChatDriver(dispatcher, chat_id="5002")
    await other.text("/start")
    await other.press("consent:yes")
    await other.text(t("menu_track"))
    seen = texts(await other.text(code))
    assert "Mới gửi" in seen and "ổ gà" not in seen
    assert t("mine_empty") in texts(await other.text("/cuatoi"))
    assert code in texts(await chat.text(t("menu_mine")))
    assert "không đúng dạng" in texts(await chat.text("/tracuu 12345"))


async def test_nothing_is_stored_before_consent_and_erasure_anonymises(
    dispatcher: Dispatcher, fake_db: FakeDatabase
) -> None:
    stranger = ChatDriver(dispatcher, chat_id="5003")
    replies = await stranger.text("/start")
    assert callbacks(replies) == ["consent:yes", "consent:no"]
    assert t("consent_required") in texts(await stranger.text(POTHOLE))
    assert t("consent_declined") in texts(await stranger.press("consent:no"))
    store = fake_db.store
    assert store.citizens == [] and store.conversations == [] and store.consents == []
    await stranger.press("consent:yes")
    [citizen] = store.citizens
    assert citizen.consented_at is not None and len(store.consents) == 1
    await file_report(stranger)
    assert t("erase_done") in texts(await stranger.text("/xoadulieu"))
    [report] = store.reports
    assert citizen.phone is None and citizen.display_name is None and citizen.erased_at
    assert report.contact_phone is None and report.anonymous
    assert t("consent_required") in texts(await stranger.text("/phananh"))


async def test_cancel_and_stale_buttons(chat: ChatDriver, fake_db: FakeDatabase) -> None:
    await chat.text(POTHOLE)
    assert t("button_expired") in texts(await chat.press("place:ok"))  # not this step's button
    await chat.press("cat:giao_thong")
    assert t("button_expired") in texts(await chat.press("cat:dien"))  # an earlier question's
    assert t("flow_cancelled") in texts(await chat.press("flow:cancel"))
    assert t("nothing_to_cancel") in texts(await chat.text("/huy"))
    assert t("button_expired") in texts(await chat.press("confirm:yes"))
    assert fake_db.store.reports == [] and fake_db.store.conversations[0].state == "idle"
    assert "/abc" in texts(await chat.text("/abc"))


async def test_a_repeated_update_is_handled_and_delivered_once(
    chat: ChatDriver, fake_db: FakeDatabase, delivery: RecordingDelivery
) -> None:
    first = await chat.text(POTHOLE, update_key="tg-901")
    delivered = len(delivery.sent)
    assert first and await chat.text(POTHOLE, update_key="tg-901") == []
    assert len(delivery.sent) == delivered
    assert fake_db.store.conversations[0].data["text"].count("ổ gà") == 1


async def test_a_conversation_stored_before_typed_drafts_continues(
    chat: ChatDriver, fake_db: FakeDatabase
) -> None:
    """A row written by the previous version (a loose dict) survives the upgrade."""
    conversation: Conversation = fake_db.store.conversations[0]
    conversation.state = "report_confirm"
    conversation.data = {
        "text": "Cống thoát nước trước chợ bị tắc, mưa là ngập",
        "suggested": "thoat_nuoc",
        "confidence": 0.91,
        "alternatives": ["moi_truong"],
        "urgency": "trung_binh",
        "urgency_reasons": [],
        "flagged": [],
        "proposed_place": None,
        "category": "thoat_nuoc",
        "place": {
            "display": "chợ Vôi",
            "code": None,
            "name": None,
            "legacy": None,
            "lat": None,
            "lon": None,
            "typed": "chợ Vôi",
        },
        "photos": [],
        "anonymous": True,
        "phone": None,
    }
    saved = texts(await chat.press("confirm:yes"))
    assert CODE_RE.search(saved)
    [report] = fake_db.store.reports
    assert report.category == "thoat_nuoc" and report.place_text == "chợ Vôi"
    assert report.anonymous and report.category_confidence == 0.91
