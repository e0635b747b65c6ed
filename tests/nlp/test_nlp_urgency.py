"""Urgency: danger lexicon (with reasons) combined with the model."""

from __future__ import annotations

import pytest

from nlp import urgency


@pytest.mark.parametrize(
    "text",
    [
        "dây điện đứt rơi xuống đường trước cổng trường",
        "day dien dut roi xuong duong truoc cong truong",
        "cầu treo bị gãy nhịp, người dân vẫn đi qua",
        "nắp cống mất, hôm qua có ông đi xe máy bị ngã",
        "nuoc ngap ngang nguc, nha co nguoi gia khong ra duoc",
        "đê bị vỡ một đoạn, nước tràn vào nhà dân",
        "sat lo taluy xuong duong tinh 291",
    ],
)
def test_dangerous_reports_are_cao_with_reasons(text: str) -> None:
    result = urgency(text)
    assert result.level == "cao"
    assert result.reasons, "staff must see why"


def test_reasons_quote_the_text_as_written() -> None:
    result = urgency("Dây điện đứt rơi xuống đường")
    assert result.level == "cao"
    assert any("đứt" in r for r in result.reasons)


def test_ordinary_report_is_trung_binh() -> None:
    result = urgency("mất điện cả xóm từ sáng đến giờ chưa có")
    assert result.level == "trung_binh"
    assert result.reasons == []


def test_junction_is_not_a_fall() -> None:
    assert urgency("đèn tín hiệu ở ngã tư Hùng Vương bị hỏng").level != "cao"


def test_amenity_request_is_thap() -> None:
    assert urgency("đề nghị lắp thêm ghế đá và bồn hoa ở công viên cho đẹp").level == "thap"


@pytest.mark.parametrize("text", ["", "   ", "🙂🙂🙂"])
def test_empty_input_is_default_level(text: str) -> None:
    assert urgency(text).level == "trung_binh"


def test_huge_input_does_not_raise() -> None:
    assert urgency("cầu sập " + "a" * 100_000).level == "cao"
