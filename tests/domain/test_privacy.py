"""Phone numbers and e-mail addresses are masked in every common Vietnamese way of writing them."""

from __future__ import annotations

import pytest

from domain.privacy import contains_phone, mask_contacts, mask_phones

M = "[…]"

NUMBERS = [
    "0912345678",
    "0912 345 678",
    "0912.345.678",
    "0912-345-678",
    "091 234 5678",
    "(091) 234 5678",
    "(0912) 345 678",
    "+84912345678",
    "+84 912 345 678",
    "(+84) 912 345 678",
    "(+84)912345678",
    "84 912 345 678",
    "84912345678",
    "0084 912 345 678",
    "+84 (0) 912 345 678",
    "+84-912-345-678",
    "024 3825 1234",
    "(024) 3825 1234",
    "0204.3854.123",
    "01234 567 890",
    "0912\u00a0345\u00a0678",
]


@pytest.mark.parametrize("number", NUMBERS)
def test_every_common_format_is_masked_inside_a_sentence(number: str) -> None:
    text = f"Liên hệ anh Tú {number}, cảm ơn."
    assert mask_phones(text, M) == f"Liên hệ anh Tú {M}, cảm ơn."
    assert contains_phone(text)


@pytest.mark.parametrize("number", ["sđt0912345678", "ĐT:0912345678", "gọi số0912.345.678"])
def test_a_number_glued_to_a_word_is_masked(number: str) -> None:
    assert "345" not in mask_phones(number, M)


def test_two_numbers_in_a_row_are_both_masked_and_nothing_else() -> None:
    text = "Số 0912345678 0987 654 321 hoặc 1 người khác"
    assert mask_phones(text, M) == f"Số {M} {M} hoặc 1 người khác"


@pytest.mark.parametrize(
    "text",
    [
        "Ổ gà sâu 30 cm, dài 2.5 m, từ ngày 12.05.2024",
        "Đường 291 km 12+300, thôn 8",
        "Kinh phí 150.000.000 đồng",
        "Mã PA-BCGBXK7 lúc 08:30 ngày 01/12/2026",
        "Năm 2024 có 84 hộ dân, 912 người",
        "Cột điện số 0123",
    ],
)
def test_measures_dates_money_and_codes_are_left_alone(text: str) -> None:
    assert mask_phones(text, M) == text
    assert not contains_phone(text)


def test_contacts_mask_e_mail_addresses_too() -> None:
    text = "Gửi về tu.nguyen+pa@example.com.vn hoặc 0912 345 678"
    assert mask_contacts(text, M) == f"Gửi về {M} hoặc {M}"
