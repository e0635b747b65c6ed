"""How a reply reads on Zalo: plain text, numbered choices, typed requests, typed numbers."""

from __future__ import annotations

from bot.channels.zalo.render import choice_number, render, split_text
from domain.catalogue import t
from domain.messages import Button, KeyboardButton, QuizPoll, Reply


def test_menu_entries_and_buttons_share_one_numbering_and_requests_become_typed() -> None:
    reply = Reply(
        text="<b>Chọn</b> &amp; gửi",
        parse_mode="HTML",
        buttons=[[Button("Gửi", callback_data="confirm:yes")]],
        keyboard=[
            [KeyboardButton("📝 Gửi phản ánh")],
            [KeyboardButton("Vị trí", request_location=True)],
        ],
    )
    rendered = render(reply)
    assert rendered.text.startswith("Chọn & gửi\n\n1. Gửi\n2. 📝 Gửi phản ánh\n")
    assert t("zalo_type_location") in rendered.text
    assert rendered.choices == [{"data": "confirm:yes"}, {"text": "📝 Gửi phản ánh"}]
    asked = render(
        Reply(text="Số điện thoại?", keyboard=[[KeyboardButton("SĐT", request_contact=True)]])
    )
    assert t("zalo_type_phone") in asked.text and asked.forget_choices and not asked.choices


def test_a_quiz_poll_is_written_out_with_numbered_options() -> None:
    quiz = QuizPoll(question="Kết luận số mấy?", options=("72", "73"), correct_option=0)
    text = render(Reply(text="", quiz=quiz)).text
    assert text.startswith("Kết luận số mấy?\n\n1. 72\n2. 73\n")


def test_texts_without_sentence_ends_are_still_cut_under_the_limit() -> None:
    words = "đường " * 900
    pieces = split_text(words)
    assert all(0 < len(p) <= 2000 for p in pieces) and " ".join(pieces) == words.strip()
    assert split_text("x" * 4500) == ["x" * 2000, "x" * 2000, "x" * 500]


def test_typed_numbers() -> None:
    assert [choice_number(x) for x in ("2", " 2. ", "Số 3", "so 4", "#5", "2)")] == [
        2,
        2,
        3,
        4,
        5,
        2,
    ]
    assert [choice_number(x) for x in ("2 cái", "hai", "0912345678", "", None)] == [None] * 5
