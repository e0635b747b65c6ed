"""Normalisation and folding."""

from __future__ import annotations

import unicodedata

from nlp import fold, normalize


def test_normalize_composes_nfd_input() -> None:
    decomposed = unicodedata.normalize("NFD", "Đường ngập")
    assert normalize(decomposed) == "Đường ngập"


def test_normalize_uses_one_tone_mark_style() -> None:
    assert normalize("Xã Phúc Hoà, nước thuỷ lợi, khoẻ") == "Xã Phúc Hòa, nước thủy lợi, khỏe"
    # "quý" and syllables with a final consonant keep their mark where it is
    assert normalize("quý khách, hoàng hôn") == "quý khách, hoàng hôn"


def test_normalize_expands_chat_abbreviations() -> None:
    assert normalize("dg ko đi đc, j cũng hỏng, k ai sửa") == (
        "đường không đi được, gì cũng hỏng, không ai sửa"
    )
    assert normalize("mất nc 3 hôm r") == "mất nước 3 hôm rồi"
    assert normalize("Ko AI sửa") == "Không AI sửa"


def test_dg_before_a_verb_means_dang() -> None:
    assert normalize("dg bị đào") == "đang bị đào"
    assert normalize("dg làng ngập") == "đường làng ngập"


def test_amounts_and_broken_are_not_taken_for_abbreviations() -> None:
    assert normalize("50 k một tháng") == "50 k một tháng"
    assert normalize("den duong hong") == "den duong hong"  # "hỏng" typed without accents


def test_normalize_strips_emoji_and_tidies_whitespace() -> None:
    assert normalize("  cống  tắc 😡😡\u200b\n\tquá!!!!  ") == "cống tắc quá!"
    assert normalize("ngậpppp") == "ngập"


def test_fold_removes_marks_and_d_bar() -> None:
    assert fold("Đường Đồng Tiến NGẬP sâu") == "duong dong tien ngap sau"
    assert fold("") == ""


def test_fold_is_insensitive_to_how_the_text_was_typed() -> None:
    accented = "Cột điện nghiêng, dây điện võng thấp"
    assert fold(normalize(accented)) == fold(normalize("cot dien nghieng, day dien vong thap"))


def test_empty_and_emoji_only() -> None:
    assert normalize("") == ""
    assert normalize("🙏🙏🙏") == ""


def test_huge_input_is_bounded() -> None:
    out = normalize("đường hỏng " * 10_000)
    assert 0 < len(out) <= 20_000
