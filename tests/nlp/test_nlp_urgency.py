"""Urgency: danger lexicon (with reasons) combined with the model."""

from __future__ import annotations

import pytest

from nlp import fold, urgency


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
    assert urgency("biển tên đường ở ngã tư Hùng Vương bị mờ, khó đọc").level != "cao"


def test_traffic_lights_out_at_a_junction_are_cao() -> None:
    result = urgency("đèn tín hiệu ở ngã tư Hùng Vương bị hỏng")
    assert result.level == "cao"
    assert any("đèn tín hiệu" in r for r in result.reasons)


def test_amenity_request_is_thap() -> None:
    assert urgency("đề nghị lắp thêm ghế đá và bồn hoa ở công viên cho đẹp").level == "thap"


@pytest.mark.parametrize("text", ["", "   ", "🙂🙂🙂"])
def test_empty_input_is_default_level(text: str) -> None:
    assert urgency(text).level == "trung_binh"


def test_huge_input_does_not_raise() -> None:
    assert urgency("cầu sập " + "a" * 100_000).level == "cao"


@pytest.mark.parametrize(
    "text",
    [
        "đường thôn nhiều ổ gà, đi lại rất nguy hiểm",
        "o ga to giua duong, rat nguy hiem",
        "mặt đường bong tróc, ổ gà tiềm ẩn nguy cơ tai nạn",
        "ổ gà to giữa đường, mất an toàn giao thông",
        "duong lien xa o ga chi chit, di xe may rat nguy hiem",
    ],
)
def test_potholes_without_harm_are_not_cao(text: str) -> None:
    assert urgency(text).level != "cao"


def test_a_pothole_that_made_someone_fall_is_cao() -> None:
    result = urgency("ổ gà to giữa đường, tối qua có ông cụ đi xe đạp ngã gãy tay")
    assert result.level == "cao"
    assert result.reasons


@pytest.mark.parametrize(
    "text",
    [
        "cột đèn chiếu sáng nghiêng hẳn ra đường, sắp đổ",
        "trụ đèn đầu hẻm lung lay muốn sập",
        "lũ về, cả thôn mất sóng điện thoại không gọi được",
        "hố sâu không có rào chắn cạnh trường, trẻ con hay ra chơi",
        "đèn giao thông ngã tư chợ tắt hết, xe tải chạy ào ào",
    ],
)
def test_dangers_once_missed_are_cao(text: str) -> None:
    assert urgency(text).level == "cao"
    assert urgency(fold(text)).level == "cao"


def test_marks_tell_collapse_from_soon() -> None:
    assert urgency("cầu sập một nhịp, xe không qua được").level == "cao"
    assert urgency("nhà văn hóa sắp sửa xong nhưng sân còn bẩn").level != "cao"
    assert urgency("cầu sắp khánh thành mà đường dẫn còn ngổn ngang").level != "cao"


@pytest.mark.parametrize(
    "text",
    [
        "nước lên nhanh quá, nhà có ông cụ nằm liệt bị mắc kẹt trên gác",
        "tường sập, hai người bị kẹt dưới đống gạch",
        "ngập hết tầng một, bà cụ không thể thoát ra ngoài được",
    ],
)
def test_people_trapped_are_cao(text: str) -> None:
    assert urgency(text).level == "cao"
    assert urgency(fold(text)).level == "cao"


@pytest.mark.parametrize(
    "text",
    [
        "giờ tan tầm kẹt xe cả tiếng ở ngã tư",
        "cửa van cống đầu kênh bị kẹt, không mở được",
        "nước mưa tràn vào nhà dân, sáng nay đã rút",
    ],
)
def test_stuck_things_and_water_in_the_yard_are_not_cao(text: str) -> None:
    assert urgency(text).level != "cao"
