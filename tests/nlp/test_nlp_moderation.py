"""Moderation of insults, advertising and meaningless text."""

from __future__ import annotations

import pytest

from nlp import moderate


@pytest.mark.parametrize(
    "text",
    [
        "đm bọn cán bộ xã",
        "dmm lam an kieu gi",
        "d.m đường nát",
        "vcl cái cống",
        "lãnh đạo ngu",
        "oc cho moi lam the",
        "Đ!t mẹ",
        "đồ l0n",
    ],
)
def test_insults_including_teencode_are_flagged(text: str) -> None:
    result = moderate(text)
    assert result.flagged and "xuc_pham" in result.reasons


@pytest.mark.parametrize(
    "text",
    [
        "con đường lớn trước chợ bị hỏng",  # "lớn" folds to an obscene word
        "các anh sửa giúp cái cống",  # so does "các"
        "buổi sáng mất điện",
        "ko ngu duoc vi on qua",  # "ngủ" (sleep) typed without accents
        "trẻ con đi học qua đoạn này",
    ],
)
def test_clean_reports_are_not_flagged(text: str) -> None:
    assert moderate(text).flagged is False


def test_link_spam_is_flagged() -> None:
    result = moderate("Khuyến mãi lớn, xem ngay https://sale-sieu-re.xyz/abc")
    assert result.flagged and "quang_cao" in result.reasons
    assert any("sale-sieu-re.xyz" in m for m in result.matches)


def test_phone_advertising_is_flagged() -> None:
    result = moderate("Vay tiền nhanh lãi suất thấp, liên hệ 0987.654.321")
    assert "quang_cao" in result.reasons


def test_government_link_is_not_spam() -> None:
    assert not moderate("xem thông báo https://bacninh.gov.vn/tin-tuc").flagged


@pytest.mark.parametrize("text", ["", "😀😀😀", "asdfghjkl", "qwe rty uio pzx"])
def test_meaningless_text_is_flagged(text: str) -> None:
    assert moderate(text).reasons == ["vo_nghia"]


def test_greeting_is_not_meaningless() -> None:
    assert not moderate("alo").flagged
