"""Places a citizen names: every unit by its old and new names, the issue's hard cases, pins."""

from __future__ import annotations

import pytest

from nlp import PlaceMatch, find_places, fold, nearest_unit
from nlp.gazetteer import gazetteer
from nlp.place_evaluation import evaluate, report, walk_gazetteer


def units(text: str) -> list[PlaceMatch]:
    return [m for m in find_places(text) if m.level in ("ward", "legacy_commune")]


def test_every_unit_is_found_by_its_old_and_new_names() -> None:
    found, tried, failures = walk_gazetteer()
    assert failures == []
    assert tried == found >= 2 * 99 + 2 * 300  # 99 wards, 400+ pre-2025 units, two spellings


def test_every_pre_2025_commune_of_both_provinces_is_in_the_gazetteer() -> None:
    old = [u for u in gazetteer().units if u.kind == "legacy_commune"]
    districts = {u.district for u in old}
    assert {"Huyện Lương Tài", "Thành phố Từ Sơn", "Huyện Hiệp Hòa", "Thị xã Chũ"} <= districts
    assert all(u.code for u in old)


@pytest.mark.parametrize(
    ("text", "current"),
    [
        ("xã Quang Minh huyện Hiệp Hòa đường hỏng", "Xã Hợp Thịnh"),
        ("xa quang minh huyen hiep hoa", "Xã Hợp Thịnh"),
        ("xã Quang Minh, Lương Tài ngập", "Xã Trung Chính"),
        ("ở thị trấn Neo cống tắc", "Phường Yên Dũng"),
        ("tt neo yen dung", "Phường Yên Dũng"),
        ("xã Tiên Hưng mất điện", "Xã Lục Nam"),
        ("xa vu xa luc nam", "Xã Cẩm Lý"),
        ("thị trấn Lim đèn tắt", "Xã Tiên Du"),
    ],
)
def test_old_units_and_the_named_district(text: str, current: str) -> None:
    found = units(text)
    assert found and not found[0].ambiguous
    assert found[0].current_name == current


def test_a_shared_name_without_district_is_ambiguous() -> None:
    found = units("ở xã Quang Minh có cột điện nghiêng")
    assert len(found) == 1 and found[0].ambiguous and found[0].code is None
    assert "Xã Quang Minh (Huyện Hiệp Hòa)" in found[0].candidates


@pytest.mark.parametrize(
    "text",
    [
        "Chợ Tân Tiến bốc mùi",
        "cho tan tien rac ngap",
        "trường THCS Nội Hoàng tường đổ",
        "Tỉnh Bắc Giang cần quan tâm",
        "Bắc Giang mưa to",
        "bac ninh mat dien",
        "mình dạo này hay mất điện",
        "minh dao nay hay mat dien",
    ],
)
def test_landmarks_and_the_province_are_not_wards(text: str) -> None:
    assert units(text) == []


def test_the_ward_itself_is_still_a_ward() -> None:
    assert [m.current_name for m in units("rác ở chợ Tân Tiến, phường Tân Tiến")] == [
        "Phường Tân Tiến"
    ]
    assert [m.name for m in units("phường Bắc Giang ngập")] == ["Phường Bắc Giang"]


def test_villages_typed_without_marks_get_the_known_marks() -> None:
    village = find_places("o thon tan lap xa tan dinh")[0]
    assert (village.level, village.name, village.current_name) == (
        "village",
        "Thôn Tân Lập",
        "Xã Tân Dĩnh",
    )
    assert find_places("thon Dong Lan")[0].name == "Thôn Dong Lan"  # unknown: as typed


@pytest.mark.parametrize(
    ("lat", "lon"),
    [
        (21.0285, 105.8542),  # Hà Nội
        (21.257, 105.848),  # Sóc Sơn
        (21.14, 105.85),  # Đông Anh
        (21.02, 105.95),  # Gia Lâm
        (20.98, 106.03),  # Văn Lâm, Hưng Yên
        (21.13, 106.39),  # Chí Linh, Hải Phòng
        (21.08, 106.52),  # Đông Triều, Quảng Ninh
        (21.5, 106.34),  # Hữu Lũng, Lạng Sơn
        (21.42, 105.87),  # Phổ Yên, Thái Nguyên
    ],
)
def test_pins_outside_the_province_are_outside(lat: float, lon: float) -> None:
    assert nearest_unit(lat, lon) is None


def test_pins_at_every_unit_are_inside() -> None:
    for ward in gazetteer().wards:
        unit = nearest_unit(ward.lat, ward.lon)
        assert unit is not None and unit.code == ward.code


def test_place_set_figures() -> None:
    scores = evaluate()
    assert scores.sentences >= 200
    assert scores.precision >= 0.95 and scores.recall >= 0.95
    assert "precision" in report() and "gazetteer walk" in report()


def test_sentences_with_and_without_marks_agree() -> None:
    for text in ("Xã Hoàng Lương, Hiệp Hòa mương khô", "Phường Hà Mãn Thuận Thành khói"):
        assert [m.code for m in units(text)] == [m.code for m in units(fold(text))]


def test_old_districts_of_both_provinces_name_their_current_wards() -> None:
    from nlp.areas import district_name, legacy_district_wards, ward_name

    wards = legacy_district_wards()
    assert {ward_name(c) for c in wards["Huyện Tiên Du"]} >= {"Xã Tiên Du", "Xã Liên Bão"}
    assert "Phường Yên Dũng" in {ward_name(c) for c in wards["Huyện Yên Dũng"]}  # thị trấn Neo
    assert wards["Thị xã Chũ"] <= wards["Huyện Lục Ngạn"]  # Chũ was part of Lục Ngạn
    assert district_name("huyen que vo") == "Thị xã Quế Võ"
