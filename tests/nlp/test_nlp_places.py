"""Gazetteer matching of current and pre-2025 units, villages and location pins."""

from __future__ import annotations

from nlp import PlaceMatch, find_places, nearest_unit


def only(text: str) -> PlaceMatch:
    matches = [m for m in find_places(text) if m.level != "village"]
    assert len(matches) == 1, matches
    return matches[0]


def test_current_commune_with_and_without_diacritics_and_prefix() -> None:
    for text in ("Đường ở xã An Lạc bị hỏng", "duong o xa an lac bi hong", "ở An Lạc có ổ gà"):
        match = only(text)
        assert (match.name, match.level, match.code) == ("Xã An Lạc", "ward", "7654")
        assert match.lat is not None and match.lon is not None
        assert not match.ambiguous


def test_matched_text_is_the_span_of_the_input() -> None:
    assert only("nuoc ngap o Phuong Da Mai roi").matched_text == "Phuong Da Mai"


def test_legacy_commune_maps_to_current_unit() -> None:
    match = only("dân xã Lệ Viễn phản ánh")
    assert match.level == "legacy_commune"
    assert match.code == "7654"  # absorbed into Xã An Lạc
    assert match.current_name == "Xã An Lạc"
    assert match.legacy_name == "Xã Lệ Viễn (Huyện Sơn Động)"


def test_pre_2025_bac_ninh_unit_is_known() -> None:
    match = only("ở thị trấn Lim")
    assert (match.level, match.current_name) == ("legacy_commune", "Xã Tiên Du")


def test_folded_phuong_son_is_ambiguous() -> None:
    match = only("nuoc ngap o phuong son")
    assert match.ambiguous
    assert match.code is None
    assert "Phường Phượng Sơn" in match.candidates
    assert any(c.startswith("Thị trấn Phương Sơn") for c in match.candidates)


def test_diacritics_resolve_phuong_son() -> None:
    assert only("ở phường Phượng Sơn").code == "7612"
    phuong = only("ở thị trấn Phương Sơn")
    assert (phuong.code, phuong.level) == ("7444", "legacy_commune")


def test_two_dong_tien_are_ambiguous_without_district() -> None:
    match = only("xã Đồng Tiến có ổ gà")
    assert match.ambiguous
    assert sorted(match.candidates) == [
        "Xã Đồng Tiến (Huyện Hiệp Hòa)",
        "Xã Đồng Tiến (Huyện Yên Thế)",
    ]


def test_district_context_resolves_dong_tien() -> None:
    matches = find_places("xa dong tien huyen yen the")
    assert [m.level for m in matches] == ["legacy_commune", "legacy_district"]
    assert matches[0].code == "7246" and matches[0].current_name == "Xã Xuân Lương"
    assert matches[1].name == "Huyện Yên Thế" and matches[1].code is None
    hiep_hoa = find_places("Xã Đồng Tiến, Hiệp Hòa")[0]
    assert hiep_hoa.current_name == "Xã Hoàng Vân"


def test_old_marker_prefers_the_legacy_unit() -> None:
    match = only("Phường Trần Phú cũ")
    assert match.level == "legacy_commune" and match.current_name == "Phường Bắc Giang"


def test_street_names_and_common_words_are_not_places() -> None:
    assert find_places("đường Trần Phú bị hỏng") == []
    assert find_places("nhà tôi mất đồng tiền") == []
    assert find_places("chờ mãi không thấy ai, hồ nước bẩn") == []


def test_ordinary_words_after_a_prefix_word_are_not_places() -> None:
    # "xa cho" is "far from the market", "du an duong" is "road project" (not Xã An Dương)
    assert find_places("nha toi o xa cho lam") == []
    assert [m.name for m in find_places("du an duong vanh dai 4 qua Viet Yen")] == [
        "Phường Việt Yên"
    ]
    assert only("thị trấn kép").name == "Thị trấn Kép"


def test_old_yen_dung_district() -> None:
    match = find_places("xa Tien Dung, huyen Yen Dung")[1]
    assert (match.level, match.name) == ("legacy_district", "Huyện Yên Dũng")


def test_village_names_are_names() -> None:
    assert find_places("sân bóng thôn tối quá") == []
    villages = [
        m.name
        for m in find_places("trú tại bản Rừng Phe. Bản chúng tôi nằm")
        if m.level == "village"
    ]
    assert villages == ["Bản Rừng Phe"]
    assert find_places("o xom 3 thon dong lan")[1].name == "Thôn Dong Lan"


def test_village_takes_the_unit_named_with_it() -> None:
    matches = find_places("Thôn Đông Lan, xã Phương Sơn, huyện Lục Nam")
    village = matches[0]
    assert (village.level, village.name) == ("village", "Thôn Đông Lan")
    assert village.code == "7444"
    assert matches[1].level == "legacy_commune" and not matches[1].ambiguous


def test_empty_and_huge_inputs() -> None:
    assert find_places("") == []
    assert find_places("🙂🙂") == []
    assert len(find_places("xã An Lạc " + "x" * 100_000)) == 1
    assert len(find_places("xã An Lạc, " * 10_000)) == 1  # each place once


def test_nearest_unit_for_a_pin() -> None:
    unit = nearest_unit(21.2849, 106.215)
    assert unit is not None and unit.code == "7210" and unit.name == "Phường Bắc Giang"
    near_an_lac = nearest_unit(21.33, 106.94)
    assert near_an_lac is not None and near_an_lac.code == "7654"


def test_nearest_unit_far_away_or_invalid() -> None:
    assert nearest_unit(10.78, 106.70) is None  # Hồ Chí Minh City
    assert nearest_unit(float("nan"), 106.2) is None
