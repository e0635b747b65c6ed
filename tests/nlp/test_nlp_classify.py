"""Category classification with the model saved in the repository."""

from __future__ import annotations

import pytest

from domain.taxonomy import CATEGORY_CODES
from nlp import analyze, classify, fold

CLEAR_CASES = [
    ("mất điện cả xóm từ sáng đến giờ", "dien"),
    ("nước máy có mùi tanh, màu vàng đục", "nuoc_sach"),
    ("sóng điện thoại yếu, không gọi được", "vien_thong"),
    ("trạm y tế xã thiếu thuốc, không có bác sĩ trực", "y_te"),
    ("rác thải chất đống bốc mùi hôi thối", "moi_truong"),
    ("xây dựng trái phép, lấn chiếm vỉa hè", "do_thi_xay_dung"),
    ("kênh mương nội đồng bị bồi lấp, không có nước tưới", "thuy_loi"),
    ("xin chào, cho hỏi thủ tục làm căn cước công dân", "khac"),
    ("ổ gà to giữa đường liên xã", "giao_thong"),
]

BOUNDARY_CASES = [  # the taxonomy's boundary rules
    ("nắp hố ga trên đường bị mất", "thoat_nuoc"),  # a manhole on a road
    ("đèn tín hiệu giao thông ở ngã tư bị hỏng", "giao_thong"),  # traffic lights
    ("bụi mù từ công trình xây dựng chung cư", "moi_truong"),  # construction dust
    ("dây điện võng thấp sát đầu người", "dien"),  # low wires
]


@pytest.mark.parametrize(("text", "expected"), CLEAR_CASES + BOUNDARY_CASES)
def test_category_as_written_and_folded(text: str, expected: str) -> None:
    assert classify(text).category == expected
    assert classify(fold(text)).category == expected


def test_chat_abbreviations_are_understood() -> None:
    assert classify("nha e mat dien tu sang ko ai dc bao j ca").category == "dien"


def test_confidence_and_alternatives_are_a_distribution() -> None:
    result = classify("đường bị ngập sau mưa")
    assert result.category in CATEGORY_CODES
    assert 0.0 < result.confidence <= 1.0
    probs = [p for _, p in result.alternatives]
    assert probs == sorted(probs, reverse=True)
    assert all(p <= result.confidence for p in probs)
    assert result.category not in {c for c, _ in result.alternatives}
    assert result.confidence + sum(probs) <= 1.0 + 1e-6


@pytest.mark.parametrize("text", ["", "   ", "🙂🙂🙂", "!!!"])
def test_empty_input_is_khac_with_no_confidence(text: str) -> None:
    result = classify(text)
    assert (result.category, result.confidence) == ("khac", 0.0)


def test_huge_input() -> None:
    result = classify("mất điện cả xóm. " * 6_000)  # about 100 KB
    assert result.category == "dien"


def test_analyze_combines_everything() -> None:
    result = analyze("day dien dut roi xuong duong o xa An Lac, nguy hiem lam")
    assert result.category.category == "dien"
    assert result.urgency.level == "cao"
    assert [p.code for p in result.places] == ["7654"]
    assert result.moderation.flagged is False
    assert result.normalized.startswith("day dien dut")
