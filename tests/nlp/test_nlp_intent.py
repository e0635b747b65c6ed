"""Intent of a citizen's free message: report, look-up, question, greeting or other."""

from __future__ import annotations

from pathlib import Path

import pytest

from nlp import Intent, IntentLabel, fold, intent
from nlp.intent_training import train_intent
from nlp.models import MODEL_DIR

REPORT, LOOKUP, QUESTION, GREETING, OTHER = (
    IntentLabel.REPORT,
    IntentLabel.LOOKUP,
    IntentLabel.QUESTION,
    IntentLabel.GREETING,
    IntentLabel.OTHER,
)

# what citizens wrote to the bot while it was idle, and what they meant
SEEN = [
    ("cảm ơn bạn nhiều nhé", GREETING),
    ("bao giờ thì sửa xong ạ?", LOOKUP),
    ("cho em hỏi chút", OTHER),
    ("tôi muốn tra cứu phản ánh", LOOKUP),
    ("alo alo có ai không", GREETING),
    ("mã của tôi là PA-J6T66MR nhé", LOOKUP),
    ("PA-J6T66MR", LOOKUP),
    ("phản ánh hôm qua sao rồi", LOOKUP),
    ("Kết luận 72 là gì?", QUESTION),
    ("ket luan 72 ban hanh ngay nao", QUESTION),
    ("tỉnh đặt mục tiêu gì đến 2030", QUESTION),
    ("chào bot", GREETING),
    ("ok", GREETING),
    ("hihi", GREETING),
    ("đường này bao giờ mới sửa vậy, ổ gà to quá", REPORT),
]


@pytest.mark.parametrize(("text", "label"), SEEN)
def test_seen_messages_get_their_intent(text: str, label: IntentLabel) -> None:
    result = intent(text)
    assert isinstance(result, Intent)
    assert result.label is label
    assert result.runner_up is not label
    assert 0.0 <= result.runner_up_confidence <= result.confidence <= 1.0


@pytest.mark.parametrize(("text", "label"), SEEN)
def test_stripped_diacritics_keep_the_intent(text: str, label: IntentLabel) -> None:
    assert intent(fold(text)).label is label


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("mã của tôi là PA-J6T66MR nhé", "PA-J6T66MR"),
        ("pa-j6t66mr", "PA-J6T66MR"),
        ("/tracuu j6t66mr", "PA-J6T66MR"),
        ("anh kiểm tra giùm em cái PA J6T66MR với, lâu quá chưa thấy gì", "PA-J6T66MR"),
        ("mã J6T66MR", "PA-J6T66MR"),
    ],
)
def test_a_code_anywhere_is_a_lookup(text: str, code: str) -> None:
    result = intent(text)
    assert result.label is LOOKUP
    assert result.tracking_code == code


def test_a_plate_number_in_a_report_is_not_a_code() -> None:
    result = intent("xe 98C1234 đỗ chắn cổng trường mà không ai nhắc")
    assert result.tracking_code is None
    assert result.label is REPORT


@pytest.mark.parametrize(
    "text",
    [
        "ổ gà giữa đường liên thôn, tối qua có xe máy ngã",  # giao_thong
        "cống thoát nước ngõ 7 tắc, mưa là ngập cả đoạn",  # thoat_nuoc
        "bãi rác ven sông bốc mùi hôi thối mấy tuần nay",  # moi_truong
        "mất điện từ sáng đến giờ cả thôn chưa có điện",  # dien
        "mương tưới bị vỡ bờ, nước không vào được ruộng",  # thuy_loi
        "nước máy có cặn vàng và mùi tanh, không dám nấu ăn",  # nuoc_sach
        "sóng điện thoại ở xóm yếu, gọi điện cứ bị ngắt",  # vien_thong
        "phòng học trường tiểu học bị dột, bàn ghế hỏng",  # giao_duc
        "trạm y tế xã xuống cấp, không có nước cho bệnh nhân",  # y_te
        "nhà văn hóa thôn hư hỏng, sân bóng ngập cỏ",  # van_hoa_the_thao
        "hàng quán lấn chiếm vỉa hè, người đi bộ phải xuống lòng đường",  # do_thi_xay_dung
        "chó thả rông trong khu dân cư cắn trẻ con",  # khac
        "sao cái đèn đường đầu ngõ hỏng cả tháng không ai sửa vậy",
    ],
)
def test_reports_of_every_category_are_reports(text: str) -> None:
    assert intent(text).label is REPORT
    assert intent(fold(text)).label is REPORT


@pytest.mark.parametrize("text", ["", "   ", "?", "....", "12345"])
def test_messages_without_words_are_other(text: str) -> None:
    assert intent(text).label is OTHER


def test_a_thumbs_up_is_an_acknowledgement() -> None:
    assert intent("👍").label is GREETING


def test_thanks_followed_by_a_problem_is_a_report() -> None:
    assert intent("cảm ơn bot, nhưng cống nhà em lại tắc rồi, nước tràn vào nhà").label is REPORT


def test_huge_input_does_not_raise() -> None:
    long_letter = "Đường làng thôn Hạ bị sụt lún nghiêm trọng, xe máy không đi được. " * 2_000
    assert intent(long_letter).label is REPORT


def test_model_file_is_retrained_byte_identically(tmp_path: Path) -> None:
    train_intent(tmp_path)
    for name in ("intent.npz", "intent.json"):
        assert (tmp_path / name).read_bytes() == (MODEL_DIR / name).read_bytes(), name


def test_without_a_model_the_rules_still_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    import nlp.intent_reader as intent_module

    monkeypatch.setattr(intent_module, "get_intent_model", lambda: None)
    assert intent("cảm ơn bạn nhé").label is GREETING
    assert intent("mã PA-J6T66MR").label is LOOKUP
    guess = intent("đường làng thôn Hạ bị ngập sâu cả tuần nay rồi")
    assert guess.label is REPORT and guess.confidence == 0.5
